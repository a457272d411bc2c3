import { BackupClient, paginateListBackupVaults, paginateListRecoveryPointsByBackupVault, type RecoveryPointByBackupVault } from '@aws-sdk/client-backup';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { recoveryPoint, type RecoveryPointConfig } from '../../resources/aws/backup/recovery-point.ts';
import { tagsInBulk, type TagsByArn } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/** `service:type` of a recovery point ARN, as the tagging API filters it (EBS snapshots and RDS snapshots live in their services). */
function taggingType(arn: string): string {
  const parts = arn.split(':');
  const m = /^([^/:]+)[/:]/.exec(parts.slice(5).join(':'));
  return `${parts[2]}:${m ? m[1] : ''}`;
}

/**
 * `aws.backup.recovery-point`: ListBackupVaults (1000 per page: the API's maximum), then
 * ListRecoveryPointsByBackupVault per vault (1000 per page), which carries IsEncrypted — no call per recovery
 * point. A vault whose points cannot be listed fails the listing: its points are a coverage gap, not absent.
 * Tags in bulk, once per kind of ARN the points have (AWS Backup's own, EBS snapshots, RDS snapshots).
 */
export const recoveryPointCollector = defineCollector(recoveryPoint, async (ctx) => {
  const client = ctx.client(BackupClient);
  const vaults: string[] = [];
  for await (const page of paginateListBackupVaults({ client, pageSize: 1000 }, {})) for (const v of page.BackupVaultList ?? []) if (v.BackupVaultName) vaults.push(v.BackupVaultName);
  const points = (
    await mapLimit(vaults, 8, async (vault) => {
      const out: RecoveryPointByBackupVault[] = [];
      for await (const page of paginateListRecoveryPointsByBackupVault({ client, pageSize: 1000 }, { BackupVaultName: vault })) out.push(...(page.RecoveryPoints ?? []));
      return out.map((p) => ({ ...p, BackupVaultName: p.BackupVaultName ?? vault }));
    })
  )
    .flat()
    .filter((p) => p.RecoveryPointArn);
  if (points.length === 0) return [];
  const kinds = [...new Set(points.map((p) => taggingType(p.RecoveryPointArn!)))].sort();
  const tagged = new Map<string, TagsByArn>();
  for (const k of kinds) tagged.set(k, await tagsInBulk(ctx, ctx.region, k));
  return points.map((p) => {
    const arn = p.RecoveryPointArn!;
    const errors: ReadErrors = {};
    const config: RecoveryPointConfig = { recoveryPointArn: arn, backupVaultName: p.BackupVaultName!, resourceName: p.ResourceName ?? null, encryptionKeyArn: p.EncryptionKeyArn ?? null };
    if (p.ResourceType) config.resourceType = p.ResourceType;
    if (p.ResourceArn) config.resourceArn = p.ResourceArn;
    if (p.Status) config.status = p.Status;
    if (p.CreationDate) config.creationDate = p.CreationDate.toISOString();
    if (typeof p.IsEncrypted === 'boolean') config.isEncrypted = p.IsEncrypted;
    else errors['isEncrypted'] = 'ListRecoveryPointsByBackupVault returned no IsEncrypted';
    const tags = tagged.get(taggingType(arn))!;
    if (!tags.ok) errors['tags'] = tags.error;
    const name = `${p.BackupVaultName}/${p.ResourceName ?? arn.split(/[:/]/).pop()}`;
    return envelope(ctx, recoveryPoint, {
      id: arn,
      arn,
      name,
      tags: (tags.ok && tags.tags.get(arn)) || {},
      config,
      related: [{ type: 'aws.backup.vault', id: p.BackupVaultName!, relation: 'in' }],
      readErrors: errors,
    });
  });
});
