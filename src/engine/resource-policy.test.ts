import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrContains, tryParseCidr } from '../core/cidr.ts';
import { globToRegExp } from '../core/glob.ts';
import { analyzeResourcePolicy, outsideActions, outsideGrants, PolicyDocumentError } from './resource-policy.ts';

const OWN = '111111111111';
const OTHER = '444455556666';
const OPTS = { account: OWN };
const allow = (extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', ...extra });
const doc = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
const isPublic = (...statements: unknown[]) => outsideGrants(analyzeResourcePolicy(doc(...statements), OPTS), undefined, 'public').length > 0;
const publicWith = (condition: Record<string, unknown>) => isPublic(allow({ Condition: condition }));

describe('resource-policy analysis: who a statement admits', () => {
  it('treats Principal "*" and {"AWS": "*"} alike: anyone, anonymous included', () => {
    expect(isPublic(allow())).toBe(true);
    expect(isPublic(allow({ Principal: { AWS: '*' } }))).toBe(true);
    expect(isPublic(allow({ Principal: { AWS: [OTHER, '*'] } }))).toBe(true);
    const a = analyzeResourcePolicy(doc(allow(), allow({ Principal: { AWS: '*' } })), OPTS);
    expect(a.statements.map((s) => s.principals[0]?.kind)).toEqual(['anyone', 'any-account']);
    expect(a.statements[0]?.admits).toContainEqual({ kind: 'anyone', via: 'anonymous' });
  });

  it('reads account ids and account root ARNs as the whole account, other ARNs as one principal of it', () => {
    const a = analyzeResourcePolicy(doc(allow({ Principal: { AWS: [OTHER, `arn:aws:iam::${OTHER}:root`, 'arn:aws:iam::222233334444:role/r', `arn:aws:iam::${OWN}:root`] } })), OPTS);
    expect(a.statements[0]?.principals.map((p) => [p.account, p.wholeAccount])).toEqual([
      [OTHER, true],
      [OTHER, true],
      ['222233334444', false],
      [OWN, true],
    ]);
    expect(a.statements[0]?.public).toBe(false);
    expect(a.statements[0]?.admits).toEqual([
      { kind: 'account', account: OTHER, via: 'principal' },
      { kind: 'account', account: '222233334444', via: 'principal' },
    ]);
  });

  it('does not count the own account or trusted accounts and organizations as outside', () => {
    const st = allow({ Principal: { AWS: [OWN, OTHER] } });
    expect(outsideGrants(analyzeResourcePolicy(doc(st), OPTS), undefined, 'external')).toHaveLength(1);
    expect(outsideGrants(analyzeResourcePolicy(doc(st), { ...OPTS, trustedAccounts: [OTHER] }), undefined, 'external')).toEqual([]);
    const org = allow({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-partner0001' } } });
    expect(outsideGrants(analyzeResourcePolicy(doc(org), OPTS), undefined, 'public')).toEqual([]);
    expect(outsideGrants(analyzeResourcePolicy(doc(org), OPTS), undefined, 'external')[0]?.parties).toEqual([{ kind: 'org', org: 'o-partner0001' }]);
    expect(outsideGrants(analyzeResourcePolicy(doc(org), { ...OPTS, trustedOrgIds: ['o-partner0001'] }), undefined, 'external')).toEqual([]);
  });

  it('reports a service principal without a source condition as the service for any account, not as public', () => {
    const a = analyzeResourcePolicy(doc(allow({ Principal: { Service: 'sns.amazonaws.com' } })), OPTS);
    expect(a.statements[0]?.admits).toEqual([{ kind: 'service', service: 'sns.amazonaws.com' }]);
    expect(a.statements[0]?.public).toBe(false);
    const pinned = analyzeResourcePolicy(doc(allow({ Principal: { Service: 'sns.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': OWN } } })), OPTS);
    expect(pinned.statements[0]?.admits).toEqual([]);
    const other = analyzeResourcePolicy(doc(allow({ Principal: { Service: 'sns.amazonaws.com' }, Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:sns:*:${OTHER}:*` } } })), OPTS);
    expect(other.statements[0]?.admits).toEqual([{ kind: 'account', account: OTHER, via: 'service' }]);
  });

  it('treats Allow with NotPrincipal as everyone but the listed principals', () => {
    expect(isPublic({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'sqs:*' })).toBe(true);
  });
});

describe('resource-policy analysis: conditions that keep strangers out', () => {
  it.each([
    ['a source IP range', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }],
    ['a VPC', { StringEquals: { 'aws:SourceVpc': 'vpc-1' } }],
    ['a VPC endpoint, any key case', { StringEquals: { 'AWS:SOURCEVPCE': 'vpce-1' } }],
    ['the organization', { StringEquals: { 'aws:PrincipalOrgID': 'o-own00000001' } }],
    ['the calling account', { StringEquals: { 'aws:PrincipalAccount': OWN } }],
    ['the source account of a service', { StringEquals: { 'aws:SourceAccount': OWN } }],
    ['the source ARN', { ArnLike: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${OWN}:topic` } }],
    ['the source owner', { StringEquals: { 'aws:SourceOwner': OWN } }],
    ['a user id', { StringLike: { 'aws:userid': 'AROAEXAMPLE:*' } }],
    ['a user name', { StringEquals: { 'aws:username': 'alice' } }],
    ['ForAnyValue over VPC endpoints', { 'ForAnyValue:StringEquals': { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } }],
    ['a literal "*" compared with StringEquals', { StringEquals: { 'aws:PrincipalAccount': '*' } }],
    ['the presence of a VPC endpoint', { Null: { 'aws:SourceVpce': 'false' } }],
    ['an S3 source ARN naming one bucket', { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::logs-bucket' } }],
  ])('is restricted by %s', (_, condition) => {
    expect(publicWith(condition)).toBe(false);
  });

  it.each([
    ['a negated operator', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }],
    ['NotIpAddress', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }],
    ['a /0 range, IPv4 or IPv6', { IpAddress: { 'aws:SourceIp': ['0.0.0.0/0'] } }],
    ['an IPv6 /0 range', { IpAddress: { 'aws:SourceIp': '::/0' } }],
    ['IfExists on a key a stranger does not send', { StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' } }],
    ['ForAllValues, true for an absent key', { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-own00000001' } }],
    ['a wildcard value', { StringLike: { 'aws:PrincipalAccount': '*' } }],
    ['a wildcard VPC id', { StringLike: { 'aws:SourceVpc': 'vpc-*' } }],
    ['a source ARN with a wildcard account', { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } }],
    ['a key that does not describe the caller', { Bool: { 'aws:SecureTransport': 'true' } }],
    ['a caller key the operator cannot decide (Numeric)', { NumericLessThan: { 'aws:PrincipalAccount': '5' } }],
  ])('is not restricted by %s', (_, condition) => {
    expect(publicWith(condition)).toBe(true);
  });

  it('combines clauses on one key: a stranger must satisfy all of them with one value', () => {
    expect(publicWith({ StringLike: { 'aws:SourceVpc': 'vpc-*' }, StringEquals: { 'aws:SourceVpc': 'vpc-1' } })).toBe(false);
    expect(publicWith({ StringNotEquals: { 'aws:SourceVpc': 'vpc-1' }, StringLike: { 'aws:SourceVpc': 'vpc-*' } })).toBe(true);
  });

  it('reads aws:SourceArn account fields with wildcards for named accounts', () => {
    const a = analyzeResourcePolicy(doc(allow({ Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:events:*:4444555566??:rule/*' } } })), OPTS);
    expect(a.statements[0]?.public).toBe(false);
    const b = analyzeResourcePolicy(doc(allow({ Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:events:*:${OTHER}:rule/*` } } })), OPTS);
    expect(b.statements[0]?.admits).toEqual([{ kind: 'account', account: OTHER, via: 'service' }]);
  });
});

describe('resource-policy analysis: Allow minus Deny', () => {
  it('takes away actions a Deny for everyone covers, without conditions', () => {
    expect(isPublic(allow({ Action: 's3:GetObject' }), { Effect: 'Deny', Principal: '*', Action: 's3:Get*' })).toBe(false);
    expect(isPublic(allow({ Action: 's3:*' }), { Effect: 'Deny', Principal: '*', Action: 's3:GetObject' })).toBe(true);
  });

  it('applies a conditional Deny only when it holds whatever the caller sends', () => {
    const deny = (Condition: unknown) => ({ Effect: 'Deny', Principal: '*', Action: '*', Condition });
    expect(isPublic(allow(), deny({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }))).toBe(false);
    expect(isPublic(allow(), deny({ Bool: { 'aws:SecureTransport': 'false' } }))).toBe(true);
    expect(isPublic(allow(), deny({ StringEquals: { 'aws:SourceVpce': 'vpce-1' } }))).toBe(true);
  });

  it('applies a Deny with NotPrincipal only to callers certainly not listed', () => {
    const deny = { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${OTHER}:role/r` }, Action: '*' };
    expect(isPublic(allow(), deny)).toBe(false);
    const a = analyzeResourcePolicy(doc(allow({ Principal: { AWS: OTHER } }), deny), OPTS);
    expect(outsideGrants(a, undefined, 'external')[0]?.parties).toEqual([{ kind: 'account', account: OTHER, via: 'principal' }]);
  });

  it('expands wildcards against a given action set, Deny applied per action', () => {
    const a = analyzeResourcePolicy(doc(allow({ Action: 'sqs:*' }), { Effect: 'Deny', Principal: '*', Action: 'sqs:Delete*' }), OPTS);
    expect(outsideActions(a, ['sqs:SendMessage', 'sqs:DeleteQueue', 'sqs:DeleteMessage', 'sns:Publish'])).toEqual(['sqs:SendMessage']);
    const n = analyzeResourcePolicy(doc({ Effect: 'Allow', Principal: '*', NotAction: 'sqs:Send*' }), OPTS);
    expect(outsideActions(n, ['sqs:SendMessage', 'sqs:ReceiveMessage'])).toEqual(['sqs:ReceiveMessage']);
  });
});

describe('resource-policy analysis: evidence and malformed documents', () => {
  it('names statements by Sid, by index without one or when the Sid repeats', () => {
    const a = analyzeResourcePolicy(doc(allow({ Sid: 'A' }), allow(), allow({ Sid: 'A' })), OPTS);
    expect(a.statements.map((s) => s.evidenceId)).toEqual(['statement:A', 'statement:#1', 'statement:#2']);
  });

  it.each([
    ['not JSON', '{"Statement": [', 'not valid JSON'],
    ['not an object', '[1]', 'not a JSON object'],
    ['without Statement', '{}', 'no Statement'],
    ['a statement without Effect', { Statement: [{ Principal: '*', Action: '*' }] }, 'Statement #0: Effect'],
    ['a principal that is a bare string', { Statement: [{ Effect: 'Allow', Principal: 'arn:aws:iam::1:root', Action: '*' }] }, 'Statement #0 Principal'],
    ['both Action and NotAction', { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', NotAction: 's3:*' }] }, 'exactly one of Action and NotAction'],
    ['a condition block that is not an object', { Statement: [allow({ Condition: { StringEquals: 'x' } })] }, 'StringEquals does not hold an object'],
    ['an unknown principal type', { Statement: [allow({ Principal: { Aws: '*' } })] }, 'unknown principal type'],
  ])('refuses a document %s, never calling it private', (_, d, message) => {
    expect(() => analyzeResourcePolicy(d, OPTS)).toThrow(PolicyDocumentError);
    expect(() => analyzeResourcePolicy(d, OPTS)).toThrow(message);
  });
});

// -------------------------------------------------------------------------------------------------
// A plain reading of IAM's evaluation rules, for concrete requests, to check the analysis against.

interface Request {
  kind: 'anonymous' | 'principal' | 'service';
  account?: string;
  arn?: string;
  service?: string;
  keys: Record<string, string | undefined>;
}

const rx = (p: string, ignoreCase = false) => globToRegExp(p, { anyChar: true, ignoreCase });

function principalMatches(principal: unknown, r: Request): boolean {
  if (principal === '*') return true;
  const p = principal as Record<string, unknown>;
  const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]) as string[];
  for (const v of list(p.AWS)) {
    if (v === '*') return true;
    if (r.kind !== 'principal') continue;
    const m = /^arn:aws:iam::(\d{12}):root$/.exec(v);
    if ((/^\d{12}$/.test(v) ? v : m?.[1]) === r.account) return true;
    if (v === r.arn) return true;
  }
  return r.kind === 'service' && list(p.Service).includes(r.service as string);
}

function matchOne(base: string, value: string, pattern: string): boolean {
  switch (base) {
    case 'stringequals':
      return value === pattern;
    case 'stringequalsignorecase':
      return value.toLowerCase() === pattern.toLowerCase();
    case 'stringlike':
    case 'arnlike':
    case 'arnequals':
      return rx(pattern).test(value);
    case 'ipaddress': {
      const outer = tryParseCidr(pattern);
      const inner = tryParseCidr(value.includes(':') ? `${value}/128` : `${value}/32`);
      return !!outer && !!inner && cidrContains(outer, inner);
    }
    case 'bool':
      return value === pattern;
  }
  throw new Error(`reference: no operator ${base}`);
}

function conditionHolds(condition: Record<string, Record<string, unknown>> | undefined, r: Request): boolean {
  for (const [rawOp, block] of Object.entries(condition ?? {})) {
    let op = rawOp.toLowerCase();
    const set = op.startsWith('foranyvalue:') ? 'any' : op.startsWith('forallvalues:') ? 'all' : '';
    op = op.replace(/^for(anyvalue|allvalues):/, '');
    const ifExists = op.endsWith('ifexists');
    op = op.replace(/ifexists$/, '');
    const negated = op.includes('not');
    const base = op.replace('notipaddress', 'ipaddress').replace('not', '');
    for (const [k, raw] of Object.entries(block)) {
      const values = (Array.isArray(raw) ? raw : [raw]).map(String);
      const v = r.keys[k.toLowerCase()];
      let ok: boolean;
      if (base === 'null') ok = values.includes(v === undefined ? 'true' : 'false');
      else if (v === undefined) ok = ifExists || set === 'all' ? true : set === 'any' ? false : negated;
      else {
        const hit = values.some((p) => matchOne(base, v, p));
        ok = negated ? !hit : hit;
      }
      if (!ok) return false;
    }
  }
  return true;
}

function allowed(policy: { Statement: Array<Record<string, unknown>> }, r: Request, action: string): boolean {
  let allow = false;
  for (const st of policy.Statement) {
    const who = st.Principal !== undefined ? principalMatches(st.Principal, r) : !principalMatches(st.NotPrincipal, r);
    const acts = (st.Action ?? st.NotAction) as string[];
    const inActs = acts.some((a) => rx(a, true).test(action));
    const what = st.Action !== undefined ? inActs : !inActs;
    if (!who || !what || !conditionHolds(st.Condition as never, r)) continue;
    if (st.Effect === 'Deny') return false;
    allow = true;
  }
  return allow;
}

// Strangers: an account and organization nobody names, calling from an address nobody names, directly,
// anonymously or through an AWS service the policy does not name.
const STRANGER = '999999999999';
function variants(base: Request): Request[] {
  const out: Request[] = [];
  const direct = base.kind !== 'service';
  for (const ip of direct ? [undefined, '203.0.113.77', '2001:db8::77'] : [undefined])
    for (const vpc of direct ? [undefined, 'vpc-0f00'] : [undefined])
      for (const vpce of direct ? [undefined, 'vpce-0f00'] : [undefined])
        for (const tls of ['true', 'false'])
          out.push({ ...base, keys: { ...base.keys, 'aws:sourceip': ip, 'aws:sourcevpc': vpc, 'aws:sourcevpce': vpce, 'aws:securetransport': tls } });
  return out;
}
function callersFrom(account: string, org: string | undefined, services = ['fresh.amazonaws.com']): Request[] {
  const principal = (arn: string): Request => ({
    kind: 'principal',
    account,
    arn,
    keys: { 'aws:principalaccount': account, 'aws:principalarn': arn, 'aws:principalorgid': org, 'aws:userid': 'AIDAFRESH', 'aws:username': 'mallory', 'aws:principalisawsservice': 'false' },
  });
  const service = (name: string, source: string): Request => ({
    kind: 'service',
    service: name,
    keys: { 'aws:principalservicename': name, 'aws:sourceaccount': account, 'aws:sourceowner': account, 'aws:sourcearn': source, 'aws:principalisawsservice': 'true' },
  });
  const sources = [`arn:aws:sns:us-east-1:${account}:t-fresh`, `arn:aws:events:eu-west-1:${account}:rule/r-fresh`];
  return [principal(`arn:aws:iam::${account}:user/mallory`), principal(`arn:aws:iam::${account}:role/r-fresh`), ...services.flatMap((svc) => sources.map((src) => service(svc, src)))].flatMap(variants);
}
const STRANGERS: Request[] = [
  ...variants({ kind: 'anonymous', keys: { 'aws:principalisawsservice': 'false' } }),
  ...callersFrom(STRANGER, undefined),
  ...callersFrom(STRANGER, 'o-fresh000000'),
];
// Outsiders also include services the policy names, acting for any account (a `service` party).
const OUTSIDERS: Request[] = [...STRANGERS, ...callersFrom(STRANGER, undefined, ['sns.amazonaws.com']), ...callersFrom(OTHER, undefined, ['fresh.amazonaws.com', 'sns.amazonaws.com']), ...callersFrom(OTHER, 'o-fresh000000'), ...callersFrom(STRANGER, 'o-other0000001')];

const ACTIONS = ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteQueue', 'sqs:SetQueueAttributes'];

const caseOf = (key: string) => fc.constantFrom(key, key.toUpperCase(), key.toLowerCase());
const keyValues: Record<string, { ops: string[]; values: string[] }> = {
  'aws:SourceIp': { ops: ['IpAddress', 'NotIpAddress', 'IpAddressIfExists'], values: ['10.0.0.0/8', '0.0.0.0/0', '::/0', '198.51.100.0/24'] },
  'aws:SourceVpc': { ops: ['StringEquals', 'StringNotEquals', 'StringLike', 'StringEqualsIfExists'], values: ['vpc-1', 'vpc-*'] },
  'aws:SourceVpce': { ops: ['StringEquals', 'StringNotEquals', 'StringLike', 'ForAnyValue:StringEquals', 'ForAllValues:StringEquals'], values: ['vpce-1', 'vpce-*', '*'] },
  'aws:PrincipalOrgID': { ops: ['StringEquals', 'StringNotEquals', 'StringLike', 'ForAnyValue:StringLike', 'StringEqualsIfExists', 'Null'], values: ['o-own00000001', 'o-other0000001', 'o-*', '*'] },
  'aws:PrincipalAccount': { ops: ['StringEquals', 'StringNotEquals', 'StringLike', 'Null'], values: [OWN, OTHER, '*', '????????????'] },
  'aws:SourceAccount': { ops: ['StringEquals', 'StringNotEquals', 'StringLike', 'StringEqualsIfExists', 'Null'], values: [OWN, OTHER, '*'] },
  'aws:SourceOwner': { ops: ['StringEquals', 'StringLike'], values: [OWN, OTHER] },
  'aws:SourceArn': { ops: ['ArnLike', 'ArnNotLike', 'ArnEquals', 'StringLike', 'ArnLikeIfExists'], values: [`arn:aws:sns:us-east-1:${OWN}:t`, `arn:aws:sns:*:${OTHER}:*`, 'arn:aws:sns:*:*:*', '*', 'arn:aws:s3:::bucket-x'] },
  'aws:PrincipalArn': { ops: ['ArnLike', 'ArnNotLike', 'ArnEquals'], values: [`arn:aws:iam::${OWN}:role/r`, 'arn:aws:iam::*:role/*', `arn:aws:iam::${OTHER}:role/*`, '*'] },
  'aws:userid': { ops: ['StringEquals', 'StringLike'], values: ['AIDAOWN', '*'] },
  'aws:username': { ops: ['StringEquals', 'StringNotEquals'], values: ['alice', '*'] },
  'aws:PrincipalServiceName': { ops: ['StringEquals', 'StringLike'], values: ['sns.amazonaws.com', '*'] },
  'aws:SecureTransport': { ops: ['Bool'], values: ['true', 'false'] },
};
const clause = fc.constantFrom(...Object.keys(keyValues)).chain((key) => {
  const { ops, values } = keyValues[key]!;
  return fc.tuple(
    fc.constantFrom(...ops),
    caseOf(key),
    fc.subarray(values, { minLength: 1, maxLength: 2 }),
    fc.constantFrom('true', 'false'),
  ).map(([op, k, vs, nul]) => (op === 'Null' ? { op, key: k, value: nul } : { op, key: k, value: vs.length === 1 ? vs[0] : vs }));
});
const condition = fc.array(clause, { maxLength: 3 }).map((clauses) => {
  const c: Record<string, Record<string, unknown>> = {};
  const used = new Set<string>();
  for (const { op, key, value } of clauses) {
    // Two clauses on a key that does not describe the caller may contradict each other; the analysis
    // lets the caller pick any value per key, which over-approximates such (meaningless) conditions.
    if (key.toLowerCase() === 'aws:securetransport' && used.has('tls')) continue;
    if (key.toLowerCase() === 'aws:securetransport') used.add('tls');
    (c[op] ??= {})[key] = value;
  }
  return clauses.length ? c : undefined;
});
const principal = fc.constantFrom<unknown>(
  '*',
  { AWS: '*' },
  { AWS: OWN },
  { AWS: `arn:aws:iam::${OTHER}:root` },
  { AWS: OTHER },
  { AWS: `arn:aws:iam::${OTHER}:role/r-fresh` },
  { AWS: [OWN, '*'] },
  { Service: 'sns.amazonaws.com' },
);
const actions = fc.subarray(['sqs:SendMessage', 'sqs:*', 'sqs:Delete*', '*', 'sqs:Receive*', 'SQS:SET*'], { minLength: 1, maxLength: 2 });
const statement = (conditional: boolean) =>
  fc.record({
    Effect: fc.constantFrom('Allow', 'Deny'),
    who: fc.oneof({ arbitrary: principal.map((p) => ({ Principal: p })), weight: 5 }, { arbitrary: principal.filter((p) => p !== '*').map((p) => ({ NotPrincipal: p })), weight: 1 }),
    what: fc.oneof({ arbitrary: actions.map((a) => ({ Action: a })), weight: 4 }, { arbitrary: actions.map((a) => ({ NotAction: a })), weight: 1 }),
    Condition: conditional ? condition : fc.constant(undefined),
  }).map(({ Effect, who, what, Condition }) => {
    const st: Record<string, unknown> = { Effect, ...who, ...what };
    if (Condition) st.Condition = Condition;
    return st;
  });
const policy = (denyConditions: boolean) =>
  fc.array(fc.oneof(statement(true).filter((s) => s.Effect === 'Allow'), statement(denyConditions).filter((s) => s.Effect === 'Deny')), { minLength: 1, maxLength: 4 }).map((Statement) => ({ Statement }));

/**
 * A statement constraining one key with two operators (e.g. ArnLike and ArnNotLike on aws:SourceArn): the analysis
 * checks each operator against the values a caller may choose on its own, so contradicting pairs are over-reported.
 */
const keyUnderTwoOperators = (p: { Statement: Array<Record<string, unknown>> }) =>
  p.Statement.some((st) => {
    const keys = Object.values((st.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap((byKey) => Object.keys(byKey).map((k) => k.toLowerCase()));
    return new Set(keys).size < keys.length;
  });

const namesOnePrincipal = (p: { Statement: Array<Record<string, unknown>> }) =>
  p.Statement.some((st) => /:(role|user)\//.test(JSON.stringify(st.Principal ?? st.NotPrincipal)));

describe('resource-policy analysis agrees with a plain reading of IAM evaluation', () => {
  const exactly = (reqs: Request[], who: 'public' | 'external', denyConditions: boolean) =>
    fc.assert(
      fc.property(policy(denyConditions), (p) => {
        const analysis = analyzeResourcePolicy(p, { account: OWN, trustedOrgIds: ['o-own00000001'] });
        const verdict = new Set(outsideActions(analysis, ACTIONS, who));
        for (const action of ACTIONS) {
          const reference = reqs.some((r) => allowed(p, r, action));
          // Sound: whatever a stranger (or outsider) can do, the analysis reports.
          if (reference) expect(verdict.has(action), `${action} allowed by reference`).toBe(true);
          // Exact when Deny statements have no conditions, no statement names a single role or user (the analysis
          // knows a caller by its account, so it applies a Deny only when it certainly covers it) and no key sits
          // under two operators of one statement.
          if (!denyConditions && !namesOnePrincipal(p) && !keyUnderTwoOperators(p)) expect(verdict.has(action), `${action}: reference says ${reference}`).toBe(reference);
        }
      }),
      { numRuns: 1500 },
    );

  it('public: a stranger can perform an action exactly when the analysis says so', () => exactly(STRANGERS, 'public', false));
  it('public: with conditional Deny statements, every action a stranger can perform is reported', () => exactly(STRANGERS, 'public', true));
  it('external: other accounts and organizations, exactly', () => exactly(OUTSIDERS, 'external', false));
  it('external: with conditional Deny statements, never missed', () => exactly(OUTSIDERS, 'external', true));
});
