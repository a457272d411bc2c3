/**
 * Delivery into SQS by an AWS service (EventBridge): the queue policy must allow the service
 * principal to sqs:SendMessage on the queue, with its conditions on aws:SourceArn / aws:SourceAccount
 * met (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions).
 * An explicit Deny wins. Without such a policy EventBridge's delivery fails, even in the queue's account.
 */
import type { World } from '../world.ts';
import { getQueue, queueArn, sendMessage, sqsState } from './sqs.ts';

export interface ServiceSource {
  /** The rule's ARN (aws:SourceArn). */
  sourceArn: string;
  /** The rule's account (aws:SourceAccount). */
  sourceAccount: string;
  /** The service principal (default events.amazonaws.com). */
  service?: string;
}

type Statement = Record<string, unknown>;

const glob = (pattern: string) => new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
const list = (v: unknown): unknown[] => (v === undefined ? [] : ([] as unknown[]).concat(v));

function conditionsMet(cond: unknown, ctx: Record<string, string>): boolean {
  if (cond === undefined) return true;
  if (typeof cond !== 'object' || cond === null) return false;
  for (const [op, byKey] of Object.entries(cond as Record<string, Record<string, unknown>>)) {
    for (const [key, expected] of Object.entries(byKey ?? {})) {
      const actual = ctx[key.toLowerCase()];
      const values = list(expected).map(String);
      let ok: boolean;
      switch (op) {
        case 'ArnEquals':
        case 'StringEquals':
          ok = actual !== undefined && values.includes(actual);
          break;
        case 'ArnLike':
        case 'StringLike':
          ok = actual !== undefined && values.some((v) => glob(v).test(actual));
          break;
        default:
          // A condition operator the endpoint does not evaluate never grants access.
          ok = false;
      }
      if (!ok) return false;
    }
  }
  return true;
}

function applies(s: Statement, service: string, arn: string, ctx: Record<string, string>): boolean {
  const p = s['Principal'];
  const principalOk = p === '*' || list((p as Record<string, unknown> | undefined)?.['Service']).includes(service) || list((p as Record<string, unknown> | undefined)?.['AWS']).includes('*');
  if (!principalOk) return false;
  if (!list(s['Action']).some((a) => typeof a === 'string' && glob(a.toLowerCase()).test('sqs:sendmessage'))) return false;
  if (!list(s['Resource']).some((r) => typeof r === 'string' && glob(r).test(arn))) return false;
  return conditionsMet(s['Condition'], ctx);
}

/** Send a service's message to a queue; returns why it was refused, or undefined when delivered. */
export function deliverToQueue(world: World, queue: { accountId: string; region: string; name: string }, body: string, source: ServiceSource): string | undefined {
  const q = getQueue(sqsState(world, queue.accountId, queue.region), queue.name);
  if (!q) return `queue ${queue.name} does not exist in ${queue.accountId} ${queue.region}`;
  const arn = queueArn(q);
  const service = source.service ?? 'events.amazonaws.com';
  let policy: { Statement?: unknown } | undefined;
  try {
    policy = q.attributes['Policy'] ? (JSON.parse(q.attributes['Policy']) as { Statement?: unknown }) : undefined;
  } catch {
    policy = undefined;
  }
  const statements = list(policy?.Statement).filter((s): s is Statement => typeof s === 'object' && s !== null);
  const ctx = { 'aws:sourcearn': source.sourceArn, 'aws:sourceaccount': source.sourceAccount };
  if (statements.some((s) => s['Effect'] === 'Deny' && applies(s, service, arn, ctx))) return `the queue policy of ${arn} denies ${service}`;
  if (!statements.some((s) => s['Effect'] === 'Allow' && applies(s, service, arn, ctx))) return `the queue policy of ${arn} does not allow ${service} to sqs:SendMessage from ${source.sourceArn}`;
  try {
    sendMessage(world, q, { body, senderId: 'AIDAIT2UOQQY3AUEKVGXU' });
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return undefined;
}
