import { z } from 'zod';
import { listenerAction } from './common.ts';

/** The policies that pass aws-elbv2-outdated-tls-policy (TLS 1.2 or 1.3 minimum, TLS 1.3 supported). */
const RECOMMENDED = /^ELBSecurityPolicy-TLS13-1-[23]-/;
const params = z.strictObject({
  policy: z.string().regex(RECOMMENDED, { error: 'expected a TLS 1.3 policy with TLS 1.2 or 1.3 minimum (ELBSecurityPolicy-TLS13-1-2-… or -TLS13-1-3-…)' }).optional().describe('The security policy; default ELBSecurityPolicy-TLS13-1-2-2021-06.'),
});

/** elbv2-set-tls-policy: sets an HTTPS or TLS listener's security policy to a TLS 1.3 one; certificates, actions and port stay. */
export const elbv2SetTlsPolicy = listenerAction<z.infer<typeof params>>({
  id: 'elbv2-set-tls-policy',
  title: 'Move a listener to a TLS 1.3 security policy',
  description:
    'elasticloadbalancing:ModifyListener with SslPolicy = ELBSecurityPolicy-TLS13-1-2-2021-06 (parameter policy) only; certificates, default actions and port stay. Undo: the previous policy.',
  params,
  settings: ['SslPolicy'],
  violations: (s) => ((s['Protocol'] === 'HTTPS' || s['Protocol'] === 'TLS') && !(typeof s['SslPolicy'] === 'string' && RECOMMENDED.test(s['SslPolicy'])) ? [`SslPolicy = ${String(s['SslPolicy'])}`] : []),
  fix: (_s, p) => ({ SslPolicy: p.policy ?? 'ELBSecurityPolicy-TLS13-1-2-2021-06' }),
});
