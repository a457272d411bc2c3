import { z } from 'zod';
import { defineResource, fieldLine, section } from '../../define.ts';

export const listenerActionSchema = z.object({
  type: z.string().describe('forward, redirect, fixed-response, authenticate-oidc or authenticate-cognito.'),
  order: z.number().optional(),
  targetGroupArn: z.string().optional(),
  redirect: z.object({ protocol: z.string().optional(), port: z.string().optional(), host: z.string().optional(), path: z.string().optional(), query: z.string().optional(), statusCode: z.string().optional() }).optional(),
});
export type ListenerAction = z.infer<typeof listenerActionSchema>;

export const listenerConfig = z.object({
  listenerArn: z.string(),
  loadBalancerArn: z.string(),
  port: z.number().optional(),
  protocol: z.string().optional().describe('HTTP, HTTPS (application); TCP, TLS, UDP, TCP_UDP (network); GENEVE (gateway).'),
  sslPolicy: z.string().nullable().optional(),
  certificateArns: z.array(z.string()),
  defaultActions: z.array(listenerActionSchema),
  httpsRedirect: listenerActionSchema.nullable().optional().describe('The default action that redirects to HTTPS (`RedirectConfig.Protocol` = HTTPS), or `null` when none does.'),
});
export type ListenerConfig = z.infer<typeof listenerConfig>;

function actionText(a: ListenerAction): string {
  if (a.type === 'redirect' && a.redirect) return `redirect to ${a.redirect.protocol ?? '#{protocol}'}:${a.redirect.port ?? '#{port}'} (${a.redirect.statusCode ?? '?'})`;
  if (a.type === 'forward') return `forward to ${a.targetGroupArn ?? 'target groups'}`;
  return a.type;
}

export const listener = defineResource({
  type: 'aws.elbv2.listener',
  description: 'Listeners of application, network and gateway load balancers, with their default actions.',
  config: listenerConfig,
  scope: 'regional',
  calls: ['elasticloadbalancingv2:DescribeLoadBalancers', 'elasticloadbalancingv2:DescribeListeners', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeListeners', 'tag:GetResources'],
  asff: 'Other',
  changes: [
    { event: 'elasticloadbalancing.amazonaws.com:CreateListener', id: 'responseElements.listeners.0.listenerArn', idKind: 'arn' },
    { event: 'elasticloadbalancing.amazonaws.com:ModifyListener', id: 'requestParameters.listenerArn', idKind: 'arn' },
  ],
  sections: (c) => [
    section('Listener', fieldLine('protocol', `${c.protocol ?? '?'} on port ${c.port ?? '?'}`), c.sslPolicy && fieldLine('sslPolicy', `TLS policy ${c.sslPolicy}`)),
    section(
      'Default actions',
      ...c.defaultActions.map((a) => ({ text: actionText(a) })),
      fieldLine('httpsRedirect', c.httpsRedirect === undefined ? 'HTTPS redirect: unknown' : c.httpsRedirect === null ? 'no redirect to HTTPS' : 'redirects to HTTPS'),
    ),
  ],
});
