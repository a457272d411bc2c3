/**
 * Amazon EMR state per account and region: clusters (ListClusters' summary members, their instances with the
 * role of the group or fleet they belong to, their tags), security configurations (the JSON document as
 * CreateSecurityConfiguration takes it) and the account's block public access configuration (AWS's default
 * until someone puts another: on, with port 22 permitted).
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

type Tag = { Key: string; Value: string };

export type InstanceRole = 'MASTER' | 'CORE' | 'TASK';
export const ACTIVE_STATES = ['STARTING', 'BOOTSTRAPPING', 'RUNNING', 'WAITING'] as const;
export const CLUSTER_STATES = [...ACTIVE_STATES, 'TERMINATING', 'TERMINATED', 'TERMINATED_WITH_ERRORS'] as const;
export type ClusterState = (typeof CLUSTER_STATES)[number];

export interface EmrInstance {
  Id: string;
  Ec2InstanceId: string;
  PublicDnsName?: string;
  PublicIpAddress?: string;
  PrivateDnsName: string;
  PrivateIpAddress: string;
  Status: { State: 'RUNNING' };
  InstanceGroupId?: string;
  InstanceFleetId?: string;
  Market: 'ON_DEMAND';
  InstanceType: string;
  role: InstanceRole;
}

export interface EmrCluster {
  Id: string;
  Name: string;
  Status: { State: ClusterState; Timeline: { CreationDateTime: Date } };
  NormalizedInstanceHours: number;
  ClusterArn: string;
  /** Instance groups (the default) or instance fleets: ListInstances filters them by InstanceGroupTypes or InstanceFleetType. */
  collection: 'groups' | 'fleets';
  instances: EmrInstance[];
  tags: Tag[];
}

export interface EmrSecurityConfiguration {
  Name: string;
  SecurityConfiguration: string;
  CreationDateTime: Date;
}

export interface PortRange {
  MinRange: number;
  MaxRange?: number;
}

export interface BlockPublicAccess {
  BlockPublicAccessConfiguration: { BlockPublicSecurityGroupRules: boolean; PermittedPublicSecurityGroupRuleRanges?: PortRange[] };
  BlockPublicAccessConfigurationMetadata: { CreationDateTime: Date; CreatedByArn: string };
}

export interface EmrState {
  clusters: EmrCluster[];
  securityConfigurations: EmrSecurityConfiguration[];
  /** Absent: AWS's default for the account (on, port 22 permitted). */
  blockPublicAccess?: BlockPublicAccess;
}

export function emrState(world: World, account: string, region: string): EmrState {
  return serviceState<EmrState>(world, 'emr', account, region, () => ({ clusters: [], securityConfigurations: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekEmrState(world: World, account: string, region: string): EmrState | undefined {
  return world.services['emr']?.[account]?.[region] as EmrState | undefined;
}

/** What GetBlockPublicAccessConfiguration answers in an account that never set one. */
export function defaultBlockPublicAccess(account: string): BlockPublicAccess {
  return {
    BlockPublicAccessConfiguration: { BlockPublicSecurityGroupRules: true, PermittedPublicSecurityGroupRuleRanges: [{ MinRange: 22, MaxRange: 22 }] },
    BlockPublicAccessConfigurationMetadata: { CreationDateTime: new Date('2019-08-01T00:00:00.000Z'), CreatedByArn: `arn:aws:iam::${account}:root` },
  };
}

/** The ranges PutBlockPublicAccessConfiguration accepts: ports 0-65535, MinRange ≤ MaxRange. */
export function checkRanges(ranges: readonly PortRange[]): void {
  for (const r of ranges) {
    const max = r.MaxRange ?? r.MinRange;
    if (!Number.isInteger(r.MinRange) || !Number.isInteger(max) || r.MinRange < 0 || max > 65535 || r.MinRange > max) {
      throw new SimError('InvalidRequestException', `The port range ${r.MinRange}-${String(r.MaxRange)} is not valid: ports 0-65535, MinRange not above MaxRange`, 400);
    }
  }
}

export function setBlockPublicAccess(world: World, account: string, region: string, block: boolean, ranges: readonly PortRange[], by = `arn:aws:iam::${account}:root`): void {
  checkRanges(ranges);
  emrState(world, account, region).blockPublicAccess = {
    BlockPublicAccessConfiguration: { BlockPublicSecurityGroupRules: block, PermittedPublicSecurityGroupRuleRanges: ranges.map((r) => ({ ...r })) },
    BlockPublicAccessConfigurationMetadata: { CreationDateTime: new Date('2025-03-01T09:00:00.000Z'), CreatedByArn: by },
  };
}

export interface CreateEmrClusterOptions {
  name: string;
  state?: ClusterState;
  /** The primary node has a public IP (a cluster launched into a public subnet). */
  primaryPublic?: boolean;
  coreNodes?: number;
  /** Instance fleets instead of instance groups. */
  fleets?: boolean;
  tags?: Record<string, string>;
}

const privateIp = (world: World) => `10.0.${parseInt(nextHex(world, 2), 16)}.${parseInt(nextHex(world, 2), 16) % 250 + 4}`;

export function createEmrCluster(world: World, account: string, region: string, o: CreateEmrClusterOptions): EmrCluster {
  const state = emrState(world, account, region);
  if (o.name.length < 1 || o.name.length > 256) throw new SimError('ValidationException', 'Cluster name must be 1-256 characters', 400);
  const id = `j-${nextHex(world, 13).toUpperCase()}`;
  const group = () => (o.fleets ? { InstanceFleetId: `if-${nextHex(world, 13).toUpperCase()}` } : { InstanceGroupId: `ig-${nextHex(world, 13).toUpperCase()}` });
  const node = (role: InstanceRole, ids: { InstanceGroupId?: string; InstanceFleetId?: string }, pub: boolean): EmrInstance => {
    const ip = privateIp(world);
    const publicIp = pub ? `54.${parseInt(nextHex(world, 2), 16)}.${parseInt(nextHex(world, 2), 16)}.${parseInt(nextHex(world, 2), 16) % 250 + 4}` : undefined;
    return {
      Id: `ci-${nextHex(world, 13).toUpperCase()}`,
      Ec2InstanceId: `i-${nextHex(world, 17)}`,
      ...(publicIp ? { PublicIpAddress: publicIp, PublicDnsName: `ec2-${publicIp.replaceAll('.', '-')}.compute-1.amazonaws.com` } : {}),
      PrivateDnsName: `ip-${ip.replaceAll('.', '-')}.ec2.internal`,
      PrivateIpAddress: ip,
      Status: { State: 'RUNNING' },
      ...ids,
      Market: 'ON_DEMAND',
      InstanceType: 'm5.xlarge',
      role,
    };
  };
  const primary = group();
  const core = group();
  const c: EmrCluster = {
    Id: id,
    Name: o.name,
    Status: { State: o.state ?? 'WAITING', Timeline: { CreationDateTime: new Date(Date.UTC(2025, 2, 1, 9, state.clusters.length)) } },
    NormalizedInstanceHours: 64,
    ClusterArn: `arn:aws:elasticmapreduce:${region}:${account}:cluster/${id}`,
    collection: o.fleets ? 'fleets' : 'groups',
    instances: [node('MASTER', primary, o.primaryPublic ?? false), ...Array.from({ length: o.coreNodes ?? 2 }, () => node('CORE', core, false))],
    tags: Object.entries(o.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
  };
  state.clusters.push(c);
  return c;
}

export interface SecurityConfigurationOptions {
  name: string;
  atRest?: boolean;
  inTransit?: boolean;
}

/** A security configuration with the encryption asked for (each flag false unless asked, as the console's JSON leaves it). */
export function createSecurityConfiguration(world: World, account: string, region: string, o: SecurityConfigurationOptions): EmrSecurityConfiguration {
  const state = emrState(world, account, region);
  if (!/^[\w.-]{1,10280}$/.test(o.name)) throw new SimError('InvalidRequestException', `Security configuration name ${o.name} is not valid`, 400);
  if (state.securityConfigurations.some((s) => s.Name === o.name)) throw new SimError('InvalidRequestException', `SecurityConfiguration with name '${o.name}' already exists.`, 400);
  const atRest = o.atRest ?? false;
  const inTransit = o.inTransit ?? false;
  const doc = {
    EncryptionConfiguration: {
      EnableInTransitEncryption: inTransit,
      EnableAtRestEncryption: atRest,
      ...(inTransit ? { InTransitEncryptionConfiguration: { TLSCertificateConfiguration: { CertificateProviderType: 'PEM', S3Object: `s3://${account}-emr-certs/certs.zip` } } } : {}),
      ...(atRest ? { AtRestEncryptionConfiguration: { S3EncryptionConfiguration: { EncryptionMode: 'SSE-S3' }, LocalDiskEncryptionConfiguration: { EncryptionKeyProviderType: 'AwsKms', AwsKmsKey: `arn:aws:kms:${region}:${account}:key/${nextHex(world, 8)}-0000-4000-8000-${nextHex(world, 12)}` } } } : {}),
    },
  };
  const s: EmrSecurityConfiguration = { Name: o.name, SecurityConfiguration: JSON.stringify(doc), CreationDateTime: new Date(Date.UTC(2025, 2, 1, 9, state.securityConfigurations.length)) };
  state.securityConfigurations.push(s);
  return s;
}
