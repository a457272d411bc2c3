/**
 * EKS over REST-JSON, served from the committed model: ListClusters (maxResults 1–100, default 100) and
 * DescribeCluster (ResourceNotFoundException for an unknown name), as the API reference documents them.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { LOG_TYPES, peekEksState, type EksCluster } from './model.ts';

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
    status: 'ACTIVE',
    platformVersion: c.platformVersion,
    tags: c.tags,
  };
}

export const eks = modelService({
  model: 'eks',
  operations: {
    ListClusters(input, req, ctx) {
      const names = (peekEksState(ctx.world, req.accountId, req.region)?.clusters ?? []).map((c) => c.name);
      return modelPage(model, 'ListClusters', input, names, { min: 1, max: 100, default: 100, invalidCode: 'InvalidParameterException' });
    },
    DescribeCluster(input, req, ctx) {
      const c = peekEksState(ctx.world, req.accountId, req.region)?.clusters.find((x) => x.name === input['name']);
      if (!c) throw new SimError('ResourceNotFoundException', `No cluster found for name: ${String(input['name'])}.`, 404);
      return { cluster: clusterWire(c) };
    },
  },
});
