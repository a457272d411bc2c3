import { SimError } from '../../types.ts';

/**
 * Bucket policy checks: the validation PutBucketPolicy applies (`MalformedPolicy`) and the
 * "is this policy public" evaluation that GetBucketPolicyStatus and Block Public Access use.
 *
 * AWS rule ("The meaning of public", S3 Block Public Access): a policy is public unless every Allow
 * statement grants only to fixed values of a principal or of one of a fixed set of condition keys
 * (no wildcard, no policy variable). `aws:SourceIp` ranges broader than /8 (IPv4) or /32 (IPv6)
 * count as public. Deny statements never make a policy public.
 */

const MAX_POLICY_BYTES = 20 * 1024;

/** Condition keys whose fixed values make a `*`-principal statement non-public (lower-cased). */
const RESTRICTING_KEYS = new Set([
  'aws:sourceip',
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  'aws:userid',
  'aws:principalorgid',
  'aws:principalaccount',
  'aws:principalarn',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
]);

/** Operators that restrict a key to the listed values (negations and `...IfExists` do not). */
const STRING_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike']);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Statement = Record<string, Json>;

function list(v: Json | undefined): Json[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function isObject(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function malformed(message: string): SimError {
  return new SimError('MalformedPolicy', message, 400);
}

function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?') || s.includes('${');
}

/** Parse a policy document the way PutBucketPolicy does, or throw `MalformedPolicy`. */
export function parsePolicy(text: string): { Statement: Statement[]; Version?: string } {
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES) throw malformed('Policies must be less than 20 KB');
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch {
    throw malformed("Policies must be valid JSON and the first byte must be '{'");
  }
  if (!isObject(doc) || !text.trimStart().startsWith('{')) throw malformed("Policies must be valid JSON and the first byte must be '{'");
  const version = doc['Version'];
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') throw malformed('Invalid policy version');
  if (doc['Statement'] === undefined) throw malformed('Missing required field Statement');
  const statements = list(doc['Statement']);
  if (statements.length === 0 || !statements.every(isObject)) throw malformed('Missing required field Statement');
  return { Statement: statements as Statement[], ...(typeof version === 'string' ? { Version: version } : {}) };
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((s) => s.split('?').map((t) => t.replace(/[.+^${}()|[\]\\]/g, '\\$&')).join('.')).join('.*')}$`);
}

/** Validate a bucket policy for `bucket`: the checks PutBucketPolicy makes before storing it. */
export function validateBucketPolicy(bucket: string, text: string): void {
  const { Statement } = parsePolicy(text);
  for (const st of Statement) {
    const effect = st['Effect'];
    if (effect === undefined) throw malformed('Missing required field Effect');
    if (effect !== 'Allow' && effect !== 'Deny') throw malformed(`Invalid effect: ${String(effect)}`);
    if (st['Principal'] === undefined && st['NotPrincipal'] === undefined) throw malformed('Missing required field Principal');
    const actions = st['Action'] ?? st['NotAction'];
    if (actions === undefined) throw malformed('Missing required field Action');
    for (const a of list(actions)) {
      if (typeof a !== 'string' || !(a === '*' || /^s3(?:-object-lambda)?:[\w*?]+$/i.test(a))) throw malformed('Policy has invalid action');
    }
    const resources = st['Resource'] ?? st['NotResource'];
    if (resources === undefined) throw malformed('Missing required field Resource');
    for (const r of list(resources)) {
      if (typeof r !== 'string') throw malformed('Policy has invalid resource');
      const m = /^arn:aws:s3:::([^/]*)(?:\/.*)?$/.exec(r);
      if (!m || !globToRegExp(m[1]!).test(bucket)) throw malformed('Policy has invalid resource');
    }
    const cond = st['Condition'];
    if (cond !== undefined && !isObject(cond)) throw malformed('Invalid Condition');
  }
}

/** Whether a Principal element (or NotPrincipal) reaches beyond fixed principals. */
function principalIsPublic(p: Json | undefined): boolean {
  if (p === '*') return true;
  if (!isObject(p)) return typeof p === 'string' && hasWildcard(p);
  for (const [type, values] of Object.entries(p)) {
    // Federated principals are identity providers anyone can sign in to (the AWS example is graph.facebook.com).
    if (type === 'Federated') return true;
    if (list(values).some((v) => typeof v !== 'string' || hasWildcard(v))) return true;
  }
  return false;
}

function ipv4PrefixOk(cidr: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(cidr.trim());
  if (!m) return false;
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  return prefix >= 8 && prefix <= 32;
}

function ipv6PrefixOk(cidr: string): boolean {
  const m = /^([0-9a-f:.]+)(?:\/(\d{1,3}))?$/i.exec(cidr.trim());
  if (!m || !m[1]!.includes(':')) return false;
  const prefix = m[2] === undefined ? 128 : Number(m[2]);
  return prefix >= 32 && prefix <= 128;
}

/** Whether one value of a restricting key is "fixed" in the sense of the AWS rule. */
function fixedValue(key: string, value: Json): boolean {
  if (typeof value !== 'string' || value === '') return false;
  if (key === 'aws:sourceip') return ipv4PrefixOk(value) || ipv6PrefixOk(value);
  if (key === 'aws:userid' && /^AROA[A-Z0-9]+:\*$/.test(value)) return true;
  if (key === 's3:dataaccesspointarn') {
    // The access point name may be a wildcard as long as the account is fixed.
    const m = /^(arn:aws[\w-]*:s3:[a-z0-9-]+:\d{12}:accesspoint\/)(.*)$/.exec(value);
    if (m) return !m[1]!.includes('*');
  }
  return !hasWildcard(value);
}

/** Whether a Condition block limits a statement to fixed values of a restricting key. */
function conditionRestricts(cond: Json | undefined): boolean {
  if (!isObject(cond)) return false;
  for (const [rawOperator, block] of Object.entries(cond)) {
    let op = rawOperator.toLowerCase();
    if (op.startsWith('foranyvalue:')) op = op.slice('foranyvalue:'.length);
    if (op.endsWith('ifexists') || !isObject(block)) continue;
    for (const [rawKey, values] of Object.entries(block)) {
      const key = rawKey.toLowerCase();
      if (!RESTRICTING_KEYS.has(key)) continue;
      const validOp = key === 'aws:sourceip' ? op === 'ipaddress' : STRING_OPERATORS.has(op);
      const vals = list(values);
      if (validOp && vals.length > 0 && vals.every((v) => fixedValue(key, v))) return true;
    }
  }
  return false;
}

/** Whether a bucket policy is public under the S3 Block Public Access rules. Unparseable text counts as not public. */
export function policyIsPublic(policy: string | object): boolean {
  let doc: Json;
  try {
    doc = (typeof policy === 'string' ? JSON.parse(policy) : policy) as Json;
  } catch {
    return false;
  }
  if (!isObject(doc)) return false;
  for (const st of list(doc['Statement'])) {
    if (!isObject(st) || st['Effect'] !== 'Allow') continue;
    // NotPrincipal with Allow grants to everyone except the listed principals.
    if (st['NotPrincipal'] !== undefined) return true;
    if (!principalIsPublic(st['Principal'])) continue;
    if (!conditionRestricts(st['Condition'])) return true;
  }
  return false;
}
