import { attributeAction } from './common.ts';

/** elbv2-enable-deletion-protection: sets deletion_protection.enabled to true; every other attribute stays. */
export const elbv2EnableDeletionProtection = attributeAction({
  id: 'elbv2-enable-deletion-protection',
  title: 'Turn on load balancer deletion protection',
  description: 'elasticloadbalancing:ModifyLoadBalancerAttributes with deletion_protection.enabled=true only. Undo: deletion_protection.enabled=false.',
  settings: ['deletion_protection.enabled'],
  violations: (s) => (s['deletion_protection.enabled'] === 'false' ? ['deletion_protection.enabled = false'] : []),
  fix: () => ({ 'deletion_protection.enabled': 'true' }),
});
