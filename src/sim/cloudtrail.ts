/**
 * CloudTrail management events for the local endpoint: every successful write a client makes
 * (not reads, not data events) becomes an "AWS API Call via CloudTrail" event on the default event
 * bus of the caller's account and region, as AWS delivers CloudTrail records to EventBridge
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html).
 *
 * The record follows CloudTrail's fields (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html):
 * EC2 requests and responses are recorded with their lower-camel wire names, lists as `{ items: […] }`
 * and `return` as `_return`, as CloudTrail records EC2; other services generically: the request's
 * members with a lower-case first letter, the response's likewise (S3: the bucket name, no response).
 * REST-JSON services (EFS, OpenSearch, MSK, Amazon MQ, …) are read through their model, so members bound
 * to the URI path (`/file-systems/{FileSystemId}/backup-policy`) are recorded as CloudTrail records them,
 * among the request parameters (`fileSystemId`).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { loadModel, resolve, type CompactModel } from './models/index.ts';
import { parseRequest, requestOperation } from './models/parse.ts';
import { putEvent, type BridgeEvent } from './services/eventbridge/delivery.ts';
import { peekRules } from './services/eventbridge/rules.ts';
import type { SimRequest, SimResponse } from './types.ts';
import type { World } from './world.ts';

const READ = /^(Describe|List|Get|BatchGet|Head|Search|Lookup|Select)[A-Z]/;

/**
 * Writes that CloudTrail records as data events (or as read-only), which EventBridge does not
 * receive as "AWS API Call via CloudTrail" management writes.
 */
const NOT_MANAGEMENT_WRITES = new Set([
  'sqs:SendMessage', 'sqs:SendMessageBatch', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:DeleteMessageBatch', 'sqs:ChangeMessageVisibility',
  'events:PutEvents', 'sts:AssumeRole', 'sts:GetCallerIdentity', 's3:PutObject', 's3:DeleteObject', 's3:DeleteObjects',
]);

/** Whether CloudTrail records this call as a management write (readOnly false). */
export function isManagementWrite(service: string, operation: string): boolean {
  return !READ.test(operation) && !NOT_MANAGEMENT_WRITES.has(`${service}:${operation}`);
}

export interface ApiCall {
  /** The endpoint's handler name (`ec2`, `s3control`, `eventbridge`, …). */
  handler: string;
  operation: string;
  req: SimRequest;
  res: SimResponse;
}

/** The CloudTrail `userIdentity` of a caller (an IAM user, or an assumed role's session). */
export function userIdentity(req: SimRequest): Record<string, unknown> {
  const role = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(req.principalArn);
  const principalId = `AIDA${req.accountId.slice(-8)}EXAMPLE`;
  if (role) {
    const [, account, roleName, session] = role as unknown as [string, string, string, string];
    const roleId = `AROA${account.slice(-8)}EXAMPLE`;
    return {
      type: 'AssumedRole',
      principalId: `${roleId}:${session}`,
      arn: req.principalArn,
      accountId: account,
      accessKeyId: req.accessKeyId,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: roleId, arn: `arn:aws:iam::${account}:role/${roleName}`, accountId: account, userName: roleName },
        attributes: { creationDate: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), mfaAuthenticated: 'false' },
      },
    };
  }
  const user = /:user\/(.+)$/.exec(req.principalArn)?.[1];
  return { type: 'IAMUser', principalId, arn: req.principalArn, accountId: req.accountId, accessKeyId: req.accessKeyId, ...(user ? { userName: user } : {}) };
}

const lowerFirst = (k: string) => (k ? k[0]!.toLowerCase() + k.slice(1) : k);

type Tree = { [k: string]: Tree | string };

/** Query-protocol parameters (`A.1.B=x`) as a tree; numeric segments are list indexes. */
function queryTree(params: URLSearchParams): Tree {
  const root: Tree = {};
  for (const [key, value] of params) {
    if (key === 'Action' || key === 'Version') continue;
    const parts = key.split('.');
    let node = root;
    parts.forEach((p, i) => {
      if (i === parts.length - 1) node[p] = value;
      else node = (node[p] = typeof node[p] === 'object' ? node[p] : {}) as Tree;
    });
  }
  return root;
}

const isIndexed = (t: Tree) => Object.keys(t).length > 0 && Object.keys(t).every((k) => /^\d+$/.test(k));

function scalar(key: string, v: string): unknown {
  if (v === 'true' || v === 'false') return v === 'true';
  // Ports, counts and sizes are numbers in CloudTrail; identifiers stay strings.
  if (/^-?\d+$/.test(v) && !/(Id|Ids|Name|Arn|Identifier|Value|Values)$/i.test(key)) return Number(v);
  return v;
}

/** EC2: lower-camel names, lists as `{ items: [...] }`. */
function ec2Shape(t: Tree | string, key = ''): unknown {
  if (typeof t === 'string') return scalar(key, t);
  if (isIndexed(t)) return { items: Object.keys(t).sort((a, b) => Number(a) - Number(b)).map((k) => ec2Shape(t[k]!, key)) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t)) out[lowerFirst(k)] = ec2Shape(v, k);
  return out;
}

/**
 * The EC2 operations CloudTrail records wrapped (`{"CreateFlowLogsRequest": {"ResourceId": {"content": "vpc-…", "tag": 1}}}`,
 * `{"CreateLaunchTemplateVersionResponse": {"launchTemplateVersion": …}}`): the newer APIs, unlike the classic ones.
 */
const EC2_WRAPPED = new Set([
  'ModifySecurityGroupRules', 'CreateFlowLogs', 'DeleteFlowLogs', 'CreateLaunchTemplate', 'CreateLaunchTemplateVersion', 'ModifyLaunchTemplate',
  'ModifyInstanceMetadataOptions', 'AssociateIamInstanceProfile', 'EnableEbsEncryptionByDefault', 'DisableEbsEncryptionByDefault',
  'ModifyVpcBlockPublicAccessOptions', 'CreateClientVpnEndpoint', 'ModifyClientVpnEndpoint', 'CreateTransitGateway', 'ModifyTransitGateway',
  'ModifyVpnTunnelOptions', 'CreateVpcEndpoint',
]);

/** A wrapped EC2 request: names as sent; a list of values as `{content, tag}` items (one item alone), as CloudTrail writes them. */
function wrappedShape(t: Tree | string): unknown {
  if (typeof t === 'string') return t;
  if (isIndexed(t)) {
    const keys = Object.keys(t).sort((a, b) => Number(a) - Number(b));
    const items = keys.map((k) => (typeof t[k] === 'string' ? { content: t[k], tag: Number(k) } : wrappedShape(t[k]!)));
    return items.length === 1 ? items[0] : items;
  }
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, wrappedShape(v)]));
}

/** Other query services: lower-first names, `member.N` lists as arrays. */
function queryShape(t: Tree | string, key = ''): unknown {
  if (typeof t === 'string') return scalar(key, t);
  const keys = Object.keys(t);
  // A list's wire form wraps its items in the member name (`ValuesToAdd.AttributeValue.1`, `.member.1`): unwrap.
  if (keys.length === 1 && typeof t[keys[0]!] === 'object' && isIndexed(t[keys[0]!] as Tree)) return queryShape(t[keys[0]!]!, key);
  if (isIndexed(t)) return keys.sort((a, b) => Number(a) - Number(b)).map((k) => queryShape(t[k]!, key));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t)) out[lowerFirst(k)] = queryShape(v, k);
  return out;
}

function lowerKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(lowerKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [lowerFirst(k), lowerKeys(x)]));
}

const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => name === 'item' || name === 'member' });

function xmlShape(v: unknown, ec2: boolean): unknown {
  if (typeof v === 'string') return v === 'true' || v === 'false' ? v === 'true' : /^-?\d+$/.test(v) && v.length < 10 ? Number(v) : v;
  if (Array.isArray(v)) return v.map((x) => xmlShape(x, ec2));
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === 'item') return ec2 ? { items: xmlShape(o['item'], ec2) } : xmlShape(o['item'], ec2);
  if (keys.length === 1 && keys[0] === 'member') return xmlShape(o['member'], ec2);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k === 'return' ? '_return' : lowerFirst(k)] = xmlShape(x, ec2);
  return out;
}

function formParams(req: SimRequest): URLSearchParams {
  const params = new URLSearchParams(req.query);
  if ((req.headers['content-type'] ?? '').includes('x-www-form-urlencoded')) for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) params.append(k, v);
  return params;
}

function bodyText(res: SimResponse): string {
  return res.body === undefined ? '' : typeof res.body === 'string' ? res.body : res.body.toString('utf8');
}

let restModels: Map<string, CompactModel[]> | undefined;

/**
 * The REST model (rest-json, rest-xml; not S3, recorded below) serving a call, found by its signing name and route:
 * API Gateway's v1 and v2 share the signing name `apigateway`.
 */
function restModel(call: ApiCall): CompactModel | undefined {
  if (call.req.signingService === 's3') return undefined;
  if (!restModels) {
    restModels = new Map();
    const dir = join(import.meta.dirname, 'models');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const m = loadModel(file.slice(0, -'.json'.length));
      if (!m.metadata.protocol.startsWith('rest-') || m.metadata.signingName === 's3') continue;
      restModels.set(m.metadata.signingName, [...(restModels.get(m.metadata.signingName) ?? []), m]);
    }
  }
  return restModels.get(call.req.signingService)?.find((m) => {
    try {
      return requestOperation(m, call.req) === call.operation;
    } catch {
      return false;
    }
  });
}

/** A parsed input or output as CloudTrail writes it: lower-first names, timestamps as ISO text, blobs left out. */
function recordedValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return undefined;
  if (Array.isArray(v)) return v.map(recordedValue);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [lowerFirst(k), recordedValue(x)]));
}

/**
 * REST services: CloudTrail records every request member wherever the protocol puts it — path labels (Lambda's
 * `functionName`, API Gateway's `restApiId`, CloudFront's `id`), query string, headers and body — and the response's
 * members (a payload under its member name: CloudFront's `distribution`).
 */
function restParameters(model: CompactModel, call: ApiCall): { requestParameters: unknown; responseElements: unknown } {
  const requestParameters = recordedValue(parseRequest(model, call.req).input);
  const text = bodyText(call.res);
  let responseElements: unknown = null;
  try {
    if (model.metadata.protocol === 'rest-json') responseElements = text.trim() ? lowerKeys(JSON.parse(text)) : null;
    else if (text.trim()) {
      const doc = xml.parse(text) as Record<string, unknown>;
      const rootName = Object.keys(doc).find((k) => typeof doc[k] === 'object' && doc[k] !== null);
      const op = model.operations[call.operation];
      const payload = op?.output ? resolve(model, op.output).payload : undefined;
      if (rootName) responseElements = payload ? { [lowerFirst(payload)]: xmlShape(doc[rootName], false) } : xmlShape(doc[rootName], false);
    }
  } catch {
    responseElements = null;
  }
  const empty = responseElements === null || (typeof responseElements === 'object' && Object.keys(responseElements).length === 0);
  return { requestParameters, responseElements: empty ? null : responseElements };
}

/**
 * Operations CloudTrail names otherwise than the API: S3 records its older names
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html), and S3 Control's
 * account-level Block Public Access as PutAccountPublicAccessBlock/DeleteAccountPublicAccessBlock.
 */
const EVENT_NAMES: Record<string, string> = {
  's3:PutPublicAccessBlock': 'PutBucketPublicAccessBlock',
  's3:DeletePublicAccessBlock': 'DeleteBucketPublicAccessBlock',
  's3:PutBucketLifecycleConfiguration': 'PutBucketLifecycle',
  's3:PutBucketNotificationConfiguration': 'PutBucketNotification',
  's3control:PutPublicAccessBlock': 'PutAccountPublicAccessBlock',
  's3control:DeletePublicAccessBlock': 'DeleteAccountPublicAccessBlock',
};

/** The CloudTrail `eventName` of a call. */
export function eventNameOf(call: Pick<ApiCall, 'handler' | 'operation' | 'req'>): string {
  return EVENT_NAMES[`${call.handler}:${call.operation}`] ?? CLOUDTRAIL_EVENT_NAMES[`${call.req.signingService}:${call.operation}`] ?? call.operation;
}

/** requestParameters and responseElements as CloudTrail records them. */
export function recordedParameters(call: ApiCall): { requestParameters: unknown; responseElements: unknown } {
  const { req, res } = call;
  const contentType = res.headers?.['content-type'] ?? '';
  if (req.signingService === 'ec2') {
    const tree = queryTree(formParams(req));
    // Newer EC2 APIs are recorded under their request and response shapes' names, the request with the wire names as sent.
    const wrapped = EC2_WRAPPED.has(call.operation);
    const requestParameters = wrapped ? { [`${call.operation}Request`]: wrappedShape(tree) } : ec2Shape(tree);
    let responseElements: unknown = null;
    try {
      const doc = xml.parse(bodyText(res)) as Record<string, unknown>;
      const root = Object.values(doc).find((x) => typeof x === 'object' && x !== null);
      responseElements = root ? xmlShape(root, true) : null;
      if (wrapped && responseElements) responseElements = { [`${call.operation}Response`]: responseElements };
    } catch {
      responseElements = null;
    }
    return { requestParameters, responseElements };
  }
  const rest = restModel(call);
  if (rest) return restParameters(rest, call);
  const reqType = req.headers['content-type'] ?? '';
  if (reqType.includes('json')) {
    let body: unknown = {};
    try {
      body = req.body.length ? JSON.parse(req.body.toString('utf8')) : {};
    } catch {
      body = {};
    }
    let out: unknown = null;
    try {
      out = contentType.includes('json') && bodyText(res) ? JSON.parse(bodyText(res)) : null;
    } catch {
      out = null;
    }
    return { requestParameters: lowerKeys(body), responseElements: out && typeof out === 'object' && Object.keys(out).length ? lowerKeys(out) : null };
  }
  if (reqType.includes('x-www-form-urlencoded')) {
    let responseElements: unknown = null;
    try {
      const doc = xml.parse(bodyText(res)) as Record<string, Record<string, unknown>>;
      const root = Object.values(doc).find((x) => typeof x === 'object' && x !== null);
      const result = root ? Object.entries(root).find(([k]) => k.endsWith('Result'))?.[1] : undefined;
      responseElements = result && typeof result === 'object' ? xmlShape(result, false) : null;
    } catch {
      responseElements = null;
    }
    return { requestParameters: queryShape(queryTree(formParams(req))), responseElements };
  }
  // REST services: S3 records the bucket and the query's sub-resource, and no response elements.
  const segments = req.path.split('/').filter(Boolean).map(decodeURIComponent);
  const params: Record<string, unknown> = { Host: req.host };
  if (req.signingService === 's3' && segments[0] && !req.path.startsWith('/v20180820/')) params['bucketName'] = segments[0];
  for (const [k, v] of req.query) if (!k.startsWith('X-Amz-') && k !== 'x-id') params[k] = v;
  return { requestParameters: params, responseElements: null };
}

/**
 * CloudTrail's `eventName` where it is not the operation: Lambda records its writes with the API version
 * (`CreateFunction20150331`, `UpdateFunctionConfiguration20150331v2`),
 * https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html
 */
export const CLOUDTRAIL_EVENT_NAMES: Readonly<Record<string, string>> = {
  'lambda:CreateFunction': 'CreateFunction20150331',
  'lambda:DeleteFunction': 'DeleteFunction20150331',
  'lambda:PublishVersion': 'PublishVersion20150331',
  'lambda:UpdateFunctionConfiguration': 'UpdateFunctionConfiguration20150331v2',
  'lambda:UpdateFunctionCode': 'UpdateFunctionCode20150331v2',
  'lambda:AddPermission': 'AddPermission20150331v2',
  'lambda:RemovePermission': 'RemovePermission20150331v2',
  'lambda:TagResource': 'TagResource20170331v2',
  'lambda:UntagResource': 'UntagResource20170331v2',
};

/**
 * Global services: CloudTrail records their calls in us-east-1 whatever Region the client signed for, and EventBridge
 * receives them there (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events).
 */
const GLOBAL_SERVICES = new Set(['iam', 'cloudfront', 'route53', 'waf', 'organizations']);

/** The Region CloudTrail records a call in. */
export function recordedRegion(req: Pick<SimRequest, 'signingService' | 'region'>): string {
  return GLOBAL_SERVICES.has(req.signingService) ? 'us-east-1' : req.region;
}

/** The CloudTrail record (the EventBridge event's `detail`) of a successful write. */
export function cloudTrailRecord(call: ApiCall, now = new Date()): Record<string, unknown> {
  const { req } = call;
  const eventSource = `${req.signingService}.amazonaws.com`;
  const { requestParameters, responseElements } = recordedParameters(call);
  const requestId = call.res.headers?.['x-amzn-requestid'] ?? call.res.headers?.['x-amz-request-id'] ?? randomUUID();
  return {
    eventVersion: '1.09',
    userIdentity: userIdentity(req),
    eventTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource,
    eventName: eventNameOf(call),
    awsRegion: recordedRegion(req),
    sourceIPAddress: '127.0.0.1',
    userAgent: req.headers['user-agent'] ?? '',
    requestParameters,
    responseElements,
    requestID: requestId,
    eventID: randomUUID(),
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: req.accountId,
    eventCategory: 'Management',
  };
}

/** After a successful write: put its CloudTrail event on the caller's default bus (delivery is asynchronous). */
export function recordApiCall(world: World, call: ApiCall): void {
  if (call.res.status >= 300 || !isManagementWrite(call.req.signingService, call.operation)) return;
  // Nothing listens on this bus: skip building the record (writes stay as fast as before).
  const region = recordedRegion(call.req);
  if (!peekRules(world, call.req.accountId, region).some((r) => r.busName === 'default')) return;
  let detail: Record<string, unknown>;
  try {
    detail = cloudTrailRecord(call);
  } catch {
    // A request the recorder cannot read must never fail the call it records; CloudTrail would record
    // it regardless, so record it without parameters.
    detail = { ...cloudTrailRecord({ ...call, req: { ...call.req, body: Buffer.alloc(0), path: '/', query: new URLSearchParams() }, res: { status: call.res.status } }) };
  }
  const event: BridgeEvent = {
    version: '0',
    id: randomUUID(),
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${call.req.signingService}`,
    account: call.req.accountId,
    time: detail['eventTime'] as string,
    region,
    resources: [],
    detail,
  };
  putEvent(world, call.req.accountId, region, 'default', event);
}
