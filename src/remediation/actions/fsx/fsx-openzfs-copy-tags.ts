import { DescribeFileSystemsCommand, FSxClient, UpdateFileSystemCommand } from '@aws-sdk/client-fsx';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings } from '../../kit/setting.ts';
import type { AwsApi } from '../../types.ts';

const KEYS = ['CopyTagsToBackups', 'CopyTagsToVolumes'] as const;

/** The file system's type and OpenZFS tag copying as DescribeFileSystems returns them; `null` when it no longer exists. */
export async function readOpenZfs(api: AwsApi, fileSystemId: string): Promise<Settings | null> {
  const r = await api.client(FSxClient).send(new DescribeFileSystemsCommand({ FileSystemIds: [fileSystemId] }));
  const f = r.FileSystems?.find((x) => x.FileSystemId === fileSystemId);
  if (!f) return null;
  const z = f.OpenZFSConfiguration;
  // The JSON answer leaves false flags out; other types have no such settings.
  return {
    FileSystemType: f.FileSystemType ?? null,
    DeploymentType: z?.DeploymentType ?? null,
    CopyTagsToBackups: f.FileSystemType === 'OPENZFS' ? (z?.CopyTagsToBackups ?? false) : null,
    CopyTagsToVolumes: f.FileSystemType === 'OPENZFS' ? (z?.CopyTagsToVolumes ?? false) : null,
  };
}

/** fsx-openzfs-copy-tags: backups and volumes of an OpenZFS file system carry its tags. */
export const fsxOpenzfsCopyTags = settingAction({
  id: 'fsx-openzfs-copy-tags',
  title: 'Copy FSx for OpenZFS tags to backups and volumes',
  description:
    'fsx:UpdateFileSystem with OpenZFSConfiguration.CopyTagsToBackups and/or CopyTagsToVolumes=true (only the ones that are false); throughput, backups, maintenance window and volumes stay. Applies to backups and volumes created afterwards. Undo: the previous values.',
  resourceType: 'aws.fsx.file-system',
  sdk: [sdk(FSxClient, { UpdateFileSystemCommand, DescribeFileSystemsCommand })],
  settings: KEYS,
  read: (api, target) => readOpenZfs(api, target.id),
  fromResource(r) {
    const c = r.config;
    if (typeof c['fileSystemType'] !== 'string') return undefined;
    return { FileSystemType: c['fileSystemType'], CopyTagsToBackups: (c['copyTagsToBackups'] as boolean | null | undefined) ?? null, CopyTagsToVolumes: (c['copyTagsToVolumes'] as boolean | null | undefined) ?? null };
  },
  violations: (s) => (s['FileSystemType'] === 'OPENZFS' ? KEYS.filter((k) => s[k] === false).map((k) => `${k} = false`) : []),
  fix: (s) => Object.fromEntries(KEYS.filter((k) => s[k] === false).map((k) => [k, true])),
  write: (values, _current, target) => ({
    operation: 'UpdateFileSystem',
    params: { FileSystemId: target.id, OpenZFSConfiguration: Object.fromEntries(KEYS.filter((k) => k in values).map((k) => [k, values[k]])) },
    purpose: KEYS.filter((k) => k in values).map((k) => `${k}=${String(values[k])}`).join(', '),
  }),
});
