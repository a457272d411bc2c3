/**
 * Amazon WorkSpaces state: WorkSpaces per account and region with their volume encryption and tags,
 * kept under the model's member names so that the handler only selects and pages them.
 */
import { serviceState, nextHex, type World } from '../../world.ts';
import { SimError } from '../../types.ts';

export interface Workspace {
  WorkspaceId: string;
  DirectoryId: string;
  UserName: string;
  BundleId: string;
  State: 'AVAILABLE' | 'STOPPED' | 'PENDING' | 'ERROR';
  ComputerName: string;
  IpAddress: string;
  SubnetId: string;
  RootVolumeEncryptionEnabled: boolean;
  UserVolumeEncryptionEnabled: boolean;
  VolumeEncryptionKey?: string;
  WorkspaceProperties: { RunningMode: 'AUTO_STOP' | 'ALWAYS_ON'; RootVolumeSizeGib: number; UserVolumeSizeGib: number; ComputeTypeName: string };
  tags: Record<string, string>;
}

export interface WorkspacesState {
  workspaces: Workspace[];
}

export function workspacesState(world: World, account: string, region: string): WorkspacesState {
  return serviceState<WorkspacesState>(world, 'workspaces', account, region, () => ({ workspaces: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekWorkspacesState(world: World, account: string, region: string): WorkspacesState | undefined {
  return world.services['workspaces']?.[account]?.[region] as WorkspacesState | undefined;
}

export const workspaceArn = (region: string, account: string, id: string) => `arn:aws:workspaces:${region}:${account}:workspace/${id}`;

export interface CreateWorkspaceOptions {
  userName: string;
  directoryId?: string;
  bundleId?: string;
  /** Both default to off, as CreateWorkspaces leaves them. */
  rootVolumeEncrypted?: boolean;
  userVolumeEncrypted?: boolean;
  /** The KMS key of encrypted volumes (default the AWS managed `alias/aws/workspaces`). */
  kmsKey?: string;
  runningMode?: 'AUTO_STOP' | 'ALWAYS_ON';
  tags?: Record<string, string>;
}

export function createWorkspace(world: World, account: string, region: string, o: CreateWorkspaceOptions): Workspace {
  const directoryId = o.directoryId ?? 'd-9067a1b2c3';
  if (!/^d-[0-9a-f]{8,63}$/.test(directoryId)) throw new SimError('InvalidParameterValuesException', `The directory ${directoryId} is not valid.`, 400);
  const encrypted = o.rootVolumeEncrypted || o.userVolumeEncrypted;
  const w: Workspace = {
    WorkspaceId: `ws-${nextHex(world, 9).replace(/[a-f]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 6))}`,
    DirectoryId: directoryId,
    UserName: o.userName,
    BundleId: o.bundleId ?? 'wsb-bh8rsxt14',
    State: 'AVAILABLE',
    ComputerName: `WSAMZN-${nextHex(world, 8).toUpperCase()}`,
    IpAddress: `10.0.${world.seq % 250}.${(world.seq * 7) % 250}`,
    SubnetId: `subnet-${nextHex(world, 17)}`,
    RootVolumeEncryptionEnabled: o.rootVolumeEncrypted ?? false,
    UserVolumeEncryptionEnabled: o.userVolumeEncrypted ?? false,
    WorkspaceProperties: { RunningMode: o.runningMode ?? 'AUTO_STOP', RootVolumeSizeGib: 80, UserVolumeSizeGib: 50, ComputeTypeName: 'STANDARD' },
    tags: { ...o.tags },
  };
  if (encrypted) w.VolumeEncryptionKey = o.kmsKey ?? `arn:aws:kms:${region}:${account}:alias/aws/workspaces`;
  workspacesState(world, account, region).workspaces.push(w);
  return w;
}
