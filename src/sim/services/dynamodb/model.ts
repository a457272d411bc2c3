/**
 * DynamoDB state: tables per account and region with their deletion protection, encryption, point-in-time
 * recovery and tags, kept under the model's member names so that the handler only selects them.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface DynamoTable {
  TableName: string;
  TableArn: string;
  TableId: string;
  TableStatus: 'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE';
  BillingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  DeletionProtectionEnabled: boolean;
  /** Absent: the AWS owned key (DynamoDB's default). */
  KMSMasterKeyArn?: string;
  pointInTimeRecovery: boolean;
  CreationDateTime: Date;
  tags: Record<string, string>;
}

export interface DynamoState {
  tables: DynamoTable[];
}

export function dynamoState(world: World, account: string, region: string): DynamoState {
  return serviceState<DynamoState>(world, 'dynamodb', account, region, () => ({ tables: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekDynamoState(world: World, account: string, region: string): DynamoState | undefined {
  return world.services['dynamodb']?.[account]?.[region] as DynamoState | undefined;
}

export const tableArn = (region: string, account: string, name: string) => `arn:aws:dynamodb:${region}:${account}:table/${name}`;

export interface CreateTableOptions {
  name: string;
  /** Default PROVISIONED, CreateTable's default. */
  billingMode?: 'PROVISIONED' | 'PAY_PER_REQUEST';
  /** Off unless asked, as CreateTable leaves it. */
  deletionProtection?: boolean;
  /** Off unless asked: UpdateContinuousBackups turns it on after creation. */
  pointInTimeRecovery?: boolean;
  /** A KMS key ARN: SSEType KMS (`aws/dynamodb` or a customer managed key); absent: the AWS owned key. */
  kmsKeyArn?: string;
  tags?: Record<string, string>;
}

export function createTable(world: World, account: string, region: string, o: CreateTableOptions): DynamoTable {
  const state = dynamoState(world, account, region);
  if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(o.name)) throw new SimError('ValidationException', `1 validation error detected: Value '${o.name}' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+`, 400);
  if (state.tables.some((t) => t.TableName === o.name)) throw new SimError('ResourceInUseException', `Table already exists: ${o.name}`, 400);
  const h = nextHex(world, 32);
  const t: DynamoTable = {
    TableName: o.name,
    TableArn: tableArn(region, account, o.name),
    TableId: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`,
    TableStatus: 'ACTIVE',
    BillingMode: o.billingMode ?? 'PROVISIONED',
    DeletionProtectionEnabled: o.deletionProtection ?? false,
    pointInTimeRecovery: o.pointInTimeRecovery ?? false,
    CreationDateTime: new Date(Date.UTC(2025, 0, 1 + (world.seq % 300))),
    tags: { ...o.tags },
  };
  if (o.kmsKeyArn) t.KMSMasterKeyArn = o.kmsKeyArn;
  state.tables.push(t);
  return t;
}
