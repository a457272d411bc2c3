import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const workspaceConfig = z.object({
  workspaceId: z.string(),
  userName: z.string().optional(),
  directoryId: z.string().optional(),
  bundleId: z.string().optional(),
  state: z.string().optional(),
  computerName: z.string().optional(),
  runningMode: z.string().optional().describe('`WorkspaceProperties.RunningMode`: AUTO_STOP, ALWAYS_ON or MANUAL.'),
  // Unknown while the WorkSpace is PENDING: AWS documents that its properties may then be incomplete.
  rootVolumeEncrypted: z.boolean().optional().describe('`RootVolumeEncryptionEnabled` (absent in the answer: not encrypted).'),
  userVolumeEncrypted: z.boolean().optional().describe('`UserVolumeEncryptionEnabled` (absent in the answer: not encrypted).'),
  volumeEncryptionKey: z.string().nullable().optional().describe('`VolumeEncryptionKey`, the KMS key (`null`: none).'),
});
export type WorkspaceConfig = z.infer<typeof workspaceConfig>;

const enc = (v: boolean | undefined) => (v === undefined ? 'encryption unknown (still being created)' : v ? 'encrypted' : 'not encrypted');

export const workspace = defineResource({
  type: 'aws.workspaces.workspace',
  description: 'Amazon WorkSpaces with their root and user volume encryption.',
  config: workspaceConfig,
  scope: 'regional',
  calls: ['workspaces:DescribeWorkspaces', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['workspaces:DescribeWorkspaces', 'tag:GetResources'],
  asff: 'Other',
  // Volume encryption is fixed when a WorkSpace is created; CreateWorkspaces creates up to 25 and the record names the first one
  // (a dotted path indexes a list by number); scheduled scans cover the others.
  changes: [
    { event: 'workspaces.amazonaws.com:CreateWorkspaces', id: 'responseElements.pendingRequests.0.workspaceId' },
  ],
  sections: (c) => [
    {
      title: 'WorkSpace',
      lines: [
        { text: `${c.userName ?? '?'} in ${c.directoryId ?? '?'}${c.state ? ` — ${c.state}` : ''}` },
        { text: `root volume ${enc(c.rootVolumeEncrypted)}`, evidenceId: 'path:config.rootVolumeEncrypted' },
        { text: `user volume ${enc(c.userVolumeEncrypted)}`, evidenceId: 'path:config.userVolumeEncrypted' },
      ],
    },
  ],
});
