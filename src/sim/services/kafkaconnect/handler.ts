/**
 * MSK Connect over REST-JSON, served from the committed model: ListConnectors (maxResults 1–100, a forged
 * token BadRequestException, the name prefix filter), as the API reference documents it. Tags are read in
 * bulk through the tagging API (src/sim/services/tagging.ts).
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { peekKafkaConnectState } from './model.ts';

const model = loadModel('kafkaconnect');
const PAGE = { min: 1, max: 100, default: 100, invalidCode: 'BadRequestException', tokenCode: 'BadRequestException' };

export const kafkaconnect = modelService({
  model: 'kafkaconnect',
  operations: {
    ListConnectors(input, req, ctx) {
      const prefix = input['connectorNamePrefix'];
      const connectors = (peekKafkaConnectState(ctx.world, req.accountId, req.region)?.connectors ?? []).filter((c) => typeof prefix !== 'string' || c.connectorName.startsWith(prefix));
      return modelPage(model, 'ListConnectors', input, connectors.map(({ tags: _tags, ...wire }) => structuredClone(wire)), PAGE);
    },
  },
});
