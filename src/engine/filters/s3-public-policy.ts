import { z } from 'zod';
import type { Evidence } from '../../core/index.ts';
import type { PublicAccessBlock } from '../../resources/configs.ts';
import { tryParseCidr } from '../../core/cidr.ts';
import { patternCovers, patternsIntersect } from '../iam-action.ts';
import { known, NO_EVIDENCE } from '../read.ts';
import { oneOf, strictObject } from '../zod-helpers.ts';
import { defineMatcher } from './types.ts';

/** Action families that read a bucket or its objects. */
export const READ_ACTIONS: readonly string[] = ['s3:Get*', 's3:List*'];
/** Action families that change a bucket, its objects or its access control. */
export const WRITE_ACTIONS: readonly string[] = [
  's3:Put*',
  's3:Delete*',
  's3:Abort*',
  's3:Restore*',
  's3:Replicate*',
  's3:Bypass*',
  's3:ObjectOwnerOverrideToBucketOwner',
];

/**
 * Condition keys that limit who can use a statement (network origin, organization, account,
 * principal, calling service). A statement with `Principal: "*"` and one of these is not public.
 * Compared case-insensitively, as IAM does for condition keys.
 */
export const RESTRICTING_CONDITION_KEYS: readonly string[] = [
  'aws:SourceIp',
  'aws:VpcSourceIp',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:PrincipalServiceName',
  'aws:SourceArn',
  'aws:SourceAccount',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:SourceOwner',
  'aws:userid',
  'aws:username',
  's3:DataAccessPointAccount',
  's3:DataAccessPointArn',
];
const RESTRICTING = new Set(RESTRICTING_CONDITION_KEYS.map((k) => k.toLowerCase()));

const params = strictObject('matcher s3-public-policy', {
  matcher: z.literal('s3-public-policy'),
  access: oneOf(['read', 'write', 'any']).default('any'),
  respectBlockPublicAccess: z.boolean().default(true),
});

export type S3PublicPolicyParams = z.output<typeof params>;

type Statement = Record<string, unknown>;

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** `"*"`, `{"AWS": "*"}` or a list containing `"*"`: anyone, including anonymous callers. */
export function isAnyonePrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal && typeof principal === 'object' && !Array.isArray(principal)) {
    return asList((principal as Record<string, unknown>).AWS).includes('*');
  }
  return false;
}

/**
 * Whether a Condition block limits the statement to known parties. Negated operators
 * (`StringNotEquals`, `NotIpAddress` ...), `...IfExists` and `ForAllValues:` hold when the key is
 * absent or differs, so they let anyone else in; `IpAddress` with a /0 range limits nothing.
 */
export function isRestrictingCondition(condition: unknown): boolean {
  if (!condition || typeof condition !== 'object') return false;
  for (const [rawOperator, block] of Object.entries(condition as Record<string, unknown>)) {
    if (!block || typeof block !== 'object') continue;
    const operator = rawOperator.toLowerCase();
    const negated = /^(foranyvalue:|forallvalues:)?(stringnot|arnnot|notipaddress)/.test(operator);
    if (negated || operator.endsWith('ifexists') || operator.startsWith('forallvalues:')) continue;
    for (const [rawKey, value] of Object.entries(block as Record<string, unknown>)) {
      const key = rawKey.toLowerCase();
      if (!RESTRICTING.has(key)) continue;
      if (operator === 'null') {
        // `Null: {key: "false"}` requires the key to be present, which limits callers; "true" requires absence.
        if (asList(value).some((v) => String(v).toLowerCase() === 'false')) return true;
        continue;
      }
      // A wildcard value (`aws:PrincipalAccount: "*"`) matches every caller.
      if (asList(value).every((v) => v === '*')) continue;
      if ((key === 'aws:sourceip' || key === 'aws:vpcsourceip') && asList(value).some((v) => typeof v === 'string' && tryParseCidr(v)?.prefix === 0)) {
        continue;
      }
      return true;
    }
  }
  return false;
}

interface AnalyzedStatement {
  statement: Statement;
  /** Allows anyone (or everyone but some) without a restricting condition; the actions are checked per access. */
  public: boolean;
}

// The policies that read bucket policies run one after another on the same bucket, so remembering
// the last document parsed saves parsing it again for each of them.
let lastText: string | undefined;
let lastAnalysis: AnalyzedStatement[] = [];

/** Parses a bucket policy and decides, once per document, which statements are open to anyone. */
function analyze(text: string): AnalyzedStatement[] {
  if (text === lastText) return lastAnalysis;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`bucket policy is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (!doc || typeof doc !== 'object') throw new Error('bucket policy is not a JSON object');
  const statements = asList((doc as Record<string, unknown>).Statement).map((st, index) => {
    if (!st || typeof st !== 'object' || Array.isArray(st)) throw new Error(`bucket policy statement #${index} is not an object`);
    const statement = st as Statement;
    // Allow + NotPrincipal grants everyone except the listed principals.
    const anyone = isAnyonePrincipal(statement.Principal) || statement.NotPrincipal !== undefined;
    return { statement, public: statement.Effect === 'Allow' && anyone && !isRestrictingCondition(statement.Condition) };
  });
  lastText = text;
  lastAnalysis = statements;
  return statements;
}

/**
 * Bucket policy statements that allow anyone without a restricting condition, for the chosen
 * access. S3 refuses such access when RestrictPublicBuckets is on (bucket or account level).
 */
export const s3PublicPolicy = defineMatcher({
  name: 's3-public-policy',
  description: 'Bucket policy statements that Allow Principal "*" without a restricting Condition, for read, write or any actions.',
  resourceTypes: ['aws.s3.bucket'],
  params,
  reads: ['policy', 'publicAccessBlock', 'accountPublicAccessBlock'],
  permissions: ['s3:GetBucketPolicy', 's3:GetBucketPublicAccessBlock', 's3:GetAccountPublicAccessBlock'],
  create(p: S3PublicPolicyParams) {
    const families = p.access === 'read' ? READ_ACTIONS : p.access === 'write' ? WRITE_ACTIONS : undefined;
    // Statements repeat the same few actions across buckets; caching keeps glob intersection off the hot path.
    const grantsCache = new Map<string, boolean>();
    const grants = (action: string): boolean => {
      if (!families) return true;
      let hit = grantsCache.get(action);
      if (hit === undefined) {
        hit = families.some((f) => patternsIntersect(action, f));
        if (grantsCache.size > 10_000) grantsCache.clear();
        grantsCache.set(action, hit);
      }
      return hit;
    };
    const allowsAccess = (st: Statement): boolean => {
      if (st.Action !== undefined) return asList(st.Action).some((a) => typeof a === 'string' && grants(a));
      if (st.NotAction !== undefined) {
        // Allow + NotAction grants everything it does not list: public unless it excludes the whole access.
        if (!families) return true;
        const excluded = asList(st.NotAction).filter((a): a is string => typeof a === 'string');
        return !families.every((f) => excluded.some((e) => patternCovers(e, f)));
      }
      return false;
    };

    return (resource) => {
      const cfg = resource.config;
      if (p.respectBlockPublicAccess) {
        const pab = cfg.publicAccessBlock as PublicAccessBlock | null | undefined;
        const accountPab = cfg.accountPublicAccessBlock as PublicAccessBlock | null | undefined;
        if (pab?.restrictPublicBuckets === true || accountPab?.restrictPublicBuckets === true) return NO_EVIDENCE;
      }
      const text = known<string | null>(resource, 'policy');
      if (text === null) return NO_EVIDENCE;
      const statements = analyze(text);
      let out: Evidence[] | undefined;
      for (let index = 0; index < statements.length; index++) {
        const a = statements[index] as AnalyzedStatement;
        if (!a.public) continue;
        const statement = a.statement;
        if (!allowsAccess(statement)) continue;
        const sid = typeof statement.Sid === 'string' && statement.Sid !== '' ? statement.Sid : undefined;
        let id = sid !== undefined ? `statement:${sid}` : `statement:#${index}`;
        if (out?.some((e) => e.id === id)) id = `statement:#${index}`;
        (out ??= []).push({
          id,
          kind: 'policy-statement',
          summary: `${sid ?? `statement #${index}`} allows ${describeActions(statement)} to anyone`,
          data: { index, sid: sid ?? null, statement },
        });
      }
      if (!out) return NO_EVIDENCE;
      if (p.respectBlockPublicAccess) {
        known(resource, 'publicAccessBlock');
        known(resource, 'accountPublicAccessBlock');
      }
      return out;
    };
  },
});

function describeActions(st: Statement): string {
  if (st.Action !== undefined) return asList(st.Action).map(String).join(', ');
  return `all but ${asList(st.NotAction).map(String).join(', ')}`;
}
