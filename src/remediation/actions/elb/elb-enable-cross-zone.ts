import { classicAttributeAction } from './common.ts';

/** elb-enable-cross-zone: turns cross-zone load balancing on; nothing else is sent. */
export const elbEnableCrossZone = classicAttributeAction({
  id: 'elb-enable-cross-zone',
  title: 'Turn on Classic Load Balancer cross-zone load balancing',
  description: 'elasticloadbalancing:ModifyLoadBalancerAttributes with CrossZoneLoadBalancing.Enabled true only. Undo: false again.',
  settings: ['CrossZoneLoadBalancing.Enabled'],
  violations: (s) => (s['CrossZoneLoadBalancing.Enabled'] === false ? ['CrossZoneLoadBalancing.Enabled = false'] : []),
  fix: () => ({ 'CrossZoneLoadBalancing.Enabled': true }),
});
