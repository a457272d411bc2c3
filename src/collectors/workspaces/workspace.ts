import { paginateDescribeWorkspaces, WorkSpacesClient, type Workspace } from '@aws-sdk/client-workspaces';
import type { ReadErrors } from '../../core/resource.ts';
import { workspace, type WorkspaceConfig } from '../../resources/aws/workspaces/workspace.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

const PENDING = 'DescribeWorkspaces lists a PENDING WorkSpace with possibly incomplete properties';

/** `aws.workspaces.workspace`: DescribeWorkspaces (25 per page: the API's maximum) gives everything; tags in bulk. */
export const workspaceCollector = defineCollector(workspace, async (ctx) => {
  const client = ctx.client(WorkSpacesClient);
  const listed: Workspace[] = [];
  for await (const page of paginateDescribeWorkspaces({ client, pageSize: 25 }, {})) listed.push(...(page.Workspaces ?? []));
  const wss = listed.filter((w) => w.WorkspaceId);
  if (wss.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'workspaces:workspace');
  return wss.map((w) => {
    const errors: ReadErrors = {};
    const arn = `arn:aws:workspaces:${ctx.region}:${ctx.account.id}:workspace/${w.WorkspaceId!}`;
    const config: WorkspaceConfig = { workspaceId: w.WorkspaceId!, volumeEncryptionKey: w.VolumeEncryptionKey || null };
    if (w.UserName) config.userName = w.UserName;
    if (w.DirectoryId) config.directoryId = w.DirectoryId;
    if (w.BundleId) config.bundleId = w.BundleId;
    if (w.State) config.state = w.State;
    if (w.ComputerName) config.computerName = w.ComputerName;
    if (w.WorkspaceProperties?.RunningMode) config.runningMode = w.WorkspaceProperties.RunningMode;
    // AWS: CreateWorkspaces is asynchronous and a PENDING WorkSpace's information may be incomplete.
    if (w.State === 'PENDING') {
      errors['rootVolumeEncrypted'] = PENDING;
      errors['userVolumeEncrypted'] = PENDING;
    } else {
      // Absent flags mean not encrypted (FSBP WorkSpaces.1/.2 and Prowler read them so).
      config.rootVolumeEncrypted = w.RootVolumeEncryptionEnabled ?? false;
      config.userVolumeEncrypted = w.UserVolumeEncryptionEnabled ?? false;
    }
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, workspace, { id: w.WorkspaceId!, arn, tags: (tagged.ok && tagged.tags.get(arn)) || {}, config, readErrors: errors });
  });
});
