/**
 * The VPC network writes remediation sends, served from the committed ec2 model (the hand-written EC2 handler
 * delegates these operations here), with AWS's documented validation and errors:
 *
 * - ModifySubnetAttribute: one attribute per request; the endpoint serves MapPublicIpOnLaunch (the subnet's
 *   default for new network interfaces; interfaces that exist keep their addresses).
 * - CreateFlowLogs: ResourceType VPC or Subnet, TrafficType ACCEPT | REJECT | ALL, to CloudWatch Logs (LogGroupName or
 *   a log-group ARN as LogDestination, with DeliverLogsPermissionArn) or to S3 (an S3 ARN, no role, no log group).
 *   A resource that does not exist, or that already has a flow log with the same traffic type and destination, is
 *   answered in `Unsuccessful` while the others are created, as AWS does.
 * - DeleteFlowLogs: per id; unknown ids are answered in `Unsuccessful`.
 *
 * The endpoint has no CloudWatch Logs, S3 or IAM: a log group, bucket or role is checked for its form, not for its
 * existence (AWS checks both). References: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifySubnetAttribute.html,
 * API_CreateFlowLogs.html, API_DeleteFlowLogs.html.
 */
import { randomUUID } from 'node:crypto';
import { modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { nextId } from '../../world.ts';
import { ec2State, touch } from './model.ts';
import { networkState, type FlowLog } from './network.ts';

type Wire = Record<string, unknown>;

const bad = (message: string) => new SimError('InvalidParameterValue', message, 400);
const invalid = (message: string) => new SimError('InvalidParameter', message, 400);

function dryRun(input: Wire): void {
  if (input['DryRun'] === true) throw new SimError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
}

/** The subnet attributes ModifySubnetAttribute takes (each an AttributeBooleanValue or a plain value). */
const SUBNET_ATTRIBUTES = [
  'AssignIpv6AddressOnCreation',
  'MapPublicIpOnLaunch',
  'MapCustomerOwnedIpOnLaunch',
  'CustomerOwnedIpv4Pool',
  'EnableDns64',
  'PrivateDnsHostnameTypeOnLaunch',
  'EnableResourceNameDnsARecordOnLaunch',
  'EnableResourceNameDnsAAAARecordOnLaunch',
  'EnableLniAtDeviceIndex',
  'DisableLniAtDeviceIndex',
] as const;

const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:([.\-_/#A-Za-z0-9]{1,512})(:\*)?$/;
const S3_ARN = /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\-/]{1,512}$/;

/** A flow log as kept, with the members DescribeFlowLogs reports beyond the seeded ones. */
type StoredFlowLog = FlowLog & { DeliverLogsPermissionArn?: string; LogGroupName?: string };

export const NETWORK_WRITE_OPERATIONS = new Set(['ModifySubnetAttribute', 'CreateFlowLogs', 'DeleteFlowLogs']);

export const networkWrites = modelService({
  model: 'ec2',
  name: 'ec2',
  operations: {
    ModifySubnetAttribute(input, req, ctx) {
      dryRun(input);
      const id = input['SubnetId'] as string;
      const given = SUBNET_ATTRIBUTES.filter((a) => input[a] !== undefined);
      if (given.length === 0) throw new SimError('MissingParameter', 'The request must contain exactly one subnet attribute to modify', 400);
      if (given.length > 1) throw new SimError('InvalidParameterCombination', `Fields for multiple attribute types specified: ${given.join(', ')}`, 400);
      const state = ec2State(ctx.world, req.accountId, req.region);
      const subnet = state.subnets[id];
      if (!subnet) throw new SimError('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`, 400);
      if (given[0] !== 'MapPublicIpOnLaunch') throw bad(`The local endpoint does not serve ${given[0]} on ModifySubnetAttribute`);
      const value = (input['MapPublicIpOnLaunch'] as Wire)['Value'];
      if (typeof value !== 'boolean') throw new SimError('MissingParameter', 'The request must contain the parameter MapPublicIpOnLaunch.Value', 400);
      subnet.mapPublicIpOnLaunch = value;
      touch(state);
      return {};
    },

    CreateFlowLogs(input, req, ctx) {
      dryRun(input);
      const resourceType = input['ResourceType'];
      if (!['VPC', 'Subnet', 'NetworkInterface', 'TransitGateway', 'TransitGatewayAttachment'].includes(String(resourceType))) {
        throw bad(`Invalid value '${String(resourceType)}' for ResourceType. Valid values: VPC, Subnet, NetworkInterface, TransitGateway, TransitGatewayAttachment.`);
      }
      if (resourceType !== 'VPC' && resourceType !== 'Subnet') throw bad(`The local endpoint does not serve flow logs on ResourceType ${String(resourceType)}`);
      const ids = (input['ResourceIds'] as string[] | undefined) ?? [];
      if (ids.length === 0) throw new SimError('MissingParameter', 'The request must contain the parameter ResourceIds', 400);
      if (ids.length > 1000) throw invalid('You can specify at most 1000 resource IDs in a single request.');
      const traffic = input['TrafficType'];
      if (traffic === undefined) throw new SimError('MissingParameter', 'The request must contain the parameter TrafficType', 400);
      if (!['ACCEPT', 'REJECT', 'ALL'].includes(String(traffic))) throw bad(`Invalid value '${String(traffic)}' for TrafficType. Valid values: ACCEPT, REJECT, ALL.`);
      const destType = (input['LogDestinationType'] as string | undefined) ?? 'cloud-watch-logs';
      if (!['cloud-watch-logs', 's3', 'kinesis-data-firehose'].includes(destType)) throw bad(`Invalid value '${destType}' for LogDestinationType. Valid values: cloud-watch-logs, s3, kinesis-data-firehose.`);
      const role = input['DeliverLogsPermissionArn'] as string | undefined;
      const groupName = input['LogGroupName'] as string | undefined;
      const destination = input['LogDestination'] as string | undefined;
      if (role !== undefined && !ROLE_ARN.test(role)) throw bad(`Invalid value '${role}' for DeliverLogsPermissionArn. Expected an IAM role ARN.`);
      const interval = input['MaxAggregationInterval'];
      if (interval !== undefined && interval !== 60 && interval !== 600) throw bad(`Invalid value '${String(interval)}' for MaxAggregationInterval. Valid values: 60, 600.`);

      let logDestination: string;
      let logGroup: string | undefined;
      if (destType === 'cloud-watch-logs') {
        if (groupName !== undefined && destination !== undefined) throw new SimError('InvalidParameterCombination', 'LogGroupName and LogDestination cannot be specified together.', 400);
        if (groupName === undefined && destination === undefined) throw new SimError('MissingParameter', 'Either LogGroupName or LogDestination must be specified for the cloud-watch-logs destination type.', 400);
        if (role === undefined) throw new SimError('MissingParameter', 'DeliverLogsPermissionArn is required for the cloud-watch-logs destination type.', 400);
        if (groupName !== undefined) {
          if (!LOG_GROUP_NAME.test(groupName)) throw bad(`Invalid value '${groupName}' for LogGroupName.`);
          logGroup = groupName;
        } else {
          const m = LOG_GROUP_ARN.exec(destination!);
          if (!m) throw bad(`Invalid value '${destination}' for LogDestination. Expected a CloudWatch Logs log group ARN.`);
          logGroup = m[1];
        }
        logDestination = `arn:aws:logs:${req.region}:${req.accountId}:log-group:${logGroup}`;
      } else if (destType === 's3') {
        if (role !== undefined) throw invalid('DeliverLogsPermissionArn is not applicable for s3 delivery.');
        if (groupName !== undefined) throw invalid('LogGroupName is not applicable for s3 delivery.');
        if (destination === undefined) throw new SimError('MissingParameter', 'LogDestination is required for the s3 destination type.', 400);
        if (!S3_ARN.test(destination)) throw bad(`Invalid value '${destination}' for LogDestination. Expected an S3 bucket ARN (arn:aws:s3:::bucket[/prefix]).`);
        logDestination = destination;
      } else throw bad('The local endpoint does not serve the kinesis-data-firehose destination type');

      const net = networkState(ctx.world, req.accountId, req.region);
      const ec2 = ec2State(ctx.world, req.accountId, req.region);
      const created: string[] = [];
      const unsuccessful: Wire[] = [];
      for (const id of ids) {
        const exists = resourceType === 'VPC' ? ec2.vpcs[id] !== undefined : ec2.subnets[id] !== undefined;
        if (!exists) {
          const code = resourceType === 'VPC' ? 'InvalidVpcID.NotFound' : 'InvalidSubnetID.NotFound';
          unsuccessful.push({ ResourceId: id, Error: { Code: code, Message: `The ${resourceType === 'VPC' ? 'vpc' : 'subnet'} ID '${id}' does not exist` } });
          continue;
        }
        if (net.flowLogs.some((f) => f.ResourceId === id && f.TrafficType === traffic && f.LogDestination === logDestination)) {
          unsuccessful.push({ ResourceId: id, Error: { Code: 'FlowLogAlreadyExists', Message: 'Error. There is an existing Flow Log with the same configuration and log destination.' } });
          continue;
        }
        const fl: StoredFlowLog = {
          FlowLogId: nextId(ctx.world, 'fl'),
          ResourceId: id,
          FlowLogStatus: 'ACTIVE',
          TrafficType: traffic as FlowLog['TrafficType'],
          LogDestinationType: destType,
          LogDestination: logDestination,
          CreationTime: new Date().toISOString(),
          Tags: [],
          ...(role !== undefined ? { DeliverLogsPermissionArn: role } : {}),
          ...(logGroup !== undefined ? { LogGroupName: logGroup } : {}),
        };
        net.flowLogs.push(fl);
        created.push(fl.FlowLogId);
      }
      return { ClientToken: (input['ClientToken'] as string | undefined) ?? randomUUID(), FlowLogIds: created, Unsuccessful: unsuccessful };
    },

    DeleteFlowLogs(input, req, ctx) {
      dryRun(input);
      const ids = (input['FlowLogIds'] as string[] | undefined) ?? [];
      if (ids.length === 0) throw new SimError('MissingParameter', 'The request must contain the parameter FlowLogIds', 400);
      if (ids.length > 1000) throw invalid('You can specify at most 1000 flow log IDs in a single request.');
      const net = networkState(ctx.world, req.accountId, req.region);
      const unsuccessful: Wire[] = [];
      for (const id of ids) {
        const i = net.flowLogs.findIndex((f) => f.FlowLogId === id);
        if (i < 0) unsuccessful.push({ ResourceId: id, Error: { Code: 'InvalidFlowLogId.NotFound', Message: `The flow log ID '${id}' does not exist` } });
        else net.flowLogs.splice(i, 1);
      }
      return { Unsuccessful: unsuccessful };
    },
  },
});
