/**
 * Amazon MSK over REST-JSON, served from the committed model: ListClustersV2 (maxResults 1–100, a forged
 * token BadRequestException, the cluster name prefix and type filters), as the API reference documents it.
 * Hand-written for the remediation action: DescribeClusterV2 and UpdateConnectivity (public access, checked against
 * the cluster's CurrentVersion, which every update changes).
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { nextHex } from '../../world.ts';
import { peekKafkaState, type MskCluster } from './model.ts';

const model = loadModel('kafka');
const PAGE = { min: 1, max: 100, default: 100, invalidCode: 'BadRequestException', tokenCode: 'BadRequestException' };

export const kafka = modelService({
  model: 'kafka',
  operations: {
    ListClustersV2(input, req, ctx) {
      const prefix = input['ClusterNameFilter'];
      const type = input['ClusterTypeFilter'];
      if (type !== undefined && type !== 'PROVISIONED' && type !== 'SERVERLESS') throw new SimError('BadRequestException', `clusterTypeFilter must be PROVISIONED or SERVERLESS, not ${String(type)}.`, 400);
      const clusters = (peekKafkaState(ctx.world, req.accountId, req.region)?.clusters ?? []).filter(
        (c) => (typeof prefix !== 'string' || c.ClusterName.startsWith(prefix)) && (type === undefined || c.ClusterType === type),
      );
      return modelPage(model, 'ListClustersV2', input, clusters.map((c) => structuredClone(c)), PAGE);
    },
    // The read and write the remediation action sends (hand-written, beside the model-driven listing).
    DescribeClusterV2(input, req, ctx) {
      return { ClusterInfo: structuredClone(clusterOf(ctx.world, req.accountId, req.region, input['ClusterArn'])) };
    },
    UpdateConnectivity(input, req, ctx) {
      const c = clusterOf(ctx.world, req.accountId, req.region, input['ClusterArn']);
      if (c.ClusterType !== 'PROVISIONED' || !c.Provisioned) throw new SimError('BadRequestException', 'UpdateConnectivity is not supported for serverless clusters.', 400);
      // The optimistic lock AWS documents: the version the caller read must still be the cluster's.
      if (input['CurrentVersion'] !== c.CurrentVersion) throw new SimError('BadRequestException', `The request's current version ${String(input['CurrentVersion'])} does not match the cluster's current version.`, 400);
      const type = (input['ConnectivityInfo'] as { PublicAccess?: { Type?: string } } | undefined)?.PublicAccess?.Type;
      if (type !== 'DISABLED' && type !== 'SERVICE_PROVIDED_EIPS') throw new SimError('BadRequestException', `PublicAccess.Type must be DISABLED or SERVICE_PROVIDED_EIPS, not ${String(type)}.`, 400);
      const p = c.Provisioned as { BrokerNodeGroupInfo: { ConnectivityInfo: { PublicAccess: { Type: string } } }; ClientAuthentication: { Unauthenticated: { Enabled: boolean } }; EncryptionInfo: { EncryptionInTransit: { ClientBroker: string; InCluster: boolean } } };
      if (type === 'SERVICE_PROVIDED_EIPS' && (p.ClientAuthentication.Unauthenticated.Enabled || p.EncryptionInfo.EncryptionInTransit.ClientBroker !== 'TLS' || !p.EncryptionInfo.EncryptionInTransit.InCluster)) {
        throw new SimError('BadRequestException', 'Public access requires TLS-only client-broker encryption and authenticated clients.', 400);
      }
      p.BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type = type;
      c.CurrentVersion = `K${nextHex(ctx.world, 13).toUpperCase()}`;
      return { ClusterArn: c.ClusterArn, ClusterOperationArn: `${c.ClusterArn.replace(':cluster/', ':cluster-operation/')}/${nextHex(ctx.world, 8)}-0000-4000-8000-${nextHex(ctx.world, 12)}` };
    },
  },
});

function clusterOf(world: Parameters<typeof peekKafkaState>[0], account: string, region: string, arn: unknown): MskCluster {
  const c = peekKafkaState(world, account, region)?.clusters.find((x) => x.ClusterArn === arn);
  if (!c) throw new SimError('NotFoundException', `The cluster ${String(arn)} does not exist.`, 404);
  return c;
}
