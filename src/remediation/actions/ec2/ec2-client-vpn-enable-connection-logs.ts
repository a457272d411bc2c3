import { DescribeClientVpnEndpointsCommand, EC2Client, ModifyClientVpnEndpointCommand } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { MamoriError } from '../../../core/errors.ts';
import type { ClientVpnEndpointConfig } from '../../../resources/aws/ec2/client-vpn-endpoint.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings } from '../../kit/setting.ts';

const ENABLED = 'ConnectionLogOptions.Enabled';
const GROUP = 'ConnectionLogOptions.CloudwatchLogGroup';

const params = z.strictObject({
  logGroup: z
    .string()
    .regex(/^[.\-_/#A-Za-z0-9]{1,512}$/, { error: 'expected a CloudWatch Logs log group name (1-512 letters, digits and . - _ / #), not an ARN' })
    .optional()
    .describe('The CloudWatch Logs log group (its name) for the connection logs; it must exist in the Region. AWS creates the log stream.'),
});

/**
 * ec2-client-vpn-enable-connection-logs: turns on connection logging of a Client VPN endpoint, to the log group given
 * as parameter (or the one the endpoint already names). The log group must exist: AWS refuses the change otherwise,
 * and nothing is changed.
 */
export const ec2ClientVpnEnableConnectionLogs = settingAction<z.infer<typeof params>>({
  id: 'ec2-client-vpn-enable-connection-logs',
  title: 'Turn on Client VPN connection logs',
  description:
    'ec2:ModifyClientVpnEndpoint with ConnectionLogOptions only (Enabled=true, CloudwatchLogGroup = parameter logGroup, default the one already named; AWS creates the log stream); authentication, client CIDR, split tunnel, DNS, port and the description stay. Undo: ConnectionLogOptions Enabled=false.',
  resourceType: 'aws.ec2.client-vpn-endpoint',
  sdk: [sdk(EC2Client, { ModifyClientVpnEndpointCommand, DescribeClientVpnEndpointsCommand })],
  params,
  settings: [ENABLED, GROUP],
  async read(api, target) {
    const out = await api.client(EC2Client).send(new DescribeClientVpnEndpointsCommand({ ClientVpnEndpointIds: [target.id] }));
    const e = (out.ClientVpnEndpoints ?? []).find((x) => x.ClientVpnEndpointId === target.id);
    if (!e || e.Status?.Code === 'deleted') return null;
    const logs = e.ConnectionLogOptions;
    if (logs?.Enabled === undefined) throw new Error(`DescribeClientVpnEndpoints returned no ConnectionLogOptions.Enabled for ${target.id}`);
    // A group is only meaningful while logging is on; off, it is "not set" whatever AWS still reports.
    const s: Settings = { [ENABLED]: logs.Enabled, [GROUP]: logs.Enabled ? (logs.CloudwatchLogGroup ?? null) : null };
    if (logs.Enabled && logs.CloudwatchLogStream) s['ConnectionLogOptions.CloudwatchLogStream'] = logs.CloudwatchLogStream;
    for (const [k, v] of [['Description', e.Description], ['ClientCidrBlock', e.ClientCidrBlock], ['SplitTunnel', e.SplitTunnel], ['VpnPort', e.VpnPort], ['TransportProtocol', e.TransportProtocol], ['VpcId', e.VpcId]] as const) {
      if (v !== undefined) s[k] = v;
    }
    return s;
  },
  fromResource(r) {
    const c = r.config as Partial<ClientVpnEndpointConfig>;
    return c.connectionLogsEnabled === undefined ? undefined : { [ENABLED]: c.connectionLogsEnabled, [GROUP]: c.connectionLogsEnabled ? (c.connectionLogGroup ?? null) : null };
  },
  violations: (s) => (s[ENABLED] === false ? ['connection logging off'] : []),
  fix(s, p) {
    const group = p.logGroup ?? (typeof s[GROUP] === 'string' ? s[GROUP] : undefined);
    if (!group) {
      throw new MamoriError('POLICY_INVALID', 'ec2-client-vpn-enable-connection-logs needs the parameter logGroup (the CloudWatch Logs log group for the connection logs): set response.params.logGroup in the policy');
    }
    return { [ENABLED]: true, [GROUP]: group };
  },
  write(values, current, target) {
    const enabled = (values[ENABLED] ?? current.settings[ENABLED]) === true;
    const group = values[GROUP] ?? current.settings[GROUP];
    return {
      operation: 'ModifyClientVpnEndpoint',
      params: { ClientVpnEndpointId: target.id, ConnectionLogOptions: enabled ? { Enabled: true, CloudwatchLogGroup: group } : { Enabled: false } },
      purpose: enabled ? `log client connections to ${String(group)}` : 'stop logging client connections',
    };
  },
});
