/**
 * AWS Private CA state: certificate authorities per account and region, under ListCertificateAuthorities'
 * member names, with their tags beside them.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface PrivateCa {
  Arn: string;
  OwnerAccount: string;
  CreatedAt: Date;
  LastStateChangeAt: Date;
  Type: 'ROOT' | 'SUBORDINATE';
  Serial?: string;
  Status: 'CREATING' | 'PENDING_CERTIFICATE' | 'ACTIVE' | 'DELETED' | 'DISABLED' | 'EXPIRED' | 'FAILED';
  NotBefore?: Date;
  NotAfter?: Date;
  CertificateAuthorityConfiguration: { KeyAlgorithm: string; SigningAlgorithm: string; Subject: { CommonName: string; Organization?: string } };
  KeyStorageSecurityStandard: 'FIPS_140_2_LEVEL_3_OR_HIGHER';
  UsageMode: 'GENERAL_PURPOSE' | 'SHORT_LIVED_CERTIFICATE';
  tags: Record<string, string>;
}

export interface AcmPcaState {
  authorities: PrivateCa[];
}

export function acmPcaState(world: World, account: string, region: string): AcmPcaState {
  return serviceState<AcmPcaState>(world, 'acm-pca', account, region, () => ({ authorities: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekAcmPcaState(world: World, account: string, region: string): AcmPcaState | undefined {
  return world.services['acm-pca']?.[account]?.[region] as AcmPcaState | undefined;
}

export interface CreatePrivateCaOptions {
  commonName: string;
  type: PrivateCa['Type'];
  /** Default ACTIVE (a CA whose certificate was installed). */
  status?: PrivateCa['Status'];
  tags?: Record<string, string>;
}

export function createPrivateCa(world: World, account: string, region: string, o: CreatePrivateCaOptions): PrivateCa {
  const state = acmPcaState(world, account, region);
  if (!o.commonName || o.commonName.length > 64) throw new SimError('InvalidArgsException', 'Subject.CommonName must be 1-64 characters', 400);
  const status = o.status ?? 'ACTIVE';
  const installed = status === 'ACTIVE' || status === 'DISABLED' || status === 'EXPIRED';
  const created = new Date(Date.UTC(2025, 1, 1 + (world.seq % 200)));
  const ca: PrivateCa = {
    Arn: `arn:aws:acm-pca:${region}:${account}:certificate-authority/${nextHex(world, 8)}-${nextHex(world, 4)}-4${nextHex(world, 3)}-8${nextHex(world, 3)}-${nextHex(world, 12)}`,
    OwnerAccount: account,
    CreatedAt: created,
    LastStateChangeAt: created,
    Type: o.type,
    ...(installed ? { Serial: nextHex(world, 32), NotBefore: created, NotAfter: new Date(created.getTime() + (o.type === 'ROOT' ? 3650 : 1825) * 86_400_000) } : {}),
    Status: status,
    CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: { CommonName: o.commonName } },
    KeyStorageSecurityStandard: 'FIPS_140_2_LEVEL_3_OR_HIGHER',
    UsageMode: 'GENERAL_PURPOSE',
    tags: { ...o.tags },
  };
  state.authorities.push(ca);
  return ca;
}
