/**
 * CloudFront over REST-XML, served from the committed model: ListDistributions (MaxItems 1–1000 as a
 * string, default 100, `Marker`/`NextMarker`, `IsTruncated`) and GetDistributionConfig (with its ETag;
 * NoSuchDistribution for an unknown id), as the API reference documents them. CloudFront is global: the
 * signing region (us-east-1) does not select the state.
 */
import { modelService } from '../../models/handler.ts';
import { decodeToken, paginate } from '../../protocols/paging.ts';
import { SimError } from '../../types.ts';
import { peekCloudFrontState, type Distribution } from './model.ts';

const SUMMARY_FIELDS = ['Aliases', 'Origins', 'OriginGroups', 'DefaultCacheBehavior', 'CacheBehaviors', 'CustomErrorResponses', 'Comment', 'PriceClass', 'Enabled', 'ViewerCertificate', 'Restrictions', 'WebACLId', 'HttpVersion', 'IsIPV6Enabled', 'Staging'] as const;

/** A `DistributionSummary`: the configuration without DefaultRootObject, Logging, CallerReference. */
function summary(d: Distribution): Record<string, unknown> {
  const out: Record<string, unknown> = { Id: d.id, ARN: d.arn, Status: 'Deployed', LastModifiedTime: d.lastModifiedTime, DomainName: d.domainName };
  for (const k of SUMMARY_FIELDS) if (d.config[k] !== undefined) out[k] = d.config[k];
  return out;
}

const invalid = (message: string) => new SimError('InvalidArgument', message, 400);

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
  },
});
