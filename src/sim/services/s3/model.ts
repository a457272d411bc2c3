import { createHash } from 'node:crypto';
import { SimError } from '../../types.ts';
import { serviceState, type World } from '../../world.ts';
import { policyIsPublic, validateBucketPolicy } from './policy.ts';

/**
 * S3 bucket state and the operations on it, shared by the S3 / S3 Control handlers and by estate
 * generators. Plain JSON only. Buckets live per account in `serviceState(world, 's3', account, 'global')`;
 * names are global, so a name index maps every bucket name to its owning account.
 */

export { policyIsPublic } from './policy.ts';

export type Permission = 'FULL_CONTROL' | 'WRITE' | 'WRITE_ACP' | 'READ' | 'READ_ACP';
export type ObjectOwnership = 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';
export type CannedAcl =
  | 'private'
  | 'public-read'
  | 'public-read-write'
  | 'authenticated-read'
  | 'log-delivery-write'
  | 'bucket-owner-read'
  | 'bucket-owner-full-control'
  | 'aws-exec-read';

/** A grantee as the SDK shapes it. `AmazonCustomerByEmail` is resolved to a `CanonicalUser` when stored. */
export interface Grantee {
  Type: 'CanonicalUser' | 'Group' | 'AmazonCustomerByEmail';
  ID?: string;
  URI?: string;
  EmailAddress?: string;
}

export interface Grant {
  Grantee: Grantee;
  Permission: Permission;
}

export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export type SseAlgorithm = 'AES256' | 'aws:kms' | 'aws:kms:dsse';

/** One default-encryption rule, as the SDK shapes it. */
export interface EncryptionRule {
  ApplyServerSideEncryptionByDefault?: { SSEAlgorithm: SseAlgorithm; KMSMasterKeyID?: string };
  BucketKeyEnabled?: boolean;
  BlockedEncryptionTypes?: { EncryptionType?: string[] };
}

export interface S3Bucket {
  name: string;
  /** Owning account id. */
  owner: string;
  region: string;
  creationDate: string;
  /** Stored ACL grants; absent means the default private ACL (owner FULL_CONTROL). */
  grants?: Grant[];
  policy?: string;
  /** Default encryption rules; absent means no configuration (a pre-2023 bucket). */
  encryption?: EncryptionRule[];
  publicAccessBlock?: PublicAccessBlock;
  /** Ownership controls; absent means none (ACLs enabled, behaves as ObjectWriter). */
  ownership?: ObjectOwnership;
  tags?: Record<string, string>;
  /** Server access logging; absent: off. */
  logging?: BucketLogging;
  /** Event notification configuration; absent: none. */
  notification?: NotificationConfig;
  /** Lifecycle rules; absent: no lifecycle configuration (`NoSuchLifecycleConfiguration`). */
  lifecycle?: LifecycleRule[];
  /** Versioning status; absent: never enabled. */
  versioning?: 'Enabled' | 'Suspended';
  /** MFA Delete; absent: never configured. */
  mfaDelete?: 'Enabled' | 'Disabled';
}

export interface BucketLogging {
  TargetBucket: string;
  TargetPrefix: string;
}

/** One notification destination (topic, queue or Lambda function). */
export interface NotificationTarget {
  Id?: string;
  Arn: string;
  Events: string[];
}

export interface NotificationConfig {
  topics?: NotificationTarget[];
  queues?: NotificationTarget[];
  lambdaFunctions?: NotificationTarget[];
  eventBridge?: boolean;
}

/** A lifecycle rule, as the SDK shapes it (the parts the endpoint keeps). */
export interface LifecycleRule {
  ID?: string;
  Status: 'Enabled' | 'Disabled';
  Filter?: { Prefix?: string };
  Expiration?: { Days?: number; Date?: string; ExpiredObjectDeleteMarker?: boolean };
  NoncurrentVersionExpiration?: { NoncurrentDays?: number; NewerNoncurrentVersions?: number };
  Transitions?: { Days?: number; Date?: string; StorageClass: string }[];
  AbortIncompleteMultipartUpload?: { DaysAfterInitiation: number };
}

/** An S3 access point (S3 Control, regional). */
export interface S3AccessPoint {
  name: string;
  region: string;
  bucket: string;
  networkOrigin: 'Internet' | 'VPC';
  vpcId?: string;
  publicAccessBlock: PublicAccessBlock;
  creationDate: string;
}

/** A Multi-Region Access Point (S3 Control, managed from us-west-2). */
export interface S3MultiRegionAccessPoint {
  name: string;
  alias: string;
  createdAt: string;
  status: 'READY' | 'INCONSISTENT_ACROSS_REGIONS' | 'CREATING' | 'PARTIALLY_CREATED' | 'PARTIALLY_DELETED' | 'DELETING';
  publicAccessBlock: PublicAccessBlock;
  regions: { bucket: string; region: string; bucketAccountId: string }[];
}

/** A directory bucket (S3 Express One Zone, `<base>--<zone id>--x-s3`). */
export interface S3DirectoryBucket {
  name: string;
  region: string;
  creationDate: string;
  lifecycle?: LifecycleRule[];
}

export interface S3AccountState {
  buckets: Record<string, S3Bucket>;
  /** Account-level Block Public Access (S3 Control). */
  publicAccessBlock?: PublicAccessBlock;
  accessPoints?: S3AccessPoint[];
  multiRegionAccessPoints?: S3MultiRegionAccessPoint[];
  directoryBuckets?: S3DirectoryBucket[];
}

interface S3Index {
  /** Bucket name → owning account. */
  owners: Record<string, string>;
}

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
export const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';
const GROUPS = new Set([ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY]);
const PERMISSIONS = new Set<string>(['FULL_CONTROL', 'WRITE', 'WRITE_ACP', 'READ', 'READ_ACP']);
const OWNERSHIPS = new Set<string>(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']);
const SSE_ALGORITHMS = new Set<string>(['AES256', 'aws:kms', 'aws:kms:dsse']);
/** A fixed canonical user standing for EC2, which the `aws-exec-read` canned ACL grants READ (AMI bundles). */
const EC2_BUNDLE_READER = '6aa5a366c34c1cbe25dc49211496e913e0351eb0e8c37aa3477e40942ec6b97c';

/** The default encryption of a new bucket since January 2023: SSE-S3. */
export function defaultEncryption(): EncryptionRule[] {
  return [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }];
}
export const BLOCK_ALL: PublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

export function accountState(world: World, account: string): S3AccountState {
  return serviceState<S3AccountState>(world, 's3', account, 'global', () => ({ buckets: {} }));
}

function index(world: World): S3Index {
  return serviceState<S3Index>(world, 's3.index', 'global', 'global', () => ({ owners: {} }));
}

/** The stable 64-hex canonical user id of an account. */
export function canonicalUserId(account: string): string {
  let id = canonicalIds.get(account);
  if (id === undefined) {
    id = createHash('sha256').update(`mamori-s3-canonical-user:${account}`).digest('hex');
    canonicalIds.set(account, id);
  }
  return id;
}
const canonicalIds = new Map<string, string>();

// ---------------------------------------------------------------------------------------------
// Errors

export class S3Error extends SimError {
  /** Extra elements of the `<Error>` document, e.g. `BucketName`. */
  readonly fields: Record<string, string>;
  readonly headers: Record<string, string>;
  constructor(code: string, message: string, status: number, fields: Record<string, string> = {}, headers: Record<string, string> = {}) {
    super(code, message, status);
    this.fields = fields;
    this.headers = headers;
  }
}

export function noSuchBucket(name: string): S3Error {
  return new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: name });
}

export function accessDenied(message = 'Access Denied'): S3Error {
  return new S3Error('AccessDenied', message, 403);
}

// ---------------------------------------------------------------------------------------------
// Buckets

/** Whether a name is a valid general purpose bucket name (the current AWS naming rules). */
export function validBucketName(name: string): boolean {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) return false;
  if (name.includes('..') || /^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return false;
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return false;
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return false;
  return true;
}

/** A bucket by name, whoever owns it. */
export function getBucket(world: World, name: string): S3Bucket | undefined {
  const owner = index(world).owners[name];
  return owner === undefined ? undefined : accountState(world, owner).buckets[name];
}

/** The bucket `name` as `account` may manage it: `NoSuchBucket` when absent, `AccessDenied` when another account owns it. */
export function ownedBucket(world: World, account: string, name: string): S3Bucket {
  const b = getBucket(world, name);
  if (!b) throw noSuchBucket(name);
  if (b.owner !== account) throw accessDenied();
  return b;
}

/** The buckets an account owns, by name. */
export function listBuckets(world: World, account: string): S3Bucket[] {
  return Object.values(accountState(world, account).buckets).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface CreateBucketInput {
  name: string;
  region: string;
  /** A bucket as created before April 2023: no default encryption configuration, no ownership controls (ACLs enabled, ObjectWriter), no Block Public Access. */
  legacy?: boolean;
  tags?: Record<string, string>;
  /** Ownership controls to create with (default `BucketOwnerEnforced`, none for legacy buckets). */
  objectOwnership?: ObjectOwnership;
  /** ISO time; defaults to a fixed date so estates are deterministic. */
  creationDate?: string;
}

/**
 * Create a bucket owned by `account`. New buckets get the AWS defaults since 2023: SSE-S3 default
 * encryption, ObjectOwnership `BucketOwnerEnforced` and all four Block Public Access settings on.
 * Throws `InvalidBucketName`, `BucketAlreadyExists` (another account) or `BucketAlreadyOwnedByYou`.
 */
export function createBucket(world: World, account: string, input: CreateBucketInput): S3Bucket {
  const { name } = input;
  if (!validBucketName(name)) throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: name });
  const existing = getBucket(world, name);
  if (existing) {
    if (existing.owner !== account) {
      throw new S3Error('BucketAlreadyExists', 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.', 409, { BucketName: name });
    }
    throw new S3Error('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, { BucketName: name });
  }
  if (input.objectOwnership !== undefined && !OWNERSHIPS.has(input.objectOwnership)) throw new S3Error('InvalidArgument', 'Invalid x-amz-object-ownership header', 400);
  const legacy = input.legacy === true;
  const bucket: S3Bucket = {
    name,
    owner: account,
    region: input.region,
    creationDate: input.creationDate ?? (legacy ? '2021-03-15T10:00:00.000Z' : '2024-06-01T10:00:00.000Z'),
  };
  if (!legacy) {
    bucket.encryption = defaultEncryption();
    bucket.publicAccessBlock = { ...BLOCK_ALL };
  }
  const ownership = input.objectOwnership ?? (legacy ? undefined : 'BucketOwnerEnforced');
  if (ownership) bucket.ownership = ownership;
  if (input.tags && Object.keys(input.tags).length > 0) bucket.tags = { ...input.tags };
  accountState(world, account).buckets[name] = bucket;
  index(world).owners[name] = account;
  return bucket;
}

/** Delete a bucket (there are no objects in the simulated S3, so it is always empty). */
export function deleteBucket(world: World, account: string, name: string): void {
  ownedBucket(world, account, name);
  delete accountState(world, account).buckets[name];
  delete index(world).owners[name];
}

// ---------------------------------------------------------------------------------------------
// Block Public Access

export function normalizePab(p: Partial<PublicAccessBlock>): PublicAccessBlock {
  return {
    BlockPublicAcls: p.BlockPublicAcls === true,
    IgnorePublicAcls: p.IgnorePublicAcls === true,
    BlockPublicPolicy: p.BlockPublicPolicy === true,
    RestrictPublicBuckets: p.RestrictPublicBuckets === true,
  };
}

/** Set (or with `null` delete) a bucket's Block Public Access configuration. */
export function putPublicAccessBlock(world: World, account: string, name: string, pab: Partial<PublicAccessBlock> | null): void {
  const b = ownedBucket(world, account, name);
  if (pab === null) delete b.publicAccessBlock;
  else b.publicAccessBlock = normalizePab(pab);
}

/** Set (or with `null` delete) the account-level Block Public Access configuration (S3 Control). */
export function putAccountPublicAccessBlock(world: World, account: string, pab: Partial<PublicAccessBlock> | null): void {
  const s = accountState(world, account);
  if (pab === null) delete s.publicAccessBlock;
  else s.publicAccessBlock = normalizePab(pab);
}

export function getAccountPublicAccessBlock(world: World, account: string): PublicAccessBlock | undefined {
  return accountState(world, account).publicAccessBlock;
}

/** The Block Public Access settings in force for a bucket: the bucket's OR the owning account's. */
export function effectivePublicAccessBlock(world: World, b: S3Bucket): PublicAccessBlock {
  const a = accountState(world, b.owner).publicAccessBlock;
  const p = b.publicAccessBlock;
  return {
    BlockPublicAcls: !!(a?.BlockPublicAcls || p?.BlockPublicAcls),
    IgnorePublicAcls: !!(a?.IgnorePublicAcls || p?.IgnorePublicAcls),
    BlockPublicPolicy: !!(a?.BlockPublicPolicy || p?.BlockPublicPolicy),
    RestrictPublicBuckets: !!(a?.RestrictPublicBuckets || p?.RestrictPublicBuckets),
  };
}

// ---------------------------------------------------------------------------------------------
// ACLs

function ownerGrant(account: string, permission: Permission = 'FULL_CONTROL'): Grant {
  return { Grantee: { Type: 'CanonicalUser', ID: canonicalUserId(account) }, Permission: permission };
}

function groupGrant(uri: string, permission: Permission): Grant {
  return { Grantee: { Type: 'Group', URI: uri }, Permission: permission };
}

/** The grants a canned ACL stands for on a bucket, or undefined for an unknown name. */
export function cannedGrants(account: string, canned: string): Grant[] | undefined {
  switch (canned) {
    case 'private':
    // The bucket-owner-* canned ACLs concern objects; on a bucket the owner simply keeps FULL_CONTROL.
    case 'bucket-owner-read':
    case 'bucket-owner-full-control':
      return [ownerGrant(account)];
    case 'public-read':
      return [ownerGrant(account), groupGrant(ALL_USERS, 'READ')];
    case 'public-read-write':
      return [ownerGrant(account), groupGrant(ALL_USERS, 'READ'), groupGrant(ALL_USERS, 'WRITE')];
    case 'authenticated-read':
      return [ownerGrant(account), groupGrant(AUTHENTICATED_USERS, 'READ')];
    case 'log-delivery-write':
      return [ownerGrant(account), groupGrant(LOG_DELIVERY, 'WRITE'), groupGrant(LOG_DELIVERY, 'READ_ACP')];
    case 'aws-exec-read':
      return [ownerGrant(account), { Grantee: { Type: 'CanonicalUser', ID: EC2_BUNDLE_READER }, Permission: 'READ' }];
    default:
      return undefined;
  }
}

/** An ACL is public when it grants anything to AllUsers or AuthenticatedUsers. */
export function aclIsPublic(grants: readonly Grant[]): boolean {
  return grants.some((g) => g.Grantee.Type === 'Group' && (g.Grantee.URI === ALL_USERS || g.Grantee.URI === AUTHENTICATED_USERS));
}

/** Whether an ACL is the "bucket owner full control" ACL (the only one a BucketOwnerEnforced bucket accepts). */
function ownerOnlyFullControl(account: string, grants: readonly Grant[]): boolean {
  const id = canonicalUserId(account);
  return grants.length > 0 && grants.every((g) => g.Grantee.Type === 'CanonicalUser' && g.Grantee.ID === id && g.Permission === 'FULL_CONTROL');
}

/** Whether every grant is to the owner itself (an ACL that grants nothing outside the account). */
function grantsOnlyToOwner(account: string, grants: readonly Grant[]): boolean {
  const id = canonicalUserId(account);
  return grants.every((g) => g.Grantee.Type === 'CanonicalUser' && g.Grantee.ID === id);
}

/** Validate grants and resolve email grantees to canonical users of the estate's accounts. */
export function resolveGrants(world: World, grants: readonly Grant[]): Grant[] {
  return grants.map((g) => {
    if (!PERMISSIONS.has(g.Permission)) throw new S3Error('MalformedACLError', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
    const t = g.Grantee;
    if (t.Type === 'CanonicalUser') {
      let id = t.ID ?? '';
      // A 12-digit account id stands for that account's canonical user (as the grant headers accept).
      if (/^\d{12}$/.test(id)) id = canonicalUserId(id);
      if (!/^[0-9a-f]{64}$/.test(id)) throw new S3Error('InvalidArgument', 'Invalid id', 400, { ArgumentName: 'CanonicalUser/ID', ArgumentValue: t.ID ?? '' });
      return { Grantee: { Type: 'CanonicalUser', ID: id }, Permission: g.Permission };
    }
    if (t.Type === 'Group') {
      if (!t.URI || !GROUPS.has(t.URI)) throw new S3Error('InvalidArgument', 'Invalid group uri', 400, { ArgumentName: 'Group/URI', ArgumentValue: t.URI ?? '' });
      return { Grantee: { Type: 'Group', URI: t.URI }, Permission: g.Permission };
    }
    if (t.Type === 'AmazonCustomerByEmail') {
      const email = (t.EmailAddress ?? '').toLowerCase();
      const a = Object.values(world.accounts).find((x) => x.email.toLowerCase() === email);
      if (!a) throw new S3Error('UnresolvableGrantByEmailAddress', 'The e-mail address you provided does not match any account on record.', 400, { EmailAddress: t.EmailAddress ?? '' });
      return { Grantee: { Type: 'CanonicalUser', ID: canonicalUserId(a.id) }, Permission: g.Permission };
    }
    throw new S3Error('MalformedACLError', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  });
}

export type AclInput = { canned: CannedAcl | string } | { owner?: { ID?: string }; grants: Grant[] };

export interface ForceOption {
  /** Skip the refusals that Block Public Access and BucketOwnerEnforced make (estates build state directly). */
  force?: boolean;
}

/**
 * Set a bucket's ACL from a canned ACL or explicit grants. Refuses, as S3 does, any ACL but the
 * owner's FULL_CONTROL on a BucketOwnerEnforced bucket (`AccessControlListNotSupported`) and a public
 * ACL while BlockPublicAcls is on for the bucket or account (`AccessDenied`).
 */
export function putBucketAcl(world: World, account: string, name: string, acl: AclInput, opts: ForceOption & { principalArn?: string } = {}): void {
  const b = ownedBucket(world, account, name);
  let grants: Grant[];
  if ('canned' in acl) {
    const g = cannedGrants(b.owner, acl.canned);
    if (!g) throw new S3Error('InvalidArgument', `Invalid canned ACL: ${acl.canned}`, 400, { ArgumentName: 'x-amz-acl', ArgumentValue: acl.canned });
    grants = g;
  } else {
    if (acl.owner?.ID !== undefined && acl.owner.ID !== canonicalUserId(b.owner)) throw accessDenied();
    grants = resolveGrants(world, acl.grants);
  }
  if (!opts.force) {
    if (b.ownership === 'BucketOwnerEnforced' && !ownerOnlyFullControl(b.owner, grants)) {
      throw new S3Error('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400);
    }
    if (aclIsPublic(grants) && effectivePublicAccessBlock(world, b).BlockPublicAcls) {
      const who = opts.principalArn ?? `arn:aws:iam::${account}:root`;
      throw accessDenied(`User: ${who} is not authorized to perform: s3:PutBucketAcl on resource: "arn:aws:s3:::${name}" because public ACLs are blocked by the BlockPublicAcls block public access setting.`);
    }
  }
  if (ownerOnlyFullControl(b.owner, grants) && grants.length === 1) delete b.grants;
  else b.grants = grants;
}

/** The ACL S3 reports for a bucket: owner-only when ACLs are disabled, public grants hidden under IgnorePublicAcls. */
export function effectiveAcl(world: World, b: S3Bucket): Grant[] {
  if (b.ownership === 'BucketOwnerEnforced' || !b.grants) return [ownerGrant(b.owner)];
  if (effectivePublicAccessBlock(world, b).IgnorePublicAcls) return b.grants.filter((g) => !aclIsPublic([g]));
  return b.grants;
}

// ---------------------------------------------------------------------------------------------
// Policy

/**
 * Set a bucket policy. Throws `MalformedPolicy` for an invalid document and `AccessDenied` for a
 * public policy while BlockPublicPolicy is on for the bucket or the account (unless forced).
 */
export function putBucketPolicy(world: World, account: string, name: string, policyJson: string | object, opts: ForceOption & { principalArn?: string } = {}): void {
  const b = ownedBucket(world, account, name);
  const text = typeof policyJson === 'string' ? policyJson : JSON.stringify(policyJson);
  validateBucketPolicy(name, text);
  if (!opts.force && policyIsPublic(text) && effectivePublicAccessBlock(world, b).BlockPublicPolicy) {
    const who = opts.principalArn ?? `arn:aws:iam::${account}:root`;
    throw accessDenied(`User: ${who} is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::${name}" because public policies are blocked by the BlockPublicPolicy block public access setting.`);
  }
  b.policy = text;
}

export function deleteBucketPolicy(world: World, account: string, name: string): void {
  delete ownedBucket(world, account, name).policy;
}

// ---------------------------------------------------------------------------------------------
// Encryption, ownership, tags

/** Set (or with `null` remove entirely, as on a pre-2023 bucket) the default encryption rules. */
export function putBucketEncryption(world: World, account: string, name: string, rules: EncryptionRule[] | null): void {
  const b = ownedBucket(world, account, name);
  if (rules === null) {
    delete b.encryption;
    return;
  }
  if (rules.length === 0) throw new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  for (const r of rules) {
    const d = r.ApplyServerSideEncryptionByDefault;
    if (d) {
      if (!SSE_ALGORITHMS.has(d.SSEAlgorithm)) throw new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
      if (d.KMSMasterKeyID !== undefined && d.SSEAlgorithm === 'AES256') {
        throw new S3Error('InvalidArgument', 'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse', 400, { ArgumentName: 'ApplyServerSideEncryptionByDefault' });
      }
    }
  }
  b.encryption = structuredClone(rules);
}

/**
 * Set (or with `null` delete) the bucket's ObjectOwnership. Switching to BucketOwnerEnforced while
 * the ACL grants access outside the account fails with `InvalidBucketAclWithObjectOwnership`.
 */
export function putOwnershipControls(world: World, account: string, name: string, ownership: ObjectOwnership | null, opts: ForceOption = {}): void {
  const b = ownedBucket(world, account, name);
  if (ownership === null) {
    delete b.ownership;
    return;
  }
  if (!OWNERSHIPS.has(ownership)) throw new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  if (!opts.force && ownership === 'BucketOwnerEnforced' && b.grants && !grantsOnlyToOwner(b.owner, b.grants)) {
    throw new S3Error('InvalidBucketAclWithObjectOwnership', "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", 400);
  }
  b.ownership = ownership;
}

/** Replace (or with `null` / an empty set delete) the bucket's tags. */
export function putBucketTagging(world: World, account: string, name: string, tags: Record<string, string> | null): void {
  const b = ownedBucket(world, account, name);
  if (tags === null || Object.keys(tags).length === 0) {
    delete b.tags;
    return;
  }
  if (Object.keys(tags).length > 50) throw new S3Error('InvalidTag', 'Bucket tag count cannot be greater than 50', 400);
  for (const [k, v] of Object.entries(tags)) {
    if (k.length === 0 || k.length > 128) throw new S3Error('InvalidTag', 'The TagKey you have provided is invalid', 400, { TagKey: k });
    if (v.length > 256) throw new S3Error('InvalidTag', 'The TagValue you have provided is invalid', 400, { TagKey: k, TagValue: v });
    if (k.toLowerCase().startsWith('aws:')) throw new S3Error('InvalidTag', 'Your TagKey cannot be prefixed with aws:', 400, { TagKey: k });
  }
  b.tags = { ...tags };
}
