import { GetBucketAclCommand, GetBucketOwnershipControlsCommand, GetPublicAccessBlockCommand, PutBucketAclCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import type { PublicAccessBlock, S3Acl, S3BucketConfig, S3Grant } from '../../../resources/configs.ts';
import type { Evidence } from '../../../core/finding.ts';
import { globalGroupName } from '../../../engine/filters/s3-public-acl.ts';
import { bagMinus, sameBag } from '../../compare.ts';
import { defineAction, type ApiCall, type Plan } from '../../types.ts';
import { captureBucket, s3Sdk, grantKey, grantLine, readAcl, readOwnership, readPublicAccessBlock } from './common.ts';

/** The bucket's ACL and what decides whether S3 applies it. `publicAccessBlock` is context for notes, not compared. */
export interface AclState {
  ownership: string | null;
  acl: S3Acl;
  publicAccessBlock: PublicAccessBlock | null;
}

const params = z.strictObject({});

/** `grant:AllUsers:READ` evidence → (group, permission). */
function evidenceGrants(evidence: readonly Evidence[]): { group: string; permission: string }[] {
  const out: { group: string; permission: string }[] = [];
  for (const e of evidence) {
    if (e.kind !== 'acl-grant') continue;
    const g = e.data as unknown as S3Grant;
    const group = globalGroupName(g.grantee?.uri) ?? /^grant:([^:]+):/.exec(e.id)?.[1];
    if (group) out.push({ group, permission: g.permission ?? e.id.split(':')[2] ?? '' });
  }
  return out;
}

function isEvidenceGrant(g: S3Grant, wanted: readonly { group: string; permission: string }[]): boolean {
  if (g.grantee.type !== 'Group') return false;
  const group = globalGroupName(g.grantee.uri);
  return wanted.some((w) => w.group === group && w.permission === g.permission);
}

/** The SDK shape of an ACL for PutBucketAcl (display names are output-only). */
export function toAccessControlPolicy(acl: S3Acl): Record<string, unknown> {
  return {
    Owner: { ID: acl.owner.id },
    Grants: acl.grants.map((g) => ({
      Grantee: {
        Type: g.grantee.type,
        ...(g.grantee.id ? { ID: g.grantee.id } : {}),
        ...(g.grantee.uri ? { URI: g.grantee.uri } : {}),
        ...(g.grantee.emailAddress ? { EmailAddress: g.grantee.emailAddress } : {}),
      },
      Permission: g.permission,
    })),
  };
}

function aclDiff(actual: AclState, expected: AclState): string[] {
  const out: string[] = [];
  if (actual.ownership !== expected.ownership) out.push(`object ownership is ${actual.ownership ?? 'not set'}, expected ${expected.ownership ?? 'not set'}`);
  if (actual.acl.owner.id !== expected.acl.owner.id) out.push('the ACL owner changed');
  if (!sameBag(actual.acl.grants, expected.acl.grants, grantKey)) {
    for (const g of bagMinus(expected.acl.grants, actual.acl.grants, grantKey)) out.push(`grant missing: ${grantLine(g, expected.acl.owner.id)}`);
    for (const g of bagMinus(actual.acl.grants, expected.acl.grants, grantKey)) out.push(`grant not expected: ${grantLine(g, expected.acl.owner.id)}`);
  }
  return out;
}

export async function readAclState(api: Parameters<typeof readAcl>[0], bucket: string): Promise<AclState> {
  const [acl, ownership, publicAccessBlock] = await Promise.all([readAcl(api, bucket), readOwnership(api, bucket), readPublicAccessBlock(api, bucket)]);
  return { ownership, acl, publicAccessBlock };
}

/**
 * s3-remove-public-acl-grants: rewrites the bucket ACL without the evidence grants to AllUsers / AuthenticatedUsers,
 * with the same owner and every other grant (PutBucketAcl replaces the whole ACL, so the plan sends all of it).
 * When object ownership is BucketOwnerEnforced, S3 ignores ACLs: nothing to change. Undo puts the grants back.
 */
export const s3RemovePublicAclGrants = defineAction<AclState, z.infer<typeof params>>({
  id: 's3-remove-public-acl-grants',
  title: 'Remove the public ACL grants',
  description:
    's3:PutBucketAcl with the full ACL rewritten without the AllUsers/AuthenticatedUsers grants named by the evidence; the owner and every other grant stay. No change when ACLs are disabled (BucketOwnerEnforced). Undo: s3:PutBucketAcl with those grants added back.',
  resourceTypes: ['aws.s3.bucket'],
  evidenceKinds: ['acl-grant'],
  sdk: [s3Sdk({ GetBucketAclCommand, GetBucketOwnershipControlsCommand, GetPublicAccessBlockCommand, PutBucketAclCommand })],
  permissions: ['s3:GetBucketAcl', 's3:GetBucketOwnershipControls', 's3:GetBucketPublicAccessBlock', 's3:PutBucketAcl'],
  params,
  reversible: true,

  fromResource(resource) {
    const c = resource.config as Partial<S3BucketConfig>;
    if (!c.acl || c.ownership === undefined) return undefined;
    return { ownership: c.ownership, acl: c.acl, publicAccessBlock: c.publicAccessBlock ?? null };
  },

  capture: (api, target) => captureBucket(() => readAclState(api, target.id)),

  drift(current, evidence, reference) {
    if (current.ownership === 'BucketOwnerEnforced') return undefined;
    for (const w of evidenceGrants(evidence)) {
      if (!current.acl.grants.some((g) => isEvidenceGrant(g, [w]))) return `the ACL no longer grants ${w.permission} to ${w.group}`;
    }
    // PutBucketAcl replaces the whole ACL: any other change since the plan was made would be overwritten.
    if (reference && aclDiff(current, { ...reference, publicAccessBlock: current.publicAccessBlock }).length) return 'the bucket ACL changed since the scan';
    return undefined;
  },

  plan(current, evidence, _params, target): Plan {
    if (current.ownership === 'BucketOwnerEnforced') {
      return { calls: [], removes: [], keeps: current.acl.grants.map((g) => grantLine(g, current.acl.owner.id)), notes: ['ACLs are disabled (object ownership BucketOwnerEnforced): S3 ignores the grants, no ACL change is needed'] };
    }
    const wanted = evidenceGrants(evidence);
    const removed = current.acl.grants.filter((g) => isEvidenceGrant(g, wanted));
    const kept = current.acl.grants.filter((g) => !isEvidenceGrant(g, wanted));
    const calls: ApiCall[] = removed.length
      ? [{ service: 's3', operation: 'PutBucketAcl', params: { Bucket: target.id, AccessControlPolicy: toAccessControlPolicy({ owner: current.acl.owner, grants: kept }) }, purpose: `rewrite the ACL without ${removed.length} public grant${removed.length === 1 ? '' : 's'}` }]
      : [];
    return {
      calls,
      removes: removed.map((g) => grantLine(g, current.acl.owner.id)),
      keeps: [`owner ${current.acl.owner.displayName ?? current.acl.owner.id}`, ...kept.map((g) => grantLine(g, current.acl.owner.id))],
      notes: [],
    };
  },

  expected(before, evidence) {
    if (before.ownership === 'BucketOwnerEnforced') return before;
    const wanted = evidenceGrants(evidence);
    return { ...before, acl: { owner: before.acl.owner, grants: before.acl.grants.filter((g) => !isEvidenceGrant(g, wanted)) } };
  },

  diff: aclDiff,

  undo(before, after, current, target) {
    const removed = bagMinus(before.acl.grants, after.acl.grants, grantKey);
    const missing = bagMinus(removed, current.acl.grants, grantKey);
    const notes: string[] = [];
    if (current.publicAccessBlock?.blockPublicAcls) {
      notes.push('BlockPublicAcls is on for the bucket and S3 refuses public ACLs while it is: restore Block Public Access first (undo that change first), or the call fails');
    }
    if (current.ownership === 'BucketOwnerEnforced') notes.push('object ownership is now BucketOwnerEnforced: S3 refuses ACLs with grants to others');
    const grants = [...current.acl.grants, ...missing];
    return {
      calls: missing.length ? [{ service: 's3', operation: 'PutBucketAcl', params: { Bucket: target.id, AccessControlPolicy: toAccessControlPolicy({ owner: current.acl.owner, grants }) }, purpose: `put back ${missing.length} removed grant${missing.length === 1 ? '' : 's'}` }] : [],
      removes: [],
      keeps: current.acl.grants.map((g) => grantLine(g, current.acl.owner.id)),
      notes: [...missing.map((g) => `restores ${grantLine(g)}`), ...notes],
    };
  },

  expectedUndo(before, after, current) {
    const removed = bagMinus(before.acl.grants, after.acl.grants, grantKey);
    return { ...current, acl: { owner: current.acl.owner, grants: [...current.acl.grants, ...bagMinus(removed, current.acl.grants, grantKey)] } };
  },
});
