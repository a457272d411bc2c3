import { AutoScalingClient, DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import { z } from 'zod';
import { listAutoScalingGroups } from '../../../collectors/autoscaling/group.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings } from '../../kit/setting.ts';

const params = z.strictObject({
  healthCheckGracePeriod: z.number().int().min(0).max(7200).optional().describe('Seconds a new instance has before ELB health checks count, set only where the group has none (0); default 300.'),
});

const typesOf = (v: Settings[string] | undefined): string[] => (typeof v === 'string' ? v.split(',').map((t) => t.trim()).filter((t) => t !== '') : []);
const hasLoadBalancer = (s: Settings) => [s['LoadBalancerNames'], s['TargetGroupARNs']].some((v) => Array.isArray(v) && v.length > 0);

/**
 * autoscaling-enable-elb-health-check: adds ELB to the health check types of a group behind a load balancer, so that
 * an instance the load balancer finds unhealthy is replaced. The other types stay (EC2 is always implied). A group
 * with no grace period (0) gets one, 300 s by default: without it, new instances would be replaced while they boot.
 */
export const autoscalingEnableElbHealthCheck = settingAction<z.infer<typeof params>>({
  id: 'autoscaling-enable-elb-health-check',
  title: 'Turn on ELB health checks for an Auto Scaling group',
  description:
    'autoscaling:UpdateAutoScalingGroup with HealthCheckType = ELB (plus the other types already set, EC2 implied) and, only where the group has no grace period (0), HealthCheckGracePeriod = 300 (parameter healthCheckGracePeriod). Sizes, load balancers and everything else stay. Undo: the previous type and grace period.',
  resourceType: 'aws.autoscaling.group',
  sdk: [sdk(AutoScalingClient, { UpdateAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand })],
  params,
  settings: ['HealthCheckType', 'HealthCheckGracePeriod'],
  async read(api, target) {
    const [g] = await listAutoScalingGroups(api.client(AutoScalingClient), [target.id]);
    if (!g) return null;
    return JSON.parse(
      JSON.stringify({
        HealthCheckType: g.HealthCheckType ?? null,
        HealthCheckGracePeriod: g.HealthCheckGracePeriod ?? null,
        LoadBalancerNames: g.LoadBalancerNames ?? [],
        TargetGroupARNs: g.TargetGroupARNs ?? [],
        MinSize: g.MinSize ?? null,
        MaxSize: g.MaxSize ?? null,
        DesiredCapacity: g.DesiredCapacity ?? null,
      }),
    ) as Settings;
  },
  violations: (s) => (hasLoadBalancer(s) && !typesOf(s['HealthCheckType']).includes('ELB') ? [`HealthCheckType = ${String(s['HealthCheckType'])} behind a load balancer`] : []),
  fix(s, p) {
    const others = typesOf(s['HealthCheckType']).filter((t) => t !== 'EC2' && t !== 'ELB');
    const grace = s['HealthCheckGracePeriod'];
    return { HealthCheckType: ['ELB', ...others].join(','), ...(grace === 0 || grace === null ? { HealthCheckGracePeriod: p.healthCheckGracePeriod ?? 300 } : {}) };
  },
  write: (values, _current, target) => ({ operation: 'UpdateAutoScalingGroup', params: { AutoScalingGroupName: target.id, ...values }, purpose: `set ${Object.entries(values).map(([k, v]) => `${k}=${String(v)}`).join(', ')}` }),
});
