import { autoScalingState } from '../../services/autoscaling/model.ts';
import type { EstateAutoScalingGroup, EstateLaunchConfiguration } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * Launch configurations (public IPs, IMDSv1, hop limits) and Auto Scaling groups (a launch configuration or
 * a launch template, one or two zones, one or several instance types, load balancers with or without ELB
 * health checks).
 */
export const autoscaling: GeneratorPiece = {
  name: 'autoscaling',
  resourceTypes: ['aws.autoscaling.group', 'aws.autoscaling.launch-configuration'],
  policies: [
    'aws-autoscaling-elb-health-check-off',
    'aws-autoscaling-single-az',
    'aws-autoscaling-single-instance-type',
    'aws-autoscaling-uses-launch-configuration',
    'aws-autoscaling-lc-hop-limit',
    'aws-autoscaling-lc-imdsv1',
    'aws-autoscaling-lc-public-ip',
  ],
  resources: (s) => s.accounts * s.regions * s.each * 2,
  plan(ctx) {
    const { bad, pick, r } = ctx;
    const configs: EstateLaunchConfiguration[] = [];
    const groups: EstateAutoScalingGroup[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const metadata: EstateLaunchConfiguration['metadata'] = bad() ? (r() < 0.5 ? undefined : { httpTokens: 'optional' }) : r() < 0.8 ? { httpTokens: 'required' } : { httpEndpoint: 'disabled' };
        const hop = bad() ? { hopLimit: pick([2, 3, 64]) } : {};
        configs.push({
          account,
          region,
          name: `gen-lc-${i}`,
          instanceType: 't3.micro',
          ...(bad() ? { associatePublicIpAddress: true } : r() < 0.5 ? { associatePublicIpAddress: false } : {}),
          ...(metadata || hop.hopLimit ? { metadata: { ...metadata, ...hop } } : {}),
        });
        const lb = r();
        groups.push({
          account,
          region,
          name: `gen-asg-${i}`,
          ...(bad() ? { launchConfiguration: `gen-lc-${i}` } : { launchTemplate: `gen-lt-${i}`, ...(bad() ? {} : { instanceTypes: ['m6i.large', 'm7i.large'] }) }),
          ...(bad() ? { zones: [`${region}a`] } : {}),
          ...(lb < 0.3 ? { targetGroups: [`gen-tg-${i}`] } : lb < 0.5 ? { classicLoadBalancers: [`gen-clb-${i}`] } : lb < 0.6 ? { targetGroups: [`gen-tg-${i}`], classicLoadBalancers: [`gen-clb-${i}`] } : {}),
          ...(bad() ? {} : { healthCheckType: pick(['ELB', 'EC2,ELB']) }),
        });
      }
    }
    (ctx.doc.launchConfigurations ??= []).push(...configs);
    (ctx.doc.autoScalingGroups ??= []).push(...groups);
    return {
      truth(world) {
        const truth = new Truth();
        for (const l of configs) {
          const arn = autoScalingState(world, l.account, l.region).launchConfigurations.find((x) => x.name === l.name)!.arn;
          const md = l.metadata;
          if ((md?.hopLimit ?? 1) > 1) truth.add('aws-autoscaling-lc-hop-limit', arn, l.account, l.region, paths('httpPutResponseHopLimit'));
          if ((md?.httpEndpoint ?? 'enabled') === 'enabled' && md?.httpTokens !== 'required') truth.add('aws-autoscaling-lc-imdsv1', arn, l.account, l.region, paths('httpEndpoint', 'httpTokens'));
          if (l.associatePublicIpAddress === true) truth.add('aws-autoscaling-lc-public-ip', arn, l.account, l.region, paths('associatePublicIpAddress'));
        }
        for (const g of groups) {
          const arn = autoScalingState(world, g.account, g.region).groups.find((x) => x.name === g.name)!.arn;
          const add = (policy: string, evidence: string[]) => truth.add(policy, arn, g.account, g.region, evidence);
          if (g.launchConfiguration) add('aws-autoscaling-uses-launch-configuration', paths('launchConfigurationName'));
          if ((g.zones?.length ?? 2) < 2) add('aws-autoscaling-single-az', paths('availabilityZoneCount'));
          if ((g.instanceTypes?.length ?? 1) < 2) add('aws-autoscaling-single-instance-type', paths('multipleInstanceTypes'));
          const balanced = [...(g.classicLoadBalancers ? ['loadBalancerNames'] : []), ...(g.targetGroups ? ['targetGroupArns'] : [])];
          if (balanced.length && !(g.healthCheckType ?? 'EC2').split(',').includes('ELB')) add('aws-autoscaling-elb-health-check-off', paths(...balanced, 'healthCheckTypes'));
        }
        return truth.entries;
      },
    };
  },
};
