/**
 * AWS DMS state: endpoints, replication instances and replication tasks per account and region, kept
 * under DescribeEndpoints' / DescribeReplicationInstances' / DescribeReplicationTasks' member names (tags
 * beside them, served through the tagging API as DMS serves them through ListTagsForResource).
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface DmsEndpoint {
  EndpointIdentifier: string;
  EndpointType: 'SOURCE' | 'TARGET';
  EngineName: string;
  EngineDisplayName: string;
  ServerName?: string;
  Port?: number;
  Status: 'active';
  EndpointArn: string;
  SslMode: 'none' | 'require' | 'verify-ca' | 'verify-full';
  MongoDbSettings?: { ServerName?: string; Port?: number; AuthType: 'no' | 'password'; AuthMechanism: string; AuthSource?: string; NestingLevel: string };
  NeptuneSettings?: { ServiceAccessRoleArn: string; S3BucketName: string; S3BucketFolder: string; IamAuthEnabled: boolean; MaxRetryCount: number };
  RedisSettings?: { ServerName: string; Port: number; SslSecurityProtocol: 'plaintext' | 'ssl-encryption'; AuthType: 'none' | 'auth-role' | 'auth-token' };
  tags: Record<string, string>;
}

export interface DmsReplicationInstance {
  ReplicationInstanceIdentifier: string;
  ReplicationInstanceClass: string;
  ReplicationInstanceStatus: 'available';
  AllocatedStorage: number;
  InstanceCreateTime: Date;
  AvailabilityZone: string;
  SecondaryAvailabilityZone?: string;
  PreferredMaintenanceWindow: string;
  MultiAZ: boolean;
  EngineVersion: string;
  AutoMinorVersionUpgrade: boolean;
  KmsKeyId: string;
  ReplicationInstanceArn: string;
  ReplicationInstancePrivateIpAddress: string;
  ReplicationInstancePrivateIpAddresses: string[];
  ReplicationInstancePublicIpAddress?: string;
  ReplicationInstancePublicIpAddresses?: string[];
  PubliclyAccessible: boolean;
  NetworkType: 'IPV4';
  tags: Record<string, string>;
}

export interface DmsReplicationTask {
  ReplicationTaskIdentifier: string;
  SourceEndpointArn: string;
  TargetEndpointArn: string;
  ReplicationInstanceArn: string;
  MigrationType: 'full-load' | 'cdc' | 'full-load-and-cdc';
  TableMappings: string;
  /** The task settings document, a JSON string as DMS returns it. */
  ReplicationTaskSettings: string;
  Status: 'ready' | 'running' | 'stopped';
  ReplicationTaskCreationDate: Date;
  ReplicationTaskArn: string;
  tags: Record<string, string>;
}

export interface DmsState {
  endpoints: DmsEndpoint[];
  instances: DmsReplicationInstance[];
  tasks: DmsReplicationTask[];
}

export function dmsState(world: World, account: string, region: string): DmsState {
  return serviceState<DmsState>(world, 'dms', account, region, () => ({ endpoints: [], instances: [], tasks: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekDmsState(world: World, account: string, region: string): DmsState | undefined {
  return world.services['dms']?.[account]?.[region] as DmsState | undefined;
}

/** DMS names its resources by a 26-character upper-case id in the ARN (`arn:aws:dms:…:endpoint:ABC…`). */
const resourceArn = (world: World, region: string, account: string, kind: 'endpoint' | 'rep' | 'task') => `arn:aws:dms:${region}:${account}:${kind}:${nextHex(world, 26).toUpperCase()}`;
/** DMS identifiers: 1–255 letters, digits or hyphens, starting with a letter, no trailing or double hyphen. */
const IDENTIFIER = /^[a-zA-Z](?:-?[a-zA-Z0-9])*$/;
const checkIdentifier = (what: string, id: string) => {
  if (id.length > 255 || !IDENTIFIER.test(id)) throw new SimError('InvalidParameterValueException', `${what} identifier ${id} is not valid: letters, digits and hyphens, starting with a letter, without two consecutive hyphens or a trailing one`, 400);
};

const DISPLAY: Record<string, string> = { mysql: 'MySQL', postgres: 'PostgreSQL', oracle: 'Oracle', sqlserver: 'Microsoft SQL Server', aurora: 'Amazon Aurora MySQL', 'aurora-postgresql': 'Amazon Aurora PostgreSQL', mongodb: 'MongoDB', docdb: 'Amazon DocumentDB', neptune: 'Amazon Neptune', redis: 'Redis', s3: 'Amazon S3', dynamodb: 'Amazon DynamoDB', kinesis: 'Amazon Kinesis', kafka: 'Kafka', opensearch: 'Amazon OpenSearch Service', redshift: 'Amazon Redshift' };
/** Engines without an SslMode setting: AWS answers `none` for them (they encrypt by other means). */
export const NO_SSL_MODE = ['s3', 'dynamodb', 'kinesis', 'neptune', 'elasticsearch', 'opensearch', 'redis', 'kafka'];

export interface CreateDmsEndpointOptions {
  identifier: string;
  type: 'source' | 'target';
  engine: string;
  /** Default `none`, CreateEndpoint's default; engines without SslMode always answer `none`. */
  sslMode?: 'none' | 'require' | 'verify-ca' | 'verify-full';
  /** MongoDB: default `password` (CreateEndpoint's default). */
  mongoAuthType?: 'no' | 'password';
  /** Neptune: default false. */
  neptuneIamAuth?: boolean;
  /** Redis: default `ssl-encryption`. */
  redisSslProtocol?: 'plaintext' | 'ssl-encryption';
  tags?: Record<string, string>;
}

export function createDmsEndpoint(world: World, account: string, region: string, o: CreateDmsEndpointOptions): DmsEndpoint {
  const state = dmsState(world, account, region);
  checkIdentifier('Endpoint', o.identifier);
  if (state.endpoints.some((e) => e.EndpointIdentifier.toLowerCase() === o.identifier.toLowerCase())) throw new SimError('ResourceAlreadyExistsFault', `Endpoint ${o.identifier} already exists`, 400);
  if (!DISPLAY[o.engine]) throw new SimError('InvalidParameterValueException', `Invalid engine name: ${o.engine}`, 400);
  if (NO_SSL_MODE.includes(o.engine) && o.sslMode !== undefined && o.sslMode !== 'none') throw new SimError('InvalidParameterCombinationException', `SSL mode ${o.sslMode} is not supported for engine ${o.engine}`, 400);
  const server = `${o.identifier}.example.internal`;
  const e: DmsEndpoint = {
    EndpointIdentifier: o.identifier,
    EndpointType: o.type === 'source' ? 'SOURCE' : 'TARGET',
    EngineName: o.engine,
    EngineDisplayName: DISPLAY[o.engine]!,
    ...(['s3', 'dynamodb', 'kinesis', 'neptune'].includes(o.engine) ? {} : { ServerName: server, Port: o.engine === 'mongodb' ? 27017 : o.engine === 'redis' ? 6379 : o.engine === 'postgres' || o.engine === 'aurora-postgresql' ? 5432 : 3306 }),
    Status: 'active',
    EndpointArn: resourceArn(world, region, account, 'endpoint'),
    SslMode: o.sslMode ?? 'none',
    tags: { ...o.tags },
  };
  if (o.engine === 'mongodb') e.MongoDbSettings = { ServerName: server, Port: 27017, AuthType: o.mongoAuthType ?? 'password', AuthMechanism: 'default', ...(o.mongoAuthType === 'no' ? {} : { AuthSource: 'admin' }), NestingLevel: 'none' };
  if (o.engine === 'neptune') e.NeptuneSettings = { ServiceAccessRoleArn: `arn:aws:iam::${account}:role/dms-neptune`, S3BucketName: `dms-neptune-staging-${account}`, S3BucketFolder: o.identifier, IamAuthEnabled: o.neptuneIamAuth ?? false, MaxRetryCount: 5 };
  if (o.engine === 'redis') e.RedisSettings = { ServerName: server, Port: 6379, SslSecurityProtocol: o.redisSslProtocol ?? 'ssl-encryption', AuthType: 'none' };
  state.endpoints.push(e);
  return e;
}

export interface CreateDmsInstanceOptions {
  identifier: string;
  /** Default `dms.t3.medium`. */
  instanceClass?: string;
  /** CreateReplicationInstance's defaults: publicly accessible, single-AZ, minor upgrades applied automatically. */
  publiclyAccessible?: boolean;
  multiAz?: boolean;
  autoMinorVersionUpgrade?: boolean;
  tags?: Record<string, string>;
}

export function createDmsReplicationInstance(world: World, account: string, region: string, o: CreateDmsInstanceOptions): DmsReplicationInstance {
  const state = dmsState(world, account, region);
  checkIdentifier('Replication instance', o.identifier);
  if (o.identifier.length > 63) throw new SimError('InvalidParameterValueException', `Replication instance identifier ${o.identifier} is longer than 63 characters`, 400);
  if (state.instances.some((i) => i.ReplicationInstanceIdentifier === o.identifier.toLowerCase())) throw new SimError('ResourceAlreadyExistsFault', `Replication instance ${o.identifier} already exists`, 400);
  const publicly = o.publiclyAccessible ?? true;
  const multiAz = o.multiAz ?? false;
  const n = world.seq % 250;
  const i: DmsReplicationInstance = {
    // DMS stores replication instance identifiers in lower case.
    ReplicationInstanceIdentifier: o.identifier.toLowerCase(),
    ReplicationInstanceClass: o.instanceClass ?? 'dms.t3.medium',
    ReplicationInstanceStatus: 'available',
    AllocatedStorage: 50,
    InstanceCreateTime: new Date(Date.UTC(2025, 1, 1 + (world.seq % 200))),
    AvailabilityZone: `${region}a`,
    ...(multiAz ? { SecondaryAvailabilityZone: `${region}b` } : {}),
    PreferredMaintenanceWindow: 'sun:06:00-sun:06:30',
    MultiAZ: multiAz,
    EngineVersion: '3.5.3',
    AutoMinorVersionUpgrade: o.autoMinorVersionUpgrade ?? true,
    KmsKeyId: `arn:aws:kms:${region}:${account}:key/${nextHex(world, 8)}-0000-4000-8000-${nextHex(world, 12)}`,
    ReplicationInstanceArn: resourceArn(world, region, account, 'rep'),
    ReplicationInstancePrivateIpAddress: `10.40.1.${n}`,
    ReplicationInstancePrivateIpAddresses: [`10.40.1.${n}`],
    ...(publicly ? { ReplicationInstancePublicIpAddress: `198.51.100.${n}`, ReplicationInstancePublicIpAddresses: [`198.51.100.${n}`] } : {}),
    PubliclyAccessible: publicly,
    NetworkType: 'IPV4',
    tags: { ...o.tags },
  };
  state.instances.push(i);
  return i;
}

/** A component's logging severity, as the task settings document names them. */
export type DmsLogSeverity = 'LOGGER_SEVERITY_ERROR' | 'LOGGER_SEVERITY_WARNING' | 'LOGGER_SEVERITY_INFO' | 'LOGGER_SEVERITY_DEFAULT' | 'LOGGER_SEVERITY_DEBUG' | 'LOGGER_SEVERITY_DETAILED_DEBUG';
export const LOG_COMPONENTS = ['TRANSFORMATION', 'SOURCE_UNLOAD', 'IO', 'TARGET_LOAD', 'PERFORMANCE', 'SOURCE_CAPTURE', 'SORTER', 'REST_SERVER', 'VALIDATOR_EXT', 'TARGET_APPLY', 'TASK_MANAGER', 'TABLES_MANAGER', 'METADATA_MANAGER', 'FILE_FACTORY', 'COMMON', 'ADDONS', 'DATA_STRUCTURE', 'COMMUNICATION', 'FILE_TRANSFER'] as const;

export interface CreateDmsTaskOptions {
  identifier: string;
  source: string;
  target: string;
  instance: string;
  migrationType?: 'full-load' | 'cdc' | 'full-load-and-cdc';
  /** Logging.EnableLogging; default false, as CreateReplicationTask's default settings have it. */
  logging?: boolean;
  /** Severities of some components; the rest keep LOGGER_SEVERITY_DEFAULT. */
  severities?: Partial<Record<(typeof LOG_COMPONENTS)[number], DmsLogSeverity>>;
  /** The settings document verbatim, instead of the one built from `logging` and `severities` (e.g. one DMS could not parse). */
  rawSettings?: string;
  tags?: Record<string, string>;
}

export function createDmsReplicationTask(world: World, account: string, region: string, o: CreateDmsTaskOptions): DmsReplicationTask {
  const state = dmsState(world, account, region);
  checkIdentifier('Replication task', o.identifier);
  if (state.tasks.some((t) => t.ReplicationTaskIdentifier === o.identifier.toLowerCase())) throw new SimError('ResourceAlreadyExistsFault', `Replication task ${o.identifier} already exists`, 400);
  const endpoint = (arn: string) => {
    if (!state.endpoints.some((e) => e.EndpointArn === arn)) throw new SimError('ResourceNotFoundFault', `Endpoint ${arn} not found`, 400);
    return arn;
  };
  if (!state.instances.some((i) => i.ReplicationInstanceArn === o.instance)) throw new SimError('ResourceNotFoundFault', `Replication instance ${o.instance} not found`, 400);
  const settings = {
    TargetMetadata: { TargetSchema: '', SupportLobs: true, FullLobMode: false, LobChunkSize: 64, LimitedSizeLobMode: true, LobMaxSize: 32 },
    FullLoadSettings: { TargetTablePrepMode: 'DROP_AND_CREATE', MaxFullLoadSubTasks: 8, CommitRate: 10000 },
    Logging: { EnableLogging: o.logging ?? false, LogComponents: LOG_COMPONENTS.map((Id) => ({ Id, Severity: o.severities?.[Id] ?? 'LOGGER_SEVERITY_DEFAULT' })) },
    ControlTablesSettings: { ControlSchema: '', HistoryTimeslotInMinutes: 5, HistoryTableEnabled: false, SuspendedTablesTableEnabled: false, StatusTableEnabled: false },
    ErrorBehavior: { DataErrorPolicy: 'LOG_ERROR', TableErrorPolicy: 'SUSPEND_TABLE', RecoverableErrorCount: -1 },
  };
  const t: DmsReplicationTask = {
    ReplicationTaskIdentifier: o.identifier.toLowerCase(),
    SourceEndpointArn: endpoint(o.source),
    TargetEndpointArn: endpoint(o.target),
    ReplicationInstanceArn: o.instance,
    MigrationType: o.migrationType ?? 'full-load-and-cdc',
    TableMappings: JSON.stringify({ rules: [{ 'rule-type': 'selection', 'rule-id': '1', 'rule-name': '1', 'object-locator': { 'schema-name': '%', 'table-name': '%' }, 'rule-action': 'include' }] }),
    ReplicationTaskSettings: o.rawSettings ?? JSON.stringify(settings),
    Status: 'ready',
    ReplicationTaskCreationDate: new Date(Date.UTC(2025, 2, 1 + (world.seq % 200))),
    ReplicationTaskArn: resourceArn(world, region, account, 'task'),
    tags: { ...o.tags },
  };
  state.tasks.push(t);
  return t;
}
