/**
 * Amazon Redshift Serverless over awsJson 1.1, served from the committed model: ListNamespaces and
 * ListWorkgroups (maxResults 1–100, `nextToken`; ListWorkgroups carries each workgroup's
 * configParameters, so no GetWorkgroup is needed). Tags are read in bulk through the tagging API.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { peekRedshiftServerlessState } from './model.ts';

const model = loadModel('redshiftserverless');
/** The API reference: maxResults "Valid Range: Minimum value of 1. Maximum value of 100." */
const PAGE = { min: 1, max: 100, default: 100 };

export const redshiftServerless = modelService({
  model: 'redshiftserverless',
  operations: {
    ListNamespaces(input, req, ctx) {
      const namespaces = peekRedshiftServerlessState(ctx.world, req.accountId, req.region)?.namespaces ?? [];
      return modelPage(model, 'ListNamespaces', input, namespaces.map(({ tags: _tags, ...wire }) => structuredClone(wire)), PAGE);
    },
    ListWorkgroups(input, req, ctx) {
      const workgroups = peekRedshiftServerlessState(ctx.world, req.accountId, req.region)?.workgroups ?? [];
      return modelPage(model, 'ListWorkgroups', input, workgroups.map(({ tags: _tags, ...wire }) => structuredClone(wire)), PAGE);
    },
  },
});
