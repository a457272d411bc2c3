import { z } from 'zod';
import { defineResource } from '../../define.ts';

const origin = z.object({
  id: z.string(),
  domainName: z.string(),
  kind: z.enum(['s3', 'custom']).describe('`s3`: an S3 REST endpoint with S3OriginConfig; `custom`: anything with CustomOriginConfig (S3 website endpoints included).'),
  bucket: z.string().nullable().describe('S3 origins: the bucket named by the domain; `null` for custom origins.'),
  protocolPolicy: z.string().nullable().describe('Custom origins: `OriginProtocolPolicy` (http-only, match-viewer, https-only); `null` for S3.'),
  sslProtocols: z.array(z.string()).describe('Custom origins: `OriginSslProtocols`; empty for S3.'),
  originAccessControlId: z.string().nullable().describe('`OriginAccessControlId`, `null` when empty.'),
  originAccessIdentity: z.string().nullable().describe('S3 origins: the legacy `S3OriginConfig.OriginAccessIdentity`, `null` when empty.'),
});

const behavior = z.object({
  pathPattern: z.string().describe('`*` for the default cache behavior.'),
  targetOriginId: z.string(),
  viewerProtocolPolicy: z.string(),
  fieldLevelEncryptionId: z.string().nullable(),
});

export const distributionConfig = z.object({
  distributionId: z.string(),
  domainName: z.string(),
  status: z.string().optional(),
  enabled: z.boolean().optional(),
  aliases: z.array(z.string()),
  comment: z.string().nullable().optional().describe('`Comment`; `null` when empty.'),
  origins: z.array(origin),
  originGroups: z.array(z.object({ id: z.string(), members: z.array(z.string()) })),
  originGroupCount: z.number().describe('How many origin groups (failover pairs) it has.'),
  smallOriginGroups: z.array(z.string()).describe('Origin groups with fewer than two members (no failover).'),
  behaviors: z.array(behavior).describe('The default cache behavior (`*`) and every other one.'),
  viewerHttpBehaviors: z.array(z.string()).describe('Path patterns of behaviors whose ViewerProtocolPolicy is allow-all.'),
  httpOrigins: z.array(z.string()).describe('Custom origins reached over HTTP: http-only, or match-viewer behind a behavior that allows HTTP.'),
  deprecatedSslOrigins: z.array(z.string()).describe('Custom origins (not http-only) whose OriginSslProtocols include SSLv3, TLSv1 or TLSv1.1.'),
  hasS3Origin: z.boolean(),
  s3OriginsWithoutOac: z.array(z.string()).describe('S3 origins with neither an origin access control nor a legacy origin access identity.'),
  missingS3OriginBuckets: z.array(z.string()).optional().describe('Buckets of S3 origins that s3:HeadBucket says do not exist (404).'),
  defaultCertificate: z.boolean().describe('`ViewerCertificate.CloudFrontDefaultCertificate` (the *.cloudfront.net certificate).'),
  certificateSource: z.string().nullable().describe('cloudfront, acm or iam.'),
  sslSupportMethod: z.string().nullable().optional().describe('sni-only, vip or static-ip; `null` with the default certificate.'),
  minimumProtocolVersion: z.string().nullable().optional().describe('`ViewerCertificate.MinimumProtocolVersion`.'),
  webAclId: z.string().nullable().describe('The WAF web ACL (a WAF Classic id or a WAFv2 ARN); `null`: none.'),
  geoRestrictionType: z.string().optional(),
  // From GetDistributionConfig (ListDistributions' summaries lack them).
  defaultRootObject: z.string().nullable().optional().describe('`DefaultRootObject`; `null` when empty.'),
  loggingEnabled: z.boolean().optional().describe('Standard (legacy) access logging to S3: `Logging.Enabled`.'),
  loggingBucket: z.string().nullable().optional(),
});
export type DistributionConfig = z.infer<typeof distributionConfig>;

const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : 'none');

export const distribution = defineResource({
  type: 'aws.cloudfront.distribution',
  description: 'CloudFront distributions with their origins, cache behaviors, viewer certificate and logging (global).',
  config: distributionConfig,
  scope: 'global',
  calls: ['cloudfront:ListDistributions', 'cloudfront:GetDistributionConfig', 's3:HeadBucket', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['cloudfront:ListDistributions', 'cloudfront:GetDistributionConfig', 's3:ListBucket', 'tag:GetResources'],
  asff: 'AwsCloudFrontDistribution',
  // CloudFront is global: CloudTrail records it in us-east-1 (GLOBAL_REGION), where the type's resources are.
  changes: [
    { event: 'cloudfront.amazonaws.com:CreateDistribution', id: 'responseElements.distribution.id' },
    { event: 'cloudfront.amazonaws.com:CreateDistributionWithTags', id: 'responseElements.distribution.id' },
    { event: 'cloudfront.amazonaws.com:UpdateDistribution', id: 'requestParameters.id' },
    // Removing a tag can end an exclusion that matched it.
    { event: 'cloudfront.amazonaws.com:UntagResource', id: 'requestParameters.resource', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Distribution',
      lines: [
        { text: `${c.domainName}${c.aliases.length ? ` — ${c.aliases.join(', ')}` : ''}${c.enabled === false ? ' (disabled)' : ''}` },
        { text: `default root object ${c.defaultRootObject === undefined ? 'unknown (could not be read)' : (c.defaultRootObject ?? 'none')}`, evidenceId: 'path:config.defaultRootObject' },
        { text: `standard logging ${c.loggingEnabled === undefined ? 'unknown (could not be read)' : c.loggingEnabled ? `on → ${c.loggingBucket ?? '?'}` : 'off'}`, evidenceId: 'path:config.loggingEnabled' },
        { text: `WAF web ACL ${c.webAclId ?? 'none'}`, evidenceId: 'path:config.webAclId' },
      ],
    },
    {
      title: 'Viewers',
      lines: [
        { text: c.defaultCertificate ? 'default *.cloudfront.net certificate' : `${c.certificateSource ?? '?'} certificate, ${c.sslSupportMethod ?? '?'}`, evidenceId: 'path:config.defaultCertificate' },
        { text: `minimum protocol ${c.minimumProtocolVersion ?? '?'}`, evidenceId: 'path:config.minimumProtocolVersion' },
        ...c.behaviors.map((b) => ({ text: `${b.pathPattern} → ${b.targetOriginId}: ${b.viewerProtocolPolicy}` })),
        { text: `behaviors allowing HTTP: ${list(c.viewerHttpBehaviors)}`, evidenceId: 'path:config.viewerHttpBehaviors' },
      ],
    },
    {
      title: 'Origins',
      lines: [
        ...c.origins.map((o) => ({
          text: `${o.id}: ${o.domainName} (${o.kind === 's3' ? `S3, ${o.originAccessControlId ? 'OAC' : o.originAccessIdentity ? 'OAI' : 'no OAC/OAI'}` : `${o.protocolPolicy ?? '?'}, ${o.sslProtocols.join('/')}`})`,
        })),
        { text: `origin groups: ${c.originGroups.length ? c.originGroups.map((g) => `${g.id} (${g.members.join(', ')})`).join('; ') : 'none'}`, evidenceId: 'path:config.originGroupCount' },
      ],
    },
  ],
});
