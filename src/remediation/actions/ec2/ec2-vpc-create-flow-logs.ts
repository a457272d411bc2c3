import { CreateFlowLogsCommand, DeleteFlowLogsCommand, DescribeFlowLogsCommand, DescribeVpcsCommand, EC2Client, paginateDescribeFlowLogs } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { MamoriError } from '../../../core/errors.ts';
import type { VpcConfig } from '../../../resources/aws/ec2/vpc.ts';
import { bagMinus, canonical, sameJson } from '../../compare.ts';
import { sdk } from '../../kit/sdk.ts';
import { defineAction, type ApiCall, type Plan } from '../../types.ts';

/** One flow log on the VPC, as DescribeFlowLogs reports it. */
export interface FlowLogLine {
  id: string;
  status: string;
  trafficType: string | null;
  destinationType: string | null;
  destination: string | null;
}

export interface VpcFlowLogState {
  vpcId: string;
  flowLogs: FlowLogLine[];
}

const ID = 'ec2-vpc-create-flow-logs';

const params = z.strictObject({
  trafficType: z.enum(['REJECT', 'ALL', 'ACCEPT']).default('REJECT').describe('What to log: REJECT (default, as CIS asks at least), ALL or ACCEPT.'),
  logDestinationType: z.enum(['cloud-watch-logs', 's3']).optional().describe('Where the records go: cloud-watch-logs (with logGroupName and deliverLogsPermissionArn) or s3 (with s3BucketArn).'),
  logGroupName: z
    .string()
    .regex(/^[.\-_/#A-Za-z0-9]{1,512}$/, { error: 'expected a CloudWatch Logs log group name (1-512 letters, digits and . - _ / #), not an ARN' })
    .optional()
    .describe('cloud-watch-logs: the log group (created by AWS if it does not exist).'),
  deliverLogsPermissionArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\-/]{1,512}$/, { error: 'expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)' })
    .optional()
    .describe('cloud-watch-logs: the IAM role that lets the flow logs service publish to the log group (needs iam:PassRole).'),
  s3BucketArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, { error: 'expected an S3 bucket ARN, optionally with a prefix (arn:aws:s3:::bucket/prefix/)' })
    .optional()
    .describe('s3: the bucket (and optional prefix) for the records; its policy must let delivery.logs.amazonaws.com write.'),
});
type Params = z.infer<typeof params>;

const need = (name: string, what: string) => new MamoriError('POLICY_INVALID', `${ID} needs the parameter ${name} (${what}): set response.params.${name} in the policy`);

/** The CreateFlowLogs request for the parameters; throws naming the missing or misplaced parameter. */
function createParams(vpcId: string, p: Params): Record<string, unknown> {
  if (!p.logDestinationType) throw need('logDestinationType', 'cloud-watch-logs or s3: where the flow log records go');
  const base = { ResourceType: 'VPC', ResourceIds: [vpcId], TrafficType: p.trafficType };
  if (p.logDestinationType === 'cloud-watch-logs') {
    if (p.s3BucketArn) throw new MamoriError('POLICY_INVALID', `${ID}: the parameter s3BucketArn does not apply to logDestinationType cloud-watch-logs`);
    if (!p.logGroupName) throw need('logGroupName', 'the CloudWatch Logs log group for the records');
    if (!p.deliverLogsPermissionArn) throw need('deliverLogsPermissionArn', 'the IAM role that may publish to the log group');
    return { ...base, LogDestinationType: 'cloud-watch-logs', LogGroupName: p.logGroupName, DeliverLogsPermissionArn: p.deliverLogsPermissionArn };
  }
  if (p.logGroupName || p.deliverLogsPermissionArn) throw new MamoriError('POLICY_INVALID', `${ID}: the parameters logGroupName and deliverLogsPermissionArn do not apply to logDestinationType s3`);
  if (!p.s3BucketArn) throw need('s3BucketArn', 'the S3 bucket ARN for the records');
  return { ...base, LogDestinationType: 's3', LogDestination: p.s3BucketArn };
}

/** The flow log a plan creates, as DescribeFlowLogs will report it (its id is AWS's to give). */
function planned(vpcId: string, p: Params): Omit<FlowLogLine, 'id'> {
  const r = createParams(vpcId, p);
  const destination = r['LogDestinationType'] === 's3' ? (r['LogDestination'] as string) : `arn:aws:logs:*:*:log-group:${String(r['LogGroupName'])}`;
  return { status: 'ACTIVE', trafficType: p.trafficType, destinationType: r['LogDestinationType'] as string, destination };
}

const content = (f: Omit<FlowLogLine, 'id'> & { id?: string }) => canonical({ status: f.status, trafficType: f.trafficType, destinationType: f.destinationType, destination: f.destination });
const line = (f: FlowLogLine) => `${f.id} ${f.status} ${f.trafficType ?? '?'} to ${f.destinationType ?? '?'} ${f.destination ?? ''}`.trim();
const active = (s: VpcFlowLogState) => s.flowLogs.filter((f) => f.status === 'ACTIVE');

/** The flow logs the fix created: in `after`, not in `before`. */
const createdBy = (before: VpcFlowLogState, after: VpcFlowLogState) => after.flowLogs.filter((f) => !before.flowLogs.some((b) => b.id === f.id));

/**
 * ec2-vpc-create-flow-logs: creates a VPC-level flow log (FSBP EC2.6, CIS 3.7) to the destination the policy's
 * parameters name; nothing is invented: a missing destination is refused at plan time. Flow logs already on the VPC,
 * its subnets or interfaces stay. Undo deletes exactly the flow log the fix created (its id from the after-state).
 */
export const ec2VpcCreateFlowLogs = defineAction<VpcFlowLogState, Params>({
  id: ID,
  title: 'Create a flow log for a VPC',
  description:
    'ec2:CreateFlowLogs with ResourceType=VPC, ResourceIds=[the VPC], TrafficType = parameter trafficType (default REJECT), to CloudWatch Logs (parameters logGroupName + deliverLogsPermissionArn) or S3 (parameter s3BucketArn); no destination is assumed. Other flow logs stay. Undo: ec2:DeleteFlowLogs of the flow log it created.',
  resourceTypes: ['aws.ec2.vpc'],
  evidenceKinds: ['setting'],
  sdk: [sdk(EC2Client, { CreateFlowLogsCommand, DeleteFlowLogsCommand, DescribeFlowLogsCommand, DescribeVpcsCommand })],
  // iam:PassRole: delivery to CloudWatch Logs passes DeliverLogsPermissionArn to the flow logs service.
  permissions: ['ec2:CreateFlowLogs', 'ec2:DeleteFlowLogs', 'ec2:DescribeFlowLogs', 'ec2:DescribeVpcs', 'iam:PassRole'],
  params,
  reversible: true,

  fromResource(resource) {
    const c = resource.config as Partial<VpcConfig>;
    if (!c.flowLogs) return undefined;
    return { vpcId: resource.id, flowLogs: c.flowLogs.map((f) => ({ id: f.flowLogId, status: f.status, trafficType: f.trafficType ?? null, destinationType: f.destinationType ?? null, destination: f.destination ?? null })) };
  },

  async capture(api, target) {
    const client = api.client(EC2Client);
    const vpcs = await client.send(new DescribeVpcsCommand({ VpcIds: [target.id] }));
    if (!(vpcs.Vpcs ?? []).some((v) => v.VpcId === target.id)) return null;
    const flowLogs: FlowLogLine[] = [];
    for await (const page of paginateDescribeFlowLogs({ client }, { Filter: [{ Name: 'resource-id', Values: [target.id] }] })) {
      for (const f of page.FlowLogs ?? []) {
        if (f.ResourceId !== target.id || !f.FlowLogId) continue;
        flowLogs.push({ id: f.FlowLogId, status: f.FlowLogStatus ?? 'unknown', trafficType: f.TrafficType ?? null, destinationType: f.LogDestinationType ?? null, destination: f.LogDestination ?? null });
      }
    }
    return { vpcId: target.id, flowLogs };
  },

  drift(current) {
    const a = active(current);
    return a.length ? `the VPC has an active flow log now: ${a.map(line).join('; ')}` : undefined;
  },

  plan(current, _evidence, p, target): Plan {
    const keeps = current.flowLogs.map((f) => `flow log ${line(f)}`);
    if (active(current).length) return { calls: [], removes: [], keeps, notes: ['the VPC already has an active flow log'] };
    const call: ApiCall = { service: 'ec2', operation: 'CreateFlowLogs', params: createParams(target.id, p), purpose: `log ${p.trafficType} traffic of ${target.id}` };
    const dest = call.params['LogDestinationType'] === 's3' ? String(call.params['LogDestination']) : `log group ${String(call.params['LogGroupName'])}`;
    return {
      calls: [call],
      removes: ['no active VPC-level flow log'],
      keeps: keeps.length ? keeps : ['no other flow log on the VPC; subnet and interface flow logs are not touched'],
      notes: [`creates a flow log (${p.trafficType}) to ${dest}; its delivery costs as the destination charges`],
    };
  },

  expected(before, _evidence, p) {
    if (active(before).length) return before;
    // The id is AWS's to give: verify compares flow logs by content (see diff).
    return { vpcId: before.vpcId, flowLogs: [...before.flowLogs, { id: '(created)', ...planned(before.vpcId, p) }] };
  },

  diff(actual, expected) {
    // Destinations of CloudWatch Logs are compared by log group (the expected ARN cannot know account and Region).
    const key = (f: FlowLogLine) => (f.destinationType === 'cloud-watch-logs' ? content({ ...f, destination: f.destination?.replace(/^arn:[^:]+:logs:[^:]*:[^:]*:/, '') ?? null }) : content(f));
    const out: string[] = [];
    for (const f of bagMinus(expected.flowLogs, actual.flowLogs, key)) out.push(`flow log missing: ${line(f)}`);
    for (const f of bagMinus(actual.flowLogs, expected.flowLogs, key)) out.push(`flow log not expected: ${line(f)}`);
    // Known ids must stay the same flow logs.
    for (const e of expected.flowLogs) {
      const a = actual.flowLogs.find((x) => x.id === e.id);
      if (a && !sameJson(key(a), key(e))) out.push(`flow log ${e.id} changed: now ${line(a)}`);
    }
    return out;
  },

  undo(before, after, current, target) {
    const created = createdBy(before, after).filter((f) => current.flowLogs.some((c) => c.id === f.id));
    const keeps = current.flowLogs.filter((f) => !created.includes(f)).map((f) => `flow log ${line(f)}`);
    if (!created.length) return { calls: [], removes: [], keeps, notes: ['the flow log the fix created is already gone'] };
    return {
      calls: [{ service: 'ec2', operation: 'DeleteFlowLogs', params: { FlowLogIds: created.map((f) => f.id) }, purpose: `delete the flow log the fix created on ${target.id}` }],
      removes: created.map((f) => `flow log ${line(f)}`),
      keeps,
      notes: ['records already delivered stay in their log group or bucket'],
    };
  },

  expectedUndo(before, after, current) {
    const created = new Set(createdBy(before, after).map((f) => f.id));
    return { vpcId: current.vpcId, flowLogs: current.flowLogs.filter((f) => !created.has(f.id)) };
  },

  resultOf(call, output) {
    if (call.operation !== 'CreateFlowLogs') return undefined;
    return { flowLogIds: (output['FlowLogIds'] as string[] | undefined) ?? [], unsuccessful: (output['Unsuccessful'] as unknown[] | undefined) ?? [] };
  },
});
