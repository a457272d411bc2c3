import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const loadBalancerConfig = z.object({
  loadBalancerName: z.string(),
  type: z.enum(['application', 'network', 'gateway']).optional(),
  scheme: z.enum(['internet-facing', 'internal']).optional(),
  vpcId: z.string().optional(),
  dnsName: z.string().optional(),
  state: z.string().optional(),
  securityGroups: z.array(z.string()).describe('Security groups (application load balancers only; empty otherwise).'),
  availabilityZones: z.array(z.string()).optional().describe('The Availability Zones it serves (`AvailabilityZones[].ZoneName`).'),
  availabilityZoneCount: z.number().optional().describe('How many Availability Zones it serves.'),
  // From DescribeLoadBalancerAttributes. `null`: the attribute does not exist for this type of load balancer.
  deletionProtection: z.boolean().optional().describe('`deletion_protection.enabled`.'),
  dropInvalidHeaderFields: z.boolean().nullable().optional().describe('`routing.http.drop_invalid_header_fields.enabled` (application load balancers; `null` for others).'),
  desyncMitigationMode: z.string().nullable().optional().describe('`routing.http.desync_mitigation_mode`: monitor, defensive or strictest (application load balancers; `null` for others).'),
  accessLogsEnabled: z.boolean().nullable().optional().describe('`access_logs.s3.enabled` (`null` for gateway load balancers).'),
  crossZoneEnabled: z.boolean().nullable().optional().describe('`load_balancing.cross_zone.enabled`.'),
  attributes: z.record(z.string(), z.string()).optional().describe('Every attribute as AWS lists it, by key.'),
});
export type LoadBalancerConfig = z.infer<typeof loadBalancerConfig>;

const onOff = (v: boolean | null | undefined) => (v === undefined ? 'unknown (could not be read)' : v === null ? 'not applicable' : v ? 'on' : 'off');

export const loadBalancer = defineResource({
  type: 'aws.elbv2.load-balancer',
  description: 'Application, network and gateway load balancers (ELBv2) with their attributes.',
  config: loadBalancerConfig,
  scope: 'regional',
  calls: ['elasticloadbalancingv2:DescribeLoadBalancers', 'elasticloadbalancingv2:DescribeLoadBalancerAttributes', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancerAttributes', 'tag:GetResources'],
  asff: 'AwsElbv2LoadBalancer',
  // Classic and v2 load balancers share the event source and some names; each type reads its own identifier.
  changes: [
    { event: 'elasticloadbalancing.amazonaws.com:CreateLoadBalancer', id: 'responseElements.loadBalancers.0.loadBalancerArn', idKind: 'arn' },
    { event: 'elasticloadbalancing.amazonaws.com:ModifyLoadBalancerAttributes', id: 'requestParameters.loadBalancerArn', idKind: 'arn' },
    { event: 'elasticloadbalancing.amazonaws.com:SetSubnets', id: 'requestParameters.loadBalancerArn', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Load balancer',
      lines: [
        { text: `${c.type ?? '?'} ${c.scheme ?? '?'}${c.dnsName ? ` — ${c.dnsName}` : ''}` },
        ...(c.vpcId ? [{ text: `vpc ${c.vpcId}` }] : []),
        { text: c.availabilityZones ? `${c.availabilityZones.length} Availability Zone(s): ${c.availabilityZones.join(', ') || 'none'}` : 'Availability Zones unknown', evidenceId: 'path:config.availabilityZoneCount' },
      ],
    },
    {
      title: 'Attributes',
      lines: [
        { text: `deletion protection ${onOff(c.deletionProtection)}`, evidenceId: 'path:config.deletionProtection' },
        { text: `drop invalid header fields ${onOff(c.dropInvalidHeaderFields)}`, evidenceId: 'path:config.dropInvalidHeaderFields' },
        { text: `desync mitigation ${c.desyncMitigationMode === undefined ? 'unknown (could not be read)' : (c.desyncMitigationMode ?? 'not applicable')}`, evidenceId: 'path:config.desyncMitigationMode' },
        { text: `access logs ${onOff(c.accessLogsEnabled)}`, evidenceId: 'path:config.accessLogsEnabled' },
        { text: `cross-zone load balancing ${onOff(c.crossZoneEnabled)}`, evidenceId: 'path:config.crossZoneEnabled' },
      ],
    },
  ],
});
