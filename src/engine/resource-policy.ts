/**
 * One analysis of resource-based policies (S3 buckets, SQS queues, SNS topics, KMS keys, Lambda
 * functions, ECR repositories ...): who each Allow statement admits from outside the account, for
 * which actions, once conditions and Deny statements are taken into account.
 *
 * Instead of listing "restricting" condition keys, the analysis asks IAM's question for a few
 * abstract callers: a stranger (anonymous, an IAM principal of an unknown account, an AWS service
 * acting for an unknown account), each other account the policy names, each organization it names.
 * A stranger's caller keys hold values nobody wrote in the policy (or are absent, where the stranger
 * can choose); keys that do not describe the caller (aws:SecureTransport, s3:prefix ...) can take any
 * value. An Allow admits a caller when some choice satisfies its conditions; a Deny takes actions away
 * only when it applies whatever the caller chooses, so conditional Denies never hide a grant
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 */
import { parseIpv4, parseIpv6, tryParseCidr } from '../core/cidr.ts';
import { globToRegExp } from '../core/glob.ts';
import { patternCovers, patternsIntersect } from './iam-action.ts';

/** The resource's account and whom it trusts; `actions` expands wildcards against concrete action names. */
export interface ResourcePolicyOptions {
  /** The account that owns the resource: its principals are not "outside". */
  account: string;
  trustedAccounts?: readonly string[];
  trustedOrgIds?: readonly string[];
}

/** A principal as written in `Principal` / `NotPrincipal`. */
export interface PrincipalRef {
  /** `anyone`: `"*"`; `any-account`: `{"AWS": "*"}` (IAM treats both alike); `account`: a 12-digit id or an ARN in an account. */
  kind: 'anyone' | 'any-account' | 'account' | 'service' | 'federated' | 'canonical-user' | 'unknown';
  value: string;
  /** For `account`: its account id. */
  account?: string;
  /** For `account`: the whole account (id or `:root`), not one user or role of it. */
  wholeAccount?: boolean;
}

/** A caller the analysis found admitted: a stranger, another account, or any member of an organization. */
export type Party =
  | { kind: 'anyone'; via: 'anonymous' | 'principal' | 'service' }
  | { kind: 'account'; account: string; via: 'principal' | 'service' }
  | { kind: 'org'; org: string }
  /** A service principal the statement names, acting for an account the policy does not name (no aws:SourceAccount / aws:SourceArn to pin it). */
  | { kind: 'service'; service: string };

export interface StatementAnalysis {
  index: number;
  sid: string | null;
  /** `statement:<Sid>`, or `statement:#<index>` without a Sid or when the Sid repeats: the evidence id the S3 matcher has always used. */
  evidenceId: string;
  effect: 'Allow' | 'Deny';
  statement: Record<string, unknown>;
  principals: PrincipalRef[];
  /** `NotPrincipal` was used: an Allow then admits everyone not listed. */
  notPrincipal: boolean;
  /** The Action (or NotAction) patterns as written. */
  actions: string[];
  notAction: boolean;
  /** Condition keys (lower case) of the statement that describe the caller. */
  callerKeys: string[];
  /** For Allow: admitted parties outside the account and its trusted accounts and organizations, before Deny statements. */
  admits: Party[];
  /** For Allow: a stranger is admitted (before Deny statements). */
  public: boolean;
}

export interface PolicyAnalysis {
  statements: StatementAnalysis[];
  options: ResourcePolicyOptions;
  /** Internal: the Deny statements in evaluation form. */
  readonly denies: readonly Compiled[];
  readonly compiled: readonly Compiled[];
  readonly namedServices: readonly string[];
}

/** A policy document that cannot be read; the message names the statement and the element. */
export class PolicyDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyDocumentError';
  }
}

// ---------------------------------------------------------------------------------------------
// Callers

/** An abstract caller. `account`/`org`/`service` `null` means a value the policy does not name. */
interface Profile {
  via: 'anonymous' | 'principal' | 'service';
  account: string | null;
  org: string | null;
  service: string | null;
}

/** One possible value of a condition key for a caller: a known string, an unnamed value, an ARN in some account, or absent. */
type Val = { t: 'str'; v: string } | { t: 'fresh'; prefix: string } | { t: 'arn'; account: string | null } | { t: 'bool'; v: boolean } | null;
/** `'any'`: the key does not describe the caller, so it can hold anything. */
type Options = readonly Val[] | 'any';

const ABSENT: readonly Val[] = [null];
// A stranger's address is one nobody wrote in the policy, IPv4 or IPv6 as it likes.
const IP_OPTIONS: readonly Val[] = [null, { t: 'fresh', prefix: 'ipv4' }, { t: 'fresh', prefix: 'ipv6' }];
// A stranger may call through a VPC endpoint of its own, whose id nobody wrote in the policy.
const ENDPOINT_VPC: Val = { t: 'fresh', prefix: 'vpc-' };
const ENDPOINT_VPCE: Val = { t: 'fresh', prefix: 'vpce-' };
const FREE = (prefix = ''): readonly Val[] => [null, { t: 'fresh', prefix }];

/** Condition keys that describe the caller, lower case. */
export const CALLER_KEYS: ReadonlySet<string> = new Set([
  'aws:sourceip',
  'aws:vpcsourceip',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalservicename',
  'aws:principalisawsservice',
  'aws:principaltype',
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:sourceowner',
  'aws:userid',
  'aws:username',
  's3:dataaccesspointaccount',
  's3:dataaccesspointarn',
  // KMS key policies pin callers with kms:CallerAccount (the AWS managed keys' policies all do).
  'kms:calleraccount',
]);

function valuesOf(key: string, p: Profile): Options {
  const principal = p.via === 'principal';
  const service = p.via === 'service';
  const acct = (on: boolean): readonly Val[] => (on ? [p.account === null ? { t: 'fresh', prefix: '' } : { t: 'str', v: p.account }] : ABSENT);
  switch (key) {
    case 'aws:sourceip':
    case 'aws:vpcsourceip':
      return service ? ABSENT : IP_OPTIONS;
    case 'aws:sourcevpc':
      return service ? ABSENT : [null, ENDPOINT_VPC];
    case 'aws:sourcevpce':
      return service ? ABSENT : [null, ENDPOINT_VPCE];
    case 'aws:principalorgid':
      return !principal ? ABSENT : p.org === null ? FREE('o-') : [{ t: 'str', v: p.org }];
    case 'aws:principalorgpaths':
      return !principal ? ABSENT : p.org === null ? FREE('o-') : [{ t: 'fresh', prefix: 'o-' }];
    case 'aws:principalaccount':
    case 'kms:calleraccount':
      return acct(principal);
    case 'aws:principalarn':
      return principal ? [{ t: 'arn', account: p.account }] : ABSENT;
    case 'aws:userid':
    case 'aws:username':
      return principal ? [{ t: 'fresh', prefix: '' }] : ABSENT;
    case 'aws:principalservicename':
      return service ? [p.service === null ? { t: 'fresh', prefix: '' } : { t: 'str', v: p.service }] : ABSENT;
    case 'aws:principalisawsservice':
      return [{ t: 'bool', v: service }];
    case 'aws:principaltype':
      return p.via === 'anonymous' ? [{ t: 'str', v: 'Anonymous' }] : service ? ABSENT : 'any';
    case 'aws:sourceaccount':
    case 'aws:sourceowner':
      return acct(service);
    case 'aws:sourcearn':
      return service ? [{ t: 'arn', account: p.account }] : ABSENT;
    case 'aws:sourceorgid':
    case 'aws:sourceorgpaths':
      return service ? FREE('o-') : ABSENT;
    case 's3:dataaccesspointaccount':
      return FREE('');
    case 's3:dataaccesspointarn':
      return [null, { t: 'arn', account: null }];
    default:
      return 'any';
  }
}

// ---------------------------------------------------------------------------------------------
// Conditions

type Tri = 0 | 1 | 2; // false, true, either
const F: Tri = 0;
const T: Tri = 1;
const E: Tri = 2;

interface Clause {
  key: string;
  set: '' | 'any' | 'all';
  ifExists: boolean;
  base: string;
  negated: boolean;
  values: string[];
}

const NEGATED: Record<string, string> = {
  stringnotequals: 'stringequals',
  stringnotequalsignorecase: 'stringequalsignorecase',
  stringnotlike: 'stringlike',
  arnnotequals: 'arnequals',
  arnnotlike: 'arnlike',
  notipaddress: 'ipaddress',
};
const STRING_BASES = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike']);

const globCache = new Map<string, RegExp>();
function glob(pattern: string, ignoreCase: boolean): RegExp {
  const k = (ignoreCase ? 'i' : 's') + pattern;
  let re = globCache.get(k);
  if (!re) {
    re = globToRegExp(pattern, { anyChar: true, ignoreCase });
    if (globCache.size > 50_000) globCache.clear();
    globCache.set(k, re);
  }
  return re;
}

// `?` runs count too: `????????????` matches every account id.
const onlyWildcards = (s: string): boolean => s.length > 0 && /^[*?]+$/.test(s);

/** Whether a value nobody named (beginning with `prefix`, e.g. `vpc-`) can match the pattern. */
function freshMatches(base: string, pattern: string, prefix: string): boolean {
  if (base === 'ipaddress') {
    const c = tryParseCidr(pattern);
    return c !== undefined && c.prefix === 0 && (prefix === '' || `ipv${c.family}` === prefix);
  }
  if (base !== 'stringlike' && base !== 'arnlike' && base !== 'arnequals') return false;
  if (onlyWildcards(pattern)) return true;
  return prefix !== '' && pattern.toLowerCase().startsWith(prefix) && onlyWildcards(pattern.slice(prefix.length));
}

/**
 * Whether an ARN in `account` (`null`: an account nobody named) matches the pattern: the caller owns
 * its source resource or role, so it picks the service, region and name (`E`: it can, but need not),
 * while the account field binds; an S3 ARN has no account field, so its bucket name binds instead.
 */
function arnMatches(base: string, pattern: string, account: string | null): Tri {
  const wild = base === 'stringlike' || base === 'arnlike' || base === 'arnequals';
  const parts = pattern.split(':');
  if (!wild) {
    // A literal ARN in a named account may be the caller's own role; never a stranger's.
    return account !== null && parts[4] === account ? E : F;
  }
  if (onlyWildcards(pattern)) return T;
  // A `*` before the account field can stand for the rest of the ARN.
  if (parts.length < 5) return parts.some((x) => x.includes('*')) ? E : F;
  const acct = parts[4] as string;
  const rest = parts.slice(5).join(':');
  if (acct === '') return account === null && onlyWildcards(rest) ? E : F;
  if (account === null ? !onlyWildcards(acct) : !glob(acct, false).test(account)) return F;
  const free = (x: string | undefined) => x !== undefined && onlyWildcards(x);
  return free(parts[2]) && free(parts[3]) && free(rest) ? T : E;
}

function positiveMatch(base: string, val: Exclude<Val, null>, pattern: string): boolean {
  switch (val.t) {
    case 'fresh':
      return freshMatches(base, pattern, val.prefix);
    case 'arn':
      return arnMatches(base, pattern, val.account) !== F;
    case 'bool':
      return base === 'bool' && pattern.toLowerCase() === String(val.v);
    case 'str':
      if (base === 'stringequals' || base === 'arnequals') return base === 'arnequals' ? glob(pattern, false).test(val.v) : pattern === val.v;
      if (base === 'stringequalsignorecase') return pattern.toLowerCase() === val.v.toLowerCase();
      if (base === 'stringlike' || base === 'arnlike') return glob(pattern, false).test(val.v);
      if (base === 'ipaddress') {
        const c = tryParseCidr(pattern);
        return c !== undefined && c.prefix === 0 && (parseIpv4(val.v) !== undefined || parseIpv6(val.v) !== undefined);
      }
      return false;
  }
}

/** One clause for one possible value: true, false, or "either" when the analysis cannot tell. */
function clauseOn(c: Clause, val: Val): Tri {
  if (c.base === 'null') {
    // `Null: {"aws:SourceVpc(e)": "false"}` (the call must come through some VPC endpoint) is read as
    // the owner's network path, as the S3 matcher always has; only endpoint ids a stranger can match
    // (wildcards, negations) let it in. Note: this is a deliberate choice, not IAM's literal reading.
    if (val === ENDPOINT_VPC || val === ENDPOINT_VPCE) return F;
    const wantsAbsent = c.values.map((v) => v.toLowerCase());
    return wantsAbsent.includes(val === null ? 'true' : 'false') ? T : F;
  }
  if (val === null) {
    if (c.ifExists || c.set === 'all') return T;
    if (c.set === 'any') return F;
    return c.negated ? T : F;
  }
  const known = STRING_BASES.has(c.base) || c.base === 'ipaddress' || c.base === 'bool';
  if (!known) return E;
  if (c.base === 'bool' && val.t !== 'bool') return E;
  if (val.t === 'arn') {
    let any: Tri = F;
    for (const pattern of c.values) {
      const m = arnMatches(c.base, pattern, val.account);
      if (m === T) {
        any = T;
        break;
      }
      if (m === E) any = E;
    }
    return any === E ? E : c.negated ? (any === T ? F : T) : any;
  }
  const hit = c.values.some((pattern) => positiveMatch(c.base, val, pattern));
  return c.negated ? (hit ? F : T) : hit ? T : F;
}

/** Parsed Condition block: clauses grouped by key. */
type Conditions = Map<string, Clause[]>;

function parseConditions(raw: unknown, where: string): Conditions {
  const out: Conditions = new Map();
  if (raw === undefined) return out;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new PolicyDocumentError(`${where}: Condition is not an object`);
  for (const [rawOperator, block] of Object.entries(raw as Record<string, unknown>)) {
    if (!block || typeof block !== 'object' || Array.isArray(block)) throw new PolicyDocumentError(`${where}: Condition operator ${rawOperator} does not hold an object of keys`);
    let op = rawOperator.toLowerCase();
    let set: Clause['set'] = '';
    if (op.startsWith('foranyvalue:')) {
      set = 'any';
      op = op.slice(12);
    } else if (op.startsWith('forallvalues:')) {
      set = 'all';
      op = op.slice(13);
    }
    const ifExists = op.endsWith('ifexists');
    if (ifExists) op = op.slice(0, -8);
    const positive = NEGATED[op];
    const negated = positive !== undefined || /not/.test(op);
    const base = positive ?? op;
    for (const [rawKey, value] of Object.entries(block as Record<string, unknown>)) {
      const key = rawKey.toLowerCase();
      const values = (Array.isArray(value) ? value : [value]).map((v) => {
        if (typeof v === 'string') return v;
        if (typeof v === 'boolean' || typeof v === 'number') return String(v);
        throw new PolicyDocumentError(`${where}: Condition ${rawOperator} ${rawKey} has a value that is not a string, number or boolean`);
      });
      const list = out.get(key);
      const clause: Clause = { key, set, ifExists, base, negated, values };
      if (list) list.push(clause);
      else out.set(key, [clause]);
    }
  }
  return out;
}

/** Some choice of the caller's values satisfies every clause (Allow). */
function satisfiable(cond: Conditions, p: Profile): boolean {
  for (const [key, clauses] of cond) {
    const opts = valuesOf(key, p);
    if (opts === 'any') continue;
    if (!opts.some((val) => clauses.every((c) => clauseOn(c, val) !== F))) return false;
  }
  return true;
}

/** Every choice of the caller's values satisfies every clause (a Deny that applies whatever the caller does). */
function forced(cond: Conditions, p: Profile): boolean {
  for (const [key, clauses] of cond) {
    const opts = valuesOf(key, p);
    if (opts === 'any') return false;
    if (!opts.every((val) => clauses.every((c) => clauseOn(c, val) === T))) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Principals and statements

const ACCOUNT_ID = /^\d{12}$/;
const ACCOUNT_ARN = /^arn:[^:]+:(?:iam|sts)::(\d{12}):(.*)$/;

function parsePrincipals(raw: unknown, where: string): PrincipalRef[] {
  if (raw === '*') return [{ kind: 'anyone', value: '*' }];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new PolicyDocumentError(`${where} is neither "*" nor an object such as {"AWS": ...}`);
  const out: PrincipalRef[] = [];
  for (const [type, value] of Object.entries(raw as Record<string, unknown>)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v !== 'string') throw new PolicyDocumentError(`${where}.${type} holds a value that is not a string`);
      if (type === 'AWS') {
        if (v === '*') out.push({ kind: 'any-account', value: v });
        else if (ACCOUNT_ID.test(v)) out.push({ kind: 'account', value: v, account: v, wholeAccount: true });
        else {
          const m = ACCOUNT_ARN.exec(v);
          if (m) out.push({ kind: 'account', value: v, account: m[1] as string, wholeAccount: m[2] === 'root' });
          else out.push({ kind: 'unknown', value: v });
        }
      } else if (type === 'Service') out.push({ kind: 'service', value: v });
      else if (type === 'Federated') out.push({ kind: 'federated', value: v });
      else if (type === 'CanonicalUser') out.push({ kind: 'canonical-user', value: v });
      else throw new PolicyDocumentError(`${where} has an unknown principal type ${JSON.stringify(type)}`);
    }
  }
  return out;
}

const isEveryone = (r: PrincipalRef) => r.kind === 'anyone' || r.kind === 'any-account';

/** Whether the listed principals include the caller (a principal entry for one user of an account may or may not: `maybe`). */
function listed(refs: readonly PrincipalRef[], p: Profile): 'yes' | 'no' | 'maybe' {
  let result: 'yes' | 'no' | 'maybe' = 'no';
  for (const r of refs) {
    if (isEveryone(r)) return 'yes';
    if (r.kind === 'account' && p.via === 'principal' && p.account !== null && r.account === p.account) {
      if (r.wholeAccount) return 'yes';
      result = 'maybe';
    }
    // A profile without a service name stands for a service the statement does not name.
    if (r.kind === 'service' && p.via === 'service' && p.service !== null && r.value === p.service) return 'yes';
  }
  return result;
}

interface Compiled {
  analysis: StatementAnalysis;
  conditions: Conditions;
  actionPatterns: string[];
}

function list(raw: unknown): unknown[] {
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

function compileStatement(raw: unknown, index: number, seen: Set<string>): Compiled {
  const where = `Statement #${index}`;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new PolicyDocumentError(`${where} is not an object`);
  const st = raw as Record<string, unknown>;
  if (st.Effect !== 'Allow' && st.Effect !== 'Deny') throw new PolicyDocumentError(`${where}: Effect is ${JSON.stringify(st.Effect)}, not "Allow" or "Deny"`);
  if ((st.Principal === undefined) === (st.NotPrincipal === undefined)) throw new PolicyDocumentError(`${where}: needs exactly one of Principal and NotPrincipal`);
  if ((st.Action === undefined) === (st.NotAction === undefined)) throw new PolicyDocumentError(`${where}: needs exactly one of Action and NotAction`);
  const notPrincipal = st.NotPrincipal !== undefined;
  const principals = parsePrincipals(notPrincipal ? st.NotPrincipal : st.Principal, `${where} ${notPrincipal ? 'NotPrincipal' : 'Principal'}`);
  const notAction = st.NotAction !== undefined;
  const actions = list(notAction ? st.NotAction : st.Action).map((a) => {
    if (typeof a !== 'string') throw new PolicyDocumentError(`${where}: ${notAction ? 'NotAction' : 'Action'} holds a value that is not a string`);
    return a;
  });
  const conditions = parseConditions(st.Condition, where);
  const sid = typeof st.Sid === 'string' && st.Sid !== '' ? st.Sid : null;
  let evidenceId = sid !== null ? `statement:${sid}` : `statement:#${index}`;
  if (seen.has(evidenceId)) evidenceId = `statement:#${index}`;
  seen.add(evidenceId);
  const callerKeys = [...conditions.keys()].filter((k) => CALLER_KEYS.has(k));
  return {
    analysis: { index, sid, evidenceId, effect: st.Effect, statement: st, principals, notPrincipal, actions, notAction, callerKeys, admits: [], public: false },
    conditions,
    actionPatterns: actions,
  };
}

/** Whether the statement's Principal / NotPrincipal covers the caller (`maybe` counts for Allow, not for Deny). */
function principalCovers(c: Compiled, p: Profile, forAllow: boolean): boolean {
  const a = c.analysis;
  const l = listed(a.principals, p);
  if (a.notPrincipal) return forAllow ? l !== 'yes' : l === 'no';
  if (p.via === 'anonymous') return a.principals.some(isEveryone);
  return forAllow ? l !== 'no' : l === 'yes';
}

const STRANGERS: readonly Profile[] = [
  { via: 'anonymous', account: null, org: null, service: null },
  { via: 'principal', account: null, org: null, service: null },
  { via: 'service', account: null, org: null, service: null },
];

/** The callers to try for one Allow statement: strangers, each named untrusted account and organization. */
function profilesFor(c: Compiled, accounts: readonly string[], orgs: readonly string[], namedServices: readonly string[]): Array<{ profile: Profile; party: Party }> {
  const out: Array<{ profile: Profile; party: Party }> = [];
  const own = c.analysis.principals.filter((r) => r.kind === 'service').map((r) => r.value);
  const services = [...new Set([...own, ...namedServices])];
  // Under NotPrincipal or `*`, any service may call, not only the ones named.
  const onlyNamed = c.analysis.principals.every((r) => r.kind === 'service') && !c.analysis.notPrincipal;
  const accountServices: Array<string | null> = services.length && onlyNamed ? services : [null, ...services];
  for (const s of STRANGERS) {
    if (s.via === 'service') for (const svc of services) out.push({ profile: { ...s, service: svc }, party: { kind: 'service', service: svc } });
    out.push({ profile: s, party: { kind: 'anyone', via: s.via } });
  }
  for (const account of accounts) {
    out.push({ profile: { via: 'principal', account, org: null, service: null }, party: { kind: 'account', account, via: 'principal' } });
    for (const svc of accountServices) out.push({ profile: { via: 'service', account, org: null, service: svc }, party: { kind: 'account', account, via: 'service' } });
  }
  for (const org of orgs) out.push({ profile: { via: 'principal', account: null, org, service: null }, party: { kind: 'org', org } });
  return out;
}

const ACCOUNT_KEYS = new Set(['aws:principalaccount', 'aws:sourceaccount', 'aws:sourceowner']);
const ARN_KEYS = new Set(['aws:principalarn', 'aws:sourcearn']);

function namedAccountsAndOrgs(c: Compiled, own: ReadonlySet<string>, trustedOrgs: ReadonlySet<string>): { accounts: string[]; orgs: string[] } {
  const accounts = new Set<string>();
  const orgs = new Set<string>();
  for (const r of c.analysis.principals) if (r.account !== undefined) accounts.add(r.account);
  for (const [key, clauses] of c.conditions) {
    for (const cl of clauses) {
      for (const v of cl.values) {
        if (ACCOUNT_KEYS.has(key) && ACCOUNT_ID.test(v)) accounts.add(v);
        else if (ARN_KEYS.has(key)) {
          const acct = v.split(':')[4];
          if (acct !== undefined && ACCOUNT_ID.test(acct)) accounts.add(acct);
        } else if (key === 'aws:principalorgid' && !v.includes('*')) orgs.add(v);
      }
    }
  }
  return { accounts: [...accounts].filter((a) => !own.has(a)), orgs: [...orgs].filter((o) => !trustedOrgs.has(o)) };
}

/**
 * Analyses a resource-based policy (JSON text or parsed). Throws `PolicyDocumentError` on anything
 * that is not a policy document: a policy that cannot be read is never "not public".
 */
export function analyzeResourcePolicy(doc: unknown, options: ResourcePolicyOptions): PolicyAnalysis {
  let parsed = doc;
  if (typeof doc === 'string') {
    try {
      parsed = JSON.parse(doc);
    } catch (e) {
      throw new PolicyDocumentError(`policy is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new PolicyDocumentError('policy is not a JSON object');
  const raw = (parsed as Record<string, unknown>).Statement;
  if (raw === undefined) throw new PolicyDocumentError('policy has no Statement');
  const seen = new Set<string>();
  const compiled = list(raw).map((st, i) => compileStatement(st, i, seen));
  const own = new Set([options.account, ...(options.trustedAccounts ?? [])]);
  const trustedOrgs = new Set(options.trustedOrgIds ?? []);
  // Accounts and organizations named anywhere (a Deny's NotPrincipal too) are the ones a caller may be apart from strangers.
  const namedAccounts = new Set<string>();
  const namedOrgs = new Set<string>();
  for (const c of compiled) {
    const n = namedAccountsAndOrgs(c, own, trustedOrgs);
    for (const a of n.accounts) namedAccounts.add(a);
    for (const o of n.orgs) namedOrgs.add(o);
  }
  const accounts = [...namedAccounts];
  const orgs = [...namedOrgs];
  const services = new Set<string>();
  for (const c of compiled) {
    for (const r of c.analysis.principals) if (r.kind === 'service') services.add(r.value);
    for (const cl of c.conditions.get('aws:principalservicename') ?? []) for (const v of cl.values) if (!/[*?]/.test(v)) services.add(v);
  }
  const namedServices = [...services];
  for (const c of compiled) {
    if (c.analysis.effect !== 'Allow') continue;
    const admits: Party[] = [];
    for (const { profile, party } of profilesFor(c, accounts, orgs, namedServices)) {
      if (!principalCovers(c, profile, true) || !satisfiable(c.conditions, profile)) continue;
      if (!admits.some((x) => samePartyKey(x) === samePartyKey(party))) admits.push(party);
    }
    c.analysis.admits = admits;
    c.analysis.public = admits.some((x) => x.kind === 'anyone');
  }
  return { statements: compiled.map((c) => c.analysis), options, compiled, denies: compiled.filter((c) => c.analysis.effect === 'Deny'), namedServices };
}

function samePartyKey(p: Party): string {
  return p.kind === 'anyone' ? `anyone:${p.via}` : p.kind === 'account' ? `account:${p.account}:${p.via}` : p.kind === 'org' ? `org:${p.org}` : `service:${p.service}`;
}

// ---------------------------------------------------------------------------------------------
// Actions

/** Which actions count: concrete names (`exact`), or IAM patterns meaning families such as `s3:Get*`; `undefined`: any. */
export type ActionQuery = readonly string[] | undefined;

const intersectCache = new Map<string, boolean>();
function intersects(a: string, b: string): boolean {
  const k = `${a}\u0000${b}`;
  let hit = intersectCache.get(k);
  if (hit === undefined) {
    hit = patternsIntersect(a, b);
    if (intersectCache.size > 50_000) intersectCache.clear();
    intersectCache.set(k, hit);
  }
  return hit;
}

/** The parts of `families` a statement's Action / NotAction can reach (patterns, or the families themselves for NotAction). */
function reached(c: Compiled, families: ActionQuery): string[] {
  const a = c.analysis;
  if (!a.notAction) {
    if (!families) return a.actions;
    return a.actions.filter((x) => families.some((f) => intersects(x, f)));
  }
  const fams = families ?? ['*'];
  return fams.filter((f) => !a.actions.some((e) => patternCovers(e, f)));
}

/** Whether a Deny statement takes the whole of `pattern` away (conservative: only full coverage counts). */
function denyCovers(d: Compiled, pattern: string): boolean {
  if (!d.analysis.notAction) return d.actionPatterns.some((x) => patternCovers(x, pattern));
  return !d.actionPatterns.some((x) => intersects(x, pattern));
}

export interface Grant {
  statement: StatementAnalysis;
  /** The Action patterns (or, for NotAction, the families) that outside callers reach after Deny statements. */
  actions: string[];
  /** Who reaches them. */
  parties: Party[];
}

/**
 * Allow statements that let callers from outside reach some of `families`, after Deny statements
 * that apply to those callers whatever they choose. `who: 'public'` keeps only strangers;
 * `'external'` also counts named untrusted accounts and organizations, and services named without a
 * source condition (they act for any account).
 */
export function outsideGrants(analysis: PolicyAnalysis, families: ActionQuery, who: 'public' | 'external' = 'public', exact = false): Grant[] {
  const out: Grant[] = [];
  for (const c of analysis.compiled) {
    const a = c.analysis;
    if (a.effect !== 'Allow' || a.admits.length === 0) continue;
    const candidates = exact && families ? families.filter((f) => inStatement(a, f)) : reached(c, families);
    if (candidates.length === 0) continue;
    const accounts = [...new Set(a.admits.flatMap((p) => (p.kind === 'account' ? [p.account] : [])))];
    const orgs = a.admits.flatMap((p) => (p.kind === 'org' ? [p.org] : []));
    const parties: Party[] = [];
    const actions = new Set<string>();
    for (const { profile, party } of profilesFor(c, accounts, orgs, analysis.namedServices)) {
      if (who === 'public' && party.kind !== 'anyone') continue;
      if (!a.admits.some((x) => samePartyKey(x) === samePartyKey(party))) continue;
      if (!principalCovers(c, profile, true) || !satisfiable(c.conditions, profile)) continue;
      const denies = analysis.denies.filter((d) => principalCovers(d, profile, false) && forced(d.conditions, profile));
      const left = denies.length === 0 ? candidates : candidates.filter((x) => !denies.some((d) => denyCovers(d, x)));
      if (left.length === 0) continue;
      for (const x of left) actions.add(x);
      if (!parties.some((x) => samePartyKey(x) === samePartyKey(party))) parties.push(party);
    }
    if (parties.length) out.push({ statement: a, actions: [...actions], parties });
  }
  return out;
}

const inStatement = (a: StatementAnalysis, action: string): boolean => (a.notAction ? !a.actions.some((e) => intersects(e, action)) : a.actions.some((e) => intersects(e, action)));

/** Concrete action names from `actions` that outside callers can perform (wildcards expanded against that set, Deny statements applied per action). */
export function outsideActions(analysis: PolicyAnalysis, actions: readonly string[], who: 'public' | 'external' = 'public'): string[] {
  const out = new Set<string>();
  for (const g of outsideGrants(analysis, actions, who, true)) for (const x of g.actions) out.add(x);
  return actions.filter((a) => out.has(a));
}
