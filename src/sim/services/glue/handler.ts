/**
 * AWS Glue over awsJson 1.1, served from the committed model: GetJobs (MaxResults 1–1000, `NextToken`)
 * with every job's definition, and GetMLTransforms (MaxResults 1–100) with every transform's encryption. Tags are read in bulk through the tagging API (src/sim/services/tagging.ts).
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { paginate } from '../../protocols/paging.ts';
import { peekGlueState } from './model.ts';

const model = loadModel('glue');

export const glue = modelService({
  model: 'glue',
  operations: {
    GetJobs(input, req, ctx) {
      const jobs = (peekGlueState(ctx.world, req.accountId, req.region)?.jobs ?? []).map(({ tags: _tags, ...j }) => j);
      return modelPage(model, 'GetJobs', input, jobs, { min: 1, max: 1000, default: 100, invalidCode: 'InvalidInputException', tokenCode: 'InvalidInputException' });
    },
    GetMLTransforms(input, req, ctx) {
      const transforms = (peekGlueState(ctx.world, req.accountId, req.region)?.mlTransforms ?? []).map(({ tags: _tags, ...t }) => t);
      const { page, nextToken } = paginate(transforms, input['MaxResults'] as number | undefined, input['NextToken'] as string | undefined, { min: 1, max: 100, default: 100, invalidCode: 'InvalidInputException', tokenCode: 'InvalidInputException' });
      return { Transforms: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  },
});
