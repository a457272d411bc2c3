import { ElasticLoadBalancingV2Client, paginateDescribeListeners, type Action, type DescribeListenersCommandInput, type Listener } from '@aws-sdk/client-elastic-load-balancing-v2';
import { classifyAwsError } from '../../aws/errors.ts';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { listener, type ListenerAction, type ListenerConfig } from '../../resources/aws/elbv2/listener.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';
import { listLoadBalancers } from './load-balancer.ts';

/** Listeners by load balancer or by ARN (DescribeListeners, 400 per page): the collector's read, and remediation's re-read. */
export async function listListeners(client: ElasticLoadBalancingV2Client, input: Pick<DescribeListenersCommandInput, 'LoadBalancerArn' | 'ListenerArns'>): Promise<Listener[]> {
  const listeners: Listener[] = [];
  for await (const page of paginateDescribeListeners({ client, pageSize: 400 }, input)) listeners.push(...(page.Listeners ?? []));
  return listeners;
}

function normalizeAction(a: Action): ListenerAction {
  const out: ListenerAction = { type: a.Type ?? '' };
  if (a.Order !== undefined) out.order = a.Order;
  if (a.TargetGroupArn) out.targetGroupArn = a.TargetGroupArn;
  if (a.RedirectConfig) {
    const r = a.RedirectConfig;
    out.redirect = {};
    if (r.Protocol) out.redirect.protocol = r.Protocol;
    if (r.Port) out.redirect.port = r.Port;
    if (r.Host) out.redirect.host = r.Host;
    if (r.Path) out.redirect.path = r.Path;
    if (r.Query !== undefined) out.redirect.query = r.Query;
    if (r.StatusCode) out.redirect.statusCode = r.StatusCode;
  }
  return out;
}

/** `aws.elbv2.listener`: every listener of every load balancer of the region, with its default actions. */
export const listenerCollector = defineCollector(listener, async (ctx) => {
  const client = ctx.client(ElasticLoadBalancingV2Client);
  const lbs = (await listLoadBalancers(client)).filter((lb) => lb.LoadBalancerArn);
  if (lbs.length === 0) return [];
  const perLb = await mapLimit(lbs, 16, async (lb) => {
    try {
      return await listListeners(client, { LoadBalancerArn: lb.LoadBalancerArn! });
    } catch (e) {
      // Deleted since the listing: it has no listeners any more. Anything else fails the listing (a coverage gap).
      if (classifyAwsError(e).kind === 'not-found') return [];
      throw e;
    }
  });
  const all = perLb.flat().filter((l) => l.ListenerArn);
  if (all.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'elasticloadbalancing:listener');
  return all.map((l) => {
    const errors: ReadErrors = {};
    const defaultActions = (l.DefaultActions ?? []).map(normalizeAction);
    const config: ListenerConfig = {
      listenerArn: l.ListenerArn!,
      loadBalancerArn: l.LoadBalancerArn ?? '',
      certificateArns: (l.Certificates ?? []).map((c) => c.CertificateArn).filter((c): c is string => !!c),
      defaultActions,
      httpsRedirect: defaultActions.find((a) => a.type === 'redirect' && a.redirect?.protocol === 'HTTPS') ?? null,
      sslPolicy: l.SslPolicy ?? null,
    };
    if (l.Port !== undefined) config.port = l.Port;
    if (l.Protocol) config.protocol = l.Protocol;
    if (!tagged.ok) errors['tags'] = tagged.error;
    const lbName = /:loadbalancer\/[a-z]+\/([^/]+)\//.exec(l.LoadBalancerArn ?? '')?.[1];
    return envelope(ctx, listener, {
      id: l.ListenerArn!,
      arn: l.ListenerArn!,
      name: `${lbName ?? '?'} ${l.Protocol ?? '?'}:${l.Port ?? '?'}`,
      tags: (tagged.ok && tagged.tags.get(l.ListenerArn!)) || {},
      config,
      related: l.LoadBalancerArn ? [{ type: 'aws.elbv2.load-balancer', id: lbName ?? l.LoadBalancerArn, arn: l.LoadBalancerArn, relation: 'listener-of' }] : [],
      readErrors: errors,
    });
  });
});
