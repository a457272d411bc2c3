/**
 * What `mamori watch` reads from its queue: EventBridge events carrying a CloudTrail record ("AWS API Call via
 * CloudTrail"), matched against the writes resource types declare (`changes` in their descriptors).
 * https://docs.aws.amazon.com/eventbridge/latest/ref/events-structure.html
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
import type { ResourceChange, ResourceDescriptor } from '../resources/define.ts';

/** One CloudTrail-recorded write, as the watch loop needs it. */
export interface ChangeEvent {
  /** CloudTrail's `eventID` (EventBridge's `id` when absent): the same write delivered twice has the same one. */
  eventId: string;
  /** `<eventSource>:<eventName>`, e.g. `ec2.amazonaws.com:AuthorizeSecurityGroupIngress`. */
  event: string;
  eventName: string;
  /** When the API call was made (CloudTrail's `eventTime`), in ms. */
  time: number;
  /** The account the resource is in (`recipientAccountId`, else the envelope's `account`). */
  account: string;
  region: string;
  /** Who made the call (`userIdentity.arn`), when recorded. */
  actor?: string;
  /** CloudTrail's `errorCode`: the call failed and changed nothing. */
  errorCode?: string;
  detail: Record<string, unknown>;
}

/** Why a message is not an event the loop can use: it is logged and removed from the queue (it would never parse). */
export class MalformedEvent extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedEvent';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length ? v : undefined);

/** Parse an SQS message body holding an EventBridge event of a CloudTrail record. */
export function parseChangeEvent(body: string): ChangeEvent {
  let env: unknown;
  try {
    env = JSON.parse(body);
  } catch (e) {
    throw new MalformedEvent(`not JSON (${(e as Error).message})`);
  }
  if (!isObject(env)) throw new MalformedEvent('not a JSON object');
  const detail = env['detail'];
  if (!isObject(detail)) throw new MalformedEvent('no "detail" object: not an EventBridge event');
  const source = str(detail['eventSource']);
  const eventName = str(detail['eventName']);
  if (!source || !eventName) throw new MalformedEvent('detail has no eventSource/eventName: not a CloudTrail record');
  const eventId = str(detail['eventID']) ?? str(env['id']);
  if (!eventId) throw new MalformedEvent('neither detail.eventID nor id: the event cannot be told from a duplicate');
  const account = str(detail['recipientAccountId']) ?? str(env['account']);
  const region = str(detail['awsRegion']) ?? str(env['region']);
  if (!account || !/^\d{12}$/.test(account)) throw new MalformedEvent(`no 12-digit account (detail.recipientAccountId or account): ${JSON.stringify(account ?? null)}`);
  if (!region) throw new MalformedEvent('no region (detail.awsRegion or region)');
  const timeText = str(detail['eventTime']) ?? str(env['time']);
  const time = timeText ? Date.parse(timeText) : NaN;
  if (!Number.isFinite(time)) throw new MalformedEvent(`no valid eventTime: ${JSON.stringify(timeText ?? null)}`);
  const identity = isObject(detail['userIdentity']) ? detail['userIdentity'] : {};
  const actor = str(identity['arn']);
  const errorCode = str(detail['errorCode']);
  return { eventId, event: `${source}:${eventName}`, eventName, time, account, region, ...(actor ? { actor } : {}), ...(errorCode ? { errorCode } : {}), detail };
}

/**
 * The value at a dotted path of the CloudTrail record, when it is a non-empty string; a numeric part indexes a list
 * (`responseElements.loadBalancers.0.loadBalancerArn`). A template of paths in braces builds a composite identifier
 * (`{requestParameters.restApiId}/{requestParameters.stageName}`), undefined when any of them is missing.
 */
export function valueAt(detail: Record<string, unknown>, path: string): string | undefined {
  if (path.includes('{')) {
    let missing = false;
    const text = path.replace(/\{([^{}]+)\}/g, (_, p: string) => valueAt(detail, p) ?? ((missing = true), ''));
    return missing ? undefined : text;
  }
  let v: unknown = detail;
  for (const part of path.split('.')) {
    if (Array.isArray(v) && /^\d+$/.test(part)) v = v[Number(part)];
    else if (isObject(v)) v = v[part];
    else return undefined;
  }
  return typeof v === 'string' && v.length ? v : typeof v === 'number' ? String(v) : undefined;
}

export interface TypeChange {
  type: string;
  change: ResourceChange;
}

/** `<eventSource>:<eventName>` → the types whose resources it changes, for the given types only. */
export function changeIndex(descriptors: Iterable<ResourceDescriptor>, types: ReadonlySet<string>): Map<string, TypeChange[]> {
  const index = new Map<string, TypeChange[]>();
  for (const d of descriptors) {
    if (!types.has(d.type)) continue;
    for (const change of d.changes ?? []) index.set(change.event, [...(index.get(change.event) ?? []), { type: d.type, change }]);
  }
  return index;
}

/** The role session mamori's AssumeRole uses (src/aws/accounts.ts): `arn:aws:sts::<account>:assumed-role/<role>/mamori`. */
export const OWN_SESSION_NAME = 'mamori';

/** Whether a call was made by mamori's own role session in a member account. */
export function isOwnSession(actor: string | undefined, roleName: string): boolean {
  return !!actor && new RegExp(`^arn:aws[\\w-]*:sts::\\d{12}:assumed-role/${roleName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/${OWN_SESSION_NAME}$`).test(actor);
}
