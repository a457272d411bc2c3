import { z } from 'zod';
import type { SettingValue } from '../../kit/setting.ts';
import { listenerAction } from './common.ts';

const params = z.strictObject({ port: z.string().regex(/^([1-9]\d{0,4})$/, { error: 'expected a port number as text, e.g. "443"' }).optional().describe('The HTTPS port to redirect to; default 443.') });

type Action = { Type?: string; RedirectConfig?: { Protocol?: string } };
const redirects = (v: SettingValue | undefined) => Array.isArray(v) && (v as Action[]).some((a) => a.Type === 'redirect' && a.RedirectConfig?.Protocol === 'HTTPS');

/**
 * elbv2-redirect-http-to-https: replaces an HTTP listener's default actions by one permanent redirect to HTTPS,
 * keeping host, path and query. Its listener rules, port and the load balancer's other listeners stay; undo puts the
 * previous default actions back exactly as they were read.
 */
export const elbv2RedirectHttpToHttps = listenerAction<z.infer<typeof params>>({
  id: 'elbv2-redirect-http-to-https',
  title: 'Redirect an HTTP listener to HTTPS',
  description:
    'elasticloadbalancing:ModifyListener with DefaultActions = [redirect Protocol HTTPS, Port 443 (parameter port), Host #{host}, Path /#{path}, Query #{query}, HTTP_301]; port, protocol, certificates and the listener rules stay. Undo: ModifyListener with the previous default actions.',
  params,
  settings: ['DefaultActions'],
  violations: (s) => (s['Protocol'] === 'HTTP' && !redirects(s['DefaultActions']) ? ['an HTTP listener that does not redirect to HTTPS'] : []),
  fix: (_s, p) => ({ DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: p.port ?? '443', Host: '#{host}', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_301' } }] }),
  describe: (k, v) => (k === 'DefaultActions' && Array.isArray(v) ? `default actions: ${(v as Action[]).map((a) => a.Type).join(', ') || 'none'}` : `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`),
});
