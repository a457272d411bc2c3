import { z } from 'zod';
import { attributeAction } from './common.ts';

const KEY = 'routing.http.desync_mitigation_mode';
const params = z.strictObject({ mode: z.enum(['defensive', 'strictest']).optional().describe('The mode to set; default defensive (AWS\'s default).') });

/** elbv2-set-desync-mitigation: sets routing.http.desync_mitigation_mode from monitor to defensive (or strictest). */
export const elbv2SetDesyncMitigation = attributeAction<z.infer<typeof params>>({
  id: 'elbv2-set-desync-mitigation',
  title: 'Set ALB desync mitigation to defensive',
  description: `elasticloadbalancing:ModifyLoadBalancerAttributes with ${KEY}=defensive (parameter mode: defensive or strictest) only. Undo: the previous mode.`,
  params,
  settings: [KEY],
  violations: (s) => (typeof s[KEY] === 'string' && s[KEY] !== 'defensive' && s[KEY] !== 'strictest' ? [`${KEY} = ${s[KEY]}`] : []),
  fix: (_s, p) => ({ [KEY]: p.mode ?? 'defensive' }),
});
