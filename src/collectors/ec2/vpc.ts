import { EC2Client, paginateDescribeFlowLogs, paginateDescribeVpcEndpoints, paginateDescribeVpcs, type FlowLog, type VpcEndpoint } from '@aws-sdk/client-ec2';
import { describeAwsError } from '../../aws/errors.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { vpc, type VpcConfig } from '../../resources/aws/ec2/vpc.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

/** Endpoint states in which the endpoint exists or is about to (the others are gone or refused). */
const USABLE = new Set(['pendingacceptance', 'pending', 'available']);

/** `com.amazonaws.us-east-1.ecr.api` → `ecr.api`; other names (partner and private services) stay whole. */
export function endpointServiceOf(serviceName: string, region: string): string {
  for (const prefix of [`com.amazonaws.${region}.`, `cn.com.amazonaws.${region}.`, `aws.api.${region}.`]) if (serviceName.startsWith(prefix)) return serviceName.slice(prefix.length);
  return serviceName;
}

async function readAll<T>(pages: AsyncIterable<T>): Promise<{ ok: true; pages: T[] } | { ok: false; error: string }> {
  const out: T[] = [];
  try {
    for await (const p of pages) out.push(p);
    return { ok: true, pages: out };
  } catch (e) {
    return { ok: false, error: describeAwsError(e) };
  }
}

/**
 * `aws.ec2.vpc`: every VPC of the Region with its flow logs and endpoints. Flow logs and endpoints are
 * listed once per Region (bulk) and joined to the VPCs; a listing that fails leaves those fields unknown
 * on every VPC.
 */
export const vpcCollector = defineCollector(vpc, async (ctx) => {
  const ec2 = ctx.client(EC2Client);
  const vpcs = [];
  for await (const page of paginateDescribeVpcs({ client: ec2, pageSize: 1000 }, {})) vpcs.push(...(page.Vpcs ?? []));
  if (vpcs.length === 0) return [];
  const [flow, eps] = await Promise.all([
    readAll(paginateDescribeFlowLogs({ client: ec2, pageSize: 1000 }, {})),
    readAll(paginateDescribeVpcEndpoints({ client: ec2, pageSize: 1000 }, {})),
  ]);
  const flowByVpc = new Map<string, FlowLog[]>();
  if (flow.ok) for (const p of flow.pages) for (const f of p.FlowLogs ?? []) if (f.ResourceId) flowByVpc.set(f.ResourceId, [...(flowByVpc.get(f.ResourceId) ?? []), f]);
  const epsByVpc = new Map<string, VpcEndpoint[]>();
  if (eps.ok) for (const p of eps.pages) for (const e of p.VpcEndpoints ?? []) if (e.VpcId) epsByVpc.set(e.VpcId, [...(epsByVpc.get(e.VpcId) ?? []), e]);
  const out = [];
  for (const v of vpcs) {
    if (!v.VpcId) continue;
    const errors: ReadErrors = {};
    const config = { vpcId: v.VpcId, cidrBlock: v.CidrBlock ?? '', isDefault: v.IsDefault ?? false, ownerId: v.OwnerId ?? ctx.account.id, state: v.State ?? '' } as VpcConfig;
    if (flow.ok) {
      const logs = flowByVpc.get(v.VpcId) ?? [];
      config.flowLogs = logs.map((f) => ({
        flowLogId: f.FlowLogId ?? '',
        status: f.FlowLogStatus ?? '',
        ...(f.TrafficType ? { trafficType: f.TrafficType } : {}),
        ...(f.LogDestinationType ? { destinationType: f.LogDestinationType } : {}),
        ...(f.LogDestination ? { destination: f.LogDestination } : {}),
      }));
      config.activeFlowLogIds = config.flowLogs.filter((f) => f.status === 'ACTIVE').map((f) => f.flowLogId);
    } else {
      errors['flowLogs'] = flow.error;
      errors['activeFlowLogIds'] = flow.error;
    }
    if (eps.ok) {
      config.endpoints = (epsByVpc.get(v.VpcId) ?? []).map((e) => ({
        vpcEndpointId: e.VpcEndpointId ?? '',
        type: e.VpcEndpointType ?? '',
        serviceName: e.ServiceName ?? '',
        service: endpointServiceOf(e.ServiceName ?? '', ctx.region),
        state: e.State ?? '',
      }));
      const usable = config.endpoints.filter((e) => USABLE.has(e.state.toLowerCase()));
      config.interfaceEndpointServices = [...new Set(usable.filter((e) => e.type === 'Interface').map((e) => e.service))];
      config.endpointServices = [...new Set(usable.map((e) => e.service))];
    } else {
      for (const k of ['endpoints', 'interfaceEndpointServices', 'endpointServices']) errors[k] = eps.error;
    }
    const tags = tagsToMap(v.Tags);
    out.push(envelope(ctx, vpc, { id: v.VpcId, arn: `arn:aws:ec2:${ctx.region}:${config.ownerId}:vpc/${v.VpcId}`, name: tags['Name'] ?? v.VpcId, tags, config, readErrors: errors }));
  }
  return out;
});
