import { FSxClient, paginateDescribeFileSystems } from '@aws-sdk/client-fsx';
import type { ReadErrors } from '../../core/resource.ts';
import { fileSystem, type FileSystemConfig } from '../../resources/aws/fsx/file-system.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

/** `aws.fsx.file-system`: DescribeFileSystems gives everything (tags inline); 2,147,483,647 per page is the API's maximum, its default. */
export const fileSystemCollector = defineCollector(fileSystem, async (ctx) => {
  const client = ctx.client(FSxClient);
  const out = [];
  for await (const page of paginateDescribeFileSystems({ client }, {})) {
    for (const f of page.FileSystems ?? []) {
      if (!f.FileSystemId) continue;
      const errors: ReadErrors = {};
      const config: FileSystemConfig = { fileSystemId: f.FileSystemId, kmsKeyId: f.KmsKeyId ?? null };
      if (f.FileSystemType) config.fileSystemType = f.FileSystemType;
      else errors['fileSystemType'] = 'DescribeFileSystems returned no FileSystemType';
      if (f.Lifecycle) config.lifecycle = f.Lifecycle;
      if (f.StorageType) config.storageType = f.StorageType;
      const byType: Record<string, unknown> = { LUSTRE: f.LustreConfiguration, WINDOWS: f.WindowsConfiguration, ONTAP: f.OntapConfiguration, OPENZFS: f.OpenZFSConfiguration };
      const typeConfig = byType[f.FileSystemType ?? ''] as { DeploymentType?: string; CopyTagsToBackups?: boolean; CopyTagsToVolumes?: boolean } | undefined;
      if (f.FileSystemType && !typeConfig) {
        for (const k of ['deploymentType', 'copyTagsToBackups', 'copyTagsToVolumes'] as const) errors[k] = `DescribeFileSystems returned no configuration for the ${f.FileSystemType} file system`;
      } else if (typeConfig) {
        config.deploymentType = typeConfig.DeploymentType ?? null;
        // The JSON answer leaves false (and, for scratch Lustre, unsupported) flags out: absent is off.
        config.copyTagsToBackups = f.FileSystemType === 'ONTAP' ? null : (typeConfig.CopyTagsToBackups ?? false);
        config.copyTagsToVolumes = f.FileSystemType === 'OPENZFS' ? (typeConfig.CopyTagsToVolumes ?? false) : null;
      }
      const arn = f.ResourceARN ?? `arn:aws:fsx:${ctx.region}:${ctx.account.id}:file-system/${f.FileSystemId}`;
      const tags = tagsToMap(f.Tags);
      out.push(
        envelope(ctx, fileSystem, {
          id: f.FileSystemId,
          arn,
          ...(tags['Name'] ? { name: tags['Name'] } : {}),
          tags,
          config,
          related: f.VpcId ? [{ type: 'aws.ec2.vpc', id: f.VpcId, relation: 'in' }] : [],
          readErrors: errors,
        }),
      );
    }
  }
  return out;
});
