/**
 * The normalized configuration types of the seed resource types, for the matchers and actions that read
 * them. Each is derived from its descriptor's zod schema; a new type exports its own from its descriptor.
 */
export type { InstanceConfig } from './aws/ec2/instance.ts';
export type { SecurityGroupConfig, SgRule } from './aws/ec2/security-group.ts';
export type { RdsSnapshotConfig } from './aws/rds/db-snapshot.ts';
export type { PublicAccessBlock, S3Acl, S3BucketConfig, S3EncryptionRule, S3Grant, S3Grantee, S3Permission } from './aws/s3/bucket.ts';
