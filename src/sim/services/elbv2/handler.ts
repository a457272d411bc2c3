/**
 * Elastic Load Balancing v2 over awsQuery, served from the committed model: the reads the collectors
 * make (DescribeLoadBalancers, DescribeLoadBalancerAttributes, DescribeListeners), with AWS's selectors,
 * page limits (PageSize 1–400, `Marker`/`NextMarker`) and not-found errors.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import type { World } from '../../world.ts';
import { peekElbv2State, type Listener, type LoadBalancer } from './model.ts';

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
