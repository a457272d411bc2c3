/**
 * AWS Secrets Manager over awsJson 1.1, served from the committed model: ListSecrets (MaxResults 1–100,
 * `NextToken`; the list-with-details call, tags included; secrets scheduled for deletion are not modelled).
 */
import { modelService } from '../../models/handler.ts';
import { paginate } from '../../protocols/paging.ts';
import { SimError } from '../../types.ts';
import { peekSecretsManagerState } from './model.ts';

export const secretsmanager = modelService({
  model: 'secretsmanager',
  operations: {
    ListSecrets(input, req, ctx) {
      const order = input['SortOrder'];
      if (order !== undefined && order !== 'asc' && order !== 'desc') throw new SimError('ValidationException', `1 validation error detected: Value '${String(order)}' at 'sortOrder' failed to satisfy constraint: Member must satisfy enum value set: [asc, desc]`, 400);
      const secrets = [...(peekSecretsManagerState(ctx.world, req.accountId, req.region)?.secrets ?? [])].sort((a, b) => (a.CreatedDate < b.CreatedDate ? -1 : 1) * (order === 'asc' ? 1 : -1));
      // The model's paginator names no result key (ListSecrets'), so the page is cut here.
      const { page, nextToken } = paginate(secrets, input['MaxResults'] as number | undefined, input['NextToken'] as string | undefined, { min: 1, max: 100, default: 100, invalidCode: 'InvalidParameterException', tokenCode: 'InvalidNextTokenException' });
      return { SecretList: page.map((s) => structuredClone(s)), ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  },
});
