import { DescribeBackupPolicyCommand, EFSClient } from '@aws-sdk/client-efs';
import { classifyAwsError } from '../../aws/errors.ts';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { fileSystem, type FileSystemConfig } from '../../resources/aws/efs/file-system.ts';
import { readDetail } from '../read.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';
import { listFileSystems } from './list.ts';

/** `aws.efs.file-system`: DescribeFileSystems (tags inline) and DescribeBackupPolicy per file system. */
export const fileSystemCollector = defineCollector(fileSystem, async (ctx) => {
  const client = ctx.client(EFSClient);
  const systems = (await listFileSystems(ctx)).filter((f) => f.FileSystemId);
  const out = await mapLimit(systems, 16, async (f) => {
    const id = f.FileSystemId!;
    const errors: ReadErrors = {};
    const config: FileSystemConfig = { fileSystemId: id, name: f.Name ?? null, kmsKeyId: f.KmsKeyId ?? null, availabilityZoneName: f.AvailabilityZoneName ?? null };
    if (f.LifeCycleState) config.lifeCycleState = f.LifeCycleState;
    if (f.PerformanceMode) config.performanceMode = f.PerformanceMode;
    if (f.ThroughputMode) config.throughputMode = f.ThroughputMode;
    if (f.NumberOfMountTargets !== undefined) config.numberOfMountTargets = f.NumberOfMountTargets;
    if (f.Encrypted !== undefined) config.encrypted = f.Encrypted;
    else errors['encrypted'] = 'DescribeFileSystems returned no Encrypted';
    // PolicyNotFound: the file system has no backup policy, so automatic backups are off.
    let noPolicy = false;
    const backup = await readDetail(errors, 'backupPolicyStatus', () =>
      client.send(new DescribeBackupPolicyCommand({ FileSystemId: id })).catch((e: unknown) => {
        if (classifyAwsError(e).code !== 'PolicyNotFound') throw e;
        noPolicy = true;
        return {};
      }),
    );
    if (backup === null) return undefined; // deleted since the listing
    if (noPolicy) config.backupPolicyStatus = 'DISABLED';
    else if (backup !== undefined) {
      const status = (backup as { BackupPolicy?: { Status?: string } }).BackupPolicy?.Status;
      if (status) config.backupPolicyStatus = status;
      else errors['backupPolicyStatus'] = 'DescribeBackupPolicy returned no BackupPolicy.Status';
    }
    const arn = f.FileSystemArn ?? `arn:aws:elasticfilesystem:${ctx.region}:${ctx.account.id}:file-system/${id}`;
    return envelope(ctx, fileSystem, { id, arn, ...(f.Name ? { name: f.Name } : {}), tags: tagsToMap(f.Tags), config, readErrors: errors });
  });
  return out.filter((r) => r !== undefined);
});
