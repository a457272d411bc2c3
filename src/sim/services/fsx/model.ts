/**
 * Amazon FSx state: file systems of the four types per account and region, kept under DescribeFileSystems'
 * member names, with the type's configuration (deployment type, tag copying) as AWS returns it.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

type Tag = { Key: string; Value: string };

export type FsxType = 'LUSTRE' | 'WINDOWS' | 'ONTAP' | 'OPENZFS';

export interface FsxFileSystem {
  OwnerId: string;
  CreationTime: Date;
  FileSystemId: string;
  FileSystemType: FsxType;
  Lifecycle: 'AVAILABLE';
  StorageCapacity: number;
  StorageType: 'SSD' | 'HDD';
  VpcId: string;
  SubnetIds: string[];
  NetworkInterfaceIds: string[];
  DNSName: string;
  KmsKeyId: string;
  ResourceARN: string;
  Tags: Tag[];
  FileSystemTypeVersion?: string;
  LustreConfiguration?: { DeploymentType: string; WeeklyMaintenanceStartTime: string; AutomaticBackupRetentionDays?: number; CopyTagsToBackups?: boolean; MountName: string; DataCompressionType: 'NONE' | 'LZ4' };
  WindowsConfiguration?: { DeploymentType: string; ThroughputCapacity: number; AutomaticBackupRetentionDays: number; CopyTagsToBackups: boolean; WeeklyMaintenanceStartTime: string };
  OntapConfiguration?: { DeploymentType: string; ThroughputCapacity: number; AutomaticBackupRetentionDays: number; WeeklyMaintenanceStartTime: string };
  OpenZFSConfiguration?: { DeploymentType: string; ThroughputCapacity: number; AutomaticBackupRetentionDays: number; CopyTagsToBackups: boolean; CopyTagsToVolumes: boolean; WeeklyMaintenanceStartTime: string; RootVolumeId: string };
}

export interface FsxState {
  fileSystems: FsxFileSystem[];
}

export function fsxState(world: World, account: string, region: string): FsxState {
  return serviceState<FsxState>(world, 'fsx', account, region, () => ({ fileSystems: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekFsxState(world: World, account: string, region: string): FsxState | undefined {
  return world.services['fsx']?.[account]?.[region] as FsxState | undefined;
}

/** The deployment types CreateFileSystem accepts per file system type. */
export const DEPLOYMENT_TYPES: Record<FsxType, readonly string[]> = {
  LUSTRE: ['SCRATCH_1', 'SCRATCH_2', 'PERSISTENT_1', 'PERSISTENT_2'],
  WINDOWS: ['SINGLE_AZ_1', 'SINGLE_AZ_2', 'MULTI_AZ_1'],
  ONTAP: ['SINGLE_AZ_1', 'SINGLE_AZ_2', 'MULTI_AZ_1', 'MULTI_AZ_2'],
  OPENZFS: ['SINGLE_AZ_1', 'SINGLE_AZ_2', 'SINGLE_AZ_HA_1', 'SINGLE_AZ_HA_2', 'MULTI_AZ_1'],
};

export interface CreateFsxFileSystemOptions {
  type: FsxType;
  deploymentType: string;
  /** CreateFileSystem's default: false (Lustre, Windows, OpenZFS). */
  copyTagsToBackups?: boolean;
  /** OpenZFS only; default false. */
  copyTagsToVolumes?: boolean;
  vpcId?: string;
  tags?: Record<string, string>;
}

export function createFsxFileSystem(world: World, account: string, region: string, o: CreateFsxFileSystemOptions): FsxFileSystem {
  const state = fsxState(world, account, region);
  if (!DEPLOYMENT_TYPES[o.type].includes(o.deploymentType)) throw new SimError('BadRequest', `DeploymentType ${o.deploymentType} is not valid for ${o.type} (${DEPLOYMENT_TYPES[o.type].join(', ')})`, 400);
  if (o.copyTagsToVolumes !== undefined && o.type !== 'OPENZFS') throw new SimError('BadRequest', 'CopyTagsToVolumes is an OpenZFS setting', 400);
  if (o.copyTagsToBackups !== undefined && o.type === 'ONTAP') throw new SimError('BadRequest', 'ONTAP file systems have no CopyTagsToBackups setting', 400);
  const id = `fs-${nextHex(world, 17)}`;
  const multi = o.deploymentType.startsWith('MULTI_AZ');
  const subnets = [`subnet-${nextHex(world, 17)}`, ...(multi ? [`subnet-${nextHex(world, 17)}`] : [])];
  const copy = o.copyTagsToBackups ?? false;
  const fs: FsxFileSystem = {
    OwnerId: account,
    CreationTime: new Date(Date.UTC(2025, 4, 1 + (world.seq % 200))),
    FileSystemId: id,
    FileSystemType: o.type,
    Lifecycle: 'AVAILABLE',
    StorageCapacity: o.type === 'LUSTRE' ? 1200 : 1024,
    StorageType: 'SSD',
    VpcId: o.vpcId ?? `vpc-${nextHex(world, 17)}`,
    SubnetIds: subnets,
    NetworkInterfaceIds: subnets.map(() => `eni-${nextHex(world, 17)}`),
    DNSName: `${id}.fsx.${region}.amazonaws.com`,
    KmsKeyId: `arn:aws:kms:${region}:${account}:key/${nextHex(world, 8)}-0000-4000-8000-${nextHex(world, 12)}`,
    ResourceARN: `arn:aws:fsx:${region}:${account}:file-system/${id}`,
    Tags: Object.entries(o.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
  };
  const window = '1:05:00';
  switch (o.type) {
    case 'LUSTRE': {
      const scratch = o.deploymentType.startsWith('SCRATCH');
      // Scratch file systems have no automatic backups, and AWS leaves the backup settings out of their answer.
      fs.LustreConfiguration = { DeploymentType: o.deploymentType, WeeklyMaintenanceStartTime: window, MountName: nextHex(world, 8), DataCompressionType: 'NONE', ...(scratch ? {} : { AutomaticBackupRetentionDays: 7, CopyTagsToBackups: copy }) };
      fs.FileSystemTypeVersion = '2.15';
      break;
    }
    case 'WINDOWS':
      fs.WindowsConfiguration = { DeploymentType: o.deploymentType, ThroughputCapacity: 32, AutomaticBackupRetentionDays: 7, CopyTagsToBackups: copy, WeeklyMaintenanceStartTime: window };
      break;
    case 'ONTAP':
      fs.OntapConfiguration = { DeploymentType: o.deploymentType, ThroughputCapacity: 128, AutomaticBackupRetentionDays: 7, WeeklyMaintenanceStartTime: window };
      break;
    case 'OPENZFS':
      fs.OpenZFSConfiguration = { DeploymentType: o.deploymentType, ThroughputCapacity: 64, AutomaticBackupRetentionDays: 7, CopyTagsToBackups: copy, CopyTagsToVolumes: o.copyTagsToVolumes ?? false, WeeklyMaintenanceStartTime: window, RootVolumeId: `fsvol-${nextHex(world, 17)}` };
      break;
  }
  state.fileSystems.push(fs);
  return fs;
}
