/**
 * EventBridge over awsJson 1.1, served from the committed model: ListEventBuses with `NamePrefix`,
 * `Limit` 1–100 and `NextToken`, each bus with its policy as AWS returns it (JSON text).
 */
import { paginate } from '../../protocols/paging.ts';
import { modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { eventBuses } from './model.ts';

export const eventbridge = modelService({
  model: 'eventbridge',
  operations: {
    ListEventBuses(input, req, ctx) {
      const prefix = input['NamePrefix'] as string | undefined;
      if (prefix !== undefined && !/^[/.\-_A-Za-z0-9]{1,256}$/.test(prefix)) throw new SimError('ValidationException', `1 validation error detected: Value '${prefix}' at 'namePrefix' failed to satisfy constraint: Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+`, 400);
      const buses = eventBuses(ctx.world, req.accountId, req.region).filter((b) => prefix === undefined || b.name.startsWith(prefix));
      const limit = input['Limit'] as number | undefined;
      const { page, nextToken } = paginate(buses, limit, input['NextToken'] as string | undefined, { min: 1, max: 100, default: 100, invalidCode: 'ValidationException', tokenCode: 'ValidationException' });
      return {
        EventBuses: page.map((b) => ({ Name: b.name, Arn: b.arn, ...(b.policy ? { Policy: JSON.stringify(b.policy) } : {}) })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },
  },
});
