import { randomBytes } from 'node:crypto';
import { queryError, queryResponse } from '../protocols/aws-query.ts';
import { parseForm } from '../protocols/query.ts';
import { SimError, type ServiceHandler, type SimContext, type SimRequest } from '../types.ts';

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const OPERATIONS = new Set(['GetCallerIdentity', 'AssumeRole']);

function keyId(prefix: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = randomBytes(16);
  return prefix + Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export const sts: ServiceHandler = {
  name: 'sts',
  operation(req) {
    const action = parseForm(req.body, req.query)['Action'] ?? '';
    if (!OPERATIONS.has(action)) throw new SimError('InvalidAction', `Could not find operation ${action} for version 2011-06-15`, 400);
    return action;
  },
  handle(req: SimRequest, operation: string, { world }: SimContext) {
    const p = parseForm(req.body, req.query);
    if (operation === 'GetCallerIdentity') {
      return queryResponse(XMLNS, operation, { UserId: req.accessKeyId, Account: req.accountId, Arn: req.principalArn });
    }
    // AssumeRole
    const roleArn = p['RoleArn'] ?? '';
    const sessionName = p['RoleSessionName'] ?? '';
    const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
    if (!m) throw new SimError('ValidationError', `1 validation error detected: Value '${roleArn}' at 'roleArn' failed to satisfy constraint`, 400);
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) throw new SimError('ValidationError', "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint", 400);
    const [, targetAccount, roleName] = m as unknown as [string, string, string];
    const account = world.accounts[targetAccount];
    const denied = new SimError('AccessDenied', `User: ${req.principalArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
    if (!account || account.status !== 'ACTIVE') throw denied;
    if (account.roles && !account.roles.includes(roleName)) throw denied;
    if (account.externalId !== undefined && p['ExternalId'] !== account.externalId) throw denied;
    const duration = Number(p['DurationSeconds'] ?? 3600);
    const accessKeyId = keyId('ASIA');
    const expiration = new Date(Date.now() + duration * 1000).toISOString();
    const assumedArn = `arn:aws:sts::${targetAccount}:assumed-role/${roleName}/${sessionName}`;
    world.keys[accessKeyId] = {
      accountId: targetAccount,
      principalArn: assumedArn,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(48).toString('base64'),
      expiration,
    };
    const key = world.keys[accessKeyId]!;
    return queryResponse(XMLNS, operation, {
      Credentials: { AccessKeyId: accessKeyId, SecretAccessKey: key.secretAccessKey, SessionToken: key.sessionToken, Expiration: expiration },
      AssumedRoleUser: { AssumedRoleId: `AROA${accessKeyId.slice(4, 20)}:${sessionName}`, Arn: assumedArn },
    });
  },
  error: (err) => queryError(XMLNS, err),
  throttlingError: () => new SimError('Throttling', 'Rate exceeded', 400),
  accessDeniedError: (op, req) => new SimError('AccessDenied', `User: ${req.principalArn} is not authorized to perform: sts:${op}`, 403),
};
