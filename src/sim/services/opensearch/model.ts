/**
 * Amazon OpenSearch Service state: domains per account and region, kept under DescribeDomain's member names
 * (`DomainStatus`) with their tags beside them, and the estate API that creates them with the API's defaults.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

type Tag = { Key: string; Value: string };

export interface LogPublishingOption {
  CloudWatchLogsLogGroupArn?: string;
  Enabled: boolean;
}

export interface OpenSearchDomain {
  DomainId: string;
  DomainName: string;
  ARN: string;
  Created: boolean;
  Deleted: boolean;
  Endpoint?: string;
  Endpoints?: Record<string, string>;
  Processing: boolean;
  UpgradeProcessing: boolean;
  EngineVersion: string;
  ClusterConfig: {
    InstanceType: string;
    InstanceCount: number;
    DedicatedMasterEnabled: boolean;
    DedicatedMasterType?: string;
    DedicatedMasterCount?: number;
    ZoneAwarenessEnabled: boolean;
    ZoneAwarenessConfig?: { AvailabilityZoneCount: number };
    WarmEnabled: boolean;
  };
  EBSOptions: { EBSEnabled: boolean; VolumeType: string; VolumeSize: number };
  AccessPolicies: string;
  IPAddressType: 'ipv4';
  SnapshotOptions: { AutomatedSnapshotStartHour: number };
  VPCOptions?: { VPCId: string; SubnetIds: string[]; AvailabilityZones: string[]; SecurityGroupIds: string[] };
  CognitoOptions: { Enabled: boolean };
  EncryptionAtRestOptions: { Enabled: boolean; KmsKeyId?: string };
  NodeToNodeEncryptionOptions: { Enabled: boolean };
  AdvancedOptions: Record<string, string>;
  LogPublishingOptions: Record<string, LogPublishingOption>;
  ServiceSoftwareOptions: { CurrentVersion: string; NewVersion: string; UpdateAvailable: boolean; Cancellable: boolean; UpdateStatus: string; Description: string; OptionalDeployment: boolean };
  DomainEndpointOptions: { EnforceHTTPS: boolean; TLSSecurityPolicy: string; CustomEndpointEnabled: boolean };
  AdvancedSecurityOptions: { Enabled: boolean; InternalUserDatabaseEnabled: boolean; AnonymousAuthEnabled: boolean };
  DomainProcessingStatus: 'Active';
  tags: Tag[];
}

export interface OpenSearchState {
  domains: OpenSearchDomain[];
}

export function openSearchState(world: World, account: string, region: string): OpenSearchState {
  return serviceState<OpenSearchState>(world, 'opensearch', account, region, () => ({ domains: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekOpenSearchState(world: World, account: string, region: string): OpenSearchState | undefined {
  return world.services['opensearch']?.[account]?.[region] as OpenSearchState | undefined;
}

/** The TLS security policies the API accepts (DomainEndpointOptions.TLSSecurityPolicy). */
export const TLS_POLICIES = ['Policy-Min-TLS-1-0-2019-07', 'Policy-Min-TLS-1-2-2019-07', 'Policy-Min-TLS-1-2-PFS-2023-10', 'Policy-Min-TLS-1-2-RFC9151-FIPS-2024-08'] as const;
/** The log types of LogPublishingOptions. */
export const LOG_TYPES = ['INDEX_SLOW_LOGS', 'SEARCH_SLOW_LOGS', 'ES_APPLICATION_LOGS', 'AUDIT_LOGS'] as const;
export type LogType = (typeof LOG_TYPES)[number];

/** The service software releases the endpoint hands out: a domain with an update available is one behind. */
const SOFTWARE = { current: 'OpenSearch_2_13_R20250602', previous: 'OpenSearch_2_13_R20241125' };

/** CreateDomain's rule for names: 3-28 lowercase letters, digits and hyphens, starting with a letter. */
const NAME = /^[a-z][a-z0-9-]{2,27}$/;
const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[\w#\-./]{1,512}(:\*)?$/;

export const domainArn = (region: string, account: string, name: string) => `arn:aws:es:${region}:${account}:domain/${name}`;

export interface CreateOpenSearchDomainOptions {
  name: string;
  /** Default `OpenSearch_2.13`. */
  engineVersion?: string;
  instanceType?: string;
  /** CreateDomain's defaults: one data node, no zone awareness, no dedicated masters. */
  instanceCount?: number;
  zoneAwareness?: boolean;
  /** Dedicated master nodes (0: none). */
  dedicatedMasters?: number;
  /** In a VPC (its subnets and security groups) or with a public endpoint (the default). */
  vpc?: { vpcId: string; subnetIds: string[]; securityGroupIds: string[] };
  /** The API's defaults: every protection off and TLS 1.0 accepted, as CreateDomain leaves them. */
  encryptionAtRest?: boolean;
  kmsKeyId?: string;
  nodeToNode?: boolean;
  enforceHttps?: boolean;
  tlsPolicy?: string;
  /** Fine-grained access control (AdvancedSecurityOptions), with or without the internal user database. */
  fineGrained?: boolean;
  internalUserDatabase?: boolean;
  /** Log types published, each to its CloudWatch Logs log group ARN. */
  logs?: Partial<Record<LogType, string>>;
  /** A service software update is available (the domain runs the previous release). */
  softwareUpdateAvailable?: boolean;
  accessPolicies?: string;
  tags?: Record<string, string>;
}

const asTags = (tags: Record<string, string> | undefined): Tag[] => Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));

export function createOpenSearchDomain(world: World, account: string, region: string, o: CreateOpenSearchDomainOptions): OpenSearchDomain {
  const state = openSearchState(world, account, region);
  const invalid = (m: string) => new SimError('ValidationException', m, 400);
  if (!NAME.test(o.name)) throw invalid(`Domain name ${o.name} is not valid: 3-28 lowercase letters, digits or hyphens, starting with a letter`);
  if (state.domains.some((d) => d.DomainName === o.name)) throw new SimError('ResourceAlreadyExistsException', `domain ${o.name} already exists`, 409);
  const tls = o.tlsPolicy ?? 'Policy-Min-TLS-1-0-2019-07';
  if (!(TLS_POLICIES as readonly string[]).includes(tls)) throw invalid(`TLSSecurityPolicy ${tls} is not one of ${TLS_POLICIES.join(', ')}`);
  const count = o.instanceCount ?? 1;
  const masters = o.dedicatedMasters ?? 0;
  if (count < 1) throw invalid('InstanceCount must be at least 1');
  if (masters !== 0 && masters !== 3 && masters !== 5 && masters !== 2 && masters !== 1) throw invalid(`DedicatedMasterCount must be 1, 2, 3 or 5, not ${masters}`);
  if (o.zoneAwareness && count % 2 !== 0) throw invalid('You must choose an even number of data nodes for a two Availability Zone deployment');
  // The documented prerequisites of fine-grained access control, and of audit logs.
  if (o.fineGrained && !(o.encryptionAtRest && o.nodeToNode && o.enforceHttps)) throw invalid('Fine-grained access control requires encryption at rest, node-to-node encryption and HTTPS enforced');
  if (o.logs?.AUDIT_LOGS && !o.fineGrained) throw invalid('Audit logs require fine-grained access control');
  for (const [type, arn] of Object.entries(o.logs ?? {})) if (!LOG_GROUP_ARN.test(arn)) throw invalid(`${type}: CloudWatchLogsLogGroupArn ${arn} is not a log group ARN`);
  const encrypted = o.encryptionAtRest ?? false;
  const host = `${o.name}-${nextHex(world, 26)}.${region}.es.amazonaws.com`;
  const update = o.softwareUpdateAvailable ?? false;
  const d: OpenSearchDomain = {
    DomainId: `${account}/${o.name}`,
    DomainName: o.name,
    ARN: domainArn(region, account, o.name),
    Created: true,
    Deleted: false,
    ...(o.vpc ? { Endpoints: { vpc: `vpc-${host}` } } : { Endpoint: `search-${host}` }),
    Processing: false,
    UpgradeProcessing: false,
    EngineVersion: o.engineVersion ?? 'OpenSearch_2.13',
    ClusterConfig: {
      InstanceType: o.instanceType ?? 'r6g.large.search',
      InstanceCount: count,
      DedicatedMasterEnabled: masters > 0,
      ...(masters > 0 ? { DedicatedMasterType: 'm6g.large.search', DedicatedMasterCount: masters } : {}),
      ZoneAwarenessEnabled: o.zoneAwareness ?? false,
      ...(o.zoneAwareness ? { ZoneAwarenessConfig: { AvailabilityZoneCount: 2 } } : {}),
      WarmEnabled: false,
    },
    EBSOptions: { EBSEnabled: true, VolumeType: 'gp3', VolumeSize: 100 },
    AccessPolicies: o.accessPolicies ?? '',
    IPAddressType: 'ipv4',
    SnapshotOptions: { AutomatedSnapshotStartHour: 0 },
    ...(o.vpc ? { VPCOptions: { VPCId: o.vpc.vpcId, SubnetIds: [...o.vpc.subnetIds], AvailabilityZones: o.vpc.subnetIds.map((_, i) => `${region}${'abc'[i % 3]}`), SecurityGroupIds: [...o.vpc.securityGroupIds] } } : {}),
    CognitoOptions: { Enabled: false },
    EncryptionAtRestOptions: { Enabled: encrypted, ...(encrypted ? { KmsKeyId: o.kmsKeyId ?? `arn:aws:kms:${region}:${account}:key/${nextHex(world, 8)}-0000-4000-8000-${nextHex(world, 12)}` } : {}) },
    NodeToNodeEncryptionOptions: { Enabled: o.nodeToNode ?? false },
    AdvancedOptions: { 'indices.fielddata.cache.size': '20', 'indices.query.bool.max_clause_count': '1024', override_main_response_version: 'false', 'rest.action.multi.allow_explicit_index': 'true' },
    LogPublishingOptions: Object.fromEntries(Object.entries(o.logs ?? {}).map(([type, arn]) => [type, { CloudWatchLogsLogGroupArn: arn, Enabled: true }])),
    ServiceSoftwareOptions: {
      CurrentVersion: update ? SOFTWARE.previous : SOFTWARE.current,
      NewVersion: update ? SOFTWARE.current : '',
      UpdateAvailable: update,
      Cancellable: false,
      UpdateStatus: update ? 'ELIGIBLE' : 'COMPLETED',
      Description: update ? `A newer release ${SOFTWARE.current} is available.` : 'There is no software update available for this domain.',
      OptionalDeployment: true,
    },
    DomainEndpointOptions: { EnforceHTTPS: o.enforceHttps ?? false, TLSSecurityPolicy: tls, CustomEndpointEnabled: false },
    AdvancedSecurityOptions: { Enabled: o.fineGrained ?? false, InternalUserDatabaseEnabled: (o.fineGrained ?? false) && (o.internalUserDatabase ?? false), AnonymousAuthEnabled: false },
    DomainProcessingStatus: 'Active',
    tags: asTags(o.tags),
  };
  state.domains.push(d);
  return d;
}

/** The domain as the wire carries it (without the tags kept beside it). */
export function domainStatus(d: OpenSearchDomain): Omit<OpenSearchDomain, 'tags'> {
  const { tags: _tags, ...wire } = d;
  return structuredClone(wire);
}

export { LOG_GROUP_ARN, SOFTWARE };
