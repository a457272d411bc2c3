import { z } from 'zod';
import type { Evidence } from '../../../core/finding.ts';
import type { Resource } from '../../../core/resource.ts';
import { defineAction, type AwsApi, type Plan, type RemediationAction } from '../../types.ts';
import { captureBucket, readAcl, readOwnership, readPolicy, readPublicAccessBlock } from './common.ts';
import { bpaDiff, bpaPlan, bpaRestored, bpaUndo, s3BlockPublicAccess, type BpaState } from './s3-block-public-access.ts';
import { s3RemovePublicAclGrants, type AclState } from './s3-remove-public-acl-grants.ts';
import { s3RemovePublicPolicyStatements, type PolicyState } from './s3-remove-public-policy-statements.ts';

/** The parts of a bucket that make it public: its ACL, its policy and its Block Public Access settings. */
export interface PublicAccessState {
  acl: AclState;
  policy: PolicyState;
  bpa: BpaState;
}

const params = z.strictObject({
  /** Also turn on bucket-level Block Public Access after removing the grants and statements (s3-block-public-access). */
  blockPublicAccess: z.boolean().default(false),
  /** Passed to s3-remove-public-policy-statements. */
  wholeStatement: z.boolean().default(false),
});
type Params = z.infer<typeof params>;

const acl = s3RemovePublicAclGrants as unknown as RemediationAction<AclState, Record<string, never>>;
const policy = s3RemovePublicPolicyStatements as unknown as RemediationAction<PolicyState, { wholeStatement: boolean }>;
const ALL_ON = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };

const ofKind = (evidence: readonly Evidence[], kind: string) => evidence.filter((e) => e.kind === kind);

function merge(...plans: Plan[]): Plan {
  return { calls: plans.flatMap((p) => p.calls), removes: plans.flatMap((p) => p.removes), keeps: plans.flatMap((p) => p.keeps), notes: plans.flatMap((p) => p.notes) };
}

async function readAll(api: AwsApi, bucket: string): Promise<PublicAccessState> {
  const [a, ownership, text, pab] = await Promise.all([readAcl(api, bucket), readOwnership(api, bucket), readPolicy(api, bucket), readPublicAccessBlock(api, bucket)]);
  return { acl: { ownership, acl: a, publicAccessBlock: pab }, policy: { policy: text, publicAccessBlock: pab }, bpa: { publicAccessBlock: pab } };
}

function expectedState(before: PublicAccessState, evidence: readonly Evidence[], p: Params): PublicAccessState {
  const bpa = p.blockPublicAccess ? s3BlockPublicAccess.expected(before.bpa, evidence, ALL_ON) as BpaState : before.bpa;
  return {
    acl: acl.expected(before.acl, ofKind(evidence, 'acl-grant'), {}),
    policy: policy.expected(before.policy, ofKind(evidence, 'policy-statement'), { wholeStatement: p.wholeStatement }),
    bpa,
  };
}

/**
 * s3-remove-public-access: what the S3 public-access policies name. Removes the public ACL grants
 * (s3-remove-public-acl-grants) and the public policy statements (s3-remove-public-policy-statements) named by the
 * evidence, and with `blockPublicAccess: true` then turns on bucket-level Block Public Access. Undo restores Block
 * Public Access first, because S3 refuses public ACLs and policies while it is on, then the grants, then the policy.
 */
export const s3RemovePublicAccess = defineAction<PublicAccessState, Params>({
  id: 's3-remove-public-access',
  title: 'Remove public ACL grants and public policy statements',
  description:
    'Both s3-remove-public-acl-grants (s3:PutBucketAcl without the public grants) and s3-remove-public-policy-statements (s3:PutBucketPolicy without the public statements, or s3:DeleteBucketPolicy when none is left), for the evidence of each kind; with blockPublicAccess: true, s3-block-public-access afterwards. Undo in reverse order: Block Public Access, then ACL, then policy.',
  resourceTypes: ['aws.s3.bucket'],
  evidenceKinds: ['acl-grant', 'policy-statement'],
  sdk: [...acl.sdk, ...policy.sdk, ...s3BlockPublicAccess.sdk],
  permissions: [...new Set([...acl.permissions, ...policy.permissions, ...s3BlockPublicAccess.permissions])],
  permissionsFor: (p) => [...new Set([...acl.permissions, ...policy.permissions, ...(p.blockPublicAccess ? s3BlockPublicAccess.permissions : [])])],
  params,
  reversible: true,

  fromResource(resource: Resource) {
    const a = acl.fromResource(resource);
    const p = policy.fromResource(resource);
    const b = s3BlockPublicAccess.fromResource(resource) as BpaState | undefined;
    if (!a || !p || !b) return undefined;
    return { acl: a, policy: p, bpa: b };
  },

  capture: (api, target) => captureBucket(() => readAll(api, target.id)),

  drift(current, evidence, reference) {
    const grants = ofKind(evidence, 'acl-grant');
    const statements = ofKind(evidence, 'policy-statement');
    return (grants.length ? acl.drift(current.acl, grants, reference?.acl) : undefined) ?? (statements.length ? policy.drift(current.policy, statements, reference?.policy) : undefined);
  },

  plan(current, evidence, p, target) {
    const grants = ofKind(evidence, 'acl-grant');
    const statements = ofKind(evidence, 'policy-statement');
    const parts: Plan[] = [];
    if (grants.length) parts.push(acl.plan(current.acl, grants, {}, target));
    if (statements.length) parts.push(policy.plan(current.policy, statements, { wholeStatement: p.wholeStatement }, target));
    if (p.blockPublicAccess) {
      const b = bpaPlan(current.bpa, ALL_ON, target.id);
      if (b.calls.length) b.notes.push('Block Public Access is turned on last, after the grants and statements are gone');
      parts.push(b);
    }
    return merge(...parts);
  },

  expected: expectedState,

  diff(actual, expected, opts) {
    return [...acl.diff(actual.acl, expected.acl, opts), ...policy.diff(actual.policy, expected.policy, opts), ...bpaDiff(actual.bpa, expected.bpa)];
  },

  pending(before, current, evidence, p) {
    const want = expectedState(before, evidence, p);
    return [
      ...(acl.diff(current.acl, want.acl).length ? ofKind(evidence, 'acl-grant') : []),
      ...(policy.diff(current.policy, want.policy).length ? ofKind(evidence, 'policy-statement') : []),
    ];
  },

  undo(before, after, current, target) {
    // Only what this change did to Block Public Access is undone (nothing, unless it was asked to turn it on).
    const b = bpaUndo(before.bpa, after.bpa, current.bpa, target.id);
    // The grants and statements go back after Block Public Access is as it was: plan them against that state.
    const pab = b.calls.length ? bpaRestored(before.bpa, after.bpa, current.bpa) : current.bpa.publicAccessBlock;
    const a = acl.undo!(before.acl, after.acl, { ...current.acl, publicAccessBlock: pab }, target);
    const pol = policy.undo!(before.policy, after.policy, { ...current.policy, publicAccessBlock: pab }, target);
    const plan = merge(b, a, pol);
    if (b.calls.length && (a.calls.length || pol.calls.length)) plan.notes.unshift('order matters: Block Public Access is restored first, because S3 refuses public ACLs and policies while it is on');
    return plan;
  },

  expectedUndo(before, after, current) {
    const bpa = { publicAccessBlock: bpaRestored(before.bpa, after.bpa, current.bpa) };
    return {
      acl: acl.expectedUndo!(before.acl, after.acl, current.acl),
      policy: policy.expectedUndo!(before.policy, after.policy, current.policy),
      bpa,
    };
  },
});
