import { peekBackupState } from '../../services/backup/model.ts';
import type { EstateBackupVault } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * AWS Backup: per place and index a vault holding three recovery points — EBS and RDS backups, encrypted or
 * not as their sources were, and an EFS, DynamoDB or S3 backup, always encrypted with the vault's key.
 */
export const backup: GeneratorPiece = {
  name: 'backup',
  resourceTypes: ['aws.backup.recovery-point'],
  policies: ['aws-backup-recovery-point-unencrypted'],
  resources: (s) => 3 * s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const vaults: EstateBackupVault[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        vaults.push({
          account,
          region,
          name: `gen-vault-${i}`,
          recoveryPoints: [
            { resourceType: 'EBS', resource: `vol-gen${i}`, encrypted: !bad() },
            { resourceType: 'RDS', resource: `gen-db-${i}`, encrypted: !bad() },
            { resourceType: pick(['EFS', 'DynamoDB', 'S3'] as const), resource: `gen-data-${i}` },
          ],
        });
      }
    }
    (ctx.doc.backupVaults ??= []).push(...vaults);
    return {
      // Recovery point ARNs are assigned by the endpoint: read them back by vault and position.
      truth(world) {
        const truth = new Truth();
        for (const v of vaults) {
          const points = peekBackupState(world, v.account, v.region)!.vaults.find((x) => x.BackupVaultName === v.name)!.recoveryPoints;
          for (const [n, p] of v.recoveryPoints!.entries()) if (p.encrypted === false) truth.add('aws-backup-recovery-point-unencrypted', points[n]!.RecoveryPointArn, v.account, v.region, paths('isEncrypted'));
        }
        return truth.entries;
      },
    };
  },
};
