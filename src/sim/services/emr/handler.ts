/**
 * Amazon EMR (API 2009-03-31) over awsJson 1.1, signing name `elasticmapreduce`, served from the committed model:
 * ListClusters (50 per page by `Marker`, newest first, the ClusterStates filter), ListInstances (the
 * InstanceGroupTypes filter for instance-group clusters, InstanceFleetType for fleet clusters; an unknown cluster
 * is InvalidRequestException), ListSecurityConfigurations (50 per page) and DescribeSecurityConfiguration,
 * GetBlockPublicAccessConfiguration (AWS's default in an account that never set one) and
 * PutBlockPublicAccessConfiguration, which the remediation action sends. Tags are read in bulk through the
 * tagging API (src/sim/services/tagging.ts).
 */
import { modelService } from '../../models/handler.ts';
import { paginate } from '../../protocols/paging.ts';
import { SimError } from '../../types.ts';
import { CLUSTER_STATES, checkRanges, defaultBlockPublicAccess, emrState, peekEmrState, type EmrCluster, type PortRange } from './model.ts';

/** The API reference: ListClusters and ListSecurityConfigurations return "up to 50" items per call, ListInstances up to 2,000. */
const PAGE = { min: 50, max: 50, default: 50, tokenCode: 'InvalidRequestException' };
const INSTANCES_PAGE = { min: 2000, max: 2000, default: 2000, tokenCode: 'InvalidRequestException' };
const ROLES = ['MASTER', 'CORE', 'TASK'];

const invalid = (m: string) => new SimError('InvalidRequestException', m, 400);
const marker = (input: Record<string, unknown>) => (typeof input['Marker'] === 'string' ? input['Marker'] : undefined);

export const emr = modelService({
  model: 'emr',
  operations: {
    ListClusters(input, req, ctx) {
      const states = input['ClusterStates'] as string[] | undefined;
      for (const s of states ?? []) if (!(CLUSTER_STATES as readonly string[]).includes(s)) throw new SimError('ValidationException', `1 validation error detected: Value '${s}' at 'clusterStates' failed to satisfy constraint: Member must satisfy enum value set: [${CLUSTER_STATES.join(', ')}]`, 400);
      const clusters = [...(peekEmrState(ctx.world, req.accountId, req.region)?.clusters ?? [])]
        .filter((c) => !states?.length || states.includes(c.Status.State))
        .sort((a, b) => b.Status.Timeline.CreationDateTime.getTime() - a.Status.Timeline.CreationDateTime.getTime());
      const { page, nextToken } = paginate(clusters, undefined, marker(input), PAGE);
      return { Clusters: page.map((c) => ({ Id: c.Id, Name: c.Name, Status: structuredClone(c.Status), NormalizedInstanceHours: c.NormalizedInstanceHours, ClusterArn: c.ClusterArn })), ...(nextToken ? { Marker: nextToken } : {}) };
    },
    ListInstances(input, req, ctx) {
      const id = input['ClusterId'] as string;
      const c: EmrCluster | undefined = peekEmrState(ctx.world, req.accountId, req.region)?.clusters.find((x) => x.Id === id);
      if (!c) throw invalid(`Cluster id '${id}' is not valid.`);
      const groupTypes = input['InstanceGroupTypes'] as string[] | undefined;
      const fleetType = input['InstanceFleetType'] as string | undefined;
      for (const t of [...(groupTypes ?? []), ...(fleetType !== undefined ? [fleetType] : [])]) if (!ROLES.includes(t)) throw new SimError('ValidationException', `Value '${t}' is not one of MASTER, CORE, TASK`, 400);
      // A group filter selects nothing on a fleet cluster and a fleet filter nothing on a group cluster, as in AWS.
      let instances = c.instances;
      if (groupTypes?.length) instances = c.collection === 'groups' ? instances.filter((i) => groupTypes.includes(i.role)) : [];
      if (fleetType !== undefined) instances = c.collection === 'fleets' ? instances.filter((i) => i.role === fleetType) : [];
      const { page, nextToken } = paginate(instances, undefined, marker(input), INSTANCES_PAGE);
      return { Instances: page.map(({ role: _role, ...wire }) => structuredClone(wire)), ...(nextToken ? { Marker: nextToken } : {}) };
    },
    ListSecurityConfigurations(input, req, ctx) {
      const all = peekEmrState(ctx.world, req.accountId, req.region)?.securityConfigurations ?? [];
      const { page, nextToken } = paginate(all, undefined, marker(input), PAGE);
      return { SecurityConfigurations: page.map((s) => ({ Name: s.Name, CreationDateTime: s.CreationDateTime })), ...(nextToken ? { Marker: nextToken } : {}) };
    },
    DescribeSecurityConfiguration(input, req, ctx) {
      const name = input['Name'] as string;
      const s = peekEmrState(ctx.world, req.accountId, req.region)?.securityConfigurations.find((x) => x.Name === name);
      if (!s) throw invalid(`Security configuration with name '${name}' does not exist.`);
      return { Name: s.Name, SecurityConfiguration: s.SecurityConfiguration, CreationDateTime: s.CreationDateTime };
    },
    GetBlockPublicAccessConfiguration(_input, req, ctx) {
      return { ...structuredClone(peekEmrState(ctx.world, req.accountId, req.region)?.blockPublicAccess ?? defaultBlockPublicAccess(req.accountId)) };
    },
    PutBlockPublicAccessConfiguration(input, req, ctx) {
      const conf = input['BlockPublicAccessConfiguration'] as { BlockPublicSecurityGroupRules: boolean; PermittedPublicSecurityGroupRuleRanges?: PortRange[] };
      const ranges = conf.PermittedPublicSecurityGroupRuleRanges ?? [];
      checkRanges(ranges);
      emrState(ctx.world, req.accountId, req.region).blockPublicAccess = {
        BlockPublicAccessConfiguration: { BlockPublicSecurityGroupRules: conf.BlockPublicSecurityGroupRules, PermittedPublicSecurityGroupRuleRanges: ranges.map((r) => ({ ...r })) },
        BlockPublicAccessConfigurationMetadata: { CreationDateTime: new Date(), CreatedByArn: req.principalArn },
      };
      return {};
    },
  },
});
