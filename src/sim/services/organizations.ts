import { jsonBody, jsonError, jsonOperation, jsonResponse } from '../protocols/json.ts';
import { paginate } from '../protocols/paging.ts';
import { SimError, type ServiceHandler } from '../types.ts';
import type { SimAccount, World } from '../world.ts';

const OPERATIONS = new Set(['DescribeOrganization', 'ListAccounts', 'DescribeAccount']);

function accountJson(world: World, a: SimAccount) {
  const org = world.organization!;
  return {
    Id: a.id,
    Arn: `arn:aws:organizations::${org.masterAccountId}:account/${org.id}/${a.id}`,
    Email: a.email,
    Name: a.name,
    Status: a.status,
    JoinedMethod: a.id === org.masterAccountId ? 'INVITED' : 'CREATED',
    // awsJson timestamps are epoch seconds.
    JoinedTimestamp: Date.parse(a.joinedTimestamp) / 1000,
  };
}

export const organizations: ServiceHandler = {
  name: 'organizations',
  operation(req) {
    const op = jsonOperation(req);
    if (!OPERATIONS.has(op)) throw new SimError('UnknownOperationException', `Unknown operation ${op}`, 400);
    return op;
  },
  handle(req, operation, { world }) {
    const org = world.organization;
    if (!org || !world.accounts[req.accountId]) {
      throw new SimError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.', 400);
    }
    const body = jsonBody(req);
    if (operation === 'DescribeOrganization') {
      const master = world.accounts[org.masterAccountId]!;
      return jsonResponse({
        Organization: {
          Id: org.id,
          Arn: org.arn,
          FeatureSet: org.featureSet,
          MasterAccountArn: `arn:aws:organizations::${org.masterAccountId}:account/${org.id}/${org.masterAccountId}`,
          MasterAccountId: org.masterAccountId,
          MasterAccountEmail: master.email,
          AvailablePolicyTypes: [],
        },
      });
    }
    // Only the management account (or a delegated administrator) may list or describe accounts.
    if (req.accountId !== org.masterAccountId) {
      throw new SimError('AccessDeniedException', "You don't have permissions to access this resource.", 400);
    }
    if (operation === 'DescribeAccount') {
      const id = String(body['AccountId'] ?? '');
      const a = world.accounts[id];
      if (!a) throw new SimError('AccountNotFoundException', "You specified an account that doesn't exist.", 400);
      return jsonResponse({ Account: accountJson(world, a) });
    }
    const all = Object.values(world.accounts).sort((a, b) => a.id.localeCompare(b.id));
    const { page, nextToken } = paginate(all, body['MaxResults'] as number | undefined, body['NextToken'] as string | undefined, {
      min: 1,
      max: 20,
      default: 20,
      invalidCode: 'InvalidInputException',
      tokenCode: 'InvalidInputException',
    });
    return jsonResponse({ Accounts: page.map((a) => accountJson(world, a)), ...(nextToken ? { NextToken: nextToken } : {}) });
  },
  error: (err) => jsonError(err),
  throttlingError: () => new SimError('TooManyRequestsException', 'AWS Organizations can\'t complete your request because another request is already in progress. Try again later.', 400),
  accessDeniedError: () => new SimError('AccessDeniedException', "You don't have permissions to access this resource.", 400),
};
