import { toXml } from '../protocols/xml.ts';
import type { ServiceHandler, SimRequest } from '../types.ts';
import { getAccountPublicAccessBlock, putAccountPublicAccessBlock, S3Error } from './s3/model.ts';
import { emptyResponse, errorResponse, parsePublicAccessBlock, renderPublicAccessBlock, requestIds, xmlBody } from './s3/wire.ts';

/**
 * S3 Control (REST-XML, signing name `s3`, paths under `/v20180820/`): the account-level Block Public
 * Access configuration. The account comes from the `x-amz-account-id` header and must be the caller's.
 */

const NS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
const PAB_PATH = '/v20180820/configuration/publicAccessBlock';
const OPERATIONS: Record<string, string> = {
  'GET /v20180820/configuration/publicAccessBlock': 'GetPublicAccessBlock',
  'PUT /v20180820/configuration/publicAccessBlock': 'PutPublicAccessBlock',
  'DELETE /v20180820/configuration/publicAccessBlock': 'DeletePublicAccessBlock',
};
const IAM_ACTIONS: Record<string, string> = {
  GetPublicAccessBlock: 's3:GetAccountPublicAccessBlock',
  PutPublicAccessBlock: 's3:PutAccountPublicAccessBlock',
  DeletePublicAccessBlock: 's3:PutAccountPublicAccessBlock',
};

function denied(operation: string, req: SimRequest, why: string): S3Error {
  const action = IAM_ACTIONS[operation] ?? `s3:${operation}`;
  return new S3Error('AccessDenied', `User: ${req.principalArn} is not authorized to perform: ${action} on resource: "arn:aws:s3:::*" because ${why}`, 403);
}

export const s3control: ServiceHandler = {
  name: 's3control',
  operation(req) {
    const op = OPERATIONS[`${req.method} ${req.path.replace(/\/+$/, '')}`];
    if (!op) throw new S3Error('NotImplemented', 'A header you provided implies functionality that is not implemented', 501);
    return op;
  },
  handle(req, operation, { world }) {
    const account = req.headers['x-amz-account-id'];
    if (!account) throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-account-id', 400);
    if (account !== req.accountId) throw denied(operation, req, 'no resource-based policy allows the action');
    if (operation === 'GetPublicAccessBlock') {
      const pab = getAccountPublicAccessBlock(world, account);
      if (!pab) throw new S3Error('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404, { AccountId: account });
      return { status: 200, headers: { 'content-type': 'application/xml', ...requestIds() }, body: toXml('PublicAccessBlockConfiguration', { '@xmlns': NS, ...renderPublicAccessBlock(pab) }) };
    }
    if (operation === 'PutPublicAccessBlock') {
      putAccountPublicAccessBlock(world, account, parsePublicAccessBlock(xmlBody(req, 'PublicAccessBlockConfiguration')));
      return emptyResponse(200);
    }
    putAccountPublicAccessBlock(world, account, null);
    return emptyResponse(204);
  },
  error: (err, req) => errorResponse(err, req.method),
  throttlingError: () => new S3Error('SlowDown', 'Please reduce your request rate.', 503),
  accessDeniedError: (operation, req) => denied(operation, req, 'no identity-based policy allows the action'),
};

export { PAB_PATH };
