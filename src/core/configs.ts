/**
 * The normalized configuration that collectors produce for each resource type, and that policies,
 * matchers and remediation actions read. Convention: a field that could not be read is `undefined`
 * (unknown) and its reason is in `Resource.readErrors`; a setting that AWS says is absent is `null`.
 */

/** One security-group rule line: exactly one source or destination (CIDR, IPv6 range, prefix list or group). */
export interface SgRule {
  /** The `sgr-` id AWS gives the rule line. */
  id: string;
  direction: 'ingress' | 'egress';
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `-1` (all traffic) or an IP protocol number as a string. */
  protocol: string;
  /** Undefined for protocol `-1`; for icmp these are type and code. AWS uses -1 for "all" with icmp. */
  fromPort?: number;
  toPort?: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  prefixListId?: string;
  referencedGroup?: { groupId: string; userId?: string; vpcId?: string; vpcPeeringConnectionId?: string };
  description?: string;
  tags?: Record<string, string>;
}

/** `aws.ec2.security-group` */
export interface SecurityGroupConfig {
  groupId: string;
  groupName: string;
  description?: string;
  vpcId?: string;
  ownerId: string;
  ingress: SgRule[];
  egress: SgRule[];
}

/** `aws.ec2.instance` */
export interface InstanceConfig {
  instanceId: string;
  state?: string;
  instanceType?: string;
  imageId?: string;
  vpcId?: string;
  subnetId?: string;
  privateIpAddress?: string;
  publicIpAddress?: string;
  securityGroupIds: string[];
  networkInterfaceIds: string[];
}

export type S3Permission = 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP' | 'FULL_CONTROL';

export interface S3Grantee {
  type: 'CanonicalUser' | 'Group' | 'AmazonCustomerByEmail';
  id?: string;
  uri?: string;
  displayName?: string;
  emailAddress?: string;
}

export interface S3Grant {
  grantee: S3Grantee;
  permission: S3Permission;
}

export interface S3Acl {
  owner: { id: string; displayName?: string };
  grants: S3Grant[];
}

export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export interface S3EncryptionRule {
  sseAlgorithm?: string;
  kmsMasterKeyId?: string;
  bucketKeyEnabled?: boolean;
}

/** `aws.s3.bucket` */
export interface S3BucketConfig {
  name: string;
  /** The bucket's region from GetBucketLocation (`us-east-1` for an empty LocationConstraint). */
  location: string;
  creationDate?: string;
  /** Object ownership; `null` when no ownership controls are set (ACLs are in effect). */
  ownership?: 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter' | null;
  acl?: S3Acl;
  /** The bucket policy document as returned (JSON text); `null` when the bucket has no policy. */
  policy?: string | null;
  /** GetBucketPolicyStatus; `null` when the bucket has no policy. */
  policyStatus?: { isPublic?: boolean } | null;
  /** Bucket-level Block Public Access; `null` when not configured. */
  publicAccessBlock?: PublicAccessBlock | null;
  /** Account-level Block Public Access (S3 Control); `null` when not configured. */
  accountPublicAccessBlock?: PublicAccessBlock | null;
  /** Default encryption rules; `null` when the bucket has no default encryption configuration. */
  encryption?: { rules: S3EncryptionRule[] } | null;
}

/** `aws.rds.db-snapshot` and `aws.rds.db-cluster-snapshot` */
export interface RdsSnapshotConfig {
  snapshotId: string;
  snapshotType?: string;
  /** DB instance or cluster identifier the snapshot was taken from. */
  sourceId?: string;
  engine?: string;
  status?: string;
  encrypted?: boolean;
  kmsKeyId?: string;
  createTime?: string;
  /** Values of the `restore` attribute: account ids, or `all` when public. */
  restore?: string[];
}
