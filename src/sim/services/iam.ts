import { queryError, queryResponse } from '../protocols/aws-query.ts';
import { parseForm } from '../protocols/query.ts';
import { SimError, type ServiceHandler } from '../types.ts';

const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const OPERATIONS = new Set(['ListAccountAliases']);

export const iam: ServiceHandler = {
  name: 'iam',
  operation(req) {
    const action = parseForm(req.body, req.query)['Action'] ?? '';
    if (!OPERATIONS.has(action)) throw new SimError('InvalidAction', `Could not find operation ${action} for version 2010-05-08`, 400);
    return action;
  },
  handle(req, operation, { world }) {
    const alias = world.accounts[req.accountId]?.alias;
    return queryResponse(XMLNS, operation, { AccountAliases: { member: alias ? [alias] : [] }, IsTruncated: false });
  },
  error: (err) => queryError(XMLNS, err),
  throttlingError: () => new SimError('Throttling', 'Rate exceeded', 400),
  accessDeniedError: (op, req) => new SimError('AccessDenied', `User: ${req.principalArn} is not authorized to perform: iam:${op} on resource: *`, 403),
};
