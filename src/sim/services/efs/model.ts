/**
 * Amazon EFS state: file systems (under DescribeFileSystems' member names, with their backup policy
 * beside them), their mount targets and access points, per account and region.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';
import type { Subnet } from '../ec2/model.ts';

type Tag = { Key: string; Value: string };

export interface EfsFileSystem {
  OwnerId: string;
  CreationToken: string;
  FileSystemId: string;
  FileSystemArn: string;
  CreationTime: Date;
  LifeCycleState: 'available';
  Name?: string;
  NumberOfMountTargets: number;
  SizeInBytes: { Value: number };
  PerformanceMode: 'generalPurpose' | 'maxIO';
  Encrypted: boolean;
  KmsKeyId?: string;
  ThroughputMode: 'bursting' | 'elastic' | 'provisioned';
  AvailabilityZoneName?: string;
  AvailabilityZoneId?: string;
  Tags: Tag[];
  FileSystemProtection: { ReplicationOverwriteProtection: 'ENABLED' };
  /** DescribeBackupPolicy's `BackupPolicy.Status`; `none`: no backup policy was ever set (PolicyNotFound). */
  backup: 'ENABLED' | 'DISABLED' | 'none';
}

export interface EfsMountTarget {
  OwnerId: string;
  MountTargetId: string;
  FileSystemId: string;
  SubnetId: string;
  LifeCycleState: 'available';
  IpAddress: string;
  NetworkInterfaceId: string;
  AvailabilityZoneId: string;
  AvailabilityZoneName: string;
  VpcId: string;
}

export interface EfsAccessPoint {
  ClientToken: string;
  Name?: string;
  Tags: Tag[];
  AccessPointId: string;
  AccessPointArn: string;
  FileSystemId: string;
  PosixUser?: { Uid: number; Gid: number; SecondaryGids?: number[] };
  RootDirectory: { Path: string; CreationInfo?: { OwnerUid: number; OwnerGid: number; Permissions: string } };
  OwnerId: string;
  LifeCycleState: 'available';
}

export interface EfsState {
  fileSystems: EfsFileSystem[];
  mountTargets: EfsMountTarget[];
  accessPoints: EfsAccessPoint[];
}

export function efsState(world: World, account: string, region: string): EfsState {
  return serviceState<EfsState>(world, 'efs', account, region, () => ({ fileSystems: [], mountTargets: [], accessPoints: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekEfsState(world: World, account: string, region: string): EfsState | undefined {
  return world.services['efs']?.[account]?.[region] as EfsState | undefined;
}

export const fileSystemNotFound = (id: unknown) => new SimError('FileSystemNotFound', `File system '${String(id)}' does not exist.`, 404);

export interface CreateEfsFileSystemOptions {
  name?: string;
  /** CreateFileSystem's default: not encrypted. */
  encrypted?: boolean;
  /** CreateFileSystem's `Backup` (default false: automatic backups DISABLED); `null`: no backup policy at all, as file systems made before automatic backups existed. */
  backup?: boolean | null;
  /** A One Zone file system in this zone (default: Regional). */
  availabilityZone?: string;
  tags?: Record<string, string>;
}

export function createEfsFileSystem(world: World, account: string, region: string, o: CreateEfsFileSystemOptions = {}): EfsFileSystem {
  const state = efsState(world, account, region);
  const id = `fs-${nextHex(world, 17)}`;
  const tags: Tag[] = [...(o.name ? [{ Key: 'Name', Value: o.name }] : []), ...Object.entries(o.tags ?? {}).filter(([k]) => k !== 'Name').map(([Key, Value]) => ({ Key, Value }))];
  if (o.availabilityZone !== undefined && !o.availabilityZone.startsWith(region)) throw new SimError('BadRequest', `AvailabilityZoneName ${o.availabilityZone} is not in ${region}`, 400);
  const fs: EfsFileSystem = {
    OwnerId: account,
    CreationToken: `token-${id}`,
    FileSystemId: id,
    FileSystemArn: `arn:aws:elasticfilesystem:${region}:${account}:file-system/${id}`,
    CreationTime: new Date(Date.UTC(2025, 3, 1 + (world.seq % 200))),
    LifeCycleState: 'available',
    ...(o.name ? { Name: o.name } : {}),
    NumberOfMountTargets: 0,
    SizeInBytes: { Value: 6144 },
    PerformanceMode: 'generalPurpose',
    Encrypted: o.encrypted ?? false,
    ...(o.encrypted ? { KmsKeyId: `arn:aws:kms:${region}:${account}:key/${nextHex(world, 8)}-0000-4000-8000-${nextHex(world, 12)}` } : {}),
    ThroughputMode: 'elastic',
    ...(o.availabilityZone ? { AvailabilityZoneName: o.availabilityZone, AvailabilityZoneId: `use1-az${o.availabilityZone.slice(-1).charCodeAt(0) - 96}` } : {}),
    Tags: tags,
    FileSystemProtection: { ReplicationOverwriteProtection: 'ENABLED' },
    backup: o.backup === null ? 'none' : o.backup ? 'ENABLED' : 'DISABLED',
  };
  state.fileSystems.push(fs);
  return fs;
}

/** A mount target in the given subnet: one per zone and all in one VPC per file system, as CreateMountTarget requires. */
export function createEfsMountTarget(world: World, account: string, region: string, fileSystemId: string, subnet: Subnet): EfsMountTarget {
  const state = efsState(world, account, region);
  const fs = state.fileSystems.find((f) => f.FileSystemId === fileSystemId);
  if (!fs) throw fileSystemNotFound(fileSystemId);
  const mine = state.mountTargets.filter((m) => m.FileSystemId === fileSystemId);
  if (mine.some((m) => m.VpcId !== subnet.vpcId)) throw new SimError('MountTargetConflict', `File system ${fileSystemId} already has mount targets in another VPC`, 409);
  if (mine.some((m) => m.AvailabilityZoneName === subnet.availabilityZone)) throw new SimError('MountTargetConflict', `File system ${fileSystemId} already has a mount target in ${subnet.availabilityZone}`, 409);
  if (fs.AvailabilityZoneName && fs.AvailabilityZoneName !== subnet.availabilityZone) throw new SimError('BadRequest', `One Zone file system ${fileSystemId} can have a mount target only in ${fs.AvailabilityZoneName}`, 400);
  const m: EfsMountTarget = {
    OwnerId: account,
    MountTargetId: `fsmt-${nextHex(world, 17)}`,
    FileSystemId: fileSystemId,
    SubnetId: subnet.subnetId,
    LifeCycleState: 'available',
    IpAddress: `${subnet.cidrBlock.split('.').slice(0, 3).join('.')}.${10 + mine.length}`,
    NetworkInterfaceId: `eni-${nextHex(world, 17)}`,
    AvailabilityZoneId: `use1-az${subnet.availabilityZone.slice(-1).charCodeAt(0) - 96}`,
    AvailabilityZoneName: subnet.availabilityZone,
    VpcId: subnet.vpcId,
  };
  state.mountTargets.push(m);
  fs.NumberOfMountTargets++;
  return m;
}

export interface CreateAccessPointOptions {
  name?: string;
  posixUser?: { uid: number; gid: number };
  /** Default `/`, the file system root. */
  rootDirectory?: string;
  tags?: Record<string, string>;
}

export function createEfsAccessPoint(world: World, account: string, region: string, fileSystemId: string, o: CreateAccessPointOptions = {}): EfsAccessPoint {
  const state = efsState(world, account, region);
  if (!state.fileSystems.some((f) => f.FileSystemId === fileSystemId)) throw fileSystemNotFound(fileSystemId);
  const path = o.rootDirectory ?? '/';
  if (!path.startsWith('/') || path.length > 100) throw new SimError('BadRequest', `RootDirectory.Path ${path} must be an absolute path of at most 100 characters`, 400);
  const id = `fsap-${nextHex(world, 17)}`;
  const ap: EfsAccessPoint = {
    ClientToken: `token-${id}`,
    ...(o.name ? { Name: o.name } : {}),
    Tags: [...(o.name ? [{ Key: 'Name', Value: o.name }] : []), ...Object.entries(o.tags ?? {}).filter(([k]) => k !== 'Name').map(([Key, Value]) => ({ Key, Value }))],
    AccessPointId: id,
    AccessPointArn: `arn:aws:elasticfilesystem:${region}:${account}:access-point/${id}`,
    FileSystemId: fileSystemId,
    ...(o.posixUser ? { PosixUser: { Uid: o.posixUser.uid, Gid: o.posixUser.gid } } : {}),
    RootDirectory: { Path: path, ...(path !== '/' ? { CreationInfo: { OwnerUid: o.posixUser?.uid ?? 1000, OwnerGid: o.posixUser?.gid ?? 1000, Permissions: '750' } } : {}) },
    OwnerId: account,
    LifeCycleState: 'available',
  };
  state.accessPoints.push(ap);
  return ap;
}
