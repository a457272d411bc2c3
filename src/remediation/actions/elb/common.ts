/**
 * What the Classic Load Balancer actions share: the SDK declaration, the re-read through the collector's read, and the
 * write. Classic attributes are blocks (AccessLog, ConnectionDraining, …) that ModifyLoadBalancerAttributes replaces
 * as a whole, so the settings are the blocks' members (`AccessLog.Enabled`), and the write sends each touched block
 * complete, with its other members as they are.
 */
import { DescribeLoadBalancerAttributesCommand, ElasticLoadBalancingClient, ModifyLoadBalancerAttributesCommand, type LoadBalancerAttributes } from '@aws-sdk/client-elastic-load-balancing';
import type { z } from 'zod';
import { readClassicAttributes } from '../../../collectors/elb/load-balancer.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings, type SettingActionSpec } from '../../kit/setting.ts';
import type { AnyAction } from '../../types.ts';

/** The blocks as `Block.Member` settings; additional attributes by their key (`elb.http.desyncmitigationmode`). */
export function flatten(a: LoadBalancerAttributes | undefined): Settings {
  const s: Settings = {};
  for (const [block, value] of Object.entries(a ?? {})) {
    if (block === 'AdditionalAttributes') {
      for (const x of (value as { Key?: string; Value?: string }[] | undefined) ?? []) if (x.Key) s[x.Key] = x.Value ?? null;
    } else if (value && typeof value === 'object') {
      for (const [member, v] of Object.entries(value as Record<string, unknown>)) if (v !== undefined) s[`${block}.${member}`] = v as Settings[string];
    }
  }
  return s;
}

/** The blocks that `values` touch, each complete (members from `current`, then `values`). */
export function blocks(values: Settings, current: Settings): Record<string, unknown> {
  const out: Record<string, Record<string, unknown> | { Key: string; Value: string }[]> = {};
  for (const [key, value] of Object.entries(values)) {
    const dot = key.indexOf('.');
    const block = key.slice(0, dot);
    if (/^[A-Z]/.test(block)) {
      if (!out[block]) out[block] = Object.fromEntries(Object.entries(current).filter(([k, v]) => k.startsWith(`${block}.`) && v !== null).map(([k, v]) => [k.slice(block.length + 1), v]));
      const b = out[block] as Record<string, unknown>;
      if (value === null) delete b[key.slice(dot + 1)];
      else b[key.slice(dot + 1)] = value;
    } else {
      const list = (out['AdditionalAttributes'] ??= []) as { Key: string; Value: string }[];
      list.push({ Key: key, Value: String(value ?? '') });
    }
  }
  return out;
}

type ClassicSpec<P extends Record<string, unknown>> = Pick<SettingActionSpec<P>, 'id' | 'title' | 'description' | 'settings' | 'violations' | 'fix' | 'params' | 'irreversibleBecause'>;

/** A Classic Load Balancer attribute action: re-read with DescribeLoadBalancerAttributes, one ModifyLoadBalancerAttributes with the touched blocks. */
export function classicAttributeAction<P extends Record<string, unknown> = Record<string, never>>(spec: ClassicSpec<P> & { params?: z.ZodType<P> }): AnyAction {
  return settingAction<P>({
    ...spec,
    resourceType: 'aws.elb.load-balancer',
    sdk: [sdk(ElasticLoadBalancingClient, { ModifyLoadBalancerAttributesCommand, DescribeLoadBalancerAttributesCommand })],
    read: async (api, target) => flatten(await readClassicAttributes(api.client(ElasticLoadBalancingClient), target.id)),
    write: (values, current, target) => ({
      operation: 'ModifyLoadBalancerAttributes',
      params: { LoadBalancerName: target.id, LoadBalancerAttributes: blocks(values, { ...current.others, ...current.settings }) },
      purpose: `set ${Object.entries(values).map(([k, v]) => `${k}=${String(v)}`).join(', ')}`,
    }),
  });
}
