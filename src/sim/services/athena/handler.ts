/**
 * Athena over awsJson 1.1, served from the committed model: ListWorkGroups (MaxResults 1–50, `NextToken`)
 * and GetWorkGroup with AWS's InvalidRequestException for a workgroup that does not exist. Tags are read
 * in bulk through the tagging API (src/sim/services/tagging.ts).
 */
import { modelService } from '../../models/handler.ts';
import { paginate } from '../../protocols/paging.ts';
import { SimError } from '../../types.ts';
import { peekAthenaState } from './model.ts';

export const athena = modelService({
  model: 'athena',
  operations: {
    ListWorkGroups(input, req, ctx) {
      const all = [...(peekAthenaState(ctx.world, req.accountId, req.region)?.workgroups ?? [])].sort((a, b) => (a.Name < b.Name ? -1 : 1));
      const { page, nextToken } = paginate(all, input['MaxResults'] as number | undefined, input['NextToken'] as string | undefined, { min: 1, max: 50, default: 50, invalidCode: 'InvalidRequestException', tokenCode: 'InvalidRequestException' });
      return {
        WorkGroups: page.map((w) => ({ Name: w.Name, State: w.State, ...(w.Description ? { Description: w.Description } : {}), CreationTime: w.CreationTime, EngineVersion: w.Configuration.EngineVersion })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },
    GetWorkGroup(input, req, ctx) {
      const name = input['WorkGroup'] as string;
      const w = (peekAthenaState(ctx.world, req.accountId, req.region)?.workgroups ?? []).find((x) => x.Name === name);
      if (!w) throw new SimError('InvalidRequestException', `WorkGroup ${name} is not found.`, 400);
      const { tags: _tags, ...workgroup } = w;
      return { WorkGroup: structuredClone(workgroup) };
    },
  },
});
