/**
 * EKS over REST-JSON, served from the committed model: ListClusters (maxResults 1–100, default 100) and
 * DescribeCluster (ResourceNotFoundException for an unknown name), as the API reference documents them;
 * and UpdateClusterConfig's logging update, which is asynchronous as in AWS: the call answers with an update
 * InProgress, the cluster is UPDATING (refusing other updates) until it completes, then shows the new logging.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { nextHex, type World } from '../../world.ts';
import { LOG_TYPES, peekEksState, type EksCluster, type LogType } from './model.ts';

const model = loadModel('eks');

function clusterWire(c: EksCluster): Record<string, unknown> {
  const enabled = LOG_TYPES.filter((t) => c.enabledLogTypes.includes(t));
  const disabled = LOG_TYPES.filter((t) => !c.enabledLogTypes.includes(t));
  return {
    name: c.name,
    arn: c.arn,
    createdAt: c.createdAt,
    version: c.version,
    endpoint: `https://${c.arn.slice(-12).toUpperCase()}.gr7.${c.arn.split(':')[3]}.eks.amazonaws.com`,
    roleArn: c.roleArn,
    resourcesVpcConfig: {
      subnetIds: c.subnetIds,
      securityGroupIds: c.securityGroupIds,
      clusterSecurityGroupId: c.clusterSecurityGroupId,
      vpcId: c.vpcId,
      endpointPublicAccess: c.endpointPublicAccess,
      endpointPrivateAccess: c.endpointPrivateAccess,
      publicAccessCidrs: c.publicAccessCidrs,
    },
    kubernetesNetworkConfig: { serviceIpv4Cidr: '10.100.0.0/16', ipFamily: 'ipv4' },
    // AWS lists the enabled types and the disabled ones as two entries (an empty list is left out).
    logging: { clusterLogging: [...(enabled.length ? [{ types: enabled, enabled: true }] : []), ...(disabled.length ? [{ types: disabled, enabled: false }] : [])] },
    status: c.update ? 'UPDATING' : 'ACTIVE',
    platformVersion: c.platformVersion,
    tags: c.tags,
  };
}

/** A finished update takes effect when the cluster is next looked at (the clock is the only thing that moves it). */
function settle(c: EksCluster): EksCluster {
  if (c.update && Date.now() >= c.update.completesAt) {
    c.enabledLogTypes = c.update.enabledLogTypes;
    delete c.update;
  }
  return c;
}

function findCluster(world: World, account: string, region: string, name: unknown): EksCluster {
  const c = peekEksState(world, account, region)?.clusters.find((x) => x.name === name);
  if (!c) throw new SimError('ResourceNotFoundException', `No cluster found for name: ${String(name)}.`, 404);
  return settle(c);
}

const invalid = (message: string) => new SimError('InvalidParameterException', message, 400);

/** The enabled log types after applying `clusterLogging` entries to `current`; throws as EKS does for unknown types. */
function applyLogging(current: readonly LogType[], entries: { types?: string[]; enabled?: boolean }[]): LogType[] {
  const next = new Set(current);
  for (const e of entries) {
    for (const t of e.types ?? []) {
      if (!(LOG_TYPES as readonly string[]).includes(t)) throw invalid(`The type ${t} is not a valid log type. Valid types: ${LOG_TYPES.join(', ')}`);
      if (e.enabled === true) next.add(t as LogType);
      else if (e.enabled === false) next.delete(t as LogType);
    }
  }
  return LOG_TYPES.filter((t) => next.has(t));
}

export const eks = modelService({
  model: 'eks',
  operations: {
    ListClusters(input, req, ctx) {
      const names = (peekEksState(ctx.world, req.accountId, req.region)?.clusters ?? []).map((c) => c.name);
      return modelPage(model, 'ListClusters', input, names, { min: 1, max: 100, default: 100, invalidCode: 'InvalidParameterException' });
    },
    DescribeCluster(input, req, ctx) {
      return { cluster: clusterWire(findCluster(ctx.world, req.accountId, req.region, input['name'])) };
    },
    UpdateClusterConfig(input, req, ctx) {
      const c = findCluster(ctx.world, req.accountId, req.region, input['name']);
      const kinds = ['resourcesVpcConfig', 'logging', 'accessConfig', 'upgradePolicy'].filter((k) => input[k] !== undefined);
      if (kinds.length !== 1) throw invalid(kinds.length ? 'Only one type of update can be allowed.' : 'At least one of the update parameters must be provided.');
      if (kinds[0] !== 'logging') throw invalid(`The local endpoint serves only logging updates, not ${kinds[0]!}`);
      if (c.update) throw new SimError('ResourceInUseException', `Cluster has update in progress: ${c.update.id}`, 409);
      const entries = ((input['logging'] as { clusterLogging?: { types?: string[]; enabled?: boolean }[] }).clusterLogging ?? []);
      const next = applyLogging(c.enabledLogTypes, entries);
      if (next.join() === c.enabledLogTypes.join()) throw invalid('No changes needed for the logging config provided');
      const state = peekEksState(ctx.world, req.accountId, req.region)!;
      const id = `${nextHex(ctx.world, 8)}-${nextHex(ctx.world, 4)}-4${nextHex(ctx.world, 3)}-8${nextHex(ctx.world, 3)}-${nextHex(ctx.world, 12)}`;
      c.update = { id, enabledLogTypes: next, completesAt: Date.now() + (state.updateMs ?? 200) };
      return {
        update: {
          id,
          status: 'InProgress',
          type: 'LoggingUpdate',
          params: [{ type: 'ClusterLogging', value: JSON.stringify({ clusterLogging: entries }) }],
          createdAt: new Date().toISOString(),
          errors: [],
        },
      };
    },
  },
});
