/**
 * AWS Transfer Family state: servers and connectors per account and region, kept under the model's
 * member names (DescribeServer's `Server`, DescribeConnector's `Connector`) so that the handler only
 * selects and pages them.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

type Tag = { Key: string; Value: string };

export interface TransferServer {
  Arn: string;
  ServerId: string;
  Domain: 'S3' | 'EFS';
  EndpointType: 'PUBLIC' | 'VPC' | 'VPC_ENDPOINT';
  IdentityProviderType: 'SERVICE_MANAGED' | 'API_GATEWAY' | 'AWS_DIRECTORY_SERVICE' | 'AWS_LAMBDA';
  Protocols: ('SFTP' | 'FTP' | 'FTPS' | 'AS2')[];
  SecurityPolicyName: string;
  State: 'ONLINE' | 'OFFLINE';
  UserCount: number;
  LoggingRole?: string;
  StructuredLogDestinations?: string[];
  Tags: Tag[];
}

export interface TransferConnector {
  Arn: string;
  ConnectorId: string;
  Url: string;
  AccessRole: string;
  LoggingRole?: string;
  SftpConfig?: { UserSecretId: string; TrustedHostKeys: string[] };
  Tags: Tag[];
}

export interface TransferState {
  servers: TransferServer[];
  connectors: TransferConnector[];
}

export function transferState(world: World, account: string, region: string): TransferState {
  return serviceState<TransferState>(world, 'transfer', account, region, () => ({ servers: [], connectors: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekTransferState(world: World, account: string, region: string): TransferState | undefined {
  return world.services['transfer']?.[account]?.[region] as TransferState | undefined;
}

const asTags = (tags: Record<string, string> | undefined): Tag[] => Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));

export interface CreateServerOptions {
  /** Default SFTP only, as CreateServer leaves it. */
  protocols?: TransferServer['Protocols'];
  endpointType?: TransferServer['EndpointType'];
  /** An IAM role ARN for CloudWatch logging. */
  loggingRole?: string;
  /** CloudWatch Logs log group ARNs for structured logs. */
  structuredLogDestinations?: string[];
  tags?: Record<string, string>;
}

export function createServer(world: World, account: string, region: string, o: CreateServerOptions = {}): TransferServer {
  const protocols = o.protocols ?? ['SFTP'];
  // AWS: FTP is allowed only inside a VPC and with a custom identity provider.
  if (protocols.includes('FTP') && (o.endpointType ?? 'PUBLIC') === 'PUBLIC') throw new SimError('InvalidRequestException', 'FTP is not supported for PUBLIC endpoint type', 400);
  const id = `s-${nextHex(world, 17)}`;
  const s: TransferServer = {
    Arn: `arn:aws:transfer:${region}:${account}:server/${id}`,
    ServerId: id,
    Domain: 'S3',
    EndpointType: o.endpointType ?? 'PUBLIC',
    IdentityProviderType: protocols.includes('FTP') ? 'API_GATEWAY' : 'SERVICE_MANAGED',
    Protocols: [...protocols],
    SecurityPolicyName: 'TransferSecurityPolicy-2024-01',
    State: 'ONLINE',
    UserCount: 0,
    Tags: asTags(o.tags),
  };
  if (o.loggingRole) s.LoggingRole = o.loggingRole;
  if (o.structuredLogDestinations?.length) s.StructuredLogDestinations = [...o.structuredLogDestinations];
  transferState(world, account, region).servers.push(s);
  return s;
}

export interface CreateConnectorOptions {
  url?: string;
  accessRole?: string;
  loggingRole?: string;
  tags?: Record<string, string>;
}

export function createConnector(world: World, account: string, region: string, o: CreateConnectorOptions = {}): TransferConnector {
  const id = `c-${nextHex(world, 17)}`;
  const c: TransferConnector = {
    Arn: `arn:aws:transfer:${region}:${account}:connector/${id}`,
    ConnectorId: id,
    Url: o.url ?? 'sftp://partner.example.com',
    AccessRole: o.accessRole ?? `arn:aws:iam::${account}:role/transfer-connector-access`,
    SftpConfig: { UserSecretId: `arn:aws:secretsmanager:${region}:${account}:secret:sftp-partner`, TrustedHostKeys: [] },
    Tags: asTags(o.tags),
  };
  if (o.loggingRole) c.LoggingRole = o.loggingRole;
  transferState(world, account, region).connectors.push(c);
  return c;
}
