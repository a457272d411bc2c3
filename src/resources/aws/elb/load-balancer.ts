import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const classicListenerSchema = z.object({
  protocol: z.string().describe('Front-end protocol: HTTP, HTTPS, TCP or SSL.'),
  loadBalancerPort: z.number(),
  instanceProtocol: z.string().optional(),
  instancePort: z.number().optional(),
  sslCertificateId: z.string().nullable().describe('The certificate ARN (ACM or IAM) of an HTTPS/SSL listener; `null` for others.'),
});
export type ClassicListenerConfig = z.infer<typeof classicListenerSchema>;

export const classicLoadBalancerConfig = z.object({
  loadBalancerName: z.string(),
  dnsName: z.string().optional(),
  scheme: z.string().optional().describe('internet-facing or internal.'),
  vpcId: z.string().nullable().optional(),
  availabilityZones: z.array(z.string()).optional().describe('The Availability Zones it serves.'),
  availabilityZoneCount: z.number().optional().describe('How many Availability Zones it serves.'),
  subnets: z.array(z.string()),
  securityGroups: z.array(z.string()),
  instances: z.array(z.string()).describe('The registered instance ids.'),
  listeners: z.array(classicListenerSchema),
  plaintextListeners: z.array(classicListenerSchema).optional().describe('The listeners whose front-end protocol is HTTP or TCP (unencrypted).'),
  nonAcmCertificateListeners: z.array(classicListenerSchema).optional().describe('The HTTPS/SSL listeners whose certificate is not an ACM certificate (`arn:aws:acm:`), e.g. an IAM server certificate.'),
  // From DescribeLoadBalancerAttributes.
  accessLogsEnabled: z.boolean().optional().describe('`AccessLog.Enabled`.'),
  accessLogsBucket: z.string().nullable().optional().describe('`AccessLog.S3BucketName`.'),
  connectionDrainingEnabled: z.boolean().optional().describe('`ConnectionDraining.Enabled`.'),
  connectionDrainingTimeout: z.number().nullable().optional().describe('`ConnectionDraining.Timeout` (seconds).'),
  crossZoneEnabled: z.boolean().optional().describe('`CrossZoneLoadBalancing.Enabled`.'),
  idleTimeout: z.number().nullable().optional().describe('`ConnectionSettings.IdleTimeout` (seconds).'),
  desyncMitigationMode: z.string().optional().describe('`AdditionalAttributes` `elb.http.desyncmitigationmode`: monitor, defensive or strictest.'),
});
export type ClassicLoadBalancerConfig = z.infer<typeof classicLoadBalancerConfig>;

const onOff = (v: boolean | undefined) => (v === undefined ? 'unknown (could not be read)' : v ? 'on' : 'off');
const listenerText = (l: ClassicListenerConfig) => `${l.protocol}:${l.loadBalancerPort} → ${l.instanceProtocol ?? '?'}:${l.instancePort ?? '?'}${l.sslCertificateId ? ` (certificate ${l.sslCertificateId})` : ''}`;

export const classicLoadBalancer = defineResource({
  type: 'aws.elb.load-balancer',
  description: 'Classic Load Balancers (Elastic Load Balancing, API 2012-06-01) with their listeners, zones and attributes.',
  config: classicLoadBalancerConfig,
  scope: 'regional',
  calls: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancerAttributes', 'elasticloadbalancing:DescribeTags'],
  permissions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancerAttributes', 'elasticloadbalancing:DescribeTags'],
  asff: 'AwsElbLoadBalancer',
  // Classic and v2 load balancers share the event source and some names; each type reads its own identifier.
  changes: [
    { event: 'elasticloadbalancing.amazonaws.com:CreateLoadBalancer', id: 'requestParameters.loadBalancerName' },
    { event: 'elasticloadbalancing.amazonaws.com:ModifyLoadBalancerAttributes', id: 'requestParameters.loadBalancerName' },
    { event: 'elasticloadbalancing.amazonaws.com:CreateLoadBalancerListeners', id: 'requestParameters.loadBalancerName' },
    { event: 'elasticloadbalancing.amazonaws.com:SetLoadBalancerListenerSSLCertificate', id: 'requestParameters.loadBalancerName' },
    { event: 'elasticloadbalancing.amazonaws.com:EnableAvailabilityZonesForLoadBalancer', id: 'requestParameters.loadBalancerName' },
    { event: 'elasticloadbalancing.amazonaws.com:DisableAvailabilityZonesForLoadBalancer', id: 'requestParameters.loadBalancerName' },
    { event: 'elasticloadbalancing.amazonaws.com:AttachLoadBalancerToSubnets', id: 'requestParameters.loadBalancerName' },
    { event: 'elasticloadbalancing.amazonaws.com:DetachLoadBalancerFromSubnets', id: 'requestParameters.loadBalancerName' },
  ],
  sections: (c) => [
    {
      title: 'Load balancer',
      lines: [
        { text: `classic ${c.scheme ?? '?'}${c.dnsName ? ` — ${c.dnsName}` : ''}` },
        ...(c.vpcId ? [{ text: `vpc ${c.vpcId}` }] : []),
        { text: c.availabilityZones ? `${c.availabilityZones.length} Availability Zone(s): ${c.availabilityZones.join(', ') || 'none'}` : 'Availability Zones unknown', evidenceId: 'path:config.availabilityZoneCount' },
        { text: `${c.instances.length} registered instance(s)` },
      ],
    },
    {
      title: 'Listeners',
      lines: [
        ...c.listeners.map((l) => ({ text: listenerText(l) })),
        { text: c.plaintextListeners?.length ? `unencrypted: ${c.plaintextListeners.map((l) => `${l.protocol}:${l.loadBalancerPort}`).join(', ')}` : 'no unencrypted listener', evidenceId: 'path:config.plaintextListeners' },
        { text: c.nonAcmCertificateListeners?.length ? `certificates not from ACM: ${c.nonAcmCertificateListeners.map((l) => l.sslCertificateId).join(', ')}` : 'every certificate from ACM', evidenceId: 'path:config.nonAcmCertificateListeners' },
      ],
    },
    {
      title: 'Attributes',
      lines: [
        { text: `access logs ${onOff(c.accessLogsEnabled)}${c.accessLogsBucket ? ` to s3://${c.accessLogsBucket}` : ''}`, evidenceId: 'path:config.accessLogsEnabled' },
        { text: `connection draining ${onOff(c.connectionDrainingEnabled)}${c.connectionDrainingEnabled && c.connectionDrainingTimeout ? ` (${c.connectionDrainingTimeout} s)` : ''}`, evidenceId: 'path:config.connectionDrainingEnabled' },
        { text: `cross-zone load balancing ${onOff(c.crossZoneEnabled)}`, evidenceId: 'path:config.crossZoneEnabled' },
        { text: `desync mitigation ${c.desyncMitigationMode ?? 'unknown (could not be read)'}`, evidenceId: 'path:config.desyncMitigationMode' },
      ],
    },
  ],
});
