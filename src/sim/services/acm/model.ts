/**
 * AWS Certificate Manager state: certificates per account and region, with the summary fields
 * ListCertificates returns and the resources using them.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export const KEY_ALGORITHMS = ['RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

export interface AcmCertificate {
  CertificateArn: string;
  DomainName: string;
  SubjectAlternativeNames: string[];
  Status: 'ISSUED' | 'PENDING_VALIDATION' | 'EXPIRED' | 'REVOKED' | 'INACTIVE' | 'FAILED' | 'VALIDATION_TIMED_OUT';
  Type: 'AMAZON_ISSUED' | 'IMPORTED' | 'PRIVATE';
  KeyAlgorithm: KeyAlgorithm;
  InUseBy: string[];
  NotBefore?: Date;
  NotAfter?: Date;
  CreatedAt: Date;
  RenewalEligibility: 'ELIGIBLE' | 'INELIGIBLE';
  tags: Record<string, string>;
}

export interface AcmState {
  certificates: AcmCertificate[];
}

export function acmState(world: World, account: string, region: string): AcmState {
  return serviceState<AcmState>(world, 'acm', account, region, () => ({ certificates: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekAcmState(world: World, account: string, region: string): AcmState | undefined {
  return world.services['acm']?.[account]?.[region] as AcmState | undefined;
}

const DAY_MS = 86_400_000;

export interface CreateCertificateOptions {
  domainName: string;
  /** Default AMAZON_ISSUED. */
  type?: AcmCertificate['Type'];
  /** Default RSA_2048, what RequestCertificate issues. */
  keyAlgorithm?: KeyAlgorithm;
  /** Default ISSUED. */
  status?: AcmCertificate['Status'];
  /** Days from now to NotAfter (negative: already past); default 395, a fresh 13-month certificate. Ignored unless issued or expired. */
  expiresInDays?: number;
  /** ARNs of the resources using it (load balancers, distributions). */
  inUseBy?: string[];
  tags?: Record<string, string>;
}

export function createCertificate(world: World, account: string, region: string, o: CreateCertificateOptions): AcmCertificate {
  const state = acmState(world, account, region);
  if (!/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(o.domainName)) throw new SimError('ValidationException', `DomainName ${o.domainName} is not a valid domain name`, 400);
  const keyAlgorithm = o.keyAlgorithm ?? 'RSA_2048';
  if (!KEY_ALGORITHMS.includes(keyAlgorithm)) throw new SimError('ValidationException', `KeyAlgorithm ${keyAlgorithm} is not one of ${KEY_ALGORITHMS.join(', ')}`, 400);
  const status = o.status ?? 'ISSUED';
  const dated = status === 'ISSUED' || status === 'EXPIRED' || status === 'REVOKED' || status === 'INACTIVE';
  const notAfter = new Date(Date.now() + (o.expiresInDays ?? 395) * DAY_MS);
  const c: AcmCertificate = {
    CertificateArn: `arn:aws:acm:${region}:${account}:certificate/${nextHex(world, 8)}-${nextHex(world, 4)}-4${nextHex(world, 3)}-8${nextHex(world, 3)}-${nextHex(world, 12)}`,
    DomainName: o.domainName,
    SubjectAlternativeNames: [o.domainName],
    Status: status,
    Type: o.type ?? 'AMAZON_ISSUED',
    KeyAlgorithm: keyAlgorithm,
    InUseBy: [...(o.inUseBy ?? [])],
    ...(dated ? { NotBefore: new Date(notAfter.getTime() - 395 * DAY_MS), NotAfter: notAfter } : {}),
    CreatedAt: new Date(Date.UTC(2025, 0, 1 + (world.seq % 200))),
    RenewalEligibility: (o.type ?? 'AMAZON_ISSUED') === 'IMPORTED' || !(o.inUseBy ?? []).length ? 'INELIGIBLE' : 'ELIGIBLE',
    tags: { ...o.tags },
  };
  state.certificates.push(c);
  return c;
}
