/**
 * AWS DataSync state: tasks per account and region with their options and CloudWatch log group, kept under
 * DescribeTask's member names (tags beside them, served through the tagging API).
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export type LogLevel = 'OFF' | 'BASIC' | 'TRANSFER';

export interface DatasyncTask {
  TaskArn: string;
  Status: 'AVAILABLE' | 'RUNNING' | 'QUEUED' | 'UNAVAILABLE';
  Name: string;
  SourceLocationArn: string;
  DestinationLocationArn: string;
  CloudWatchLogGroupArn?: string;
  Options: {
    VerifyMode: 'POINT_IN_TIME_CONSISTENT' | 'ONLY_FILES_TRANSFERRED' | 'NONE';
    OverwriteMode: 'ALWAYS' | 'NEVER';
    Atime: 'BEST_EFFORT' | 'NONE';
    Mtime: 'PRESERVE' | 'NONE';
    Uid: 'INT_VALUE' | 'NAME' | 'BOTH' | 'NONE';
    Gid: 'INT_VALUE' | 'NAME' | 'BOTH' | 'NONE';
    PreserveDeletedFiles: 'PRESERVE' | 'REMOVE';
    PreserveDevices: 'NONE' | 'PRESERVE';
    PosixPermissions: 'NONE' | 'PRESERVE';
    BytesPerSecond: number;
    TaskQueueing: 'ENABLED' | 'DISABLED';
    LogLevel: LogLevel;
    TransferMode: 'CHANGED' | 'ALL';
    ObjectTags: 'PRESERVE' | 'NONE';
  };
  CreationTime: Date;
  tags: Record<string, string>;
}

export interface DatasyncState {
  tasks: DatasyncTask[];
}

export function datasyncState(world: World, account: string, region: string): DatasyncState {
  return serviceState<DatasyncState>(world, 'datasync', account, region, () => ({ tasks: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekDatasyncState(world: World, account: string, region: string): DatasyncState | undefined {
  return world.services['datasync']?.[account]?.[region] as DatasyncState | undefined;
}

/** The API reference's pattern for CloudWatchLogGroupArn (a log group ARN, with or without the trailing `:*`). */
export const LOG_GROUP_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):logs:[a-z\-0-9]+:[0-9]{12}:log-group:([^:*]*)(:\*)?$/;

export interface CreateDatasyncTaskOptions {
  name: string;
  /** A log group name in the same account and region (default none). */
  logGroup?: string;
  /** Default OFF without a log group, BASIC with one (what the console proposes). */
  logLevel?: LogLevel;
  tags?: Record<string, string>;
}

export function createDatasyncTask(world: World, account: string, region: string, o: CreateDatasyncTaskOptions): DatasyncTask {
  const state = datasyncState(world, account, region);
  if (!/^[a-zA-Z0-9\s+=._:@/-]{1,256}$/.test(o.name)) throw new SimError('InvalidRequestException', `Invalid task name: ${o.name}`, 400);
  const location = () => `arn:aws:datasync:${region}:${account}:location/loc-${nextHex(world, 17)}`;
  const t: DatasyncTask = {
    TaskArn: `arn:aws:datasync:${region}:${account}:task/task-${nextHex(world, 17)}`,
    Status: 'AVAILABLE',
    Name: o.name,
    SourceLocationArn: location(),
    DestinationLocationArn: location(),
    ...(o.logGroup ? { CloudWatchLogGroupArn: `arn:aws:logs:${region}:${account}:log-group:${o.logGroup}:*` } : {}),
    Options: {
      VerifyMode: 'POINT_IN_TIME_CONSISTENT',
      OverwriteMode: 'ALWAYS',
      Atime: 'BEST_EFFORT',
      Mtime: 'PRESERVE',
      Uid: 'INT_VALUE',
      Gid: 'INT_VALUE',
      PreserveDeletedFiles: 'PRESERVE',
      PreserveDevices: 'NONE',
      PosixPermissions: 'PRESERVE',
      BytesPerSecond: -1,
      TaskQueueing: 'ENABLED',
      LogLevel: o.logLevel ?? (o.logGroup ? 'BASIC' : 'OFF'),
      TransferMode: 'CHANGED',
      ObjectTags: 'PRESERVE',
    },
    CreationTime: new Date(Date.UTC(2025, 4, 1 + (world.seq % 200), 8)),
    tags: { ...o.tags },
  };
  state.tasks.push(t);
  return t;
}
