import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const hostedZoneConfig = z.object({
  zoneId: z.string().describe('Without the `/hostedzone/` prefix.'),
  name: z.string().describe('The zone\'s domain, fully qualified (trailing dot).'),
  privateZone: z.boolean().optional().describe('`Config.PrivateZone`: answers only inside its VPCs.'),
  comment: z.string().nullable().describe('`Config.Comment`; `null` when empty.'),
  recordSetCount: z.number().describe('`ResourceRecordSetCount`.'),
  queryLogGroupArn: z.string().nullable().optional().describe('The CloudWatch Logs group (us-east-1) receiving its DNS queries; `null`: no query logging configuration.'),
  queryLoggingConfigId: z.string().nullable().optional().describe('The id of its query logging configuration; `null`: none.'),
});
export type HostedZoneConfig = z.infer<typeof hostedZoneConfig>;

export const hostedZone = defineResource({
  type: 'aws.route53.hosted-zone',
  description: 'Route 53 hosted zones (public and private) with their DNS query logging configuration (global).',
  config: hostedZoneConfig,
  scope: 'global',
  calls: ['route53:ListHostedZones', 'route53:ListQueryLoggingConfigs', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['route53:ListHostedZones', 'route53:ListQueryLoggingConfigs', 'tag:GetResources'],
  asff: 'AwsRoute53HostedZone',
  // Route 53 is global (recorded in us-east-1). CreateHostedZone records the id as /hostedzone/<id> and
  // DeleteQueryLoggingConfig only the config's id, so neither names the zone as the collector does: scheduled scans see those.
  changes: [
    { event: 'route53.amazonaws.com:CreateQueryLoggingConfig', id: 'requestParameters.hostedZoneId' },
  ],
  sections: (c) => [
    {
      title: 'Hosted zone',
      lines: [
        { text: `${c.name} (${c.privateZone ? 'private' : 'public'}), ${c.recordSetCount} record sets`, evidenceId: 'path:config.privateZone' },
        { text: `query logging ${c.queryLogGroupArn === undefined ? 'unknown (could not be read)' : (c.queryLogGroupArn ?? 'off')}`, evidenceId: 'path:config.queryLogGroupArn' },
      ],
    },
  ],
});
