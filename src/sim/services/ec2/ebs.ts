/**
 * EBS reads on the EC2 endpoint, served from the committed ec2 model (the hand-written EC2 handler
 * delegates these operations here): DescribeSnapshots (owners, restorable-by, ids, MaxResults 5–1000),
 * DescribeVolumes (ids, MaxResults 5–500) and GetEbsEncryptionByDefault.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { nextId, serviceState, type World } from '../../world.ts';

export interface Snapshot {
  snapshotId: string;
  volumeId: string;
  volumeSize: number;
  description: string;
  startTime: string;
  encrypted: boolean;
  kmsKeyId?: string;
  /** `createVolumePermission`: account ids, and `all` when public. */
  createVolumePermission: string[];
  tags: { Key: string; Value: string }[];
}

export interface Volume {
  volumeId: string;
  size: number;
  volumeType: string;
  availabilityZone: string;
  createTime: string;
  encrypted: boolean;
  kmsKeyId?: string;
  /** The instance it is attached to; absent: available. */
  attachedTo?: string;
  tags: { Key: string; Value: string }[];
}

export interface EbsState {
  snapshots: Snapshot[];
  volumes: Volume[];
  encryptionByDefault: boolean;
}

export function ebsState(world: World, accountId: string, region: string): EbsState {
  return serviceState<EbsState>(world, 'ec2-ebs', accountId, region, () => ({ snapshots: [], volumes: [], encryptionByDefault: false }));
}

const tagList = (t: Record<string, string> | undefined) => Object.entries(t ?? {}).map(([Key, Value]) => ({ Key, Value }));

export function createVolume(world: World, accountId: string, region: string, opts: { size?: number; encrypted?: boolean; kmsKeyId?: string; attachedTo?: string; tags?: Record<string, string>; volumeType?: string } = {}): Volume {
  const state = ebsState(world, accountId, region);
  const encrypted = opts.encrypted ?? state.encryptionByDefault;
  const v: Volume = { volumeId: nextId(world, 'vol'), size: opts.size ?? 8, volumeType: opts.volumeType ?? 'gp3', availabilityZone: `${region}a`, createTime: '2026-01-10T08:00:00.000Z', encrypted, tags: tagList(opts.tags) };
  if (encrypted) v.kmsKeyId = opts.kmsKeyId ?? `arn:aws:kms:${region}:${accountId}:alias/aws/ebs`;
  if (opts.attachedTo) v.attachedTo = opts.attachedTo;
  state.volumes.push(v);
  return v;
}

export function createSnapshot(world: World, accountId: string, region: string, opts: { volumeId?: string; description?: string; encrypted?: boolean; createVolumePermission?: string[]; tags?: Record<string, string>; size?: number } = {}): Snapshot {
  const state = ebsState(world, accountId, region);
  const encrypted = opts.encrypted ?? false;
  const s: Snapshot = {
    snapshotId: nextId(world, 'snap'),
    volumeId: opts.volumeId ?? 'vol-ffffffff',
    volumeSize: opts.size ?? 8,
    description: opts.description ?? '',
    startTime: '2026-02-01T03:00:00.000Z',
    encrypted,
    createVolumePermission: opts.createVolumePermission ?? [],
    tags: tagList(opts.tags),
  };
  // AWS refuses to share encrypted snapshots publicly.
  if (encrypted && s.createVolumePermission.includes('all')) throw new SimError('InvalidParameterValue', 'Encrypted snapshots with EBS default key cannot be shared');
  if (encrypted) s.kmsKeyId = `arn:aws:kms:${region}:${accountId}:alias/aws/ebs`;
  state.snapshots.push(s);
  return s;
}

const model = loadModel('ec2');
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? (v as string[]) : undefined);

function snapshotWire(accountId: string, s: Snapshot): Record<string, unknown> {
  return {
    SnapshotId: s.snapshotId,
    VolumeId: s.volumeId,
    State: 'completed',
    StartTime: new Date(s.startTime),
    Progress: '100%',
    OwnerId: accountId,
    Description: s.description,
    VolumeSize: s.volumeSize,
    Encrypted: s.encrypted,
    ...(s.kmsKeyId ? { KmsKeyId: s.kmsKeyId } : {}),
    StorageTier: 'standard',
    ...(s.tags.length ? { Tags: s.tags } : {}),
  };
}

function volumeWire(v: Volume): Record<string, unknown> {
  return {
    VolumeId: v.volumeId,
    Size: v.size,
    AvailabilityZone: v.availabilityZone,
    State: v.attachedTo ? 'in-use' : 'available',
    CreateTime: new Date(v.createTime),
    VolumeType: v.volumeType,
    Encrypted: v.encrypted,
    ...(v.kmsKeyId ? { KmsKeyId: v.kmsKeyId } : {}),
    Attachments: v.attachedTo ? [{ VolumeId: v.volumeId, InstanceId: v.attachedTo, Device: '/dev/xvda', State: 'attached', AttachTime: new Date(v.createTime), DeleteOnTermination: true }] : [],
    MultiAttachEnabled: false,
    ...(v.tags.length ? { Tags: v.tags } : {}),
  };
}

export const EBS_OPERATIONS = new Set(['DescribeSnapshots', 'DescribeVolumes', 'GetEbsEncryptionByDefault']);

export const ebs = modelService({
  model: 'ec2',
  name: 'ec2',
  operations: {
    DescribeSnapshots(input, req, ctx) {
      const state = ebsState(ctx.world, req.accountId, req.region);
      const owners = strings(input['OwnerIds']);
      const restorable = strings(input['RestorableByUserIds']);
      const ids = strings(input['SnapshotIds']);
      // Only the caller's own snapshots exist here: an owner filter naming only other accounts or amazon gives nothing.
      let items = owners?.length && !owners.some((o) => o === 'self' || o === req.accountId) ? [] : state.snapshots;
      if (restorable?.length) items = items.filter((s) => restorable.some((r) => (r === 'self' ? true : s.createVolumePermission.includes(r))));
      if (ids?.length) {
        const missing = ids.find((id) => !state.snapshots.some((s) => s.snapshotId === id));
        if (missing) throw new SimError('InvalidSnapshot.NotFound', `The snapshot '${missing}' does not exist.`, 400);
        if (input['MaxResults'] !== undefined) throw new SimError('InvalidParameterCombination', 'The parameter snapshotSet cannot be used with the parameter maxResults', 400);
        items = items.filter((s) => ids.includes(s.snapshotId));
      }
      return modelPage(model, 'DescribeSnapshots', input, items.map((s) => snapshotWire(req.accountId, s)), { min: 5, max: 1000, default: 1000 });
    },
    DescribeVolumes(input, req, ctx) {
      const state = ebsState(ctx.world, req.accountId, req.region);
      const ids = strings(input['VolumeIds']);
      let items = state.volumes;
      if (ids?.length) {
        const missing = ids.find((id) => !state.volumes.some((v) => v.volumeId === id));
        if (missing) throw new SimError('InvalidVolume.NotFound', `The volume '${missing}' does not exist.`, 400);
        if (input['MaxResults'] !== undefined) throw new SimError('InvalidParameterCombination', 'The parameter volumeSet cannot be used with the parameter maxResults', 400);
        items = items.filter((v) => ids.includes(v.volumeId));
      }
      return modelPage(model, 'DescribeVolumes', input, items.map(volumeWire), { min: 5, max: 500, default: 500 });
    },
    GetEbsEncryptionByDefault(_input, req, ctx) {
      return { EbsEncryptionByDefault: ebsState(ctx.world, req.accountId, req.region).encryptionByDefault, SseType: 'sse-ebs' };
    },
  },
});
