import { peekCloudFrontState } from '../../services/cloudfront/model.ts';
import type { EstateCloudFrontDistribution } from '../types.ts';
import { paths, Truth, type GeneratorPiece } from './types.ts';

// Global: a scan reports distributions in us-east-1, the generator's first region.
const GLOBAL = 'us-east-1';
const OLD_TLS = ['TLSv1', 'TLSv1_2016', 'TLSv1.1_2016', 'TLSv1.2_2018', 'TLSv1.2_2019'];

/** What was drawn for one distribution, beside its estate entry, so that the truth need not re-derive it. */
interface Drawn {
  d: EstateCloudFrontDistribution;
  s3: 'none' | 'existing' | 'gone';
  oac: boolean;
  httpOnly: boolean;
  oldOriginTls: boolean;
  failover: boolean;
}

/**
 * CloudFront distributions per account: an S3 origin (a bucket the S3 piece planned in the same account,
 * or a deleted one) or none, a custom API origin (HTTPS or HTTP only, TLS 1.2 or still TLS 1.0), a
 * failover pair or not, and each viewer, certificate, logging, WAF and root-object mistake drawn apart.
 * Registered after the S3 piece, whose buckets it reads from the document.
 */
export const cloudfront: GeneratorPiece = {
  name: 'cloudfront',
  resourceTypes: ['aws.cloudfront.distribution'],
  policies: [
    'aws-cloudfront-dedicated-ip-ssl',
    'aws-cloudfront-default-certificate',
    'aws-cloudfront-logging-off',
    'aws-cloudfront-no-default-root-object',
    'aws-cloudfront-no-origin-failover',
    'aws-cloudfront-no-waf',
    'aws-cloudfront-origin-deprecated-ssl',
    'aws-cloudfront-origin-http',
    'aws-cloudfront-s3-origin-missing-bucket',
    'aws-cloudfront-s3-origin-no-oac',
    'aws-cloudfront-viewer-http-allowed',
    'aws-cloudfront-viewer-tls-policy-outdated',
  ],
  resources: (s) => s.accounts * s.each,
  plan(ctx) {
    const { bad, pick, r } = ctx;
    const drawn: Drawn[] = [];
    for (const a of ctx.accounts) {
      const buckets = (ctx.doc.buckets ?? []).filter((b) => b.account === a.id);
      for (let i = 0; i < ctx.spec.each; i++) {
        const s3: Drawn['s3'] = r() < 0.3 ? 'none' : bad() || buckets.length === 0 ? 'gone' : 'existing';
        const bucket = s3 === 'existing' ? pick(buckets) : undefined;
        const oac = !bad();
        const httpOnly = bad();
        const oldOriginTls = bad();
        const failover = !bad();
        const origins: EstateCloudFrontDistribution['origins'] = [
          ...(s3 === 'none'
            ? []
            : [{ id: 'assets', domainName: s3 === 'gone' ? `gen-cdn-gone-${i}-${a.id}.s3.us-east-1.amazonaws.com` : `${bucket!.name}.s3.${bucket!.region}.amazonaws.com`, ...(oac ? { originAccessControlId: `E2GENOAC${String(i).padStart(6, '0')}` } : {}) }]),
          { id: 'api', domainName: `api-${i}.gen.example`, protocolPolicy: httpOnly ? 'http-only' : 'https-only', sslProtocols: oldOriginTls ? ['TLSv1', 'TLSv1.2'] : ['TLSv1.2'] },
          ...(failover ? [{ id: 'api-dr', domainName: `api-dr-${i}.gen.example`, protocolPolicy: 'https-only' as const }] : []),
        ];
        const api = failover ? 'api-failover' : 'api';
        const viewer = bad() ? 'allow-all' : 'redirect-to-https';
        const certificate = r() < 0.3 ? undefined : { acmCertificateArn: `arn:aws:acm:us-east-1:${a.id}:certificate/0b1c2d3e-0000-4000-8000-${String(i).padStart(12, '0')}`, sslSupportMethod: bad() ? ('vip' as const) : ('sni-only' as const), minimumProtocolVersion: bad() ? pick(OLD_TLS) : 'TLSv1.2_2021' };
        const d: EstateCloudFrontDistribution = {
          account: a.id,
          comment: `gen-cdn-${i}`,
          origins,
          ...(failover ? { originGroups: [{ id: 'api-failover', members: ['api', 'api-dr'] }] } : {}),
          defaultBehavior: { targetOriginId: s3 === 'none' ? api : 'assets', viewerProtocolPolicy: viewer },
          ...(s3 === 'none' ? {} : { behaviors: [{ pathPattern: '/api/*', targetOriginId: api, viewerProtocolPolicy: 'https-only' as const }] }),
          ...(bad() ? {} : { defaultRootObject: 'index.html' }),
          ...(bad() ? {} : { loggingBucket: `gen-cdn-logs-${a.id}.s3.amazonaws.com` }),
          ...(bad() ? {} : { webAclId: `arn:aws:wafv2:us-east-1:${a.id}:global/webacl/gen-cdn/0c1d2e3f-0000-4000-8000-${String(i).padStart(12, '0')}` }),
          ...(certificate ? { certificate } : {}),
        };
        drawn.push({ d, s3, oac, httpOnly, oldOriginTls, failover });
      }
    }
    (ctx.doc.cloudfrontDistributions ??= []).push(...drawn.map((x) => x.d));
    return {
      truth(world) {
        const truth = new Truth();
        for (const { d, s3, oac, httpOnly, oldOriginTls, failover } of drawn) {
          const arn = peekCloudFrontState(world, d.account)!.distributions.find((x) => x.config['Comment'] === d.comment)!.arn;
          const add = (policy: string, fail: boolean, ...fields: string[]) => {
            if (fail) truth.add(policy, arn, d.account, GLOBAL, paths(...fields));
          };
          const cert = d.certificate;
          add('aws-cloudfront-default-certificate', !cert, 'defaultCertificate');
          add('aws-cloudfront-dedicated-ip-ssl', cert?.sslSupportMethod === 'vip', 'defaultCertificate', 'sslSupportMethod');
          add('aws-cloudfront-viewer-tls-policy-outdated', cert !== undefined && OLD_TLS.includes(cert.minimumProtocolVersion), 'defaultCertificate', 'minimumProtocolVersion');
          add('aws-cloudfront-logging-off', !d.loggingBucket, 'loggingEnabled');
          add('aws-cloudfront-no-default-root-object', s3 !== 'none' && !d.defaultRootObject, 'hasS3Origin', 'defaultRootObject');
          add('aws-cloudfront-no-origin-failover', !failover, 'originGroupCount');
          add('aws-cloudfront-no-waf', !d.webAclId, 'webAclId');
          // An http-only origin is reported as HTTP, not for the TLS versions it never uses.
          add('aws-cloudfront-origin-deprecated-ssl', oldOriginTls && !httpOnly, 'deprecatedSslOrigins');
          add('aws-cloudfront-origin-http', httpOnly, 'httpOrigins');
          add('aws-cloudfront-s3-origin-missing-bucket', s3 === 'gone', 'missingS3OriginBuckets');
          add('aws-cloudfront-s3-origin-no-oac', s3 !== 'none' && !oac, 's3OriginsWithoutOac');
          add('aws-cloudfront-viewer-http-allowed', d.defaultBehavior.viewerProtocolPolicy === 'allow-all', 'viewerHttpBehaviors');
        }
        return truth.entries;
      },
    };
  },
};
