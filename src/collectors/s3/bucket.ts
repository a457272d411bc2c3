import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketVersioningCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
  S3Client,
  type Grant,
  type LifecycleRule,
  type PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { mapLimit } from '../../aws/limiter.ts';
import { bucket, type PublicAccessBlock, type S3Acl, type S3BucketConfig, type S3Grant, type S3LifecycleRule } from '../../resources/aws/s3/bucket.ts';
import type { ReadErrors, Resource } from '../../core/resource.ts';
import { sharedRead } from '../memo.ts';
import { readDetail } from '../read.ts';
import { paginateGetResources, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { describeAwsError } from '../../aws/errors.ts';
import { tagsInBulk, type TagsByArn } from '../tagging.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope, type CollectContext, type ResourceNarrowing } from '../types.ts';

/** Block Public Access as the SDK returns it, normalized; `null` when not configured. */
export function normalizePublicAccessBlock(c: PublicAccessBlockConfiguration | undefined): PublicAccessBlock | null {
  if (!c) return null;
  return {
    blockPublicAcls: c.BlockPublicAcls === true,
    ignorePublicAcls: c.IgnorePublicAcls === true,
    blockPublicPolicy: c.BlockPublicPolicy === true,
    restrictPublicBuckets: c.RestrictPublicBuckets === true,
  };
}

/** One ACL grant as the SDK returns it, normalized; undefined when it lacks a grantee type or permission. */
export function normalizeGrant(g: Grant): S3Grant | undefined {
  if (!g.Grantee?.Type || !g.Permission) return undefined;
  const grantee: S3Grant['grantee'] = { type: g.Grantee.Type };
  if (g.Grantee.ID) grantee.id = g.Grantee.ID;
  if (g.Grantee.URI) grantee.uri = g.Grantee.URI;
  if (g.Grantee.DisplayName) grantee.displayName = g.Grantee.DisplayName;
  if (g.Grantee.EmailAddress) grantee.emailAddress = g.Grantee.EmailAddress;
  return { grantee, permission: g.Permission };
}

/** GetBucketLocation's empty constraint means us-east-1; `EU` is the legacy name of eu-west-1. */
export function locationToRegion(constraint: string | undefined | null): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

/** Lifecycle rules as the SDK returns them, normalized (shared with the directory bucket collector). */
export function normalizeLifecycleRules(rules: readonly LifecycleRule[] | undefined): S3LifecycleRule[] {
  return (rules ?? []).map((r) => ({
    id: r.ID ?? null,
    status: r.Status === 'Enabled' ? 'Enabled' : 'Disabled',
    prefix: r.Filter?.Prefix ?? r.Prefix ?? null,
    expirationDays: r.Expiration?.Days ?? null,
    expiration: !!(r.Expiration && (r.Expiration.Days !== undefined || r.Expiration.Date !== undefined || r.Expiration.ExpiredObjectDeleteMarker)),
    noncurrentVersionExpiration: !!(r.NoncurrentVersionExpiration && (r.NoncurrentVersionExpiration.NoncurrentDays !== undefined || r.NoncurrentVersionExpiration.NewerNoncurrentVersions !== undefined)),
    transitions: (r.Transitions ?? []).length + (r.NoncurrentVersionTransitions ?? []).length,
  }));
}

/** How a rule is named in evidence and lists: its ID, else its position. */
export function ruleName(r: S3LifecycleRule, i: number): string {
  return r.id ?? `#${i}`;
}

/**
 * The account-level Block Public Access, read once per scan and shared with the aws.s3.account collector.
 * The error (if any) is returned rather than recorded, so that each resource records it as its own.
 */
export function readAccountPublicAccessBlock(ctx: CollectContext): Promise<{ value: PublicAccessBlock | null | undefined; errors: ReadErrors }> {
  return sharedRead(ctx, 's3control:GetPublicAccessBlock', async () => {
    const errors: ReadErrors = {};
    const r = await readDetail(errors, 'accountPublicAccessBlock', () => ctx.client(S3ControlClient).send(new GetAccountPublicAccessBlockCommand({ AccountId: ctx.account.id })));
    return { value: r === undefined ? undefined : r === null ? null : normalizePublicAccessBlock(r.PublicAccessBlockConfiguration), errors };
  });
}

async function accountPublicAccessBlock(ctx: CollectContext, errors: ReadErrors): Promise<PublicAccessBlock | null | undefined> {
  const r = await readAccountPublicAccessBlock(ctx);
  Object.assign(errors, r.errors);
  return r.value;
}

/** Whether the scan's policies read `field` of the type (every field when the context does not say). */
function wants(ctx: CollectContext, field: string): boolean {
  return !ctx.fields || ctx.fields.has(field);
}

async function describeBucket(ctx: CollectContext, name: string, region: string, creationDate: Date | undefined, accountPab: PublicAccessBlock | null | undefined, accountErrors: ReadErrors, tagsOf: (region: string) => Promise<TagsByArn>): Promise<Resource<S3BucketConfig> | undefined> {
  const s3 = ctx.client(S3Client, region);
  const errors: ReadErrors = { ...accountErrors };
  const Bucket = name;
  const [acl, ownership, policy, status, block, encryption, tagged] = await Promise.all([
    readDetail(errors, 'acl', () => s3.send(new GetBucketAclCommand({ Bucket }))),
    readDetail(errors, 'ownership', () => s3.send(new GetBucketOwnershipControlsCommand({ Bucket }))),
    readDetail(errors, 'policy', () => s3.send(new GetBucketPolicyCommand({ Bucket }))),
    readDetail(errors, 'policyStatus', () => s3.send(new GetBucketPolicyStatusCommand({ Bucket }))),
    readDetail(errors, 'publicAccessBlock', () => s3.send(new GetPublicAccessBlockCommand({ Bucket }))),
    readDetail(errors, 'encryption', () => s3.send(new GetBucketEncryptionCommand({ Bucket }))),
    tagsOf(region),
  ]);
  // Read only for the policies that need them: four more calls per bucket otherwise.
  const [logging, notification, lifecycle, versioning] = await Promise.all([
    wants(ctx, 'logging') ? readDetail(errors, 'logging', () => s3.send(new GetBucketLoggingCommand({ Bucket }))) : undefined,
    wants(ctx, 'notificationDestinations') ? readDetail(errors, 'notificationDestinations', () => s3.send(new GetBucketNotificationConfigurationCommand({ Bucket }))) : undefined,
    wants(ctx, 'lifecycleRules') || wants(ctx, 'enabledLifecycleRules') ? readDetail(errors, 'lifecycleRules', () => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))) : undefined,
    wants(ctx, 'versioning') || wants(ctx, 'mfaDelete') ? readDetail(errors, 'versioning', () => s3.send(new GetBucketVersioningCommand({ Bucket }))) : undefined,
  ]);
  // GetBucketAcl answers for every existing bucket: not-found there means the bucket was deleted since the listing.
  if (acl === null) return undefined;
  const config: S3BucketConfig = { name, location: region };
  if (creationDate) config.creationDate = creationDate.toISOString();
  if (acl !== undefined && acl !== null) {
    const a: S3Acl = { owner: { id: acl.Owner?.ID ?? '' }, grants: (acl.Grants ?? []).map(normalizeGrant).filter((g): g is S3Grant => !!g) };
    if (acl.Owner?.DisplayName) a.owner.displayName = acl.Owner.DisplayName;
    config.acl = a;
    // Grants to the owner itself are how every ACL starts; anything else means ACLs still grant access.
    config.aclGrantsBeyondOwner = a.grants.filter((g) => !(g.grantee.type === 'CanonicalUser' && g.grantee.id === a.owner.id));
  }
  if (errors['acl']) errors['aclGrantsBeyondOwner'] = errors['acl'];
  if (logging !== undefined) {
    const le = logging?.LoggingEnabled;
    config.logging = le?.TargetBucket ? { targetBucket: le.TargetBucket, targetPrefix: le.TargetPrefix ?? '' } : null;
  }
  if (notification !== undefined) {
    const n = notification ?? undefined;
    config.notificationDestinations = [
      ...(n?.TopicConfigurations ?? []).map((t) => t.TopicArn ?? 'topic'),
      ...(n?.QueueConfigurations ?? []).map((q) => q.QueueArn ?? 'queue'),
      ...(n?.LambdaFunctionConfigurations ?? []).map((f) => f.LambdaFunctionArn ?? 'function'),
      ...(n?.EventBridgeConfiguration ? ['EventBridge'] : []),
    ];
  }
  if (lifecycle !== undefined) {
    const rules = lifecycle === null ? null : normalizeLifecycleRules(lifecycle.Rules);
    config.lifecycleRules = rules;
    config.enabledLifecycleRules = (rules ?? []).flatMap((r, i) => (r.status === 'Enabled' ? [ruleName(r, i)] : []));
  } else if (errors['lifecycleRules']) errors['enabledLifecycleRules'] = errors['lifecycleRules'];
  if (versioning !== undefined) {
    const st = versioning?.Status;
    const mfa = versioning?.MFADelete;
    config.versioning = st === 'Enabled' || st === 'Suspended' ? st : null;
    config.mfaDelete = mfa === 'Enabled' || mfa === 'Disabled' ? mfa : null;
  } else if (errors['versioning']) errors['mfaDelete'] = errors['versioning'];
  if (ownership !== undefined) {
    const rule = ownership?.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
    config.ownership = (rule as S3BucketConfig['ownership']) ?? null;
  }
  if (policy !== undefined) config.policy = policy === null ? null : (policy.Policy ?? null);
  if (status !== undefined) {
    config.policyStatus = status === null ? null : status.PolicyStatus ? (status.PolicyStatus.IsPublic === undefined ? {} : { isPublic: status.PolicyStatus.IsPublic }) : {};
  }
  if (block !== undefined) config.publicAccessBlock = block === null ? null : normalizePublicAccessBlock(block.PublicAccessBlockConfiguration);
  if (accountPab !== undefined) config.accountPublicAccessBlock = accountPab;
  if (encryption !== undefined) {
    config.encryption =
      encryption === null
        ? null
        : {
            rules: (encryption.ServerSideEncryptionConfiguration?.Rules ?? []).map((r) => {
              const d = r.ApplyServerSideEncryptionByDefault;
              const rule: { sseAlgorithm?: string; kmsMasterKeyId?: string; bucketKeyEnabled?: boolean } = {};
              if (d?.SSEAlgorithm) rule.sseAlgorithm = d.SSEAlgorithm;
              if (d?.KMSMasterKeyID) rule.kmsMasterKeyId = d.KMSMasterKeyID;
              if (r.BucketKeyEnabled !== undefined) rule.bucketKeyEnabled = r.BucketKeyEnabled;
              return rule;
            }),
          };
  }
  const arn = `arn:aws:s3:::${name}`;
  if (!tagged.ok) errors['tags'] = tagged.error;
  return envelope(ctx, bucket, { id: name, arn, region, tags: (tagged.ok && tagged.tags.get(arn)) || {}, config, readErrors: errors });
}

interface Listed {
  name: string;
  region?: string;
  created?: Date;
}

function listedOf(b: { Name?: string | undefined; BucketRegion?: string | undefined; CreationDate?: Date | undefined }): Listed | undefined {
  if (!b.Name) return undefined;
  const entry: Listed = { name: b.Name };
  if (b.BucketRegion) entry.region = b.BucketRegion;
  if (b.CreationDate) entry.created = b.CreationDate;
  return entry;
}

/**
 * The named buckets of the account (a re-read after an event), each with one ListBuckets call filtered by its name as
 * prefix: no sweep of the account's buckets, yet the answer says that the bucket is the account's, its region and its
 * creation date, as the full listing does. A bucket that is gone (or another account's) is not listed.
 */
async function listNamed(s3: S3Client, only: ResourceNarrowing): Promise<Listed[]> {
  const names = new Set([...(only.ids ?? []), ...(only.names ?? []), ...(only.arns ?? []).map((a) => a.replace(/^arn:aws[\w-]*:s3:::/, ''))]);
  const found = await mapLimit([...names], 8, async (name) => {
    for await (const page of paginateListBuckets({ client: s3, pageSize: 1000 }, { Prefix: name })) {
      const hit = (page.Buckets ?? []).find((b) => b.Name === name);
      if (hit) return listedOf(hit);
    }
    return undefined;
  });
  return found.filter((b) => b !== undefined);
}

/** The tags of the named buckets alone (GetResources by ARN, at most 100 per call), for a narrowed read. */
async function tagsOfArns(ctx: CollectContext, region: string, arns: readonly string[]): Promise<TagsByArn> {
  const client = ctx.client(ResourceGroupsTaggingAPIClient, region);
  const tags = new Map<string, Record<string, string>>();
  try {
    for (let i = 0; i < arns.length; i += 100) {
      for await (const page of paginateGetResources({ client }, { ResourceARNList: arns.slice(i, i + 100) })) {
        for (const m of page.ResourceTagMappingList ?? []) if (m.ResourceARN) tags.set(m.ResourceARN, tagsToMap(m.Tags));
      }
    }
  } catch (e) {
    return { ok: false, error: describeAwsError(e) };
  }
  return { ok: true, tags };
}

/**
 * `aws.s3.bucket`: every bucket of the account in the regions in scope, with ACL, ownership, policy, Block Public
 * Access and encryption. Narrowed (`ctx.only`), the named buckets alone (see listNamed).
 */
export const bucketCollector = defineCollector(
  bucket,
  async (ctx) => {
    const s3 = ctx.client(S3Client);
    const listed: Listed[] = [];
    if (ctx.only) listed.push(...(await listNamed(s3, ctx.only)));
    else {
      for await (const page of paginateListBuckets({ client: s3, pageSize: 1000 }, {})) {
        for (const b of page.Buckets ?? []) {
          const entry = listedOf(b);
          if (entry) listed.push(entry);
        }
      }
    }
    if (ctx.only && !listed.length) return [];
    const accountErrors: ReadErrors = {};
    const accountPab = await accountPublicAccessBlock(ctx, accountErrors);
    const inScope = new Set(ctx.regions);
    // One tag listing per region that has buckets, shared by its buckets (the Tagging API lists a bucket in its own
    // region); narrowed, the named buckets' tags only.
    const arns = ctx.only ? listed.map((b) => `arn:aws:s3:::${b.name}`) : undefined;
    const tagListings = new Map<string, Promise<TagsByArn>>();
    const tagsOf = (region: string) => {
      let p = tagListings.get(region);
      if (!p) tagListings.set(region, (p = arns ? tagsOfArns(ctx, region, arns) : tagsInBulk(ctx, region, 's3')));
      return p;
    };
    const results = await mapLimit(listed, 32, async (b) => {
      let region = b.region;
      if (!region) {
        const errors: ReadErrors = {};
        const loc = await readDetail(errors, 'location', () => s3.send(new GetBucketLocationCommand({ Bucket: b.name })));
        if (loc === null) return undefined; // deleted since the listing
        if (loc === undefined) {
          // Without its region nothing else about the bucket can be read: report it, with every policy in error.
          // `location` is unknown here, so the config holds only the name.
          return envelope(ctx, bucket, { id: b.name, arn: `arn:aws:s3:::${b.name}`, config: { name: b.name } as S3BucketConfig, readErrors: { ...errors, acl: errors['location']!, policy: errors['location']!, encryption: errors['location']! } });
        }
        region = locationToRegion(loc.LocationConstraint);
      }
      if (!inScope.has(region)) return undefined;
      return describeBucket(ctx, b.name, region, b.created, accountPab, accountErrors, tagsOf);
    });
    return results.filter((r) => r !== undefined);
  },
  { narrow: true },
);
