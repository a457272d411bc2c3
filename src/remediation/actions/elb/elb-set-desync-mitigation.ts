import { z } from 'zod';
import { classicAttributeAction } from './common.ts';

const KEY = 'elb.http.desyncmitigationmode';
const params = z.strictObject({ mode: z.enum(['defensive', 'strictest']).optional().describe('The mode to set; default defensive (AWS\'s default).') });

/** elb-set-desync-mitigation: sets the additional attribute elb.http.desyncmitigationmode to defensive (or strictest). */
export const elbSetDesyncMitigation = classicAttributeAction<z.infer<typeof params>>({
  id: 'elb-set-desync-mitigation',
  title: 'Set Classic Load Balancer desync mitigation to defensive',
  description: `elasticloadbalancing:ModifyLoadBalancerAttributes with AdditionalAttributes [${KEY}=defensive] (parameter mode) only. Undo: the previous mode.`,
  params,
  settings: [KEY],
  violations: (s) => (s[KEY] !== 'defensive' && s[KEY] !== 'strictest' ? [`${KEY} = ${String(s[KEY])}`] : []),
  fix: (_s, p) => ({ [KEY]: p.mode ?? 'defensive' }),
});
