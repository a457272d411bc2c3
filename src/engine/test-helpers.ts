/** Builders for engine tests: resources with the fields collectors always set, overridable per test. */
import type { Resource } from '../core/index.ts';
import type { PublicAccessBlock, RdsSnapshotConfig, S3BucketConfig, SecurityGroupConfig, SgRule } from '../resources/configs.ts';

export function ingress(id: string, protocol: string, from: number | undefined, to: number | undefined, source: Partial<SgRule>): SgRule {
  const rule: SgRule = { id, direction: 'ingress', protocol, ...source };
  if (from !== undefined) rule.fromPort = from;
  if (to !== undefined) rule.toPort = to;
  return rule;
}

export function securityGroup(rules: SgRule[], over: Partial<Resource> = {}): Resource {
  const id = over.id ?? 'sg-0abc';
  const config: SecurityGroupConfig = { groupId: id, groupName: 'web', vpcId: 'vpc-1', ownerId: '123456789012', ingress: rules, egress: [] };
  return {
    type: 'aws.ec2.security-group',
    id,
    arn: `arn:aws:ec2:us-east-1:123456789012:security-group/${id}`,
    account: '123456789012',
    region: 'us-east-1',
    tags: {},
    related: [],
    ...over,
    config: { ...(config as unknown as Record<string, unknown>), ...over.config },
  };
}

export const PAB_ALL_OFF: PublicAccessBlock = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };
export const PAB_ALL_ON: PublicAccessBlock = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

/** A private bucket: owner-only ACL, no policy, Block Public Access off, SSE-S3. Override config fields per test. */
export function bucket(config: Partial<Record<keyof S3BucketConfig, unknown>> = {}, over: Partial<Resource> = {}): Resource {
  const name = (config.name as string | undefined) ?? 'b1';
  const base: S3BucketConfig = {
    name,
    location: 'us-east-1',
    ownership: 'ObjectWriter',
    acl: { owner: { id: 'owner' }, grants: [{ grantee: { type: 'CanonicalUser', id: 'owner' }, permission: 'FULL_CONTROL' }] },
    policy: null,
    policyStatus: null,
    publicAccessBlock: PAB_ALL_OFF,
    accountPublicAccessBlock: null,
    encryption: { rules: [{ sseAlgorithm: 'AES256' }] },
  };
  const merged: Record<string, unknown> = { ...(base as unknown as Record<string, unknown>), ...config };
  for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
  return { type: 'aws.s3.bucket', id: name, arn: `arn:aws:s3:::${name}`, account: '123456789012', region: 'us-east-1', tags: {}, related: [], ...over, config: merged };
}

export function groupGrant(uri: string, permission: string) {
  return { grantee: { type: 'Group', uri }, permission };
}

export function aclWith(...grants: unknown[]) {
  return { owner: { id: 'owner' }, grants: [{ grantee: { type: 'CanonicalUser', id: 'owner' }, permission: 'FULL_CONTROL' }, ...grants] };
}

export function bucketPolicy(...statements: unknown[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

export function snapshot(restore: string[] | undefined, type = 'aws.rds.db-snapshot', over: Partial<Resource> = {}): Resource {
  const config: RdsSnapshotConfig = { snapshotId: 'snap-1', snapshotType: 'manual' };
  if (restore !== undefined) config.restore = restore;
  return { type, id: 'snap-1', arn: 'arn:aws:rds:us-east-1:123456789012:snapshot:snap-1', account: '123456789012', region: 'us-east-1', tags: {}, related: [], ...over, config: config as unknown as Record<string, unknown> };
}
