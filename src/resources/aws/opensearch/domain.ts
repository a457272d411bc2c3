import { z } from 'zod';
import { defineResource, fieldLine, section, valueText } from '../../define.ts';

export const domainConfig = z.object({
  domainName: z.string(),
  engineVersion: z.string().optional().describe('`EngineVersion` (`OpenSearch_2.13`, `Elasticsearch_7.10`, …).'),
  endpoint: z.string().nullable().optional().describe('`Endpoint`: the public endpoint (`null`: the domain is in a VPC, reached through `Endpoints.vpc`).'),
  vpcId: z.string().nullable().optional().describe('`VPCOptions.VPCId` (`null`: not in a VPC, the domain has a public endpoint).'),
  instanceType: z.string().optional(),
  instanceCount: z.number().optional().describe('`ClusterConfig.InstanceCount`: data nodes.'),
  zoneAwarenessEnabled: z.boolean().optional().describe('`ClusterConfig.ZoneAwarenessEnabled`: data nodes spread over two or three Availability Zones.'),
  dedicatedMasterEnabled: z.boolean().optional(),
  dedicatedMasterCount: z.number().optional().describe('Dedicated master nodes: `ClusterConfig.DedicatedMasterCount`, 0 when `DedicatedMasterEnabled` is false.'),
  encryptionAtRest: z.boolean().optional().describe('`EncryptionAtRestOptions.Enabled`.'),
  kmsKeyId: z.string().nullable().optional(),
  nodeToNodeEncryption: z.boolean().optional().describe('`NodeToNodeEncryptionOptions.Enabled`.'),
  enforceHttps: z.boolean().optional().describe('`DomainEndpointOptions.EnforceHTTPS`.'),
  tlsSecurityPolicy: z.string().optional().describe('`DomainEndpointOptions.TLSSecurityPolicy` (`Policy-Min-TLS-1-0-2019-07` accepts TLS 1.0 and 1.1).'),
  fineGrainedAccessControl: z.boolean().optional().describe('`AdvancedSecurityOptions.Enabled`.'),
  internalUserDatabase: z.boolean().optional().describe('`AdvancedSecurityOptions.InternalUserDatabaseEnabled`.'),
  auditLogsEnabled: z.boolean().optional().describe('`LogPublishingOptions.AUDIT_LOGS.Enabled` is true (absent: false).'),
  errorLogsEnabled: z.boolean().optional().describe('`LogPublishingOptions.ES_APPLICATION_LOGS.Enabled` is true (absent: false).'),
  errorLogGroupArn: z.string().nullable().optional().describe('`LogPublishingOptions.ES_APPLICATION_LOGS.CloudWatchLogsLogGroupArn` while enabled.'),
  softwareUpdateAvailable: z.boolean().optional().describe('`ServiceSoftwareOptions.UpdateAvailable`.'),
  softwareVersion: z.string().nullable().optional().describe('`ServiceSoftwareOptions.CurrentVersion`.'),
  newSoftwareVersion: z.string().nullable().optional().describe('`ServiceSoftwareOptions.NewVersion` (`null`: none).'),
});
export type DomainConfig = z.infer<typeof domainConfig>;

const onOff = (v: boolean | undefined) => valueText(v, (x) => (x ? 'on' : 'off'));

export const domain = defineResource({
  type: 'aws.opensearch.domain',
  description: 'Amazon OpenSearch Service domains with their network placement, cluster layout, encryption, access control, log publishing and service software.',
  config: domainConfig,
  scope: 'regional',
  calls: ['opensearch:ListDomainNames', 'opensearch:DescribeDomains', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['es:ListDomainNames', 'es:DescribeDomains', 'tag:GetResources'],
  asff: 'AwsOpenSearchServiceDomain',
  // OpenSearch Service is recorded under its original name, es.amazonaws.com:
  // https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-cloudtrailauditing.html
  changes: [
    { event: 'es.amazonaws.com:CreateDomain', id: 'requestParameters.domainName' },
    { event: 'es.amazonaws.com:UpdateDomainConfig', id: 'requestParameters.domainName' },
    { event: 'es.amazonaws.com:UpgradeDomain', id: 'requestParameters.domainName' },
    { event: 'es.amazonaws.com:StartServiceSoftwareUpdate', id: 'requestParameters.domainName' },
    { event: 'es.amazonaws.com:AddTags', id: 'requestParameters.aRN', idKind: 'arn' },
    { event: 'es.amazonaws.com:RemoveTags', id: 'requestParameters.aRN', idKind: 'arn' },
  ],
  sections: (c) => [
    section(
      'Domain',
      { text: `${c.engineVersion ?? '?'}` },
      fieldLine('vpcId', c.vpcId === null ? `public endpoint ${c.endpoint ?? '?'}` : valueText(c.vpcId, (v) => `in ${v}`)),
      fieldLine('instanceCount', `${valueText(c.instanceCount, String)} data node(s) ${c.instanceType ?? ''}`),
      fieldLine('zoneAwarenessEnabled', `zone awareness ${onOff(c.zoneAwarenessEnabled)}`),
      fieldLine('dedicatedMasterCount', `${valueText(c.dedicatedMasterCount, String)} dedicated master node(s)`),
      fieldLine('softwareUpdateAvailable', `service software ${c.softwareVersion ?? '?'}${c.softwareUpdateAvailable ? ` (update to ${c.newSoftwareVersion ?? '?'} available)` : ''}`),
    ),
    section(
      'Encryption and access',
      fieldLine('encryptionAtRest', `encryption at rest ${onOff(c.encryptionAtRest)}${c.kmsKeyId ? ` (${c.kmsKeyId})` : ''}`),
      fieldLine('nodeToNodeEncryption', `node-to-node encryption ${onOff(c.nodeToNodeEncryption)}`),
      fieldLine('enforceHttps', `HTTPS enforced ${onOff(c.enforceHttps)}`),
      fieldLine('tlsSecurityPolicy', `TLS policy ${valueText(c.tlsSecurityPolicy, String)}`),
      fieldLine('fineGrainedAccessControl', `fine-grained access control ${onOff(c.fineGrainedAccessControl)}${c.internalUserDatabase ? ' (internal user database)' : ''}`),
    ),
    section(
      'Logs',
      fieldLine('auditLogsEnabled', `audit logs ${onOff(c.auditLogsEnabled)}`),
      fieldLine('errorLogsEnabled', `error logs ${onOff(c.errorLogsEnabled)}${c.errorLogGroupArn ? ` to ${c.errorLogGroupArn}` : ''}`),
    ),
  ],
});
