import { describeAwsError } from '../../aws/errors.ts';
import { listSubnets } from '../ec2/list.ts';
import type { CollectContext } from '../types.ts';

/** Subnet id → Availability Zone for one account and Region, or why it could not be read. */
export type SubnetZones = { ok: true; zones: Map<string, string> } | { ok: false; error: string };

/**
 * Every subnet of the context's Region with its Availability Zone: DescribeSubnets, 1,000 per page.
 * Listing all of them costs one call per 1,000 subnets, whereas naming the functions' subnets would fail
 * the whole call on one deleted subnet (`InvalidSubnetID.NotFound`). A failure is returned, not thrown,
 * so only the zone fields of VPC functions become unknown. The listing is the subnet collector's, shared
 * within a scan (`listSubnets`).
 */
export async function subnetZones(ctx: CollectContext): Promise<SubnetZones> {
  try {
    const zones = new Map<string, string>();
    for (const s of await listSubnets(ctx)) if (s.SubnetId && s.AvailabilityZone) zones.set(s.SubnetId, s.AvailabilityZone);
    return { ok: true, zones };
  } catch (e) {
    return { ok: false, error: describeAwsError(e) };
  }
}

/** The distinct zones of a function's subnets, or why they are unknown (a subnet AWS did not list). */
export function zonesOf(subnetIds: readonly string[], subnets: SubnetZones): { zones: string[] } | { error: string } {
  if (!subnets.ok) return { error: subnets.error };
  const zones = new Set<string>();
  for (const id of subnetIds) {
    const az = subnets.zones.get(id);
    if (!az) return { error: `DescribeSubnets did not list subnet ${id}` };
    zones.add(az);
  }
  return { zones: [...zones].sort() };
}
