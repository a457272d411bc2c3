/**
 * MSK Connect state: connectors per account and region in ListConnectors' shape, with their tags for the
 * tagging API.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface MskConnector {
  connectorArn: string;
  connectorName: string;
  connectorState: 'RUNNING';
  creationTime: string;
  currentVersion: string;
  kafkaConnectVersion: string;
  kafkaCluster: Record<string, unknown>;
  kafkaClusterClientAuthentication: { authenticationType: 'IAM' | 'NONE' };
  /** Absent: created without the block (PLAINTEXT, the API's default). */
  kafkaClusterEncryptionInTransit?: { encryptionType: 'TLS' | 'PLAINTEXT' };
  /** Absent: created without log delivery, the default. */
  logDelivery?: { workerLogDelivery: Record<string, Record<string, unknown>> };
  serviceExecutionRoleArn: string;
  capacity: Record<string, unknown>;
  plugins: { customPlugin: { customPluginArn: string; revision: number } }[];
  tags: Record<string, string>;
}

export interface KafkaConnectState {
  connectors: MskConnector[];
}

export function kafkaConnectState(world: World, account: string, region: string): KafkaConnectState {
  return serviceState<KafkaConnectState>(world, 'kafkaconnect', account, region, () => ({ connectors: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekKafkaConnectState(world: World, account: string, region: string): KafkaConnectState | undefined {
  return world.services['kafkaconnect']?.[account]?.[region] as KafkaConnectState | undefined;
}

export interface CreateConnectorOptions {
  name: string;
  /** Absent: the block left out (PLAINTEXT). */
  encryption?: 'TLS' | 'PLAINTEXT';
  /** Worker log destinations turned on; none unless asked. */
  logs?: ('cloudwatch' | 'firehose' | 's3')[];
  tags?: Record<string, string>;
}

export function createConnector(world: World, account: string, region: string, o: CreateConnectorOptions): MskConnector {
  const state = kafkaConnectState(world, account, region);
  if (!/^[a-zA-Z0-9-]{1,128}$/.test(o.name)) throw new SimError('BadRequestException', `The connector name ${o.name} is invalid.`, 400);
  if (state.connectors.some((c) => c.connectorName === o.name)) throw new SimError('ConflictException', `A connector with the name ${o.name} already exists.`, 409);
  const h = nextHex(world, 32);
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}-3`;
  const tls = o.encryption === 'TLS';
  const c: MskConnector = {
    connectorArn: `arn:aws:kafkaconnect:${region}:${account}:connector/${o.name}/${uuid}`,
    connectorName: o.name,
    connectorState: 'RUNNING',
    creationTime: '2026-01-20T09:00:00.000Z',
    currentVersion: 'KTVPDKIKX0DER',
    kafkaConnectVersion: '2.7.1',
    kafkaCluster: { apacheKafkaCluster: { bootstrapServers: `b-1.events.abc123.c2.kafka.${region}.amazonaws.com:${tls ? 9098 : 9092}`, vpc: { securityGroups: [`sg-${nextHex(world, 17)}`], subnets: [`subnet-${nextHex(world, 17)}`] } } },
    kafkaClusterClientAuthentication: { authenticationType: tls ? 'IAM' : 'NONE' },
    serviceExecutionRoleArn: `arn:aws:iam::${account}:role/msk-connect-${o.name}`,
    capacity: { provisionedCapacity: { mcuCount: 1, workerCount: 1 } },
    plugins: [{ customPlugin: { customPluginArn: `arn:aws:kafkaconnect:${region}:${account}:custom-plugin/plugin/${nextHex(world, 8)}-0000-4000-8000-${nextHex(world, 12)}-1`, revision: 1 } }],
    tags: { ...o.tags },
  };
  if (o.encryption) c.kafkaClusterEncryptionInTransit = { encryptionType: o.encryption };
  if (o.logs?.length) {
    c.logDelivery = {
      workerLogDelivery: {
        cloudWatchLogs: o.logs.includes('cloudwatch') ? { enabled: true, logGroup: `/msk-connect/${o.name}` } : { enabled: false },
        firehose: o.logs.includes('firehose') ? { enabled: true, deliveryStream: `${o.name}-logs` } : { enabled: false },
        s3: o.logs.includes('s3') ? { enabled: true, bucket: `${account}-msk-connect-logs`, prefix: o.name } : { enabled: false },
      },
    };
  }
  state.connectors.push(c);
  return c;
}
