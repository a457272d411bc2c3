/**
 * EventBridge over awsJson 1.1. ListEventBuses is served from the committed model: `NamePrefix`,
 * `Limit` 1–100 and `NextToken`, each bus with its policy as AWS returns it (JSON text). Rules,
 * targets, bus permissions and PutEvents are served by `rules.ts` (their writes are not in the
 * committed model), with the same JSON protocol and errors.
 */
import { jsonBody, jsonError, jsonOperation, jsonResponse } from '../../protocols/json.ts';
import { paginate } from '../../protocols/paging.ts';
import { modelService } from '../../models/handler.ts';
import { SimError, type ServiceHandler } from '../../types.ts';
import { eventBuses } from './model.ts';
import { RULE_OPERATIONS } from './rules.ts';

const fromModel = modelService({
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

export const eventbridge: ServiceHandler = {
  ...fromModel,
  operation(req) {
    const op = jsonOperation(req);
    return Object.hasOwn(RULE_OPERATIONS, op) ? op : fromModel.operation(req);
  },
  handle(req, operation, ctx) {
    const op = Object.hasOwn(RULE_OPERATIONS, operation) ? RULE_OPERATIONS[operation] : undefined;
    if (!op) return fromModel.handle(req, operation, ctx);
    return jsonResponse(op(jsonBody(req), req, ctx.world));
  },
  error: (err, req) => (err.code === 'UnknownOperationException' || err.code === 'InternalError' ? fromModel.error(err, req) : jsonError(err)),
};
