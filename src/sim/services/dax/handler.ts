/**
 * DynamoDB Accelerator (DAX) over awsJson 1.1, served from the committed model: DescribeClusters
 * (MaxResults 20–100, `NextToken`; named clusters that do not exist are ClusterNotFoundFault). Tags are
 * read in bulk through the tagging API (src/sim/services/tagging.ts).
 */
import { modelService } from '../../models/handler.ts';
import { paginate } from '../../protocols/paging.ts';
import { SimError } from '../../types.ts';
import { peekDaxState, type DaxCluster } from './model.ts';

/** The API reference: "The value for MaxResults must be between 20 and 100." */
const PAGE = { min: 20, max: 100, default: 100, invalidCode: 'InvalidParameterValueException', tokenCode: 'InvalidParameterValueException' };

function wire(c: DaxCluster, region: string): Record<string, unknown> {
  const endpoint = (host: string) => ({ Address: host, Port: c.ClusterEndpointEncryptionType === 'TLS' ? 9111 : 8111, URL: `${c.ClusterEndpointEncryptionType === 'TLS' ? 'daxs' : 'dax'}://${host}` });
  const { sse, tags: _tags, Nodes, ...rest } = c;
  return {
    ...rest,
    TotalNodes: Nodes.length,
    ActiveNodes: Nodes.length,
    ClusterDiscoveryEndpoint: endpoint(`${c.ClusterName}.abc123.dax-clusters.${region}.amazonaws.com`),
    Nodes: Nodes.map((n) => ({ ...n, Endpoint: endpoint(`${n.NodeId}.${c.ClusterName}.abc123.dax-clusters.${region}.amazonaws.com`), NodeCreateTime: new Date(Date.UTC(2026, 0, 15)), ParameterGroupStatus: 'in-sync' })),
    PreferredMaintenanceWindow: 'sun:05:00-sun:06:00',
    SecurityGroups: [],
    ParameterGroup: { ParameterGroupName: 'default.dax1.0', ParameterApplyStatus: 'in-sync', NodeIdsToReboot: [] },
    SSEDescription: { Status: sse ? 'ENABLED' : 'DISABLED' },
  };
}

export const dax = modelService({
  model: 'dax',
  operations: {
    DescribeClusters(input, req, ctx) {
      const all = peekDaxState(ctx.world, req.accountId, req.region)?.clusters ?? [];
      const names = input['ClusterNames'] as string[] | undefined;
      let clusters = all;
      if (names?.length) {
        const missing = names.find((n) => !all.some((c) => c.ClusterName === n));
        if (missing !== undefined) throw new SimError('ClusterNotFoundFault', `Cluster ${missing} not found.`, 400);
        clusters = all.filter((c) => names.includes(c.ClusterName));
      }
      const { page, nextToken } = paginate(clusters, input['MaxResults'] as number | undefined, input['NextToken'] as string | undefined, PAGE);
      return { Clusters: page.map((c) => wire(c, req.region)), ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  },
});
