/**
 * AWS Backup state: backup vaults per account and region, each with its recovery points, kept under
 * ListBackupVaults' and ListRecoveryPointsByBackupVault's member names (tags beside them).
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface RecoveryPoint {
  RecoveryPointArn: string;
  BackupVaultName: string;
  BackupVaultArn: string;
  ResourceArn: string;
  ResourceType: 'EBS' | 'EFS' | 'DynamoDB' | 'RDS' | 'S3';
  ResourceName: string;
  CreatedBy: { BackupPlanId: string; BackupPlanArn: string; BackupPlanVersion: string; BackupRuleId: string };
  IamRoleArn: string;
  Status: 'COMPLETED';
  CreationDate: Date;
  CompletionDate: Date;
  BackupSizeInBytes: number;
  EncryptionKeyArn?: string;
  IsEncrypted: boolean;
  VaultType: 'BACKUP_VAULT';
  tags: Record<string, string>;
}

export interface BackupVault {
  BackupVaultName: string;
  BackupVaultArn: string;
  VaultType: 'BACKUP_VAULT';
  VaultState: 'AVAILABLE';
  CreationDate: Date;
  EncryptionKeyArn: string;
  CreatorRequestId: string;
  Locked: boolean;
  recoveryPoints: RecoveryPoint[];
  tags: Record<string, string>;
}

export interface BackupState {
  vaults: BackupVault[];
}

export function backupState(world: World, account: string, region: string): BackupState {
  return serviceState<BackupState>(world, 'backup', account, region, () => ({ vaults: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekBackupState(world: World, account: string, region: string): BackupState | undefined {
  return world.services['backup']?.[account]?.[region] as BackupState | undefined;
}

const uuid = (world: World) => `${nextHex(world, 8)}-${nextHex(world, 4)}-4${nextHex(world, 3)}-8${nextHex(world, 3)}-${nextHex(world, 12)}`;

export function createBackupVault(world: World, account: string, region: string, o: { name: string; tags?: Record<string, string> }): BackupVault {
  const state = backupState(world, account, region);
  // The API reference: "lowercase letters, numbers, and hyphens", 2-50 characters (letters of either case, digits, hyphens, underscores in practice).
  if (!/^[a-zA-Z0-9\-_]{2,50}$/.test(o.name)) throw new SimError('InvalidParameterValueException', `Invalid backup vault name: ${o.name}`, 400);
  if (state.vaults.some((v) => v.BackupVaultName === o.name)) throw new SimError('AlreadyExistsException', `Backup vault with the same name already exists`, 400);
  const v: BackupVault = {
    BackupVaultName: o.name,
    BackupVaultArn: `arn:aws:backup:${region}:${account}:backup-vault:${o.name}`,
    VaultType: 'BACKUP_VAULT',
    VaultState: 'AVAILABLE',
    CreationDate: new Date(Date.UTC(2025, 0, 10 + (world.seq % 100))),
    // The vault's key: the AWS managed aws/backup key unless another is named.
    EncryptionKeyArn: `arn:aws:kms:${region}:${account}:key/${uuid(world)}`,
    CreatorRequestId: uuid(world),
    Locked: false,
    recoveryPoints: [],
    tags: { ...o.tags },
  };
  state.vaults.push(v);
  return v;
}

export interface AddRecoveryPointOptions {
  resourceType: RecoveryPoint['ResourceType'];
  /** The protected resource's name (volume id, file system id, table, DB instance, bucket). */
  resource: string;
  /** Default true. Only EBS and RDS backups of unencrypted sources are unencrypted; the others take the vault's key. */
  encrypted?: boolean;
  tags?: Record<string, string>;
}

export function addRecoveryPoint(world: World, account: string, region: string, vaultName: string, o: AddRecoveryPointOptions): RecoveryPoint {
  const vault = backupState(world, account, region).vaults.find((v) => v.BackupVaultName === vaultName);
  if (!vault) throw new SimError('ResourceNotFoundException', `Backup vault ${vaultName} not found`, 400);
  const encrypted = o.encrypted ?? true;
  if (!encrypted && o.resourceType !== 'EBS' && o.resourceType !== 'RDS') throw new SimError('InvalidParameterValueException', `${o.resourceType} recovery points are always encrypted with the vault's key`, 400);
  const job = uuid(world);
  const [resourceArn, pointArn] = ((): [string, string] => {
    switch (o.resourceType) {
      case 'EBS':
        return [`arn:aws:ec2:${region}:${account}:volume/${o.resource}`, `arn:aws:ec2:${region}::snapshot/snap-${nextHex(world, 17)}`];
      case 'RDS':
        return [`arn:aws:rds:${region}:${account}:db:${o.resource}`, `arn:aws:rds:${region}:${account}:snapshot:awsbackup:job-${job}`];
      case 'EFS':
        return [`arn:aws:elasticfilesystem:${region}:${account}:file-system/${o.resource}`, `arn:aws:backup:${region}:${account}:recovery-point:${job}`];
      case 'DynamoDB':
        return [`arn:aws:dynamodb:${region}:${account}:table/${o.resource}`, `arn:aws:backup:${region}:${account}:recovery-point:${job}`];
      case 'S3':
        return [`arn:aws:s3:::${o.resource}`, `arn:aws:backup:${region}:${account}:recovery-point:${job}`];
    }
  })();
  const plan = uuid(world);
  const at = new Date(Date.UTC(2025, 5, 1 + (vault.recoveryPoints.length % 28), 5));
  const p: RecoveryPoint = {
    RecoveryPointArn: pointArn,
    BackupVaultName: vault.BackupVaultName,
    BackupVaultArn: vault.BackupVaultArn,
    ResourceArn: resourceArn,
    ResourceType: o.resourceType,
    ResourceName: o.resource,
    CreatedBy: { BackupPlanId: plan, BackupPlanArn: `arn:aws:backup:${region}:${account}:backup-plan:${plan}`, BackupPlanVersion: nextHex(world, 32), BackupRuleId: uuid(world) },
    IamRoleArn: `arn:aws:iam::${account}:role/service-role/AWSBackupDefaultServiceRole`,
    Status: 'COMPLETED',
    CreationDate: at,
    CompletionDate: new Date(at.getTime() + 20 * 60_000),
    BackupSizeInBytes: 1_073_741_824,
    ...(encrypted ? { EncryptionKeyArn: vault.EncryptionKeyArn } : {}),
    IsEncrypted: encrypted,
    VaultType: 'BACKUP_VAULT',
    tags: { ...o.tags },
  };
  vault.recoveryPoints.push(p);
  return p;
}
