/** Reads shared by the S3 actions: each returns the collector's normalized shape, `null` for "not configured". */
import type { Grant, PublicAccessBlockConfiguration, ServerSideEncryptionRule } from '@aws-sdk/client-s3';
import { S3Client } from '@aws-sdk/client-s3';
import { classifyAwsError } from '../../../aws/errors.ts';
import { normalizeGrant, normalizePublicAccessBlock } from '../../../collectors/s3/bucket.ts';
import type { PublicAccessBlock, S3Acl, S3EncryptionRule, S3Grant } from '../../../resources/configs.ts';
import { globalGroupName } from '../../../engine/filters/s3-public-acl.ts';
import { canonical } from '../../compare.ts';
import { sdk, type CommandCtor, type SdkUse } from '../../kit/sdk.ts';
import type { AwsApi } from '../../types.ts';

/** S3 operations whose IAM action has another name. */
const S3_PERMISSIONS: Record<string, string> = {
  GetBucketEncryption: 's3:GetEncryptionConfiguration',
  PutBucketEncryption: 's3:PutEncryptionConfiguration',
  GetPublicAccessBlock: 's3:GetBucketPublicAccessBlock',
  PutPublicAccessBlock: 's3:PutBucketPublicAccessBlock',
  DeletePublicAccessBlock: 's3:PutBucketPublicAccessBlock',
};

/** The S3 client with these commands, IAM names mapped. */
export function s3Sdk(commands: Record<`${string}Command`, CommandCtor>): SdkUse {
  const ops = Object.keys(commands).map((k) => k.replace(/Command$/, ''));
  return sdk(S3Client, commands, { permissions: Object.fromEntries(ops.filter((o) => S3_PERMISSIONS[o]).map((o) => [o, S3_PERMISSIONS[o]!])) });
}

/** Thrown when the bucket itself is gone: capture turns it into `null`. */
export class BucketGone extends Error {}

/** Call, mapping "not configured" errors to `null` and a missing bucket to BucketGone. */
export async function optional<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (e) {
    const c = classifyAwsError(e);
    if (c.code === 'NoSuchBucket') throw new BucketGone(c.message);
    if (c.kind === 'not-found') return null;
    throw e;
  }
}

/** Run a capture; a bucket that no longer exists is `null`. */
export async function captureBucket<S>(fn: () => Promise<S>): Promise<S | null> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof BucketGone) return null;
    throw e;
  }
}

export async function readAcl(api: AwsApi, bucket: string): Promise<S3Acl> {
  const r = await optional(() => api.call('s3', 'GetBucketAcl', { Bucket: bucket }));
  if (r === null) throw new BucketGone(bucket);
  const owner = r['Owner'] as { ID?: string; DisplayName?: string } | undefined;
  const acl: S3Acl = { owner: { id: owner?.ID ?? '' }, grants: ((r['Grants'] as Grant[] | undefined) ?? []).map(normalizeGrant).filter((g): g is S3Grant => !!g) };
  if (owner?.DisplayName) acl.owner.displayName = owner.DisplayName;
  return acl;
}

export async function readOwnership(api: AwsApi, bucket: string): Promise<string | null> {
  const r = await optional(() => api.call('s3', 'GetBucketOwnershipControls', { Bucket: bucket }));
  const rules = (r?.['OwnershipControls'] as { Rules?: { ObjectOwnership?: string }[] } | undefined)?.Rules;
  return rules?.[0]?.ObjectOwnership ?? null;
}

/** Block Public Access normalized the way the collector does it. */
export const pab = normalizePublicAccessBlock;

export async function readPublicAccessBlock(api: AwsApi, bucket: string): Promise<PublicAccessBlock | null> {
  const r = await optional(() => api.call('s3', 'GetPublicAccessBlock', { Bucket: bucket }));
  return r === null ? null : pab(r['PublicAccessBlockConfiguration'] as PublicAccessBlockConfiguration | undefined);
}

export async function readPolicy(api: AwsApi, bucket: string): Promise<string | null> {
  const r = await optional(() => api.call('s3', 'GetBucketPolicy', { Bucket: bucket }));
  return r === null ? null : ((r['Policy'] as string | undefined) ?? null);
}

export async function readEncryption(api: AwsApi, bucket: string): Promise<{ rules: S3EncryptionRule[] } | null> {
  const r = await optional(() => api.call('s3', 'GetBucketEncryption', { Bucket: bucket }));
  if (r === null) return null;
  const rules = ((r['ServerSideEncryptionConfiguration'] as { Rules?: ServerSideEncryptionRule[] } | undefined)?.Rules ?? []).map((x) => {
    const d = x.ApplyServerSideEncryptionByDefault;
    const rule: S3EncryptionRule = {};
    if (d?.SSEAlgorithm) rule.sseAlgorithm = d.SSEAlgorithm;
    if (d?.KMSMasterKeyID) rule.kmsMasterKeyId = d.KMSMasterKeyID;
    if (x.BucketKeyEnabled !== undefined) rule.bucketKeyEnabled = x.BucketKeyEnabled;
    return rule;
  });
  return { rules };
}

/** The SDK shape of a Block Public Access configuration. */
export function toPabConfig(p: PublicAccessBlock): Record<string, boolean> {
  return { BlockPublicAcls: p.blockPublicAcls, IgnorePublicAcls: p.ignorePublicAcls, BlockPublicPolicy: p.blockPublicPolicy, RestrictPublicBuckets: p.restrictPublicBuckets };
}

/** A grant's identity for comparisons: grantee (without the display name, which S3 does not always return) and permission. */
export function grantKey(g: S3Grant): string {
  const group = globalGroupName(g.grantee.uri);
  return canonical({ type: g.grantee.type, id: g.grantee.id, uri: group !== undefined ? `global/${group}` : g.grantee.uri, email: g.grantee.emailAddress, permission: g.permission });
}

/** `FULL_CONTROL to owner 79a59d…`, `READ to AllUsers`. */
export function grantLine(g: S3Grant, ownerId?: string): string {
  const t = g.grantee;
  const who =
    t.type === 'Group'
      ? (globalGroupName(t.uri) ?? t.uri ?? 'group')
      : t.type === 'CanonicalUser'
        ? `${t.id === ownerId ? 'owner ' : 'canonical user '}${t.displayName ?? (t.id ?? '').slice(0, 12) + '…'}`
        : (t.emailAddress ?? 'email grantee');
  return `${g.permission} to ${who}`;
}
