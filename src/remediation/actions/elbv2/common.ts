/** What the ELBv2 actions share: the SDK declaration, the re-reads through the collectors' code, the one write of each kind. */
import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  ModifyLoadBalancerAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { z } from 'zod';
import { listListeners } from '../../../collectors/elbv2/listener.ts';
import { readLoadBalancerAttributes } from '../../../collectors/elbv2/load-balancer.ts';
import type { LoadBalancerConfig } from '../../../resources/aws/elbv2/load-balancer.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings, type SettingActionSpec } from '../../kit/setting.ts';
import type { AnyAction } from '../../types.ts';

const IAM = { iam: 'elasticloadbalancing' };

type AttributeSpec<P extends Record<string, unknown>> = Pick<SettingActionSpec<P>, 'id' | 'title' | 'description' | 'settings' | 'violations' | 'fix' | 'params' | 'irreversibleBecause'>;

/** A load balancer attribute action: re-read with DescribeLoadBalancerAttributes, one ModifyLoadBalancerAttributes with only the keys it changes. */
export function attributeAction<P extends Record<string, unknown> = Record<string, never>>(spec: AttributeSpec<P> & { params?: z.ZodType<P> }): AnyAction {
  return settingAction<P>({
    ...spec,
    resourceType: 'aws.elbv2.load-balancer',
    sdk: [sdk(ElasticLoadBalancingV2Client, { ModifyLoadBalancerAttributesCommand, DescribeLoadBalancerAttributesCommand }, IAM)],
    read: (api, target) => readLoadBalancerAttributes(api.client(ElasticLoadBalancingV2Client), target.arn),
    fromResource: (r) => (r.config as Partial<LoadBalancerConfig>).attributes,
    write: (values, _current, target) => ({
      operation: 'ModifyLoadBalancerAttributes',
      params: { LoadBalancerArn: target.arn, Attributes: Object.entries(values).map(([Key, Value]) => ({ Key, Value: Value === null ? '' : String(Value) })) },
      purpose: `set ${Object.entries(values).map(([k, v]) => `${k}=${String(v ?? '')}`).join(', ')}`,
    }),
  });
}

/** The listener's settings as DescribeListeners returns them (undefined members dropped). */
async function readListener(api: Parameters<SettingActionSpec<Record<string, never>>['read']>[0], arn: string): Promise<Settings | null> {
  const [l] = await listListeners(api.client(ElasticLoadBalancingV2Client), { ListenerArns: [arn] });
  if (!l) return null;
  const s: Settings = JSON.parse(JSON.stringify({ Protocol: l.Protocol ?? null, Port: l.Port ?? null, SslPolicy: l.SslPolicy ?? null, DefaultActions: l.DefaultActions ?? [], Certificates: l.Certificates ?? [] })) as Settings;
  return s;
}

type ListenerSpec<P extends Record<string, unknown>> = Pick<SettingActionSpec<P>, 'id' | 'title' | 'description' | 'settings' | 'violations' | 'fix' | 'params' | 'describe'>;

/** A listener action: re-read with DescribeListeners, one ModifyListener with only the members it changes. */
export function listenerAction<P extends Record<string, unknown> = Record<string, never>>(spec: ListenerSpec<P> & { params?: z.ZodType<P> }): AnyAction {
  return settingAction<P>({
    ...spec,
    resourceType: 'aws.elbv2.listener',
    sdk: [sdk(ElasticLoadBalancingV2Client, { ModifyListenerCommand, DescribeListenersCommand }, IAM)],
    read: (api, target) => readListener(api, target.arn),
    write: (values, _current, target) => ({ operation: 'ModifyListener', params: { ListenerArn: target.arn, ...values }, purpose: `set ${Object.keys(values).join(', ')}` }),
  });
}
