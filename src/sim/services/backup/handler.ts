/**
 * AWS Backup over REST-JSON, served from the committed model: ListBackupVaults and
 * ListRecoveryPointsByBackupVault (maxResults 1–1000, `nextToken`; a vault that does not exist is
 * ResourceNotFoundException; `resourceType` and `resourceArn` narrow the points). Tags are read in bulk through
 * the tagging API (src/sim/services/tagging.ts).
 */
import { modelService } from '../../models/handler.ts';
import { paginate } from '../../protocols/paging.ts';
import { SimError } from '../../types.ts';
import { peekBackupState } from './model.ts';

const PAGE = { min: 1, max: 1000, default: 1000, invalidCode: 'InvalidParameterValueException', tokenCode: 'InvalidParameterValueException' };

export const backup = modelService({
  model: 'backup',
  operations: {
    ListBackupVaults(input, req, ctx) {
      const type = input['ByVaultType'] as string | undefined;
      const vaults = (peekBackupState(ctx.world, req.accountId, req.region)?.vaults ?? []).filter((v) => type === undefined || v.VaultType === type);
      const { page, nextToken } = paginate(vaults, input['MaxResults'] as number | undefined, input['NextToken'] as string | undefined, PAGE);
      return {
        BackupVaultList: page.map(({ recoveryPoints, tags: _tags, ...v }) => ({ ...structuredClone(v), NumberOfRecoveryPoints: recoveryPoints.length })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },
    ListRecoveryPointsByBackupVault(input, req, ctx) {
      const name = input['BackupVaultName'] as string;
      const vault = (peekBackupState(ctx.world, req.accountId, req.region)?.vaults ?? []).find((v) => v.BackupVaultName === name);
      if (!vault) throw new SimError('ResourceNotFoundException', `Backup vault ${name} does not exist`, 400);
      const type = input['ByResourceType'] as string | undefined;
      const arn = input['ByResourceArn'] as string | undefined;
      const points = vault.recoveryPoints.filter((p) => (type === undefined || p.ResourceType === type) && (arn === undefined || p.ResourceArn === arn));
      const { page, nextToken } = paginate(points, input['MaxResults'] as number | undefined, input['NextToken'] as string | undefined, PAGE);
      return { RecoveryPoints: page.map(({ tags: _tags, ...p }) => structuredClone(p)), ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  },
});
