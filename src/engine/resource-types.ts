import type {
  InstanceConfig,
  RdsSnapshotConfig,
  S3BucketConfig,
  SecurityGroupConfig,
} from '../core/index.ts';

/** Resource types a policy may target: the ones our collectors produce. */
export const KNOWN_RESOURCE_TYPES = [
  'aws.ec2.security-group',
  'aws.ec2.instance',
  'aws.s3.bucket',
  'aws.rds.db-snapshot',
  'aws.rds.db-cluster-snapshot',
] as const;

export type KnownResourceType = (typeof KNOWN_RESOURCE_TYPES)[number];

export function isKnownResourceType(t: string): t is KnownResourceType {
  return (KNOWN_RESOURCE_TYPES as readonly string[]).includes(t);
}

// `satisfies Record<keyof X, true>` makes tsc fail when a field is added to a core config
// type and not here, so that a policy path naming it is not rejected as a typo.
const SG_FIELDS = {
  groupId: true,
  groupName: true,
  description: true,
  vpcId: true,
  ownerId: true,
  ingress: true,
  egress: true,
} as const satisfies Record<keyof SecurityGroupConfig, true>;

const INSTANCE_FIELDS = {
  instanceId: true,
  state: true,
  instanceType: true,
  imageId: true,
  vpcId: true,
  subnetId: true,
  privateIpAddress: true,
  publicIpAddress: true,
  securityGroupIds: true,
  networkInterfaceIds: true,
} as const satisfies Record<keyof InstanceConfig, true>;

const BUCKET_FIELDS = {
  name: true,
  location: true,
  creationDate: true,
  ownership: true,
  acl: true,
  policy: true,
  policyStatus: true,
  publicAccessBlock: true,
  accountPublicAccessBlock: true,
  encryption: true,
} as const satisfies Record<keyof S3BucketConfig, true>;

const SNAPSHOT_FIELDS = {
  snapshotId: true,
  snapshotType: true,
  sourceId: true,
  engine: true,
  status: true,
  encrypted: true,
  kmsKeyId: true,
  createTime: true,
  restore: true,
} as const satisfies Record<keyof RdsSnapshotConfig, true>;

/** Top-level `config` fields per resource type, so that a typo in a filter path fails at load time. */
export const CONFIG_FIELDS: Readonly<Record<KnownResourceType, readonly string[]>> = {
  'aws.ec2.security-group': Object.keys(SG_FIELDS),
  'aws.ec2.instance': Object.keys(INSTANCE_FIELDS),
  'aws.s3.bucket': Object.keys(BUCKET_FIELDS),
  'aws.rds.db-snapshot': Object.keys(SNAPSHOT_FIELDS),
  'aws.rds.db-cluster-snapshot': Object.keys(SNAPSHOT_FIELDS),
};
