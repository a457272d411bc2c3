import { z } from 'zod';
import { defineResource, fieldLine, section, valueText } from '../../define.ts';

export const dbProxyConfig = z.object({
  dbProxyName: z.string(),
  engineFamily: z.string().optional().describe('`EngineFamily`: MYSQL, POSTGRESQL or SQLSERVER.'),
  status: z.string().optional(),
  vpcId: z.string().optional(),
  requireTls: z.boolean().optional().describe('`RequireTLS`: connections to the proxy must use TLS.'),
  idleClientTimeout: z.number().optional(),
  debugLogging: z.boolean().optional(),
});
export type DbProxyConfig = z.infer<typeof dbProxyConfig>;

export const dbProxy = defineResource({
  type: 'aws.rds.db-proxy',
  description: 'RDS Proxies with their TLS requirement.',
  config: dbProxyConfig,
  scope: 'regional',
  calls: ['rds:DescribeDBProxies', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['rds:DescribeDBProxies', 'tag:GetResources'],
  asff: 'Other',
  changes: [
    { event: 'rds.amazonaws.com:CreateDBProxy', id: 'requestParameters.dBProxyName' },
    { event: 'rds.amazonaws.com:ModifyDBProxy', id: 'requestParameters.dBProxyName' },
  ],
  sections: (c) => [
    section(
      'Proxy',
      { text: `${c.engineFamily ?? '?'} proxy${c.status ? ` — ${c.status}` : ''} in ${c.vpcId ?? '?'}` },
      fieldLine('requireTls', `TLS required ${valueText(c.requireTls, (x) => (x ? 'yes' : 'no'))}`),
      { text: `debug logging ${valueText(c.debugLogging, (x) => (x ? 'on' : 'off'))}` },
    ),
  ],
});
