import { toXml, type XmlValue } from '../protocols/xml.ts';
import type { ServiceHandler, SimRequest, SimResponse } from '../types.ts';
import { getAccountPublicAccessBlock, putAccountPublicAccessBlock, S3Error } from './s3/model.ts';
import { accessPointAlias, getAccessPoint, listAccessPoints, listMultiRegionAccessPoints } from './s3/settings.ts';
import { emptyResponse, errorResponse, parsePublicAccessBlock, renderPublicAccessBlock, requestIds, xmlBody } from './s3/wire.ts';

/**
 * S3 Control (REST-XML, signing name `s3`, paths under `/v20180820/`): the account-level Block Public
 * Access configuration, access points (regional) and Multi-Region Access Points (their control plane
 * answers in us-west-2 only). The account comes from the `x-amz-account-id` header and must be the caller's.
 */

const NS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
const PAB_PATH = '/v20180820/configuration/publicAccessBlock';
const OPERATIONS: Record<string, string> = {
  'GET /v20180820/configuration/publicAccessBlock': 'GetPublicAccessBlock',
  'PUT /v20180820/configuration/publicAccessBlock': 'PutPublicAccessBlock',
  'DELETE /v20180820/configuration/publicAccessBlock': 'DeletePublicAccessBlock',
  'GET /v20180820/accesspoint': 'ListAccessPoints',
  'GET /v20180820/mrap/instances': 'ListMultiRegionAccessPoints',
};
/** Where Multi-Region Access Point control-plane requests must go. */
const MRAP_REGION = 'us-west-2';
const IAM_ACTIONS: Record<string, string> = {
  GetPublicAccessBlock: 's3:GetAccountPublicAccessBlock',
  PutPublicAccessBlock: 's3:PutAccountPublicAccessBlock',
  DeletePublicAccessBlock: 's3:PutAccountPublicAccessBlock',
  ListMultiRegionAccessPoints: 's3:ListMultiRegionAccessPoints',
};

function xml(root: string, value: Record<string, XmlValue>): SimResponse {
  return { status: 200, headers: { 'content-type': 'application/xml', ...requestIds() }, body: toXml(root, { '@xmlns': NS, ...value }) };
}

/** `maxResults` within 0..max (AWS's documented range), else `InvalidArgument`. */
function maxResults(req: SimRequest, max: number): number {
  const raw = req.query.get('maxResults');
  if (raw === null) return max;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new S3Error('InvalidArgument', `maxResults must be between 0 and ${max}`, 400, { ArgumentName: 'maxResults', ArgumentValue: raw });
  return n;
}

/** A page of `names` after the token (an opaque encoding of the last name returned). */
function page<T extends { name: string }>(req: SimRequest, items: T[], max: number): { items: T[]; next?: string } {
  const token = req.query.get('nextToken');
  let after: string | undefined;
  if (token !== null) {
    try {
      after = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { k?: string }).k;
    } catch {
      after = undefined;
    }
    if (typeof after !== 'string') throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', 400, { ArgumentName: 'nextToken', ArgumentValue: token });
  }
  const rest = after === undefined ? items : items.filter((i) => i.name > after);
  const out = rest.slice(0, max === 0 ? rest.length : max);
  const last = out[out.length - 1];
  return rest.length > out.length && last ? { items: out, next: Buffer.from(JSON.stringify({ k: last.name }), 'utf8').toString('base64url') } : { items: out };
}

function denied(operation: string, req: SimRequest, why: string): S3Error {
  const action = IAM_ACTIONS[operation] ?? `s3:${operation}`;
  return new S3Error('AccessDenied', `User: ${req.principalArn} is not authorized to perform: ${action} on resource: "arn:aws:s3:::*" because ${why}`, 403);
}

export const s3control: ServiceHandler = {
  name: 's3control',
  operation(req) {
    const path = req.path.replace(/\/+$/, '');
    if (req.method === 'GET' && /^\/v20180820\/accesspoint\/[^/]+$/.test(path)) return 'GetAccessPoint';
    const op = OPERATIONS[`${req.method} ${path}`];
    if (!op) throw new S3Error('NotImplemented', 'A header you provided implies functionality that is not implemented', 501);
    return op;
  },
  handle(req, operation, { world }) {
    const account = req.headers['x-amz-account-id'];
    if (!account) throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-account-id', 400);
    if (account !== req.accountId) throw denied(operation, req, 'no resource-based policy allows the action');
    if (operation === 'ListAccessPoints') {
      const bucket = req.query.get('bucket') ?? undefined;
      const p = page(req, listAccessPoints(world, account, req.region, bucket), maxResults(req, 1000));
      return xml('ListAccessPointsResult', {
        AccessPointList: {
          AccessPoint: p.items.map((a) => ({
            Name: a.name,
            NetworkOrigin: a.networkOrigin,
            VpcConfiguration: a.vpcId ? { VpcId: a.vpcId } : undefined,
            Bucket: a.bucket,
            AccessPointArn: `arn:aws:s3:${a.region}:${account}:accesspoint/${a.name}`,
            Alias: accessPointAlias(account, a),
            BucketAccountId: account,
          })),
        },
        NextToken: p.next,
      });
    }
    if (operation === 'GetAccessPoint') {
      const name = decodeURIComponent(req.path.replace(/\/+$/, '').split('/').pop()!);
      const a = getAccessPoint(world, account, req.region, name);
      return xml('GetAccessPointResult', {
        Name: a.name,
        Bucket: a.bucket,
        NetworkOrigin: a.networkOrigin,
        VpcConfiguration: a.vpcId ? { VpcId: a.vpcId } : undefined,
        PublicAccessBlockConfiguration: renderPublicAccessBlock(a.publicAccessBlock),
        CreationDate: a.creationDate,
        Alias: accessPointAlias(account, a),
        AccessPointArn: `arn:aws:s3:${a.region}:${account}:accesspoint/${a.name}`,
        BucketAccountId: account,
      });
    }
    if (operation === 'ListMultiRegionAccessPoints') {
      if (req.region !== MRAP_REGION) {
        throw new S3Error('PermanentRedirect', `Multi-Region Access Point control plane requests must be sent to ${MRAP_REGION}`, 301, { Endpoint: `s3-control.${MRAP_REGION}.amazonaws.com` });
      }
      const p = page(req, listMultiRegionAccessPoints(world, account), maxResults(req, 100));
      return xml('ListMultiRegionAccessPointsResult', {
        AccessPoints: {
          AccessPoint: p.items.map((m) => ({
            Name: m.name,
            Alias: m.alias,
            CreatedAt: m.createdAt,
            PublicAccessBlock: renderPublicAccessBlock(m.publicAccessBlock),
            Status: m.status,
            Regions: { Region: m.regions.map((r) => ({ Bucket: r.bucket, Region: r.region, BucketAccountId: r.bucketAccountId })) },
          })),
        },
        NextToken: p.next,
      });
    }
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
