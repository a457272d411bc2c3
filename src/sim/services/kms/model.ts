/**
 * AWS KMS state: keys per account and region, kept under DescribeKey's member names (KeyMetadata), with
 * the key policy (JSON text), automatic rotation and tags beside them.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport' | 'Unavailable';

export interface KmsKeyMetadata {
  AWSAccountId: string;
  KeyId: string;
  Arn: string;
  CreationDate: string;
  Enabled: boolean;
  Description: string;
  KeyUsage: 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY';
  KeyState: KeyState;
  DeletionDate?: string;
  PendingDeletionWindowInDays?: number;
  Origin: 'AWS_KMS';
  KeyManager: 'AWS' | 'CUSTOMER';
  CustomerMasterKeySpec: string;
  KeySpec: string;
  EncryptionAlgorithms: string[];
  MultiRegion: boolean;
}

export interface KmsKey {
  metadata: KmsKeyMetadata;
  /** The key policy named `default` (the only name KMS has), JSON text. */
  policy: string;
  rotation: boolean;
  rotationPeriodInDays: number;
  tags: { TagKey: string; TagValue: string }[];
  aliases: string[];
}

export interface KmsState {
  keys: KmsKey[];
}

export function kmsState(world: World, account: string, region: string): KmsState {
  return serviceState<KmsState>(world, 'kms', account, region, () => ({ keys: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekKmsState(world: World, account: string, region: string): KmsState | undefined {
  return world.services['kms']?.[account]?.[region] as KmsState | undefined;
}

/** The default key policy CreateKey attaches: the account (through IAM policies) may do everything with the key. */
export function defaultKeyPolicy(account: string): Record<string, unknown> {
  return { Version: '2012-10-17', Id: 'key-default-1', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }] };
}

/** The policy of an AWS managed key (`alias/aws/<service>`): any principal of the account, through that service only. */
export function awsManagedKeyPolicy(account: string, region: string, service: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Id: `auto-${service}-1`,
    Statement: [
      {
        Sid: 'Allow access through the service for all principals in the account that are authorized to use it',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': account, 'kms:ViaService': `${service}.${region}.amazonaws.com` } },
      },
      { Sid: 'Allow direct access to key metadata to the account', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'], Resource: '*' },
    ],
  };
}

const SPECS: Record<string, { usage: 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY'; algorithms: string[] }> = {
  SYMMETRIC_DEFAULT: { usage: 'ENCRYPT_DECRYPT', algorithms: ['SYMMETRIC_DEFAULT'] },
  RSA_2048: { usage: 'ENCRYPT_DECRYPT', algorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] },
  ECC_NIST_P256: { usage: 'SIGN_VERIFY', algorithms: [] },
  HMAC_256: { usage: 'SIGN_VERIFY', algorithms: [] },
};

export interface CreateKmsKeyOptions {
  description?: string;
  /** Default SYMMETRIC_DEFAULT. */
  spec?: string;
  /** `AWS`: an AWS managed key for `service` (alias `aws/<service>`, rotated every year by AWS). */
  manager?: 'AWS' | 'CUSTOMER';
  service?: string;
  /** The key policy document; default: CreateKey's default policy. */
  policy?: Record<string, unknown>;
  rotation?: boolean;
  state?: 'Enabled' | 'Disabled' | 'PendingDeletion';
  /** Days until deletion for PendingDeletion (7–30, default 30). */
  pendingWindowDays?: number;
  multiRegion?: boolean;
  alias?: string;
  tags?: Record<string, string>;
}

export function createKmsKey(world: World, account: string, region: string, o: CreateKmsKeyOptions = {}): KmsKey {
  const spec = o.spec ?? 'SYMMETRIC_DEFAULT';
  const known = SPECS[spec];
  if (!known) throw new SimError('ValidationException', `KeySpec ${spec} is not valid`, 400);
  const manager = o.manager ?? 'CUSTOMER';
  if (manager === 'AWS' && !o.service) throw new Error('an AWS managed key needs the service it belongs to');
  const id = `${nextHex(world, 8)}-${nextHex(world, 4)}-4${nextHex(world, 3)}-8${nextHex(world, 3)}-${nextHex(world, 12)}`;
  const mrk = o.multiRegion ? `mrk-${nextHex(world, 32)}` : id;
  const state = o.state ?? 'Enabled';
  const window = o.pendingWindowDays ?? 30;
  if (window < 7 || window > 30) throw new SimError('ValidationException', 'PendingWindowInDays must be between 7 and 30', 400);
  const rotation = manager === 'AWS' ? true : (o.rotation ?? false);
  if (rotation && spec !== 'SYMMETRIC_DEFAULT') throw new SimError('UnsupportedOperationException', `${spec} keys do not support automatic rotation`, 400);
  const key: KmsKey = {
    metadata: {
      AWSAccountId: account,
      KeyId: mrk,
      Arn: `arn:aws:kms:${region}:${account}:key/${mrk}`,
      CreationDate: '2025-02-01T09:00:00.000Z',
      Enabled: state === 'Enabled',
      Description: o.description ?? (manager === 'AWS' ? `Default key that protects my ${o.service} data when no other key is defined` : ''),
      KeyUsage: known.usage,
      KeyState: state,
      ...(state === 'PendingDeletion' ? { DeletionDate: new Date(Date.now() + window * 86_400_000).toISOString(), PendingDeletionWindowInDays: window } : {}),
      Origin: 'AWS_KMS',
      KeyManager: manager,
      CustomerMasterKeySpec: spec,
      KeySpec: spec,
      EncryptionAlgorithms: known.algorithms,
      MultiRegion: o.multiRegion ?? false,
    },
    policy: JSON.stringify(o.policy ?? (manager === 'AWS' ? awsManagedKeyPolicy(account, region, o.service!) : defaultKeyPolicy(account))),
    rotation,
    rotationPeriodInDays: 365,
    tags: Object.entries(o.tags ?? {}).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
    aliases: manager === 'AWS' ? [`alias/aws/${o.service}`] : o.alias ? [`alias/${o.alias}`] : [],
  };
  kmsState(world, account, region).keys.push(key);
  return key;
}
