/**
 * Elastic Load Balancing v2 over awsQuery, served from the committed model: the reads the collectors
 * make (DescribeLoadBalancers, DescribeLoadBalancerAttributes, DescribeListeners), with AWS's selectors,
 * page limits (PageSize 1–400, `Marker`/`NextMarker`) and not-found errors; and the writes remediation
 * makes (ModifyLoadBalancerAttributes, ModifyListener) with the documented validation, all or nothing.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import type { World } from '../../world.ts';
import { getBucket } from '../s3/model.ts';
import { peekElbv2State, type Listener, type ListenerAction, type LoadBalancer } from './model.ts';

const model = loadModel('elbv2');
const PAGE = { min: 1, max: 400, default: 400, limitKey: 'PageSize', invalidCode: 'ValidationError' };

function loadBalancers(world: World, account: string, region: string): LoadBalancer[] {
  return peekElbv2State(world, account, region)?.loadBalancers ?? [];
}

const lbNotFound = () => new SimError('LoadBalancerNotFound', 'One or more load balancers not found', 400);

function lbWire(lb: LoadBalancer): Record<string, unknown> {
  return {
    LoadBalancerArn: lb.arn,
    DNSName: lb.dnsName,
    CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
    CreatedTime: lb.createdTime,
    LoadBalancerName: lb.name,
    Scheme: lb.scheme,
    VpcId: lb.vpcId,
    AvailabilityZones: lb.availabilityZones.map((ZoneName, i) => ({ ZoneName, SubnetId: `subnet-${lb.arn.slice(-8)}${String(i).padStart(9, '0')}` })),
    State: { Code: 'active' },
    Type: lb.type,
    IpAddressType: 'ipv4',
    ...(lb.type === 'application' ? { SecurityGroups: lb.securityGroups } : {}),
  };
}

function listenerWire(lb: LoadBalancer, l: Listener): Record<string, unknown> {
  return {
    ListenerArn: l.arn,
    LoadBalancerArn: lb.arn,
    Port: l.port,
    Protocol: l.protocol,
    DefaultActions: l.defaultActions,
    ...(l.sslPolicy ? { SslPolicy: l.sslPolicy } : {}),
    ...(l.certificateArns ? { Certificates: l.certificateArns.map((CertificateArn) => ({ CertificateArn })) } : {}),
  };
}

const invalid = (message: string) => new SimError('ValidationError', message, 400);
const badConfig = (message: string) => new SimError('InvalidConfigurationRequest', message, 400);

/** The attribute values AWS accepts beyond true/false for the `.enabled` keys. */
const ENUMS: Record<string, readonly string[]> = {
  'routing.http.desync_mitigation_mode': ['monitor', 'defensive', 'strictest'],
  'load_balancing.cross_zone.enabled': ['true', 'false', 'use_load_balancer_configuration'],
};

/**
 * ModifyLoadBalancerAttributes: at most 20 attributes, every key one this type of load balancer has, values of the
 * right kind; enabling access logs needs a bucket (given or already set) that exists. Either all change or none.
 */
function modifyAttributes(lb: LoadBalancer, attributes: { Key?: string; Value?: string }[], bucketExists: (name: string) => boolean): Record<string, string> {
  if (attributes.length > 20) throw invalid(`1 validation error detected: Value at 'attributes' failed to satisfy constraint: Member must have length less than or equal to 20`);
  const next = { ...lb.attributes };
  for (const a of attributes) {
    const key = a.Key ?? '';
    const value = a.Value ?? '';
    if (!(key in lb.attributes)) throw invalid(`Load balancer attribute key '${key}' is not recognized`);
    const allowed = ENUMS[key] ?? (key.endsWith('.enabled') ? ['true', 'false'] : undefined);
    if (allowed && !allowed.includes(value)) throw invalid(`Load balancer attribute value '${value}' is not valid for key '${key}'; valid values: ${allowed.join(', ')}`);
    if (key.endsWith('timeout_seconds') && !/^\d+$/.test(value)) throw invalid(`Load balancer attribute value '${value}' is not valid for key '${key}'`);
    next[key] = value;
  }
  if (next['access_logs.s3.enabled'] === 'true') {
    const bucket = next['access_logs.s3.bucket'] ?? '';
    if (!bucket) throw badConfig(`The value of 'access_logs.s3.bucket' cannot be empty when access logs are enabled`);
    if (!bucketExists(bucket)) throw badConfig(`Access Denied for bucket: ${bucket}. Please check S3bucket permission`);
  }
  return next;
}

/** The security policies ModifyListener accepts (DescribeSSLPolicies' names). */
const SSL_POLICIES = new Set([
  'ELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-TLS-1-0-2015-04', 'ELBSecurityPolicy-TLS-1-1-2017-01', 'ELBSecurityPolicy-TLS-1-2-2017-01',
  'ELBSecurityPolicy-TLS-1-2-Ext-2018-06', 'ELBSecurityPolicy-FS-2018-06', 'ELBSecurityPolicy-FS-1-1-2019-08', 'ELBSecurityPolicy-FS-1-2-2019-08',
  'ELBSecurityPolicy-FS-1-2-Res-2019-08', 'ELBSecurityPolicy-FS-1-2-Res-2020-10', 'ELBSecurityPolicy-2015-05',
  'ELBSecurityPolicy-TLS13-1-0-2021-06', 'ELBSecurityPolicy-TLS13-1-1-2021-06', 'ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06', 'ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06', 'ELBSecurityPolicy-TLS13-1-3-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04', 'ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04',
]);
const ACTION_TYPES = new Set(['forward', 'redirect', 'fixed-response', 'authenticate-oidc', 'authenticate-cognito']);

/** A listener's new default actions, checked as AWS does: known types, the config each type needs, no redirect to itself. */
function checkDefaultActions(listener: Listener, actions: ListenerAction[]): void {
  if (!actions.length) throw invalid('At least one default action must be specified');
  for (const a of actions) {
    if (!ACTION_TYPES.has(a.Type)) throw invalid(`1 validation error detected: Value '${a.Type}' at 'defaultActions.member.type' failed to satisfy constraint: Member must satisfy enum value set: [${[...ACTION_TYPES].join(', ')}]`);
    if (a.Type === 'forward' && !a.TargetGroupArn && !(a as { ForwardConfig?: unknown }).ForwardConfig) throw invalid('A target group ARN must be specified for a forward action');
    if (a.Type === 'redirect') {
      const r = a.RedirectConfig;
      if (!r?.StatusCode) throw invalid('A redirect configuration with a status code must be specified for a redirect action');
      const same = (v: string | undefined, placeholder: string, actual: string) => v === undefined || v === placeholder || v === actual;
      if (same(r.Protocol, '#{protocol}', listener.protocol) && same(r.Port, '#{port}', String(listener.port)) && same(r.Host, '#{host}', '') && same(r.Path, '/#{path}', '') && same(r.Query, '#{query}', '')) {
        throw new SimError('InvalidLoadBalancerAction', 'The redirect configuration is not valid: it redirects to the same URL (a loop)', 400);
      }
    }
    if (a.Type === 'fixed-response' && !a.FixedResponseConfig?.StatusCode) throw invalid('A fixed response configuration with a status code must be specified');
  }
  if (actions.filter((a) => a.Type === 'forward' || a.Type === 'redirect' || a.Type === 'fixed-response').length !== 1) throw invalid('Exactly one of forward, redirect or fixed-response must be specified as the last default action');
}

export const elbv2 = modelService({
  model: 'elbv2',
  operations: {
    DescribeLoadBalancers(input, req, ctx) {
      const all = loadBalancers(ctx.world, req.accountId, req.region);
      const names = input['Names'] as string[] | undefined;
      const arns = input['LoadBalancerArns'] as string[] | undefined;
      if (names?.length && arns?.length) throw new SimError('ValidationError', 'Load balancer names and load balancer ARNs cannot be specified at the same time', 400);
      let selected = all;
      if (names?.length) selected = all.filter((lb) => names.includes(lb.name));
      if (arns?.length) selected = all.filter((lb) => arns.includes(lb.arn));
      if ((names?.length ?? arns?.length ?? 0) > selected.length) throw lbNotFound();
      return modelPage(model, 'DescribeLoadBalancers', input, selected.map(lbWire), PAGE);
    },
    DescribeLoadBalancerAttributes(input, req, ctx) {
      const lb = loadBalancers(ctx.world, req.accountId, req.region).find((x) => x.arn === input['LoadBalancerArn']);
      if (!lb) throw lbNotFound();
      return { Attributes: Object.entries(lb.attributes).map(([Key, Value]) => ({ Key, Value })) };
    },
    ModifyLoadBalancerAttributes(input, req, ctx) {
      const lb = loadBalancers(ctx.world, req.accountId, req.region).find((x) => x.arn === input['LoadBalancerArn']);
      if (!lb) throw lbNotFound();
      lb.attributes = modifyAttributes(lb, (input['Attributes'] as { Key?: string; Value?: string }[] | undefined) ?? [], (name) => getBucket(ctx.world, name) !== undefined);
      return { Attributes: Object.entries(lb.attributes).map(([Key, Value]) => ({ Key, Value })) };
    },
    ModifyListener(input, req, ctx) {
      const arn = input['ListenerArn'] as string;
      const lb = loadBalancers(ctx.world, req.accountId, req.region).find((x) => x.listeners.some((l) => l.arn === arn));
      const listener = lb?.listeners.find((l) => l.arn === arn);
      if (!lb || !listener) throw new SimError('ListenerNotFound', 'One or more listeners not found', 400);
      const protocol = (input['Protocol'] as string | undefined) ?? listener.protocol;
      if (input['Protocol'] !== undefined && input['Protocol'] !== listener.protocol) throw badConfig('Changing the listener protocol is not supported by the local endpoint');
      const sslPolicy = input['SslPolicy'] as string | undefined;
      if (sslPolicy !== undefined) {
        if (protocol !== 'HTTPS' && protocol !== 'TLS') throw badConfig(`An SSL policy can be specified only for HTTPS and TLS listeners, not ${protocol}`);
        if (!SSL_POLICIES.has(sslPolicy)) throw new SimError('SSLPolicyNotFound', `SSL policy '${sslPolicy}' not found`, 400);
      }
      const actions = input['DefaultActions'] as ListenerAction[] | undefined;
      if (actions !== undefined) checkDefaultActions(listener, actions);
      if (input['Port'] !== undefined && input['Port'] !== listener.port && lb.listeners.some((l) => l.port === input['Port'])) throw new SimError('DuplicateListener', 'A listener already exists on this port for this load balancer', 400);
      if (sslPolicy !== undefined) listener.sslPolicy = sslPolicy;
      if (actions !== undefined) listener.defaultActions = actions.map((a) => structuredClone(a));
      if (typeof input['Port'] === 'number') listener.port = input['Port'];
      return { Listeners: [listenerWire(lb, listener)] };
    },
    DescribeListeners(input, req, ctx) {
      const all = loadBalancers(ctx.world, req.accountId, req.region);
      const lbArn = input['LoadBalancerArn'] as string | undefined;
      const arns = input['ListenerArns'] as string[] | undefined;
      if (!lbArn && !arns?.length) throw new SimError('ValidationError', 'You must specify either listener ARNs or a load balancer ARN', 400);
      if (lbArn && arns?.length) throw new SimError('ValidationError', 'Listener ARNs and a load balancer ARN cannot be specified at the same time', 400);
      let items: Record<string, unknown>[];
      if (lbArn) {
        const lb = all.find((x) => x.arn === lbArn);
        if (!lb) throw lbNotFound();
        items = lb.listeners.map((l) => listenerWire(lb, l));
      } else {
        items = all.flatMap((lb) => lb.listeners.filter((l) => arns!.includes(l.arn)).map((l) => listenerWire(lb, l)));
        if (items.length < arns!.length) throw new SimError('ListenerNotFound', 'One or more listeners not found', 400);
      }
      return modelPage(model, 'DescribeListeners', input, items, PAGE);
    },
  },
  iamPrefix: 'elasticloadbalancing',
});
