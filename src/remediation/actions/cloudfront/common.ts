/**
 * What the CloudFront actions share. UpdateDistribution replaces the whole configuration, so each action reads it
 * with GetDistributionConfig (and its ETag), changes only the fields that violate and sends everything else back as
 * read, with `IfMatch` = the ETag. The apply re-reads first, so changes made since the plan are sent back as they
 * now are (several actions on one distribution each start from the previous one's result); a change made between
 * that re-read and the call is refused by CloudFront (PreconditionFailed): nothing is overwritten, nothing changes.
 */
import { CloudFrontClient, GetDistributionConfigCommand, UpdateDistributionCommand } from '@aws-sdk/client-cloudfront';
import type { z } from 'zod';
import { MamoriError } from '../../../core/errors.ts';
import { clone } from '../../compare.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type SettingActionSpec, type Settings, type SettingValue } from '../../kit/setting.ts';
import type { AnyAction, AwsApi } from '../../types.ts';

type Wire = Record<string, unknown>;

/** Viewer TLS policies older than TLSv1.2_2021 (FSBP CloudFront.15). */
export const OLD_VIEWER_TLS = ['SSLv3', 'TLSv1', 'TLSv1_2016', 'TLSv1.1_2016', 'TLSv1.2_2018', 'TLSv1.2_2019'];
export const DEPRECATED_ORIGIN_SSL = ['SSLv3', 'TLSv1', 'TLSv1.1'];

const S3_ORIGIN = /^(.+?)\.s3(?:[.-]dualstack)?(?:[.-][a-z]{2}(?:-[a-z]+)+-\d+)?\.amazonaws\.com(?:\.cn)?$/;

const items = (l: unknown): Wire[] => ((l as { Items?: Wire[] } | undefined)?.Items ?? []) as Wire[];
const json = (v: unknown): SettingValue => (v === undefined ? null : (JSON.parse(JSON.stringify(v)) as SettingValue));

/**
 * The settings the actions read and may change, flat, from a `DistributionConfig`: certificate, logging, root object,
 * the TLS protocols of each custom origin (by origin id) and the viewer protocol policy of each behavior (by path
 * pattern, `*` for the default one). `ETag` and the whole `DistributionConfig` come along for the write.
 */
export function distributionSettings(config: Wire, etag: string): Settings {
  const vc = (config['ViewerCertificate'] ?? {}) as Wire;
  const logging = (config['Logging'] ?? {}) as Wire;
  const origins = items(config['Origins']);
  const behaviors = [{ ...(config['DefaultCacheBehavior'] as Wire), PathPattern: '*' }, ...items(config['CacheBehaviors'])];
  return {
    'ViewerCertificate.CustomCertificate': vc['CloudFrontDefaultCertificate'] !== true && Boolean(vc['ACMCertificateArn'] || vc['IAMCertificateId']),
    'ViewerCertificate.SSLSupportMethod': json(vc['SSLSupportMethod']),
    'ViewerCertificate.MinimumProtocolVersion': json(vc['MinimumProtocolVersion']),
    'Logging.Enabled': json(logging['Enabled']),
    'Logging.Bucket': json(logging['Bucket']),
    'Logging.Prefix': json(logging['Prefix']),
    DefaultRootObject: json(config['DefaultRootObject']),
    HasS3Origin: origins.some((o) => o['S3OriginConfig'] !== undefined && S3_ORIGIN.test(String(o['DomainName']))),
    OriginSslProtocols: Object.fromEntries(
      origins
        .filter((o) => o['CustomOriginConfig'] !== undefined && (o['CustomOriginConfig'] as Wire)['OriginProtocolPolicy'] !== 'http-only')
        .map((o) => [String(o['Id']), items((o['CustomOriginConfig'] as Wire)['OriginSslProtocols']).map(String)]),
    ),
    ViewerProtocolPolicies: Object.fromEntries(behaviors.map((b) => [String(b['PathPattern']), String(b['ViewerProtocolPolicy'])])),
    ETag: etag,
    DistributionConfig: json(config),
  };
}

/** GetDistributionConfig: the configuration and its ETag as settings; `null` when the distribution is gone. */
export async function readDistribution(api: AwsApi, id: string): Promise<Settings | null> {
  try {
    const out = await api.client(CloudFrontClient).send(new GetDistributionConfigCommand({ Id: id }));
    if (!out.DistributionConfig || !out.ETag) throw new MamoriError('INTERNAL', `GetDistributionConfig ${id} returned no configuration or no ETag`);
    return distributionSettings(out.DistributionConfig as unknown as Wire, out.ETag);
  } catch (e) {
    if ((e as { name?: string }).name === 'NoSuchDistribution') return null;
    throw e;
  }
}

/** The configuration as read with `values` written into it: nothing else changes. */
export function withValues(config: Wire, values: Settings): Wire {
  const next = clone(config) as Wire;
  const set = (block: string, key: string, v: SettingValue) => {
    next[block] = { ...((next[block] ?? {}) as Wire), [key]: v ?? '' };
  };
  for (const [k, v] of Object.entries(values)) {
    if (k === 'DefaultRootObject') next['DefaultRootObject'] = v ?? '';
    else if (k.startsWith('ViewerCertificate.') || k.startsWith('Logging.')) {
      const [block, key] = k.split('.') as [string, string];
      set(block, key, v);
    } else if (k === 'OriginSslProtocols') {
      const wanted = (v ?? {}) as Record<string, string[]>;
      for (const o of items(next['Origins'])) {
        const protocols = wanted[String(o['Id'])];
        if (protocols && o['CustomOriginConfig']) (o['CustomOriginConfig'] as Wire)['OriginSslProtocols'] = { Quantity: protocols.length, Items: [...protocols] };
      }
    } else if (k === 'ViewerProtocolPolicies') {
      const wanted = (v ?? {}) as Record<string, string>;
      const def = next['DefaultCacheBehavior'] as Wire;
      if (wanted['*']) def['ViewerProtocolPolicy'] = wanted['*'];
      for (const b of items(next['CacheBehaviors'])) if (wanted[String(b['PathPattern'])]) b['ViewerProtocolPolicy'] = wanted[String(b['PathPattern'])];
    } else throw new MamoriError('INTERNAL', `the CloudFront actions cannot write ${k}`);
  }
  return next;
}

type DistributionSpec<P extends Record<string, unknown>> = Pick<SettingActionSpec<P>, 'id' | 'title' | 'description' | 'settings' | 'violations' | 'fix' | 'params' | 'irreversibleBecause'>;

/** A distribution action: GetDistributionConfig, then one UpdateDistribution with the read configuration and only the violating fields changed. */
export function distributionAction<P extends Record<string, unknown> = Record<string, never>>(spec: DistributionSpec<P> & { params?: z.ZodType<P> }): AnyAction {
  return settingAction<P>({
    ...spec,
    resourceType: 'aws.cloudfront.distribution',
    sdk: [sdk(CloudFrontClient, { UpdateDistributionCommand, GetDistributionConfigCommand })],
    read: (api, target) => readDistribution(api, target.id),
    describe: (k, v) => (k === 'DistributionConfig' ? 'every other field of the distribution configuration, sent back as read' : k === 'ETag' ? `configuration version (ETag) ${String(v)}` : `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`),
    write(values, current, target) {
      const config = current.others['DistributionConfig'];
      const etag = current.others['ETag'];
      if (!config || typeof config !== 'object' || typeof etag !== 'string') throw new MamoriError('INTERNAL', `${spec.id}: the distribution configuration or its ETag was not read`);
      return {
        operation: 'UpdateDistribution',
        params: { Id: target.id, IfMatch: etag, DistributionConfig: withValues(config as Wire, values) },
        purpose: `set ${Object.entries(values).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ')} (If-Match ${etag}; the rest as read)`,
      };
    },
  });
}
