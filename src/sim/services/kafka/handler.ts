/**
 * Amazon MSK over REST-JSON, served from the committed model: ListClustersV2 (maxResults 1–100, a forged
 * token BadRequestException, the cluster name prefix and type filters), as the API reference documents it.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { peekKafkaState } from './model.ts';

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
  },
});
