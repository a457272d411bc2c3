import { DescribeDBProxiesCommand, ModifyDBProxyCommand, RDSClient } from '@aws-sdk/client-rds';
import { classifyAwsError } from '../../../aws/errors.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';

/** rds-proxy-require-tls: the proxy refuses connections without TLS. */
export const rdsProxyRequireTls = settingAction({
  id: 'rds-proxy-require-tls',
  title: 'Require TLS on an RDS Proxy',
  description: 'rds:ModifyDBProxy with RequireTLS=true only: clients that connect without TLS are refused from then on. Every other setting stays. Undo: RequireTLS=false.',
  resourceType: 'aws.rds.db-proxy',
  sdk: [sdk(RDSClient, { ModifyDBProxyCommand, DescribeDBProxiesCommand })],
  async read(api, target) {
    try {
      const [p] = (await api.client(RDSClient).send(new DescribeDBProxiesCommand({ DBProxyName: target.id }))).DBProxies ?? [];
      if (!p) return null;
      return { RequireTLS: p.RequireTLS ?? null, EngineFamily: p.EngineFamily ?? null, IdleClientTimeout: p.IdleClientTimeout ?? null, DebugLogging: p.DebugLogging ?? null };
    } catch (e) {
      if (classifyAwsError(e).kind === 'not-found') return null;
      throw e;
    }
  },
  settings: ['RequireTLS'],
  violations: (s) => (s['RequireTLS'] === false ? ['RequireTLS = false'] : []),
  fix: () => ({ RequireTLS: true }),
  write: (values, _current, target) => ({ operation: 'ModifyDBProxy', params: { DBProxyName: target.id, ...values }, purpose: `set RequireTLS=${String(values['RequireTLS'])}` }),
});
