import { CloudFrontClient, GetDistributionConfigCommand, paginateListDistributions, type DistributionSummary, type Origin } from '@aws-sdk/client-cloudfront';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { describeAwsError } from '../../aws/errors.ts';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { distribution, type DistributionConfig } from '../../resources/aws/cloudfront/distribution.ts';
import { readDetail } from '../read.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope, type CollectContext } from '../types.ts';

/** Every distribution of the account (ListDistributions, 1000 per page: the API's maximum). */
export async function listDistributions(client: CloudFrontClient): Promise<DistributionSummary[]> {
  const out: DistributionSummary[] = [];
  for await (const page of paginateListDistributions({ client, pageSize: 1000 }, {})) out.push(...(page.DistributionList?.Items ?? []));
  return out;
}

/**
 * S3 REST endpoints name their bucket: `shop.s3.amazonaws.com`, `shop.s3.eu-west-1.amazonaws.com`,
 * `shop.s3-eu-west-1.amazonaws.com`, `shop.s3.dualstack.eu-west-1.amazonaws.com`. Website endpoints are
 * custom origins.
 */
const S3_ORIGIN = /^(.+?)\.s3(?:[.-]dualstack)?(?:[.-][a-z]{2}(?:-[a-z]+)+-\d+)?\.amazonaws\.com(?:\.cn)?$/;

const DEPRECATED_ORIGIN_SSL = ['SSLv3', 'TLSv1', 'TLSv1.1'];

const orNull = (s: string | undefined) => (s ? s : null);

function originOf(o: Origin): DistributionConfig['origins'][number] {
  const s3 = o.S3OriginConfig !== undefined;
  return {
    id: o.Id ?? '?',
    domainName: o.DomainName ?? '',
    kind: s3 ? 's3' : 'custom',
    bucket: s3 ? (S3_ORIGIN.exec(o.DomainName ?? '')?.[1] ?? null) : null,
    protocolPolicy: o.CustomOriginConfig?.OriginProtocolPolicy ?? null,
    sslProtocols: [...(o.CustomOriginConfig?.OriginSslProtocols?.Items ?? [])],
    originAccessControlId: orNull(o.OriginAccessControlId),
    originAccessIdentity: orNull(o.S3OriginConfig?.OriginAccessIdentity),
  };
}

/** Whether each bucket exists: HeadBucket answers 404 only for a bucket that does not exist (403: someone else's). */
async function bucketsExist(ctx: CollectContext, buckets: readonly string[]): Promise<Map<string, boolean | string>> {
  const s3 = ctx.client(S3Client);
  const out = new Map<string, boolean | string>();
  await mapLimit([...new Set(buckets)], 8, async (b) => {
    try {
      await s3.send(new HeadBucketCommand({ Bucket: b }));
      out.set(b, true);
    } catch (e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404) out.set(b, false);
      else if (status === 403 || status === 301) out.set(b, true);
      else out.set(b, describeAwsError(e));
    }
  });
  return out;
}

/** The config read from the listing; GetDistributionConfig adds the default root object and logging. */
function fromSummary(d: DistributionSummary): DistributionConfig {
  const origins = (d.Origins?.Items ?? []).map(originOf);
  const groups = (d.OriginGroups?.Items ?? []).map((g) => ({ id: g.Id ?? '?', members: (g.Members?.Items ?? []).map((m) => m.OriginId ?? '?') }));
  const behaviors = [
    ...(d.DefaultCacheBehavior ? [{ ...d.DefaultCacheBehavior, PathPattern: '*' }] : []),
    ...(d.CacheBehaviors?.Items ?? []),
  ].map((b) => ({ pathPattern: b.PathPattern ?? '*', targetOriginId: b.TargetOriginId ?? '?', viewerProtocolPolicy: b.ViewerProtocolPolicy ?? '?', fieldLevelEncryptionId: orNull(b.FieldLevelEncryptionId) }));
  // A behavior reaches an origin directly or through an origin group holding it.
  const targets = (originId: string) => new Set([originId, ...groups.filter((g) => g.members.includes(originId)).map((g) => g.id)]);
  const allowsHttp = behaviors.filter((b) => b.viewerProtocolPolicy === 'allow-all');
  const vc = d.ViewerCertificate ?? {};
  const defaultCertificate = vc.CloudFrontDefaultCertificate === true || (!vc.ACMCertificateArn && !vc.IAMCertificateId);
  return {
    distributionId: d.Id!,
    domainName: d.DomainName ?? '',
    ...(d.Status ? { status: d.Status } : {}),
    ...(d.Enabled !== undefined ? { enabled: d.Enabled } : {}),
    aliases: [...(d.Aliases?.Items ?? [])],
    comment: orNull(d.Comment),
    origins,
    originGroups: groups,
    originGroupCount: groups.length,
    smallOriginGroups: groups.filter((g) => g.members.length < 2).map((g) => g.id),
    behaviors,
    viewerHttpBehaviors: allowsHttp.map((b) => b.pathPattern),
    httpOrigins: origins
      .filter((o) => o.kind === 'custom' && (o.protocolPolicy === 'http-only' || (o.protocolPolicy === 'match-viewer' && allowsHttp.some((b) => targets(o.id).has(b.targetOriginId)))))
      .map((o) => o.id),
    deprecatedSslOrigins: origins.filter((o) => o.kind === 'custom' && o.protocolPolicy !== 'http-only' && o.sslProtocols.some((p) => DEPRECATED_ORIGIN_SSL.includes(p))).map((o) => o.id),
    hasS3Origin: origins.some((o) => o.kind === 's3'),
    s3OriginsWithoutOac: origins.filter((o) => o.kind === 's3' && !o.originAccessControlId && !o.originAccessIdentity).map((o) => o.id),
    defaultCertificate,
    certificateSource: vc.CertificateSource ?? (defaultCertificate ? 'cloudfront' : vc.ACMCertificateArn ? 'acm' : 'iam'),
    sslSupportMethod: defaultCertificate ? null : (vc.SSLSupportMethod ?? null),
    minimumProtocolVersion: vc.MinimumProtocolVersion ?? null,
    webAclId: orNull(d.WebACLId),
    ...(d.Restrictions?.GeoRestriction?.RestrictionType ? { geoRestrictionType: d.Restrictions.GeoRestriction.RestrictionType } : {}),
  };
}

/** `aws.cloudfront.distribution`: read once per account through the global endpoint. */
export const distributionCollector = defineCollector(distribution, async (ctx) => {
  const client = ctx.client(CloudFrontClient);
  const summaries = (await listDistributions(client)).filter((d) => d.Id && d.ARN);
  if (summaries.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'cloudfront:distribution');
  const configs = summaries.map(fromSummary);
  const buckets = await bucketsExist(ctx, configs.flatMap((c) => c.origins.map((o) => o.bucket).filter((b): b is string => b !== null)));
  const out = await mapLimit(summaries, 8, async (d, i) => {
    const config = configs[i]!;
    const errors: ReadErrors = {};
    const read = await readDetail(errors, 'distributionConfig', () => client.send(new GetDistributionConfigCommand({ Id: d.Id! })));
    if (read === null) return undefined; // deleted since the listing
    if (read === undefined) {
      for (const f of ['defaultRootObject', 'loggingEnabled', 'loggingBucket']) errors[f] = errors['distributionConfig']!;
    } else {
      const dc = read.DistributionConfig;
      config.defaultRootObject = orNull(dc?.DefaultRootObject);
      if (dc?.Logging?.Enabled !== undefined) {
        config.loggingEnabled = dc.Logging.Enabled;
        config.loggingBucket = dc.Logging.Enabled ? orNull(dc.Logging.Bucket) : null;
      } else errors['loggingEnabled'] = 'GetDistributionConfig returned no Logging';
    }
    delete errors['distributionConfig'];
    // A custom certificate always comes with both; without them the TLS checks cannot decide.
    if (!config.defaultCertificate) {
      for (const f of ['sslSupportMethod', 'minimumProtocolVersion'] as const) {
        if (config[f] === null) {
          delete config[f];
          errors[f] = `ListDistributions returned a custom certificate without ViewerCertificate.${f === 'sslSupportMethod' ? 'SSLSupportMethod' : 'MinimumProtocolVersion'}`;
        }
      }
    }
    const missing: string[] = [];
    for (const o of config.origins) {
      if (o.kind === 's3' && o.bucket === null) errors['missingS3OriginBuckets'] = `cannot tell the bucket of S3 origin ${o.id} from its domain ${o.domainName}`;
      if (o.bucket === null) continue;
      const exists = buckets.get(o.bucket);
      if (typeof exists === 'string') errors['missingS3OriginBuckets'] = `s3:HeadBucket ${o.bucket}: ${exists}`;
      else if (exists === false) missing.push(o.bucket);
    }
    if (!errors['missingS3OriginBuckets']) config.missingS3OriginBuckets = [...new Set(missing)];
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, distribution, {
      id: d.Id!,
      arn: d.ARN!,
      // What people call it: its domain, else its comment (the console's description), else the cloudfront.net name.
      name: config.aliases[0] ?? config.comment ?? (d.DomainName || d.Id!),
      tags: (tagged.ok && tagged.tags.get(d.ARN!)) || {},
      config,
      // A WAF Classic web ACL is named by its id; a WAFv2 one by its ARN.
      related: config.webAclId && !config.webAclId.startsWith('arn:') ? [{ type: 'aws.waf.web-acl', id: config.webAclId, relation: 'protected-by' }] : [],
      readErrors: errors,
    });
  });
  return out.filter((r) => r !== undefined);
});
