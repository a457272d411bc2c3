import { z } from 'zod';
import { classicAttributeAction } from './common.ts';

const params = z.strictObject({ timeout: z.number().int().min(1).max(3600).optional().describe('Seconds to drain (1-3600); default: the timeout already set, else 300.') });

/** elb-enable-connection-draining: turns connection draining on, keeping the timeout already set (300 s when none). */
export const elbEnableConnectionDraining = classicAttributeAction<z.infer<typeof params>>({
  id: 'elb-enable-connection-draining',
  title: 'Turn on Classic Load Balancer connection draining',
  description:
    'elasticloadbalancing:ModifyLoadBalancerAttributes with the ConnectionDraining block: Enabled true, Timeout as it was (parameter timeout; 300 when none is set). Undo: the previous block.',
  params,
  settings: ['ConnectionDraining.Enabled', 'ConnectionDraining.Timeout'],
  violations: (s) => (s['ConnectionDraining.Enabled'] === false ? ['ConnectionDraining.Enabled = false'] : []),
  fix: (s, p) => ({ 'ConnectionDraining.Enabled': true, 'ConnectionDraining.Timeout': p.timeout ?? (typeof s['ConnectionDraining.Timeout'] === 'number' ? s['ConnectionDraining.Timeout'] : 300) }),
});
