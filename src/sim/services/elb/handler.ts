/**
 * Classic Elastic Load Balancing (API 2012-06-01) over awsQuery, served from the committed model: the
 * reads the collector makes (DescribeLoadBalancers, DescribeLoadBalancerAttributes, DescribeTags), with
 * AWS's selectors, page limits (PageSize 1–400, `Marker`/`NextMarker`), the 20-name limit of
 * DescribeTags and not-found errors; and the write remediation makes (ModifyLoadBalancerAttributes) with
 * the documented validation, all or nothing.
 *
 * Classic and v2 share the signing name `elasticloadbalancing` and one endpoint; AWS tells them apart by
 * the request's `Version`, and so does `elasticLoadBalancing` below, the handler the router knows.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError, type ServiceHandler, type SimRequest } from '../../types.ts';
import type { World } from '../../world.ts';
import { elbv2 } from '../elbv2/handler.ts';
import { getBucket } from '../s3/model.ts';
import { peekElbState, type ClassicAttributes, type ClassicLoadBalancer } from './model.ts';

const model = loadModel('elb');
const PAGE = { min: 1, max: 400, default: 400, limitKey: 'PageSize', invalidCode: 'ValidationError' };
/** DescribeTags takes at most 20 load balancer names (the API reference's limit). */
export const TAGS_NAMES_MAX = 20;

function loadBalancers(world: World, account: string, region: string): ClassicLoadBalancer[] {
  return peekElbState(world, account, region)?.loadBalancers ?? [];
}

const notFound = (name: string) => new SimError('LoadBalancerNotFound', `There is no ACTIVE Load Balancer named '${name}'`, 400);

function byName(world: World, req: SimRequest, name: unknown): ClassicLoadBalancer {
  const lb = loadBalancers(world, req.accountId, req.region).find((x) => x.name === name);
  if (!lb) throw notFound(String(name));
  return lb;
}

function lbWire(lb: ClassicLoadBalancer): Record<string, unknown> {
  return {
    LoadBalancerName: lb.name,
    DNSName: lb.dnsName,
    CanonicalHostedZoneName: lb.dnsName,
    CanonicalHostedZoneNameID: 'Z35SXDOTRQ7X7K',
    ListenerDescriptions: lb.listeners.map((l) => ({ Listener: { ...l }, PolicyNames: [] })),
    Policies: { AppCookieStickinessPolicies: [], LBCookieStickinessPolicies: [], OtherPolicies: [] },
    BackendServerDescriptions: [],
    AvailabilityZones: lb.availabilityZones,
    Subnets: lb.subnets,
    VPCId: lb.vpcId,
    Instances: lb.instances.map((InstanceId) => ({ InstanceId })),
    HealthCheck: { Target: `TCP:${lb.listeners[0]?.InstancePort ?? 80}`, Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 10 },
    SourceSecurityGroup: { OwnerAlias: '', GroupName: 'default' },
    SecurityGroups: lb.securityGroups,
    CreatedTime: lb.createdTime,
    Scheme: lb.scheme,
  };
}

const invalid = (message: string) => new SimError('ValidationError', message, 400);
/** Classic answers a configuration it cannot apply with 409 (the API reference's InvalidConfigurationRequest). */
const badConfig = (message: string) => new SimError('InvalidConfigurationRequest', message, 409);
const ADDITIONAL: Record<string, readonly string[]> = { 'elb.http.desyncmitigationmode': ['monitor', 'defensive', 'strictest'] };

/**
 * ModifyLoadBalancerAttributes: each block given replaces that block (AccessLog, ConnectionDraining, …), additional
 * attributes by key. Checked as AWS does before anything changes: a bucket for enabled access logs that exists,
 * emit interval 5 or 60, draining timeout 1–3600 s, idle timeout 1–4000 s, known additional keys and values.
 */
function modifyClassicAttributes(current: ClassicAttributes, input: Partial<ClassicAttributes>, bucketExists: (name: string) => boolean): ClassicAttributes {
  const next = structuredClone(current);
  if (input.CrossZoneLoadBalancing) {
    if (typeof input.CrossZoneLoadBalancing.Enabled !== 'boolean') throw invalid('CrossZoneLoadBalancing.Enabled is required');
    next.CrossZoneLoadBalancing = { Enabled: input.CrossZoneLoadBalancing.Enabled };
  }
  if (input.AccessLog) {
    const a = input.AccessLog;
    if (typeof a.Enabled !== 'boolean') throw invalid('AccessLog.Enabled is required');
    if (a.EmitInterval !== undefined && a.EmitInterval !== 5 && a.EmitInterval !== 60) throw invalid(`The emit interval must be 5 or 60 minutes, not ${a.EmitInterval}`);
    if (a.Enabled) {
      if (!a.S3BucketName) throw badConfig('The S3 bucket name is required when access logs are enabled');
      if (!bucketExists(a.S3BucketName)) throw badConfig(`Access Denied for bucket: ${a.S3BucketName}. Please check S3bucket permission`);
    }
    next.AccessLog = { Enabled: a.Enabled, ...(a.S3BucketName !== undefined ? { S3BucketName: a.S3BucketName } : {}), ...(a.Enabled || a.EmitInterval !== undefined ? { EmitInterval: a.EmitInterval ?? 60 } : {}), ...(a.S3BucketPrefix !== undefined ? { S3BucketPrefix: a.S3BucketPrefix } : {}) };
  }
  if (input.ConnectionDraining) {
    const d = input.ConnectionDraining;
    if (typeof d.Enabled !== 'boolean') throw invalid('ConnectionDraining.Enabled is required');
    if (d.Timeout !== undefined && (d.Timeout < 1 || d.Timeout > 3600)) throw invalid(`The connection draining timeout must be between 1 and 3600 seconds, not ${d.Timeout}`);
    next.ConnectionDraining = { Enabled: d.Enabled, Timeout: d.Timeout ?? current.ConnectionDraining.Timeout ?? 300 };
  }
  if (input.ConnectionSettings) {
    const t = input.ConnectionSettings.IdleTimeout;
    if (typeof t !== 'number' || t < 1 || t > 4000) throw invalid(`The idle timeout must be between 1 and 4000 seconds, not ${String(t)}`);
    next.ConnectionSettings = { IdleTimeout: t };
  }
  for (const a of input.AdditionalAttributes ?? []) {
    const allowed = ADDITIONAL[a.Key];
    if (!allowed) throw new SimError('LoadBalancerAttributeNotFound', `The load balancer attribute '${a.Key}' does not exist`, 400);
    if (!allowed.includes(a.Value)) throw invalid(`The value '${a.Value}' is not valid for '${a.Key}'; valid values: ${allowed.join(', ')}`);
    const existing = next.AdditionalAttributes.find((x) => x.Key === a.Key);
    if (existing) existing.Value = a.Value;
    else next.AdditionalAttributes.push({ Key: a.Key, Value: a.Value });
  }
  return next;
}

export const elb = modelService({
  model: 'elb',
  operations: {
    DescribeLoadBalancers(input, req, ctx) {
      const all = loadBalancers(ctx.world, req.accountId, req.region);
      const names = input['LoadBalancerNames'] as string[] | undefined;
      const selected = names?.length ? names.map((n) => byName(ctx.world, req, n)) : all;
      return modelPage(model, 'DescribeLoadBalancers', input, selected.map(lbWire), PAGE);
    },
    DescribeLoadBalancerAttributes(input, req, ctx) {
      const lb = byName(ctx.world, req, input['LoadBalancerName']);
      return { LoadBalancerAttributes: structuredClone(lb.attributes) };
    },
    ModifyLoadBalancerAttributes(input, req, ctx) {
      const lb = byName(ctx.world, req, input['LoadBalancerName']);
      lb.attributes = modifyClassicAttributes(lb.attributes, (input['LoadBalancerAttributes'] as Partial<ClassicAttributes> | undefined) ?? {}, (name) => getBucket(ctx.world, name) !== undefined);
      return { LoadBalancerName: lb.name, LoadBalancerAttributes: structuredClone(lb.attributes) };
    },
    DescribeTags(input, req, ctx) {
      const names = (input['LoadBalancerNames'] as string[] | undefined) ?? [];
      if (names.length < 1 || names.length > TAGS_NAMES_MAX) {
        throw new SimError('ValidationError', `1 validation error detected: Value '[${names.join(', ')}]' at 'loadBalancerNames' failed to satisfy constraint: Member must have length less than or equal to ${TAGS_NAMES_MAX}`, 400);
      }
      return { TagDescriptions: names.map((n) => ({ LoadBalancerName: n, Tags: Object.entries(byName(ctx.world, req, n).tags).map(([Key, Value]) => ({ Key, Value })) })) };
    },
  },
  iamPrefix: 'elasticloadbalancing',
});

/** The API version a query request names (`Version` in the form body or the query string). */
function versionOf(req: SimRequest): string | null {
  const form = new URLSearchParams(req.body.toString('utf8'));
  return form.get('Version') ?? req.query.get('Version');
}

const BY_VERSION: Record<string, ServiceHandler> = { [model.metadata.apiVersion]: elb, [loadModel('elbv2').metadata.apiVersion]: elbv2 };

function pick(req: SimRequest): ServiceHandler {
  const version = versionOf(req);
  const handler = version ? BY_VERSION[version] : undefined;
  if (!handler) throw new SimError(version ? 'InvalidAction' : 'MissingParameter', version ? `Version ${version} is not served: expected ${Object.keys(BY_VERSION).join(' or ')}` : 'The request must contain the parameter Version', 400);
  return handler;
}

/**
 * The `elasticloadbalancing` endpoint: classic (2012-06-01) and v2 (2015-12-01) by the request's version.
 * Both answer to the same IAM actions (`elasticloadbalancing:DescribeLoadBalancers`), so deny lists and
 * fault specs name them alike.
 */
export const elasticLoadBalancing: ServiceHandler = {
  name: elbv2.name,
  operation: (req) => pick(req).operation(req),
  handle: (req, operation, ctx) => pick(req).handle(req, operation, ctx),
  error: (err, req) => {
    const version = versionOf(req);
    return (version && BY_VERSION[version] ? BY_VERSION[version] : elbv2).error(err, req);
  },
  throttlingError: () => elbv2.throttlingError(),
  accessDeniedError: (operation, req) => pick(req).accessDeniedError(operation, req),
};
