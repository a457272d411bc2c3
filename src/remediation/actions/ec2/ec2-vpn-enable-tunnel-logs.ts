import { DescribeVpnConnectionsCommand, EC2Client, ModifyVpnTunnelOptionsCommand } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { classifyAwsError } from '../../../aws/errors.ts';
import { MamoriError } from '../../../core/errors.ts';
import { canonical } from '../../compare.ts';
import { sdk } from '../../kit/sdk.ts';
import { defineAction, type ApiCall, type Plan } from '../../types.ts';

/** One tunnel's CloudWatch logging, as DescribeVpnConnections reports it. */
export interface TunnelLogs {
  outsideIpAddress: string;
  cloudWatch: { LogEnabled: boolean; LogGroupArn?: string; LogOutputFormat?: string };
}
export interface VpnLogState {
  tunnels: TunnelLogs[];
}

const params = z.strictObject({
  logGroupArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[.\-_/#A-Za-z0-9]{1,512}(:\*)?$/, { error: 'expected a CloudWatch Logs log group ARN (arn:aws:logs:<region>:<account>:log-group:<name>)' })
    .optional()
    .describe('The CloudWatch Logs log group (its ARN) for the tunnel logs; default: the one a tunnel already names.'),
  logOutputFormat: z.enum(['json', 'text']).optional().describe('The log format; default json.'),
});
type Params = z.infer<typeof params>;

const off = (t: TunnelLogs) => t.cloudWatch.LogEnabled !== true;
const line = (t: TunnelLogs) => `tunnel ${t.outsideIpAddress}: ${t.cloudWatch.LogEnabled ? `logs to ${t.cloudWatch.LogGroupArn ?? '?'} (${t.cloudWatch.LogOutputFormat ?? 'json'})` : 'no CloudWatch logs'}`;

function turnedOn(t: TunnelLogs, p: Params): TunnelLogs['cloudWatch'] {
  const arn = p.logGroupArn ?? t.cloudWatch.LogGroupArn;
  if (!arn) {
    throw new MamoriError('POLICY_INVALID', 'ec2-vpn-enable-tunnel-logs needs the parameter logGroupArn (the CloudWatch Logs log group ARN for the tunnel logs): set response.params.logGroupArn in the policy');
  }
  return { LogEnabled: true, LogGroupArn: arn, LogOutputFormat: p.logOutputFormat ?? t.cloudWatch.LogOutputFormat ?? 'json' };
}

function call(vpnId: string, ip: string, cw: TunnelLogs['cloudWatch'], purpose: string): ApiCall {
  return { service: 'ec2', operation: 'ModifyVpnTunnelOptions', params: { VpnConnectionId: vpnId, VpnTunnelOutsideIpAddress: ip, TunnelOptions: { LogOptions: { CloudWatchLogOptions: cw } } }, purpose };
}

/**
 * ec2-vpn-enable-tunnel-logs: turns on CloudWatch logging of every tunnel of a Site-to-Site VPN connection that does
 * not log, one ModifyVpnTunnelOptions per tunnel with only its LogOptions. Tunnels that already log, and every other
 * tunnel option (inside CIDR, keys, IKE and DPD settings), stay.
 */
export const ec2VpnEnableTunnelLogs = defineAction<VpnLogState, Params>({
  id: 'ec2-vpn-enable-tunnel-logs',
  title: 'Send Site-to-Site VPN tunnel logs to CloudWatch',
  description:
    'ec2:ModifyVpnTunnelOptions per tunnel that does not log, with only TunnelOptions.LogOptions.CloudWatchLogOptions (LogEnabled=true, LogGroupArn = parameter logGroupArn, LogOutputFormat = parameter logOutputFormat, default json); the tunnels that log and every other tunnel option stay. Undo: the same call with each tunnel\'s previous CloudWatchLogOptions.',
  resourceTypes: ['aws.ec2.vpn-connection'],
  evidenceKinds: ['path'],
  sdk: [sdk(EC2Client, { ModifyVpnTunnelOptionsCommand, DescribeVpnConnectionsCommand })],
  permissions: ['ec2:DescribeVpnConnections', 'ec2:ModifyVpnTunnelOptions'],
  params,
  reversible: true,

  fromResource: () => undefined,

  async capture(api, target) {
    let out;
    try {
      out = await api.client(EC2Client).send(new DescribeVpnConnectionsCommand({ VpnConnectionIds: [target.id] }));
    } catch (e) {
      if (classifyAwsError(e).kind === 'not-found') return null;
      throw e;
    }
    const v = (out.VpnConnections ?? []).find((x) => x.VpnConnectionId === target.id);
    if (!v || v.State === 'deleted') return null;
    const tunnels = v.Options?.TunnelOptions ?? [];
    if (!tunnels.length) throw new Error(`DescribeVpnConnections returned no Options.TunnelOptions for ${target.id}`);
    return {
      tunnels: tunnels.map((t) => {
        if (!t.OutsideIpAddress) throw new Error(`DescribeVpnConnections returned a tunnel without OutsideIpAddress for ${target.id}`);
        const cw = t.LogOptions?.CloudWatchLogOptions;
        return {
          outsideIpAddress: t.OutsideIpAddress,
          cloudWatch: { LogEnabled: cw?.LogEnabled === true, ...(cw?.LogGroupArn ? { LogGroupArn: cw.LogGroupArn } : {}), ...(cw?.LogOutputFormat ? { LogOutputFormat: cw.LogOutputFormat } : {}) },
        };
      }),
    };
  },

  drift: (current) => (current.tunnels.some(off) ? undefined : 'every tunnel sends logs to CloudWatch now'),

  plan(current, _evidence, p, target): Plan {
    const bad = current.tunnels.filter(off);
    const good = current.tunnels.filter((t) => !off(t));
    if (!bad.length) return { calls: [], removes: [], keeps: current.tunnels.map(line), notes: ['nothing violates'] };
    return {
      calls: bad.map((t) => {
        const cw = turnedOn(t, p);
        return call(target.id, t.outsideIpAddress, cw, `send the logs of tunnel ${t.outsideIpAddress} to ${cw.LogGroupArn}`);
      }),
      removes: bad.map(line),
      keeps: [...good.map(line), 'every other tunnel option (inside CIDR, pre-shared key, IKE, DPD)'],
      notes: ['AWS checks that the log group exists and that it may write to it; the change fails otherwise'],
    };
  },

  expected: (before, _evidence, p) => ({ tunnels: before.tunnels.map((t) => (off(t) ? { ...t, cloudWatch: turnedOn(t, p) } : t)) }),

  diff(actual, expected) {
    const out: string[] = [];
    for (const e of expected.tunnels) {
      const a = actual.tunnels.find((t) => t.outsideIpAddress === e.outsideIpAddress);
      if (!a) out.push(`tunnel ${e.outsideIpAddress} is gone`);
      else if (canonical(a.cloudWatch) !== canonical(e.cloudWatch)) out.push(`${line(a)}, expected ${line(e).replace(/^tunnel \S+: /, '')}`);
    }
    for (const a of actual.tunnels) if (!expected.tunnels.some((e) => e.outsideIpAddress === a.outsideIpAddress)) out.push(`tunnel ${a.outsideIpAddress} is new`);
    return out;
  },

  undo(before, after, current, target): Plan {
    const back = before.tunnels.filter((b) => {
      const a = after.tunnels.find((t) => t.outsideIpAddress === b.outsideIpAddress);
      const c = current.tunnels.find((t) => t.outsideIpAddress === b.outsideIpAddress);
      return a && c && canonical(a.cloudWatch) !== canonical(b.cloudWatch) && canonical(c.cloudWatch) !== canonical(b.cloudWatch);
    });
    const untouched = current.tunnels.filter((c) => !back.some((b) => b.outsideIpAddress === c.outsideIpAddress));
    if (!back.length) return { calls: [], removes: [], keeps: current.tunnels.map(line), notes: ['the previous logging is already there'] };
    return {
      calls: back.map((b) => call(target.id, b.outsideIpAddress, b.cloudWatch, `put back the previous logging of tunnel ${b.outsideIpAddress}`)),
      removes: back.map((b) => `${line(current.tunnels.find((c) => c.outsideIpAddress === b.outsideIpAddress)!)} (back to ${line(b).replace(/^tunnel \S+: /, '')})`),
      keeps: untouched.map(line),
      notes: [],
    };
  },

  expectedUndo(before, after, current) {
    return {
      tunnels: current.tunnels.map((c) => {
        const b = before.tunnels.find((t) => t.outsideIpAddress === c.outsideIpAddress);
        const a = after.tunnels.find((t) => t.outsideIpAddress === c.outsideIpAddress);
        return b && a && canonical(a.cloudWatch) !== canonical(b.cloudWatch) ? b : c;
      }),
    };
  },
});
