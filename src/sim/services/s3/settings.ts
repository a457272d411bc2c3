import type { World } from '../../world.ts';
import {
  accountState,
  canonicalUserId,
  getBucket,
  LOG_DELIVERY,
  normalizePab,
  ownedBucket,
  S3Error,
  type BucketLogging,
  type LifecycleRule,
  type NotificationConfig,
  type PublicAccessBlock,
  type S3AccessPoint,
  type S3DirectoryBucket,
  type S3MultiRegionAccessPoint,
} from './model.ts';

/**
 * Bucket settings beyond access control (server access logging, event notifications, lifecycle,
 * versioning) and the S3 Control / S3 Express resources (access points, Multi-Region Access Points,
 * directory buckets), with the validation S3 documents for the writes the endpoint serves.
 */

function malformed(): S3Error {
  return new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
}

function invalidTarget(message: string, target: string): S3Error {
  return new S3Error('InvalidTargetBucketForLogging', message, 400, { TargetBucket: target });
}

/**
 * Turn server access logging on (or with `null` off). As S3 does, the target bucket must exist, belong
 * to the same account and Region, and, where it still uses ACLs (not BucketOwnerEnforced), grant the
 * log delivery group WRITE and READ_ACP.
 */
export function putBucketLogging(world: World, account: string, name: string, logging: BucketLogging | null): void {
  const b = ownedBucket(world, account, name);
  if (logging === null) {
    delete b.logging;
    return;
  }
  const target = getBucket(world, logging.TargetBucket);
  if (!target) throw invalidTarget('The target bucket for logging does not exist', logging.TargetBucket);
  if (target.owner !== b.owner) throw invalidTarget('The owner for the bucket to be logged and the target bucket must be the same.', logging.TargetBucket);
  if (target.region !== b.region) throw invalidTarget('Cross S3 location logging not allowed. ', logging.TargetBucket);
  if (target.ownership !== 'BucketOwnerEnforced') {
    const grants = target.grants ?? [];
    const has = (p: string) => grants.some((g) => g.Grantee.Type === 'Group' && g.Grantee.URI === LOG_DELIVERY && (g.Permission === p || g.Permission === 'FULL_CONTROL'));
    if (!has('WRITE') || !has('READ_ACP')) throw invalidTarget('You must give the log-delivery group WRITE and READ_ACP permissions to the target bucket', logging.TargetBucket);
  }
  b.logging = { TargetBucket: logging.TargetBucket, TargetPrefix: logging.TargetPrefix };
}

/** Replace the event notification configuration (an empty one removes it). */
export function putBucketNotification(world: World, account: string, name: string, config: NotificationConfig): void {
  const b = ownedBucket(world, account, name);
  const empty = !config.topics?.length && !config.queues?.length && !config.lambdaFunctions?.length && !config.eventBridge;
  for (const t of [...(config.topics ?? []), ...(config.queues ?? []), ...(config.lambdaFunctions ?? [])]) {
    if (!t.Arn.startsWith('arn:') || t.Events.length === 0) throw new S3Error('InvalidArgument', 'Unable to validate the following destination configurations', 400, { ArgumentName: t.Arn });
  }
  if (empty) delete b.notification;
  else b.notification = structuredClone(config);
}

/** Validate lifecycle rules as S3 does: 1 to 1000 rules, unique IDs up to 255 characters, each with an action. */
export function validateLifecycle(rules: readonly LifecycleRule[]): void {
  if (rules.length === 0 || rules.length > 1000) throw malformed();
  const ids = new Set<string>();
  for (const r of rules) {
    if (r.Status !== 'Enabled' && r.Status !== 'Disabled') throw malformed();
    if (r.ID !== undefined) {
      if (r.ID.length > 255) throw new S3Error('InvalidArgument', 'ID length should not exceed allowed limit of 255', 400, { ArgumentName: 'ID', ArgumentValue: r.ID });
      if (ids.has(r.ID)) throw new S3Error('InvalidArgument', 'Rule ID must be unique. Found same ID for more than one rule', 400, { ArgumentName: 'ID', ArgumentValue: r.ID });
      ids.add(r.ID);
    }
    if (!r.Expiration && !r.NoncurrentVersionExpiration && !r.Transitions?.length && !r.AbortIncompleteMultipartUpload) {
      throw new S3Error('InvalidRequest', 'At least one action needs to be specified in a rule', 400);
    }
    if (r.Expiration?.Days !== undefined && (!Number.isInteger(r.Expiration.Days) || r.Expiration.Days <= 0)) {
      throw new S3Error('InvalidArgument', "'Days' for Expiration action must be a positive integer", 400);
    }
  }
}

/** Set (or with `null` delete) a bucket's lifecycle rules. */
export function putBucketLifecycle(world: World, account: string, name: string, rules: LifecycleRule[] | null): void {
  const b = ownedBucket(world, account, name);
  if (rules === null) {
    delete b.lifecycle;
    return;
  }
  validateLifecycle(rules);
  b.lifecycle = structuredClone(rules);
}

/**
 * Set versioning (and MFA Delete). Versioning, once enabled, can only be suspended; changing MFA Delete
 * needs the root user's MFA (`mfa`: whether the request carried `x-amz-mfa`), unless forced (estates).
 */
export function putBucketVersioning(world: World, account: string, name: string, status: 'Enabled' | 'Suspended' | undefined, mfaDelete: 'Enabled' | 'Disabled' | undefined, opts: { mfa?: boolean; force?: boolean } = {}): void {
  const b = ownedBucket(world, account, name);
  if (mfaDelete !== undefined && mfaDelete !== b.mfaDelete && !opts.mfa && !opts.force) {
    throw new S3Error('AccessDenied', 'Mfa Authentication must be used for this request', 403);
  }
  if (status !== undefined) b.versioning = status;
  if (mfaDelete !== undefined) {
    if (mfaDelete === 'Enabled' && (status ?? b.versioning) !== 'Enabled') throw new S3Error('InvalidRequest', 'MFA Delete can only be enabled on a bucket with versioning enabled', 400);
    b.mfaDelete = mfaDelete;
  }
}

// ---------------------------------------------------------------------------------------------
// Access points, Multi-Region Access Points, directory buckets

const AP_NAME = /^[a-z0-9]([a-z0-9-]{1,48}[a-z0-9])$/;

export function listAccessPoints(world: World, account: string, region: string, bucket?: string): S3AccessPoint[] {
  return (accountState(world, account).accessPoints ?? [])
    .filter((a) => a.region === region && (bucket === undefined || a.bucket === bucket))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Create an access point on one of the account's buckets, in the bucket's Region (Block Public Access defaults to all on). */
export function createAccessPoint(world: World, account: string, input: { name: string; bucket: string; vpcId?: string; publicAccessBlock?: Partial<PublicAccessBlock>; creationDate?: string }): S3AccessPoint {
  if (!AP_NAME.test(input.name)) throw new S3Error('InvalidURI', `Invalid access point name: ${input.name}`, 400);
  const b = getBucket(world, input.bucket);
  if (!b) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: input.bucket });
  const s = accountState(world, account);
  const aps = (s.accessPoints ??= []);
  if (aps.some((a) => a.name === input.name && a.region === b.region)) throw new S3Error('AccessPointAlreadyOwnedByYou', 'Your previous request to create the named accesspoint succeeded and you already own it.', 409);
  const ap: S3AccessPoint = {
    name: input.name,
    region: b.region,
    bucket: b.name,
    networkOrigin: input.vpcId ? 'VPC' : 'Internet',
    publicAccessBlock: normalizePab({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true, ...(input.publicAccessBlock ?? {}) }),
    creationDate: input.creationDate ?? '2024-06-01T10:00:00.000Z',
  };
  if (input.vpcId) ap.vpcId = input.vpcId;
  aps.push(ap);
  return ap;
}

export function getAccessPoint(world: World, account: string, region: string, name: string): S3AccessPoint {
  const ap = (accountState(world, account).accessPoints ?? []).find((a) => a.name === name && a.region === region);
  if (!ap) throw new S3Error('NoSuchAccessPoint', 'The specified accesspoint does not exist', 404, { AccessPointName: name });
  return ap;
}

/** The access point's alias: stable, `<name>-<hash>-s3alias`. */
export function accessPointAlias(account: string, ap: { name: string; region: string }): string {
  return `${ap.name}-${canonicalUserId(`${account}:${ap.region}:${ap.name}`).slice(0, 34)}-s3alias`;
}

/** The alias AWS gives a Multi-Region Access Point (`<13 characters>.mrap`): stable here, from the account and name. */
export function multiRegionAccessPointAlias(account: string, name: string): string {
  return `m${canonicalUserId(`${account}:mrap:${name}`).slice(0, 12)}.mrap`;
}

export function listMultiRegionAccessPoints(world: World, account: string): S3MultiRegionAccessPoint[] {
  return [...(accountState(world, account).multiRegionAccessPoints ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Create a Multi-Region Access Point over buckets of the account (Block Public Access defaults to all on and cannot change later). */
export function createMultiRegionAccessPoint(world: World, account: string, input: { name: string; buckets: string[]; publicAccessBlock?: Partial<PublicAccessBlock>; createdAt?: string }): S3MultiRegionAccessPoint {
  if (!/^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$/.test(input.name)) throw new S3Error('InvalidRequest', `Invalid Multi-Region Access Point name: ${input.name}`, 400);
  if (input.buckets.length === 0 || input.buckets.length > 17) throw new S3Error('InvalidRequest', 'A Multi-Region Access Point needs 1 to 17 buckets', 400);
  const s = accountState(world, account);
  const list = (s.multiRegionAccessPoints ??= []);
  if (list.some((m) => m.name === input.name)) throw new S3Error('MultiRegionAccessPointAlreadyOwnedByYou', 'The Multi-Region Access Point already exists and is owned by you.', 409);
  const regions = input.buckets.map((name) => {
    const b = getBucket(world, name);
    if (!b) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: name });
    return { bucket: b.name, region: b.region, bucketAccountId: b.owner };
  });
  const m: S3MultiRegionAccessPoint = {
    name: input.name,
    alias: multiRegionAccessPointAlias(account, input.name),
    createdAt: input.createdAt ?? '2024-06-01T10:00:00.000Z',
    status: 'READY',
    publicAccessBlock: normalizePab({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true, ...(input.publicAccessBlock ?? {}) }),
    regions,
  };
  list.push(m);
  return m;
}

/** Whether a name is a directory bucket name: `<base>--<zone id>--x-s3`. */
export function isDirectoryBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9-]{1,46}--[a-z0-9]+-az\d+--x-s3$/.test(name);
}

export function listDirectoryBuckets(world: World, account: string, region: string): S3DirectoryBucket[] {
  return (accountState(world, account).directoryBuckets ?? []).filter((d) => d.region === region).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function createDirectoryBucket(world: World, account: string, input: { name: string; region: string; lifecycle?: LifecycleRule[]; creationDate?: string }): S3DirectoryBucket {
  if (!isDirectoryBucketName(input.name)) throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: input.name });
  const s = accountState(world, account);
  const list = (s.directoryBuckets ??= []);
  if (list.some((d) => d.name === input.name)) throw new S3Error('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, { BucketName: input.name });
  const d: S3DirectoryBucket = { name: input.name, region: input.region, creationDate: input.creationDate ?? '2024-06-01T10:00:00.000Z' };
  if (input.lifecycle) {
    validateLifecycle(input.lifecycle);
    d.lifecycle = structuredClone(input.lifecycle);
  }
  list.push(d);
  return d;
}

export function getDirectoryBucket(world: World, account: string, name: string): S3DirectoryBucket | undefined {
  return (accountState(world, account).directoryBuckets ?? []).find((d) => d.name === name);
}
