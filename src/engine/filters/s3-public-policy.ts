import { z } from 'zod';
import type { Evidence } from '../../core/index.ts';
import type { PublicAccessBlock } from '../../resources/configs.ts';
import { analyzeResourcePolicy, outsideGrants, PolicyDocumentError, type PolicyAnalysis } from '../resource-policy.ts';
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

const params = strictObject('matcher s3-public-policy', {
  matcher: z.literal('s3-public-policy'),
  access: oneOf(['read', 'write', 'any']).default('any'),
  respectBlockPublicAccess: z.boolean().default(true),
});

export type S3PublicPolicyParams = z.output<typeof params>;

/** `"*"`, `{"AWS": "*"}` or a list containing `"*"`: anyone, including anonymous callers. */
export function isAnyonePrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal && typeof principal === 'object' && !Array.isArray(principal)) {
    const aws = (principal as Record<string, unknown>).AWS;
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  }
  return false;
}

/** Whether a Condition block keeps strangers out of an Allow for anyone (the shared resource-policy analysis decides). */
export function isRestrictingCondition(condition: unknown): boolean {
  const doc = { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Condition: condition }] };
  return !analyzeResourcePolicy(doc, { account: '000000000000' }).statements[0]?.public;
}

// The policies that read bucket policies run one after another on the same bucket, so remembering
// the last document analysed saves parsing it again for each of them.
let lastKey: string | undefined;
let lastAnalysis: PolicyAnalysis | undefined;

function analyze(text: string, account: string): PolicyAnalysis {
  const key = `${account}\u0000${text}`;
  if (key === lastKey && lastAnalysis) return lastAnalysis;
  try {
    lastAnalysis = analyzeResourcePolicy(text, { account });
  } catch (e) {
    if (e instanceof PolicyDocumentError) throw new Error(`bucket ${e.message}`, { cause: e });
    throw e;
  }
  lastKey = key;
  return lastAnalysis;
}

/**
 * Bucket policy statements that let anyone in, for the chosen access, after Deny statements that
 * apply to everyone. S3 refuses such access when RestrictPublicBuckets is on (bucket or account level).
 */
export const s3PublicPolicy = defineMatcher({
  name: 's3-public-policy',
  description: 'Bucket policy statements that Allow anyone (Principal "*", NotPrincipal) without a condition that keeps strangers out, for read, write or any actions.',
  resourceTypes: ['aws.s3.bucket'],
  params,
  reads: ['policy', 'publicAccessBlock', 'accountPublicAccessBlock'],
  permissions: ['s3:GetBucketPolicy', 's3:GetBucketPublicAccessBlock', 's3:GetAccountPublicAccessBlock'],
  create(p: S3PublicPolicyParams) {
    const families = p.access === 'read' ? READ_ACTIONS : p.access === 'write' ? WRITE_ACTIONS : undefined;
    return (resource) => {
      const cfg = resource.config;
      if (p.respectBlockPublicAccess) {
        const pab = cfg.publicAccessBlock as PublicAccessBlock | null | undefined;
        const accountPab = cfg.accountPublicAccessBlock as PublicAccessBlock | null | undefined;
        if (pab?.restrictPublicBuckets === true || accountPab?.restrictPublicBuckets === true) return NO_EVIDENCE;
      }
      const text = known<string | null>(resource, 'policy');
      if (text === null) return NO_EVIDENCE;
      const grants = outsideGrants(analyze(text, resource.account), families, 'public');
      if (grants.length === 0) return NO_EVIDENCE;
      if (p.respectBlockPublicAccess) {
        known(resource, 'publicAccessBlock');
        known(resource, 'accountPublicAccessBlock');
      }
      return grants.map((g): Evidence => {
        const { index, sid, statement } = g.statement;
        return {
          id: g.statement.evidenceId,
          kind: 'policy-statement',
          summary: `${sid ?? `statement #${index}`} allows ${describeActions(g.statement.actions, g.statement.notAction)} to anyone`,
          data: { index, sid, statement },
        };
      });
    };
  },
});

function describeActions(actions: readonly string[], not: boolean): string {
  return not ? `all but ${actions.join(', ')}` : actions.join(', ');
}
