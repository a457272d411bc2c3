/**
 * Amazon SQS over the protocol the current SDK speaks: awsJson1_0 (`X-Amz-Target: AmazonSQS.<Op>`,
 * `application/x-amz-json-1.0`) in AWS-query-compatible mode. Errors carry the Smithy shape in
 * `__type` and the legacy query code in the `x-amzn-query-error: <Code>;<Sender|Receiver>` header;
 * the SDK resolves the exception from the header (so `AWS.SimpleQueueService.NonExistentQueue`
 * surfaces as `QueueDoesNotExist` with `Error.Code` = the query code), as real SQS answers.
 *
 * Operations: CreateQueue, GetQueueUrl, SendMessage, ReceiveMessage (long polling), DeleteMessage,
 * ListQueues (MaxResults 1–1000 with NextToken; without MaxResults up to 1,000 URLs and no token),
 * GetQueueAttributes (named attributes or `All`) and SetQueueAttributes (mutable attributes only; an
 * empty Policy removes it; SSE-SQS and SSE-KMS exclusive, as AWS documents).
 * Queue URLs are `<endpoint>/<account>/<name>`; the SDK sends them in the body (and may route to
 * their host), so requests are accepted on any path. State per (account, region), plain JSON.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { jsonBody, jsonOperation } from '../protocols/json.ts';
import { paginate } from '../protocols/paging.ts';
import { SimError, type ServiceHandler, type SimRequest, type SimResponse } from '../types.ts';
import { serviceState, type World } from '../world.ts';

const CONTENT_TYPE = 'application/x-amz-json-1.0';
const OPERATIONS = new Set(['CreateQueue', 'GetQueueUrl', 'SendMessage', 'ReceiveMessage', 'DeleteMessage', 'ListQueues', 'GetQueueAttributes', 'SetQueueAttributes', 'DeleteQueue']);

export interface SqsTag {
  Key: string;
  Value: string;
}

export interface SqsMessageAttribute {
  DataType: string;
  StringValue?: string;
  /** Base64, as the JSON protocol carries blobs. */
  BinaryValue?: string;
}

export interface SqsMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  /** Message attributes as `[name, value]` pairs (names are free-form, so not object keys). */
  attributes: [string, SqsMessageAttribute][];
  md5OfMessageAttributes?: string;
  senderId: string;
  sentTimestamp: number;
  /** Epoch ms from which the message may be received (delay, then visibility timeout). */
  visibleAt: number;
  receiveCount: number;
  firstReceiveTimestamp?: number;
  /** The receipt handle of the latest receive; only it deletes the message. */
  receiptHandle?: string;
  messageGroupId?: string;
  messageDeduplicationId?: string;
  sequenceNumber?: string;
}

export interface SqsQueue {
  name: string;
  accountId: string;
  region: string;
  createdTimestamp: number;
  /** Epoch seconds of the last SetQueueAttributes (the creation time before any). */
  lastModifiedTimestamp?: number;
  /** Effective attributes (defaults filled in), as strings like the API returns them. */
  attributes: Record<string, string>;
  tags: SqsTag[];
  /** By message id, in send order. */
  messages: Record<string, SqsMessage>;
  /** FIFO deduplication ids seen in the last 5 minutes: `[id, messageId, sequenceNumber, at]`. */
  dedup: [string, string, string, number][];
  sequence: number;
}

export interface SqsState {
  /** By queue name; use `getQueue`/`putQueue` (a queue may be called `__proto__`). */
  queues: Record<string, SqsQueue>;
}

export function sqsState(world: World, accountId: string, region: string): SqsState {
  return serviceState<SqsState>(world, 'sqs', accountId, region, () => ({ queues: {} }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekSqsState(world: World, accountId: string, region: string): SqsState | undefined {
  return world.services['sqs']?.[accountId]?.[region] as SqsState | undefined;
}

export function getQueue(state: SqsState, name: string): SqsQueue | undefined {
  return Object.hasOwn(state.queues, name) ? state.queues[name] : undefined;
}

function putQueue(state: SqsState, q: SqsQueue): void {
  Object.defineProperty(state.queues, q.name, { value: q, enumerable: true, writable: true, configurable: true });
}

// ---------------------------------------------------------------------------------------------
// Errors

/** Query error codes → the Smithy error shapes the SDK knows (`awsQueryError` traits of @aws-sdk/client-sqs). */
const SHAPES: Record<string, string> = {
  'AWS.SimpleQueueService.NonExistentQueue': 'QueueDoesNotExist',
  QueueAlreadyExists: 'QueueNameExists',
  RequestThrottled: 'RequestThrottled',
  ReceiptHandleIsInvalid: 'ReceiptHandleIsInvalid',
  InvalidAttributeName: 'InvalidAttributeName',
  InvalidAttributeValue: 'InvalidAttributeValue',
  InvalidMessageContents: 'InvalidMessageContents',
  InvalidAddress: 'InvalidAddress',
  'AWS.SimpleQueueService.UnsupportedOperation': 'UnsupportedOperation',
};

const nonExistent = () => new SimError('AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.', 400);
const invalid = (message: string) => new SimError('InvalidParameterValue', message, 400);
const missing = (name: string) => new SimError('MissingParameter', `The request must contain the parameter ${name}.`, 400);

function renderError(err: SimError): SimResponse {
  const shape = SHAPES[err.code];
  return {
    status: err.status,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID(), 'x-amzn-query-error': `${err.code};${err.status >= 500 ? 'Receiver' : 'Sender'}` },
    body: JSON.stringify({ __type: shape ? `com.amazonaws.sqs#${shape}` : `com.amazonaws.sqs#${err.code}`, message: err.message }),
  };
}

// ---------------------------------------------------------------------------------------------
// Queues

interface AttributeRule {
  default?: string;
  check: (v: string) => boolean;
}

const int = (min: number, max: number) => (v: string) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max;
const bool = (v: string) => v === 'true' || v === 'false';
const json = (v: string) => {
  try {
    return typeof JSON.parse(v) === 'object';
  } catch {
    return false;
  }
};

const ATTRIBUTES: Record<string, AttributeRule> = {
  DelaySeconds: { default: '0', check: int(0, 900) },
  MaximumMessageSize: { default: '1048576', check: int(1024, 1048576) },
  MessageRetentionPeriod: { default: '345600', check: int(60, 1209600) },
  ReceiveMessageWaitTimeSeconds: { default: '0', check: int(0, 20) },
  VisibilityTimeout: { default: '30', check: int(0, 43200) },
  Policy: { check: json },
  RedrivePolicy: { check: json },
  RedriveAllowPolicy: { check: json },
  KmsMasterKeyId: { check: (v) => v.length > 0 },
  KmsDataKeyReusePeriodSeconds: { check: int(60, 86400) },
  SqsManagedSseEnabled: { check: bool },
  FifoQueue: { check: bool },
  ContentBasedDeduplication: { check: bool },
  DeduplicationScope: { check: (v) => v === 'messageGroup' || v === 'queue' },
  FifoThroughputLimit: { check: (v) => v === 'perQueue' || v === 'perMessageGroupId' },
};
const FIFO_ONLY = new Set(['ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);

function validateAttributes(name: string, given: Record<string, string>): Record<string, string> {
  const fifo = name.endsWith('.fifo');
  for (const [k, v] of Object.entries(given)) {
    const rule = Object.hasOwn(ATTRIBUTES, k) ? ATTRIBUTES[k] : undefined;
    if (!rule) throw new SimError('InvalidAttributeName', `Unknown Attribute ${k}.`, 400);
    if (typeof v !== 'string' || !rule.check(v)) throw new SimError('InvalidAttributeValue', `Invalid value for the parameter ${k}.`, 400);
    if (FIFO_ONLY.has(k) && !fifo) throw new SimError('InvalidAttributeName', `Unknown Attribute ${k}.`, 400);
  }
  if (fifo && given['FifoQueue'] !== 'true') throw invalid('The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.');
  if (!fifo && given['FifoQueue'] === 'true') throw invalid('The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.');
  if (!fifo && given['FifoQueue'] === 'false') throw new SimError('InvalidAttributeName', 'Unknown Attribute FifoQueue.', 400);
  return given;
}

function effectiveAttributes(name: string, given: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, rule] of Object.entries(ATTRIBUTES)) if (rule.default !== undefined) out[k] = rule.default;
  // New queues get SSE-SQS unless a KMS key is given (GetQueueAttributes then reports SqsManagedSseEnabled=false).
  out['SqsManagedSseEnabled'] = given['KmsMasterKeyId'] === undefined ? 'true' : 'false';
  if (name.endsWith('.fifo')) {
    out['FifoQueue'] = 'true';
    out['ContentBasedDeduplication'] = 'false';
    out['DeduplicationScope'] = 'queue';
    out['FifoThroughputLimit'] = 'perQueue';
  }
  return Object.assign(out, given);
}

/** SSE-SQS and SSE-KMS cannot both be on (the API reference: "You can use one type of server-side encryption (SSE) at one time"). */
function checkSse(attrs: Record<string, string>): void {
  if (attrs['SqsManagedSseEnabled'] === 'true' && attrs['KmsMasterKeyId']) {
    throw new SimError('InvalidAttributeValue', 'You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.', 400);
  }
}

/** Attributes AWS computes; GetQueueAttributes answers them, SetQueueAttributes refuses them. */
const SYSTEM_ATTRIBUTES = ['QueueArn', 'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed', 'CreatedTimestamp', 'LastModifiedTimestamp'];

/** GetQueueAttributes: the named attributes (or `All`); an unknown name is InvalidAttributeName, as AWS answers. */
export function queueAttributes(q: SqsQueue, names: readonly string[]): Record<string, string> {
  const now = Date.now();
  const msgs = Object.values(q.messages);
  const system: Record<string, string> = {
    QueueArn: queueArn(q),
    ApproximateNumberOfMessages: String(msgs.filter((m) => m.visibleAt <= now).length),
    ApproximateNumberOfMessagesNotVisible: String(msgs.filter((m) => m.visibleAt > now && m.receiveCount > 0).length),
    ApproximateNumberOfMessagesDelayed: String(msgs.filter((m) => m.visibleAt > now && m.receiveCount === 0).length),
    CreatedTimestamp: String(q.createdTimestamp),
    LastModifiedTimestamp: String(q.lastModifiedTimestamp ?? q.createdTimestamp),
  };
  const all = { ...q.attributes, ...system };
  const out: Record<string, string> = {};
  for (const n of names) {
    if (n === 'All') return all;
    if (!Object.hasOwn(ATTRIBUTES, n) && !SYSTEM_ATTRIBUTES.includes(n)) throw new SimError('InvalidAttributeName', `Unknown Attribute ${n}.`, 400);
    if (Object.hasOwn(all, n)) out[n] = all[n]!;
  }
  return out;
}

/**
 * SetQueueAttributes: only mutable attributes (FifoQueue is set at creation); an empty Policy,
 * RedrivePolicy or KmsMasterKeyId removes it, as the API reference describes.
 */
export function setQueueAttributes(q: SqsQueue, given: Record<string, string>): void {
  const next = { ...q.attributes };
  for (const [k, v] of Object.entries(given)) {
    if (k === 'FifoQueue' || SYSTEM_ATTRIBUTES.includes(k) || !Object.hasOwn(ATTRIBUTES, k)) throw new SimError('InvalidAttributeName', `Unknown Attribute ${k}.`, 400);
    if (FIFO_ONLY.has(k) && next['FifoQueue'] !== 'true') throw new SimError('InvalidAttributeName', `Unknown Attribute ${k}.`, 400);
    if (v === '' && (k === 'Policy' || k === 'RedrivePolicy' || k === 'RedriveAllowPolicy' || k === 'KmsMasterKeyId')) {
      delete next[k];
      continue;
    }
    if (typeof v !== 'string' || !ATTRIBUTES[k]!.check(v)) throw new SimError('InvalidAttributeValue', `Invalid value for the parameter ${k}.`, 400);
    next[k] = v;
  }
  // Turning SSE-SQS on alone over a KMS key is refused; choosing a KMS key turns SSE-SQS off.
  if (given['KmsMasterKeyId'] && given['SqsManagedSseEnabled'] === undefined) next['SqsManagedSseEnabled'] = 'false';
  checkSse(next);
  q.attributes = next;
  q.lastModifiedTimestamp = Math.floor(Date.now() / 1000);
}

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;

export interface CreateQueueOptions {
  name: string;
  attributes?: Record<string, string>;
  tags?: Record<string, string>;
}

/**
 * CreateQueue: idempotent when the named attributes match the existing queue's values;
 * `QueueAlreadyExists` (QueueNameExists) when any differs.
 */
export function createQueue(world: World, accountId: string, region: string, opts: CreateQueueOptions): SqsQueue {
  const { name } = opts;
  if (!name) throw missing('QueueName');
  if (!(name.endsWith('.fifo') ? FIFO_NAME : QUEUE_NAME).test(name)) throw invalid('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  const given = validateAttributes(name, opts.attributes ?? {});
  checkSse({ ...given });
  const state = sqsState(world, accountId, region);
  const existing = getQueue(state, name);
  if (existing) {
    for (const [k, v] of Object.entries(given)) {
      if (existing.attributes[k] !== v) throw new SimError('QueueAlreadyExists', `A queue already exists with the same name and a different value for attribute ${k}`, 400);
    }
    return existing;
  }
  const tags = Object.entries(opts.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  if (tags.length > 50) throw invalid('Too many tags added for queue. The maximum is 50.');
  const q: SqsQueue = {
    name,
    accountId,
    region,
    createdTimestamp: Math.floor(Date.now() / 1000),
    attributes: effectiveAttributes(name, given),
    tags,
    messages: {},
    dedup: [],
    sequence: 0,
  };
  putQueue(state, q);
  return q;
}

export function queueArn(q: SqsQueue): string {
  return `arn:aws:sqs:${q.region}:${q.accountId}:${q.name}`;
}

function queueUrl(req: SimRequest, q: SqsQueue): string {
  return `http://${req.host || 'localhost'}/${q.accountId}/${q.name}`;
}

/** The queue a QueueUrl names (`…/<account>/<name>`), enforcing that only its account (or a queue policy) lets the caller in. */
function resolveQueue(world: World, req: SimRequest, url: unknown): SqsQueue {
  if (typeof url !== 'string' || url === '') throw missing('QueueUrl');
  let path = url;
  if (/^[a-z]+:\/\//i.test(url)) {
    try {
      path = new URL(url).pathname;
    } catch {
      throw new SimError('InvalidAddress', `The address ${url} is not valid for this endpoint.`, 404);
    }
  }
  const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  const account = parts[parts.length - 2];
  const name = parts[parts.length - 1];
  if (parts.length < 2 || !account || !/^\d{12}$/.test(account) || !name) throw new SimError('InvalidAddress', `The address ${url} is not valid for this endpoint.`, 404);
  const q = getQueue(sqsState(world, account, req.region), name);
  if (!q) throw nonExistent();
  checkAccess(req, q);
  return q;
}

/** Cross-account access needs a queue policy naming the caller's account (or everyone). */
function checkAccess(req: SimRequest, q: SqsQueue): void {
  if (q.accountId === req.accountId) return;
  const policy = q.attributes['Policy'] ?? '';
  const allowed = policy.includes(req.accountId) || /"Principal"\s*:\s*("\*"|\{\s*"AWS"\s*:\s*"\*"\s*\})/.test(policy);
  if (!allowed) throw new SimError('AccessDenied', `User: ${req.principalArn} is not authorized to perform: sqs:* on resource: ${queueArn(q)}`, 403);
}

// ---------------------------------------------------------------------------------------------
// Messages

function md5(data: string | Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/** MD5 of message attributes as SQS computes it: sorted by name, each field length-prefixed (big-endian u32). */
export function md5OfMessageAttributes(attrs: readonly [string, SqsMessageAttribute][]): string {
  const chunks: Buffer[] = [];
  const field = (b: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    chunks.push(len, b);
  };
  for (const [name, v] of [...attrs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    field(Buffer.from(name, 'utf8'));
    field(Buffer.from(v.DataType, 'utf8'));
    if (v.DataType.startsWith('Binary')) {
      chunks.push(Buffer.from([2]));
      field(Buffer.from(v.BinaryValue ?? '', 'base64'));
    } else {
      chunks.push(Buffer.from([1]));
      field(Buffer.from(v.StringValue ?? '', 'utf8'));
    }
  }
  return md5(Buffer.concat(chunks));
}

const VALID_CHARS = /^[\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

function parseMessageAttributes(raw: unknown): [string, SqsMessageAttribute][] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalid('The message attributes are not valid.');
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > 10) throw invalid(`Number of message attributes [${entries.length}] exceeds the allowed maximum [10].`);
  return entries.map(([name, value]) => {
    if (!/^[A-Za-z0-9_.-]{1,256}$/.test(name) || name.startsWith('.') || name.endsWith('.') || name.includes('..') || /^(aws\.|amazon\.)/i.test(name)) {
      throw invalid(`Message (user) attribute name '${name}' is invalid.`);
    }
    const v = (value ?? {}) as Record<string, unknown>;
    const dataType = typeof v['DataType'] === 'string' ? v['DataType'] : '';
    if (!/^(String|Number|Binary)(\..+)?$/.test(dataType)) throw invalid(`The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
    const attr: SqsMessageAttribute = { DataType: dataType };
    if (dataType.startsWith('Binary')) {
      if (typeof v['BinaryValue'] !== 'string') throw invalid(`The message attribute '${name}' with type 'Binary' must use field 'Binary'.`);
      attr.BinaryValue = v['BinaryValue'];
    } else {
      if (typeof v['StringValue'] !== 'string' || v['StringValue'] === '') throw invalid(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`);
      if (dataType.startsWith('Number') && !Number.isFinite(Number(v['StringValue']))) throw invalid(`Can't cast the value of message (user) attribute '${name}' to a number.`);
      attr.StringValue = v['StringValue'];
    }
    return [name, attr];
  });
}

function optionalInt(v: unknown, name: string, min: number, max: number, reason: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw invalid(`Value ${String(v)} for parameter ${name} is invalid. Reason: ${reason}`);
  return v;
}

export interface SendResult {
  messageId: string;
  md5OfMessageBody: string;
  md5OfMessageAttributes?: string;
  sequenceNumber?: string;
}

export function sendMessage(world: World, q: SqsQueue, input: { body: unknown; delaySeconds?: unknown; attributes?: unknown; groupId?: unknown; deduplicationId?: unknown; senderId: string }): SendResult {
  const body = input.body;
  if (body === undefined || body === null) throw missing('MessageBody');
  if (typeof body !== 'string' || body.length === 0) throw invalid('One or more parameters are invalid. Reason: Message must be at least one character.');
  if (!VALID_CHARS.test(body)) throw new SimError('InvalidMessageContents', 'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF', 400);
  const attributes = parseMessageAttributes(input.attributes);
  const max = Number(q.attributes['MaximumMessageSize']);
  let size = Buffer.byteLength(body);
  for (const [n, a] of attributes) size += Buffer.byteLength(n) + Buffer.byteLength(a.DataType) + (a.StringValue !== undefined ? Buffer.byteLength(a.StringValue) : Buffer.from(a.BinaryValue ?? '', 'base64').length);
  if (size > max) throw invalid(`One or more parameters are invalid. Reason: Message must be shorter than ${max} bytes.`);
  const fifo = q.attributes['FifoQueue'] === 'true';
  const delay = optionalInt(input.delaySeconds, 'DelaySeconds', 0, 900, 'must be between 0 and 900, if provided.');
  if (fifo && delay !== undefined && delay > 0) throw invalid(`Value ${delay} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.`);
  const now = Date.now();
  const msg: SqsMessage = {
    messageId: randomUUID(),
    body,
    md5OfBody: md5(body),
    attributes,
    senderId: input.senderId,
    sentTimestamp: now,
    visibleAt: now + (delay ?? Number(q.attributes['DelaySeconds'])) * 1000,
    receiveCount: 0,
  };
  if (attributes.length) msg.md5OfMessageAttributes = md5OfMessageAttributes(attributes);
  if (fifo) {
    if (typeof input.groupId !== 'string' || input.groupId === '') throw missing('MessageGroupId');
    let dedupId = typeof input.deduplicationId === 'string' && input.deduplicationId !== '' ? input.deduplicationId : undefined;
    if (!dedupId) {
      if (q.attributes['ContentBasedDeduplication'] !== 'true') throw invalid('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
      dedupId = createHash('sha256').update(body).digest('hex');
    }
    q.dedup = q.dedup.filter((d) => now - d[3] < 5 * 60 * 1000);
    const dup = q.dedup.find((d) => d[0] === dedupId);
    if (dup) return { messageId: dup[1], md5OfMessageBody: msg.md5OfBody, md5OfMessageAttributes: msg.md5OfMessageAttributes, sequenceNumber: dup[2] };
    msg.messageGroupId = input.groupId;
    msg.messageDeduplicationId = dedupId;
    msg.sequenceNumber = String(18_000_000_000_000_000_000n + BigInt(++q.sequence));
    q.dedup.push([dedupId, msg.messageId, msg.sequenceNumber, now]);
  }
  q.messages[msg.messageId] = msg;
  wake(world, q);
  return { messageId: msg.messageId, md5OfMessageBody: msg.md5OfBody, md5OfMessageAttributes: msg.md5OfMessageAttributes, sequenceNumber: msg.sequenceNumber };
}

/** Take up to `max` visible messages, hiding them for `visibility` seconds. FIFO: one in-flight batch per message group. */
function take(q: SqsQueue, max: number, visibility: number): SqsMessage[] {
  const now = Date.now();
  const retention = Number(q.attributes['MessageRetentionPeriod']) * 1000;
  const fifo = q.attributes['FifoQueue'] === 'true';
  const blocked = new Set<string>();
  if (fifo) for (const m of Object.values(q.messages)) if (m.receiveCount > 0 && m.visibleAt > now && m.messageGroupId) blocked.add(m.messageGroupId);
  const out: SqsMessage[] = [];
  for (const m of Object.values(q.messages)) {
    if (now - m.sentTimestamp >= retention) {
      delete q.messages[m.messageId];
      continue;
    }
    if (out.length >= max) continue;
    if (m.visibleAt > now) {
      if (fifo && m.messageGroupId) blocked.add(m.messageGroupId);
      continue;
    }
    if (fifo && m.messageGroupId && blocked.has(m.messageGroupId) && !out.some((o) => o.messageGroupId === m.messageGroupId)) continue;
    m.visibleAt = now + visibility * 1000;
    m.receiveCount++;
    m.firstReceiveTimestamp ??= now;
    m.receiptHandle = encodeReceipt(q, m);
    out.push(m);
  }
  return out;
}

/** When the next message becomes visible (for a long poll to wake up), if any. */
function nextVisible(q: SqsQueue): number | undefined {
  let next: number | undefined;
  for (const m of Object.values(q.messages)) if (next === undefined || m.visibleAt < next) next = m.visibleAt;
  return next;
}

function encodeReceipt(q: SqsQueue, m: SqsMessage): string {
  return Buffer.from(JSON.stringify({ a: q.accountId, r: q.region, q: q.name, m: m.messageId, n: randomBytes(12).toString('hex') })).toString('base64url');
}

function decodeReceipt(handle: string): { a: string; r: string; q: string; m: string } | undefined {
  try {
    const v = JSON.parse(Buffer.from(handle, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof v['a'] === 'string' && typeof v['r'] === 'string' && typeof v['q'] === 'string' && typeof v['m'] === 'string' && typeof v['n'] === 'string') return { a: v['a'], r: v['r'], q: v['q'], m: v['m'] };
  } catch {
    // fall through
  }
  return undefined;
}

/**
 * DeleteMessage: the latest receipt handle of a message deletes it. An older handle of a message
 * that was received again succeeds without deleting (the API reference: "the request succeeds,
 * but the message will not be deleted"); a handle of a message already deleted succeeds too; a
 * handle that is not one of this queue's is `ReceiptHandleIsInvalid`.
 */
export function deleteMessage(q: SqsQueue, handle: unknown): void {
  if (typeof handle !== 'string' || handle === '') throw missing('ReceiptHandle');
  const r = decodeReceipt(handle);
  if (!r || r.a !== q.accountId || r.r !== q.region || r.q !== q.name) throw new SimError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`, 404);
  const m = q.messages[r.m];
  if (m && m.receiptHandle === handle) delete q.messages[r.m];
}

// ---------------------------------------------------------------------------------------------
// Long polling: waiters per queue, woken by SendMessage; timers are unref'd and bounded by 20 s.

const waiters = new WeakMap<World, Map<string, Set<() => void>>>();

function queueKey(q: SqsQueue): string {
  return `${q.accountId}/${q.region}/${q.name}`;
}

function wake(world: World, q: SqsQueue): void {
  const set = waiters.get(world)?.get(queueKey(q));
  if (!set) return;
  for (const w of [...set]) w();
}

function waitFor(world: World, q: SqsQueue, ms: number): Promise<void> {
  let byQueue = waiters.get(world);
  if (!byQueue) waiters.set(world, (byQueue = new Map()));
  const key = queueKey(q);
  let set = byQueue.get(key);
  if (!set) byQueue.set(key, (set = new Set()));
  const waiting = set;
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      waiting.delete(done);
      if (waiting.size === 0) byQueue.delete(key);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    timer.unref();
    waiting.add(done);
  });
}

async function receiveMessage(world: World, req: SimRequest, body: Record<string, unknown>): Promise<SimResponse> {
  let q = resolveQueue(world, req, body['QueueUrl']);
  const max = optionalInt(body['MaxNumberOfMessages'], 'MaxNumberOfMessages', 1, 10, 'Must be between 1 and 10, if provided.') ?? 1;
  const visibility = optionalInt(body['VisibilityTimeout'], 'VisibilityTimeout', 0, 43200, 'Must be >= 0 and <= 43200, if provided.') ?? Number(q.attributes['VisibilityTimeout']);
  const wait = optionalInt(body['WaitTimeSeconds'], 'WaitTimeSeconds', 0, 20, 'Must be >= 0 and <= 20, if provided.') ?? Number(q.attributes['ReceiveMessageWaitTimeSeconds']);
  const deadline = Date.now() + wait * 1000;
  let got = take(q, max, visibility);
  while (got.length === 0 && Date.now() < deadline) {
    const next = nextVisible(q);
    const now = Date.now();
    await waitFor(world, q, Math.min(deadline - now, next !== undefined && next > now ? next - now : deadline - now));
    const again = getQueue(sqsState(world, q.accountId, q.region), q.name);
    if (!again) throw nonExistent();
    q = again;
    got = take(q, max, visibility);
  }
  if (got.length === 0) return ok({});
  const systemNames = new Set([...stringList(body['AttributeNames']), ...stringList(body['MessageSystemAttributeNames'])]);
  const all = systemNames.has('All');
  const userNames = stringList(body['MessageAttributeNames']);
  const wantsAttr = (name: string) => userNames.some((n) => n === 'All' || n === '.*' || n === name || (n.endsWith('.*') && name.startsWith(n.slice(0, -1))));
  const messages = got.map((m) => {
    const out: Record<string, unknown> = { MessageId: m.messageId, ReceiptHandle: m.receiptHandle, MD5OfBody: m.md5OfBody, Body: m.body };
    const sys: Record<string, string> = {};
    const put = (k: string, v: string | undefined) => {
      if (v !== undefined && (all || systemNames.has(k))) sys[k] = v;
    };
    put('SenderId', m.senderId);
    put('SentTimestamp', String(m.sentTimestamp));
    put('ApproximateReceiveCount', String(m.receiveCount));
    put('ApproximateFirstReceiveTimestamp', m.firstReceiveTimestamp !== undefined ? String(m.firstReceiveTimestamp) : undefined);
    put('MessageGroupId', m.messageGroupId);
    put('MessageDeduplicationId', m.messageDeduplicationId);
    put('SequenceNumber', m.sequenceNumber);
    if (Object.keys(sys).length) out['Attributes'] = sys;
    if (m.attributes.length) {
      out['MD5OfMessageAttributes'] = m.md5OfMessageAttributes;
      const picked = m.attributes.filter(([n]) => wantsAttr(n));
      if (picked.length) out['MessageAttributes'] = Object.fromEntries(picked);
    }
    return out;
  });
  return ok({ Messages: messages });
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function ok(value: unknown): SimResponse {
  return { status: 200, headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID() }, body: JSON.stringify(value) };
}

function stringMap(v: unknown, what: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw invalid(`${what} must be a map of strings.`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x !== 'string') throw invalid(`${what} must be a map of strings.`);
    Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export const sqs: ServiceHandler = {
  name: 'sqs',
  operation(req) {
    const op = jsonOperation(req);
    if (!OPERATIONS.has(op)) throw new SimError('UnknownOperationException', `Unknown operation ${op}`, 400);
    return op;
  },
  async handle(req, operation, { world }) {
    const body = jsonBody(req);
    switch (operation) {
      case 'CreateQueue': {
        const name = body['QueueName'];
        if (typeof name !== 'string' || name === '') throw missing('QueueName');
        const q = createQueue(world, req.accountId, req.region, { name, attributes: stringMap(body['Attributes'], 'Attributes'), tags: stringMap(body['tags'], 'tags') });
        return ok({ QueueUrl: queueUrl(req, q) });
      }
      case 'GetQueueUrl': {
        const name = body['QueueName'];
        if (typeof name !== 'string' || name === '') throw missing('QueueName');
        const owner = typeof body['QueueOwnerAWSAccountId'] === 'string' ? body['QueueOwnerAWSAccountId'] : req.accountId;
        const q = getQueue(sqsState(world, owner, req.region), name);
        if (!q) throw nonExistent();
        checkAccess(req, q);
        return ok({ QueueUrl: queueUrl(req, q) });
      }
      case 'SendMessage': {
        const q = resolveQueue(world, req, body['QueueUrl']);
        const r = sendMessage(world, q, {
          body: body['MessageBody'],
          delaySeconds: body['DelaySeconds'],
          attributes: body['MessageAttributes'],
          groupId: body['MessageGroupId'],
          deduplicationId: body['MessageDeduplicationId'],
          senderId: req.accessKeyId,
        });
        return ok({ MD5OfMessageBody: r.md5OfMessageBody, MD5OfMessageAttributes: r.md5OfMessageAttributes, MessageId: r.messageId, SequenceNumber: r.sequenceNumber });
      }
      case 'ReceiveMessage':
        return receiveMessage(world, req, body);
      case 'ListQueues': {
        const prefix = typeof body['QueueNamePrefix'] === 'string' ? body['QueueNamePrefix'] : '';
        const queues = Object.values(peekSqsState(world, req.accountId, req.region)?.queues ?? {}).filter((q) => q.name.startsWith(prefix)).sort((a, b) => (a.name < b.name ? -1 : 1));
        const max = body['MaxResults'];
        // Without MaxResults AWS answers at most 1,000 URLs and no NextToken.
        if (max === undefined && body['NextToken'] === undefined) return ok(queues.length ? { QueueUrls: queues.slice(0, 1000).map((q) => queueUrl(req, q)) } : {});
        if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 1000)) throw invalid(`Value ${String(max)} for parameter MaxResults is invalid. Reason: must be between 1 and 1000.`);
        const { page, nextToken } = paginate(queues, max as number | undefined, body['NextToken'] as string | undefined, { min: 1, max: 1000, default: 1000, invalidCode: 'InvalidParameterValue', tokenCode: 'InvalidParameterValue' });
        return ok({ ...(page.length ? { QueueUrls: page.map((q) => queueUrl(req, q)) } : {}), ...(nextToken ? { NextToken: nextToken } : {}) });
      }
      case 'GetQueueAttributes': {
        const q = resolveQueue(world, req, body['QueueUrl']);
        const names = stringList(body['AttributeNames']);
        const attrs = queueAttributes(q, names);
        return ok(Object.keys(attrs).length ? { Attributes: attrs } : {});
      }
      case 'SetQueueAttributes': {
        const q = resolveQueue(world, req, body['QueueUrl']);
        const given = stringMap(body['Attributes'], 'Attributes');
        if (Object.keys(given).length === 0) throw missing('Attributes');
        setQueueAttributes(q, given);
        return ok({});
      }
      case 'DeleteMessage': {
        const q = resolveQueue(world, req, body['QueueUrl']);
        deleteMessage(q, body['ReceiptHandle']);
        return ok({});
      }
      case 'DeleteQueue': {
        const q = resolveQueue(world, req, body['QueueUrl']);
        delete sqsState(world, q.accountId, q.region).queues[q.name];
        wake(world, q);
        return ok({});
      }
      default:
        throw new SimError('UnknownOperationException', `Unknown operation ${operation}`, 400);
    }
  },
  error: (err) => renderError(err),
  throttlingError: () => new SimError('RequestThrottled', 'Rate exceeded', 403),
  accessDeniedError: (op, req) => new SimError('AccessDenied', `User: ${req.principalArn} is not authorized to perform: sqs:${op} on resource: arn:aws:sqs:${req.region}:${req.accountId}:*`, 403),
};
