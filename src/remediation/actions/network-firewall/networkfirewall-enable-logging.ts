import { DescribeLoggingConfigurationCommand, NetworkFirewallClient, UpdateLoggingConfigurationCommand } from '@aws-sdk/client-network-firewall';
import { z } from 'zod';
import { MamoriError } from '../../../core/errors.ts';
import type { ResourceRef } from '../../../core/resource.ts';
import { canonical, clone } from '../../compare.ts';
import { sdk } from '../../kit/sdk.ts';
import { defineAction, type ApiCall, type AwsApi, type Plan } from '../../types.ts';

const ID = 'networkfirewall-enable-logging';
const USE = sdk(NetworkFirewallClient, { UpdateLoggingConfigurationCommand, DescribeLoggingConfigurationCommand }, { iam: 'network-firewall' });

export interface LogDestinationConfig {
  LogType: string;
  LogDestinationType: string;
  LogDestination: Record<string, string>;
}

/** The touched state: the firewall's log destinations as DescribeLoggingConfiguration lists them. */
export interface LoggingState {
  destinations: LogDestinationConfig[];
}

const params = z
  .strictObject({
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'expected an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)' })
      .optional()
      .describe('An S3 bucket for the flow and alert logs.'),
    prefix: z.string().regex(/^[^\s/][^\s]*$/, { error: 'expected a key prefix without spaces or a leading slash' }).optional().describe('The key prefix in the bucket (with bucket only).'),
    logGroup: z.string().regex(/^[\w#\-./]{1,512}$/, { error: 'expected a CloudWatch Logs log group name' }).optional().describe('A CloudWatch Logs log group for the flow and alert logs.'),
    deliveryStream: z.string().regex(/^[\w.-]{1,64}$/, { error: 'expected a Kinesis Data Firehose delivery stream name' }).optional().describe('A Kinesis Data Firehose delivery stream for the flow and alert logs.'),
  })
  .refine((p) => [p.bucket, p.logGroup, p.deliveryStream].filter((x) => x !== undefined).length <= 1, { error: 'give only one of the parameters bucket, logGroup and deliveryStream' })
  .refine((p) => p.prefix === undefined || p.bucket !== undefined, { error: 'the parameter prefix goes with bucket only', path: ['prefix'] });
type Params = z.infer<typeof params>;

/**
 * The caller's permissions for vended log delivery, which Network Firewall sets up on its behalf
 * (https://docs.aws.amazon.com/network-firewall/latest/developerguide/logging-destinations.html).
 */
const LOG_DELIVERY = ['logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries'];
const BY_DESTINATION: Record<string, string[]> = {
  S3: ['s3:GetBucketPolicy', 's3:PutBucketPolicy'],
  CloudWatchLogs: ['logs:DescribeResourcePolicies', 'logs:PutResourcePolicy', 'logs:DescribeLogGroups'],
  KinesisDataFirehose: ['firehose:TagDeliveryStream', 'iam:CreateServiceLinkedRole'],
};

/** The log types the action turns on, in the order of its calls. */
const TYPES = ['FLOW', 'ALERT'] as const;

function destinationOf(p: Params): Pick<LogDestinationConfig, 'LogDestinationType' | 'LogDestination'> {
  if (p.bucket !== undefined) return { LogDestinationType: 'S3', LogDestination: { bucketName: p.bucket, ...(p.prefix !== undefined ? { prefix: p.prefix } : {}) } };
  if (p.logGroup !== undefined) return { LogDestinationType: 'CloudWatchLogs', LogDestination: { logGroup: p.logGroup } };
  if (p.deliveryStream !== undefined) return { LogDestinationType: 'KinesisDataFirehose', LogDestination: { deliveryStream: p.deliveryStream } };
  throw new MamoriError('POLICY_INVALID', `${ID} needs a destination for the logs: set one of the parameters bucket, logGroup or deliveryStream in the policy's response.params`);
}

const line = (d: LogDestinationConfig) => `${d.LogType} logs to ${d.LogDestinationType} ${Object.entries(d.LogDestination).map(([k, v]) => `${k}=${v}`).join(' ')}`;
const same = (a: LogDestinationConfig, b: LogDestinationConfig) => canonical(a) === canonical(b);

/** One UpdateLoggingConfiguration: AWS takes one added, removed or changed destination per call, so a plan chains them. */
const call = (target: ResourceRef, destinations: LogDestinationConfig[], purpose: string): ApiCall => ({
  service: USE.service,
  operation: 'UpdateLoggingConfiguration',
  params: { FirewallArn: target.arn, LoggingConfiguration: { LogDestinationConfigs: clone(destinations) } },
  purpose,
});

async function read(api: AwsApi, arn: string): Promise<LoggingState> {
  const r = await api.client(NetworkFirewallClient).send(new DescribeLoggingConfigurationCommand({ FirewallArn: arn }));
  const destinations = (r.LoggingConfiguration?.LogDestinationConfigs ?? []).map((d) => ({ LogType: d.LogType ?? '?', LogDestinationType: d.LogDestinationType ?? '?', LogDestination: { ...(d.LogDestination ?? {}) } }));
  return { destinations };
}

/**
 * networkfirewall-enable-logging: a firewall without any log destination gets flow and alert logs to the destination
 * given as parameter. Network Firewall takes one destination change per UpdateLoggingConfiguration, so the plan is two
 * calls (FLOW, then FLOW and ALERT); if the second fails, the first is rolled back. A firewall that already logs
 * anything is left as it is.
 */
export const networkfirewallEnableLogging = defineAction<LoggingState, Params>({
  id: ID,
  title: 'Turn on Network Firewall flow and alert logs',
  description:
    'network-firewall:UpdateLoggingConfiguration twice, as AWS allows one destination change per call: FLOW logs, then ALERT logs, to the destination given as parameter (bucket [+ prefix], logGroup or deliveryStream), only on a firewall with no log destination. Undo: two calls removing ALERT, then FLOW, when they are still the ones it added.',
  resourceTypes: ['aws.network-firewall.firewall'],
  evidenceKinds: ['setting'],
  sdk: [USE],
  permissions: [...new Set([...USE.permissions.values(), ...LOG_DELIVERY, ...Object.values(BY_DESTINATION).flat()])].sort(),
  // Least privilege: the log delivery permissions of the one destination type the parameters name.
  permissionsFor: (p) => [...new Set([...USE.permissions.values(), ...LOG_DELIVERY, ...(BY_DESTINATION[p.bucket !== undefined ? 'S3' : p.logGroup !== undefined ? 'CloudWatchLogs' : 'KinesisDataFirehose'] ?? [])])].sort(),
  params,
  reversible: true,

  fromResource: () => undefined,

  async capture(api, target) {
    return read(api, target.arn);
  },

  drift(current) {
    return current.destinations.length ? `the firewall logs now (${current.destinations.map(line).join('; ')})` : undefined;
  },

  plan(current, _evidence, p, target): Plan {
    if (current.destinations.length) return { calls: [], removes: [], keeps: current.destinations.map(line), notes: ['the firewall already has a log destination'] };
    const dest = destinationOf(p);
    const calls: ApiCall[] = [];
    const added: LogDestinationConfig[] = [];
    for (const LogType of TYPES) {
      added.push({ LogType, ...clone(dest) });
      calls.push(call(target, added, `add ${LogType} logs (one destination per call)`));
    }
    return {
      calls,
      removes: ['no log destination (the firewall logs nothing)'],
      keeps: ['the firewall, its policy and protections (UpdateLoggingConfiguration touches only logging)'],
      notes: ['Network Firewall allows one log destination change per call: FLOW first, then ALERT', 'the destination must let Network Firewall deliver (S3 bucket policy, log group resource policy): AWS refuses otherwise'],
    };
  },

  expected(before, _evidence, p) {
    if (before.destinations.length) return clone(before);
    const dest = destinationOf(p);
    return { destinations: TYPES.map((LogType) => ({ LogType, ...clone(dest) })) };
  },

  diff(actual, expected) {
    const out: string[] = [];
    for (const e of expected.destinations) if (!actual.destinations.some((a) => same(a, e))) out.push(`missing: ${line(e)}`);
    for (const a of actual.destinations) if (!expected.destinations.some((e) => same(a, e))) out.push(`unexpected: ${line(a)}`);
    return out;
  },

  undo(before, after, current, target): Plan {
    const added = after.destinations.filter((a) => !before.destinations.some((b) => same(a, b)));
    const removable = [...added].reverse().filter((a) => current.destinations.some((c) => same(c, a)));
    const changed = added.filter((a) => !current.destinations.some((c) => same(c, a)));
    const calls: ApiCall[] = [];
    let left = clone(current.destinations);
    for (const r of removable) {
      left = left.filter((c) => !same(c, r));
      calls.push(call(target, left, `remove ${r.LogType} logs (one destination per call)`));
    }
    return {
      calls,
      removes: removable.map(line),
      keeps: left.map(line),
      notes: [...(changed.length ? [`changed since the fix, left as they are: ${changed.map((c) => c.LogType).join(', ')}`] : []), ...(calls.length ? [] : ['the destinations it added are gone already'])],
    };
  },

  expectedUndo(before, after, current) {
    const added = after.destinations.filter((a) => !before.destinations.some((b) => same(a, b)));
    return { destinations: current.destinations.filter((c) => !added.some((a) => same(a, c))) };
  },
});
