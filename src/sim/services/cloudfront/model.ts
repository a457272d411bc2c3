/**
 * CloudFront state: distributions with their configuration, per account. CloudFront is global: the state
 * lives under the `global` region. The configuration is kept in the wire's own shape (`DistributionConfig`
 * with `{Quantity, Items}` lists), so ListDistributions and GetDistributionConfig only select from it.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

type Wire = Record<string, unknown>;

export interface Distribution {
  id: string;
  arn: string;
  domainName: string;
  lastModifiedTime: string;
  /** `DistributionConfig` as GetDistributionConfig returns it. */
  config: Wire;
  etag: string;
  tags: Record<string, string>;
}

export interface CloudFrontState {
  distributions: Distribution[];
}

export function peekCloudFrontState(world: World, account: string): CloudFrontState | undefined {
  return world.services['cloudfront']?.[account]?.['global'] as CloudFrontState | undefined;
}

export interface OriginOptions {
  id: string;
  domainName: string;
  /** Custom origins: `http-only`, `match-viewer` or `https-only` (AWS's console default). */
  protocolPolicy?: 'http-only' | 'match-viewer' | 'https-only';
  /** Custom origins: the protocols CloudFront may use towards the origin (default `[TLSv1.2]`). */
  sslProtocols?: string[];
  /** S3 origins: an origin access control id. */
  originAccessControlId?: string;
  /** S3 origins: a legacy origin access identity (`origin-access-identity/cloudfront/E…`). */
  originAccessIdentity?: string;
}

export interface BehaviorOptions {
  pathPattern: string;
  targetOriginId: string;
  viewerProtocolPolicy?: 'allow-all' | 'https-only' | 'redirect-to-https';
  fieldLevelEncryptionId?: string;
}

export interface CreateDistributionOptions {
  /** Origins whose domain is `<bucket>.s3[.<region>].amazonaws.com` are S3 origins, the others custom ones. */
  origins: OriginOptions[];
  /** Origin groups for failover: id → member origin ids. */
  originGroups?: { id: string; members: string[] }[];
  defaultBehavior: Omit<BehaviorOptions, 'pathPattern'>;
  behaviors?: BehaviorOptions[];
  aliases?: string[];
  defaultRootObject?: string;
  comment?: string;
  enabled?: boolean;
  /** Standard (legacy) access logging to an S3 bucket (`<bucket>.s3.amazonaws.com`). */
  loggingBucket?: string;
  /** A WAF web ACL: a WAF Classic web ACL id or a WAFv2 web ACL ARN. */
  webAclId?: string;
  /** Absent: the default *.cloudfront.net certificate. */
  certificate?: { acmCertificateArn?: string; iamCertificateId?: string; sslSupportMethod: 'sni-only' | 'vip' | 'static-ip'; minimumProtocolVersion: string };
  geoRestriction?: { type: 'blacklist' | 'whitelist'; locations: string[] };
  tags?: Record<string, string>;
}

const list = <T>(items: T[]): { Quantity: number; Items?: T[] } => (items.length ? { Quantity: items.length, Items: items } : { Quantity: 0 });

/** S3 REST endpoints (`bucket.s3.amazonaws.com`, `bucket.s3.eu-west-1.amazonaws.com`); website endpoints are custom origins. */
export const S3_ORIGIN = /^(.+?)\.s3(?:[.-]dualstack)?(?:[.-][a-z]{2}(?:-[a-z]+)+-\d+)?\.amazonaws\.com$/;

function originWire(o: OriginOptions): Wire {
  const base: Wire = { Id: o.id, DomainName: o.domainName, OriginPath: '', CustomHeaders: { Quantity: 0 }, ConnectionAttempts: 3, ConnectionTimeout: 10, OriginShield: { Enabled: false } };
  if (S3_ORIGIN.test(o.domainName)) {
    return { ...base, S3OriginConfig: { OriginAccessIdentity: o.originAccessIdentity ?? '' }, OriginAccessControlId: o.originAccessControlId ?? '' };
  }
  const ssl = o.sslProtocols ?? ['TLSv1.2'];
  return {
    ...base,
    CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: o.protocolPolicy ?? 'https-only', OriginSslProtocols: { Quantity: ssl.length, Items: ssl }, OriginReadTimeout: 30, OriginKeepaliveTimeout: 5 },
    OriginAccessControlId: '',
  };
}

function behaviorWire(b: Omit<BehaviorOptions, 'pathPattern'> & { pathPattern?: string }): Wire {
  return {
    ...(b.pathPattern !== undefined ? { PathPattern: b.pathPattern } : {}),
    TargetOriginId: b.targetOriginId,
    TrustedSigners: { Enabled: false, Quantity: 0 },
    TrustedKeyGroups: { Enabled: false, Quantity: 0 },
    ViewerProtocolPolicy: b.viewerProtocolPolicy ?? 'redirect-to-https',
    AllowedMethods: { Quantity: 2, Items: ['HEAD', 'GET'], CachedMethods: { Quantity: 2, Items: ['HEAD', 'GET'] } },
    SmoothStreaming: false,
    Compress: true,
    LambdaFunctionAssociations: { Quantity: 0 },
    FunctionAssociations: { Quantity: 0 },
    FieldLevelEncryptionId: b.fieldLevelEncryptionId ?? '',
    // The managed CachingOptimized policy.
    CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  };
}

/** Create a distribution as CreateDistribution would (deployed at once: the endpoint has no propagation delay). */
export function createDistribution(world: World, account: string, o: CreateDistributionOptions): Distribution {
  const state = serviceState<CloudFrontState>(world, 'cloudfront', account, 'global', () => ({ distributions: [] }));
  const ids = new Set(o.origins.map((x) => x.id));
  if (ids.size !== o.origins.length || o.origins.length === 0) throw new SimError('InvalidArgument', 'Origins must be non-empty with unique ids.', 400);
  for (const g of o.originGroups ?? []) ids.add(g.id);
  for (const b of [o.defaultBehavior, ...(o.behaviors ?? [])]) {
    if (!ids.has(b.targetOriginId)) throw new SimError('NoSuchOrigin', `One or more of your origins or origin groups do not exist: ${b.targetOriginId}.`, 404);
  }
  const id = `E${nextHex(world, 13).toUpperCase()}`;
  const cert = o.certificate;
  const viewerCertificate: Wire = cert
    ? {
        CloudFrontDefaultCertificate: false,
        ...(cert.acmCertificateArn ? { ACMCertificateArn: cert.acmCertificateArn, Certificate: cert.acmCertificateArn, CertificateSource: 'acm' } : { IAMCertificateId: cert.iamCertificateId, Certificate: cert.iamCertificateId, CertificateSource: 'iam' }),
        SSLSupportMethod: cert.sslSupportMethod,
        MinimumProtocolVersion: cert.minimumProtocolVersion,
      }
    : // With the default certificate CloudFront reports TLSv1 whatever was asked for.
      { CloudFrontDefaultCertificate: true, MinimumProtocolVersion: 'TLSv1', CertificateSource: 'cloudfront' };
  const config: Wire = {
    CallerReference: `mamori-${id}`,
    Aliases: list(o.aliases ?? []),
    DefaultRootObject: o.defaultRootObject ?? '',
    Origins: list(o.origins.map(originWire)),
    OriginGroups: list(
      (o.originGroups ?? []).map((g) => ({ Id: g.id, FailoverCriteria: { StatusCodes: { Quantity: 3, Items: [500, 502, 503] } }, Members: { Quantity: g.members.length, Items: g.members.map((m) => ({ OriginId: m })) } })),
    ),
    DefaultCacheBehavior: behaviorWire(o.defaultBehavior),
    CacheBehaviors: list((o.behaviors ?? []).map(behaviorWire)),
    CustomErrorResponses: { Quantity: 0 },
    Comment: o.comment ?? '',
    Logging: { Enabled: o.loggingBucket !== undefined, IncludeCookies: false, Bucket: o.loggingBucket ?? '', Prefix: '' },
    PriceClass: 'PriceClass_All',
    Enabled: o.enabled ?? true,
    ViewerCertificate: viewerCertificate,
    Restrictions: { GeoRestriction: o.geoRestriction ? { RestrictionType: o.geoRestriction.type, ...list(o.geoRestriction.locations) } : { RestrictionType: 'none', Quantity: 0 } },
    WebACLId: o.webAclId ?? '',
    HttpVersion: 'http2',
    IsIPV6Enabled: true,
    Staging: false,
  };
  const d: Distribution = {
    id,
    arn: `arn:aws:cloudfront::${account}:distribution/${id}`,
    domainName: `d${nextHex(world, 13)}.cloudfront.net`,
    lastModifiedTime: '2026-10-01T09:00:00.000Z',
    config,
    etag: `E${nextHex(world, 13).toUpperCase()}`,
    tags: o.tags ?? {},
  };
  state.distributions.push(d);
  return d;
}
