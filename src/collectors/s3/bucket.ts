import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
  S3Client,
  type Grant,
  type PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { mapLimit } from '../../aws/limiter.ts';
import { bucket, type PublicAccessBlock, type S3Acl, type S3BucketConfig, type S3Grant } from '../../resources/aws/s3/bucket.ts';
import type { ReadErrors, Resource } from '../../core/resource.ts';
import { readDetail } from '../read.ts';
import { tagsInBulk, type TagsByArn } from '../tagging.ts';
import { defineCollector, envelope, type CollectContext } from '../types.ts';

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

async function accountPublicAccessBlock(ctx: CollectContext, errors: ReadErrors): Promise<PublicAccessBlock | null | undefined> {
  const r = await readDetail(errors, 'accountPublicAccessBlock', () => ctx.client(S3ControlClient).send(new GetAccountPublicAccessBlockCommand({ AccountId: ctx.account.id })));
  return r === undefined ? undefined : r === null ? null : normalizePublicAccessBlock(r.PublicAccessBlockConfiguration);
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
  // GetBucketAcl answers for every existing bucket: not-found there means the bucket was deleted since the listing.
  if (acl === null) return undefined;
  const config: S3BucketConfig = { name, location: region };
  if (creationDate) config.creationDate = creationDate.toISOString();
  if (acl !== undefined && acl !== null) {
    const a: S3Acl = { owner: { id: acl.Owner?.ID ?? '' }, grants: (acl.Grants ?? []).map(normalizeGrant).filter((g): g is S3Grant => !!g) };
    if (acl.Owner?.DisplayName) a.owner.displayName = acl.Owner.DisplayName;
    config.acl = a;
  }
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

/** `aws.s3.bucket`: every bucket of the account in the regions in scope, with ACL, ownership, policy, Block Public Access and encryption. */
export const bucketCollector = defineCollector(bucket, async (ctx) => {
    const s3 = ctx.client(S3Client);
    const listed: { name: string; region?: string; created?: Date }[] = [];
    for await (const page of paginateListBuckets({ client: s3, pageSize: 1000 }, {})) {
      for (const b of page.Buckets ?? []) {
        if (!b.Name) continue;
        const entry: { name: string; region?: string; created?: Date } = { name: b.Name };
        if (b.BucketRegion) entry.region = b.BucketRegion;
        if (b.CreationDate) entry.created = b.CreationDate;
        listed.push(entry);
      }
    }
    const accountErrors: ReadErrors = {};
    const accountPab = await accountPublicAccessBlock(ctx, accountErrors);
    const inScope = new Set(ctx.regions);
    // One tag listing per region that has buckets, shared by its buckets (the Tagging API lists a bucket in its own region).
    const tagListings = new Map<string, Promise<TagsByArn>>();
    const tagsOf = (region: string) => {
      let p = tagListings.get(region);
      if (!p) tagListings.set(region, (p = tagsInBulk(ctx, region, 's3')));
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
});
