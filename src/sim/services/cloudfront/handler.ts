/**
 * CloudFront over REST-XML, served from the committed model: ListDistributions (MaxItems 1–1000 as a
 * string, default 100, `Marker`/`NextMarker`, `IsTruncated`) and GetDistributionConfig (with its ETag;
 * NoSuchDistribution for an unknown id), as the API reference documents them. CloudFront is global: the
 * signing region (us-east-1) does not select the state.
 *
 * UpdateDistribution (what the remediation actions send) replaces the whole configuration, as AWS does:
 * `If-Match` must carry the current ETag (missing: InvalidIfMatchVersion; stale: PreconditionFailed, 412),
 * CallerReference cannot change (IllegalUpdate), every `Quantity` must match its `Items`
 * (InconsistentQuantities), and the values the actions set are checked against the API's enums
 * (InvalidViewerCertificate, InvalidMinimumProtocolVersion, InvalidDefaultRootObject, InvalidArgument).
 * All or nothing: a refused update changes nothing. Each accepted one gets a new ETag.
 */
import { modelService } from '../../models/handler.ts';
import { decodeToken, paginate } from '../../protocols/paging.ts';
import { SimError } from '../../types.ts';
import { nextHex } from '../../world.ts';
import { peekCloudFrontState, type Distribution } from './model.ts';

const SUMMARY_FIELDS = ['Aliases', 'Origins', 'OriginGroups', 'DefaultCacheBehavior', 'CacheBehaviors', 'CustomErrorResponses', 'Comment', 'PriceClass', 'Enabled', 'ViewerCertificate', 'Restrictions', 'WebACLId', 'HttpVersion', 'IsIPV6Enabled', 'Staging'] as const;

/** A `DistributionSummary`: the configuration without DefaultRootObject, Logging, CallerReference. */
function summary(d: Distribution): Record<string, unknown> {
  const out: Record<string, unknown> = { Id: d.id, ARN: d.arn, Status: 'Deployed', LastModifiedTime: d.lastModifiedTime, DomainName: d.domainName };
  for (const k of SUMMARY_FIELDS) if (d.config[k] !== undefined) out[k] = d.config[k];
  return out;
}

const invalid = (message: string) => new SimError('InvalidArgument', message, 400);

type Wire = Record<string, unknown>;

const MIN_PROTOCOLS = new Set(['SSLv3', 'TLSv1', 'TLSv1_2016', 'TLSv1.1_2016', 'TLSv1.2_2018', 'TLSv1.2_2019', 'TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025']);
const VIEWER_POLICIES = new Set(['allow-all', 'https-only', 'redirect-to-https']);
const ORIGIN_SSL = new Set(['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2']);

/** Every `{Quantity, Items}` list in the configuration, anywhere: Quantity must equal the number of Items. */
function checkQuantities(v: unknown, path: string): void {
  if (Array.isArray(v)) return v.forEach((x, i) => checkQuantities(x, `${path}[${i}]`));
  if (typeof v !== 'object' || v === null) return;
  const o = v as Wire;
  if (typeof o['Quantity'] === 'number' && o['Quantity'] !== (Array.isArray(o['Items']) ? o['Items'].length : 0)) {
    throw new SimError('InconsistentQuantities', `The value of Quantity and the size of Items don't match (${path}).`, 400);
  }
  for (const [k, x] of Object.entries(o)) checkQuantities(x, path ? `${path}.${k}` : k);
}

const items = (l: unknown): Wire[] => ((l as { Items?: Wire[] } | undefined)?.Items ?? []) as Wire[];

/** The checks AWS makes on what the actions change; the rest of the configuration is kept as sent. */
function validateUpdate(d: Distribution, next: Wire): void {
  if (next['CallerReference'] !== d.config['CallerReference']) throw new SimError('IllegalUpdate', 'The update contains modifications that are not allowed: CallerReference cannot be changed.', 400);
  checkQuantities(next, '');
  const vc = (next['ViewerCertificate'] ?? {}) as Wire;
  const custom = vc['CloudFrontDefaultCertificate'] !== true && (vc['ACMCertificateArn'] || vc['IAMCertificateId']);
  if (custom && !['sni-only', 'vip', 'static-ip'].includes(String(vc['SSLSupportMethod']))) {
    throw new SimError('InvalidViewerCertificate', 'A custom certificate needs SSLSupportMethod sni-only, vip or static-ip.', 400);
  }
  if (vc['MinimumProtocolVersion'] !== undefined && !MIN_PROTOCOLS.has(String(vc['MinimumProtocolVersion']))) {
    throw new SimError('InvalidMinimumProtocolVersion', `The minimum protocol version ${String(vc['MinimumProtocolVersion'])} is not valid.`, 400);
  }
  const root = next['DefaultRootObject'];
  if (typeof root === 'string' && (root.length > 255 || root.startsWith('/') || /[\s?#]/.test(root))) {
    throw new SimError('InvalidDefaultRootObject', 'The default root object file name is too big or contains an invalid character.', 400);
  }
  const logging = next['Logging'] as Wire | undefined;
  if (!logging || typeof logging['Enabled'] !== 'boolean') throw invalid('Logging with Enabled, IncludeCookies, Bucket and Prefix is required.');
  if (logging['Enabled'] === true && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\.s3(\.[a-z0-9-]+)?\.amazonaws\.com$/.test(String(logging['Bucket'] ?? ''))) {
    throw invalid('The parameter Logging.Bucket must name an Amazon S3 bucket, such as myawslogbucket.s3.amazonaws.com, when logging is enabled.');
  }
  const origins = items(next['Origins']);
  const ids = new Set([...origins.map((o) => o['Id']), ...items(next['OriginGroups']).map((g) => g['Id'])]);
  for (const b of [next['DefaultCacheBehavior'] as Wire, ...items(next['CacheBehaviors'])]) {
    if (!b) throw invalid('DefaultCacheBehavior is required.');
    if (!VIEWER_POLICIES.has(String(b['ViewerProtocolPolicy']))) throw invalid(`ViewerProtocolPolicy ${String(b['ViewerProtocolPolicy'])} is not one of allow-all, https-only, redirect-to-https.`);
    if (!ids.has(b['TargetOriginId'])) throw new SimError('NoSuchOrigin', `One or more of your origins or origin groups do not exist: ${String(b['TargetOriginId'])}.`, 404);
  }
  for (const o of origins) {
    const ssl = items((o['CustomOriginConfig'] as Wire | undefined)?.['OriginSslProtocols']);
    if (o['CustomOriginConfig'] && (ssl.length === 0 || ssl.some((p) => !ORIGIN_SSL.has(String(p))))) {
      throw invalid(`OriginSslProtocols of origin ${String(o['Id'])} must list SSLv3, TLSv1, TLSv1.1 or TLSv1.2.`);
    }
  }
}

export const cloudfront = modelService({
  model: 'cloudfront',
  operations: {
    ListDistributions(input, req, ctx) {
      const all = peekCloudFrontState(ctx.world, req.accountId)?.distributions ?? [];
      const raw = input['MaxItems'];
      const max = raw === undefined ? undefined : Number(raw);
      if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 1000)) throw invalid(`Invalid value for MaxItems: ${String(raw)}. It must be an integer between 1 and 1000.`);
      const marker = typeof input['Marker'] === 'string' && input['Marker'] !== '' ? (input['Marker'] as string) : undefined;
      if (marker !== undefined && decodeToken(marker) === undefined) throw invalid('The marker is not valid.');
      const { page, nextToken } = paginate(all, max, marker, { min: 1, max: 1000, default: 100, invalidCode: 'InvalidArgument', tokenCode: 'InvalidArgument' });
      return {
        DistributionList: {
          Marker: marker ?? '',
          ...(nextToken ? { NextMarker: nextToken } : {}),
          MaxItems: max ?? 100,
          IsTruncated: nextToken !== undefined,
          Quantity: page.length,
          ...(page.length ? { Items: page.map(summary) } : {}),
        },
      };
    },
    GetDistributionConfig(input, req, ctx) {
      const d = peekCloudFrontState(ctx.world, req.accountId)?.distributions.find((x) => x.id === input['Id']);
      if (!d) throw new SimError('NoSuchDistribution', 'The specified distribution does not exist.', 404);
      return { DistributionConfig: d.config, ETag: d.etag };
    },
    UpdateDistribution(input, req, ctx) {
      const d = peekCloudFrontState(ctx.world, req.accountId)?.distributions.find((x) => x.id === input['Id']);
      if (!d) throw new SimError('NoSuchDistribution', 'The specified distribution does not exist.', 404);
      const ifMatch = input['IfMatch'];
      if (typeof ifMatch !== 'string' || ifMatch === '') throw new SimError('InvalidIfMatchVersion', 'The If-Match version is missing or not valid for the resource.', 400);
      if (ifMatch !== d.etag) throw new SimError('PreconditionFailed', 'The request failed because it didn\'t meet the preconditions in one or more request-header fields.', 412);
      const next = input['DistributionConfig'] as Wire | undefined;
      if (!next) throw new SimError('MissingBody', 'This operation requires a body. Ensure that the body is present and the Content-Type header is set.', 400);
      validateUpdate(d, next);
      d.config = next;
      d.etag = `E${nextHex(ctx.world, 13).toUpperCase()}`;
      d.lastModifiedTime = new Date().toISOString();
      return {
        Distribution: { Id: d.id, ARN: d.arn, Status: 'Deployed', LastModifiedTime: d.lastModifiedTime, InProgressInvalidationBatches: 0, DomainName: d.domainName, DistributionConfig: d.config },
        ETag: d.etag,
      };
    },
  },
});
