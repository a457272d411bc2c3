import { createHash } from 'node:crypto';
import type { ServiceHandler, SimRequest, SimResponse } from '../../types.ts';
import type { World } from '../../world.ts';
import {
  aclIsPublic,
  canonicalUserId,
  cannedGrants,
  createBucket,
  defaultEncryption,
  deleteBucket,
  deleteBucketPolicy,
  effectiveAcl,
  getBucket,
  listBuckets,
  noSuchBucket,
  policyIsPublic,
  putBucketAcl,
  putBucketEncryption,
  putBucketPolicy,
  putBucketTagging,
  putOwnershipControls,
  putPublicAccessBlock,
  resolveGrants,
  S3Error,
  validBucketName,
  type Grant,
  type ObjectOwnership,
  type S3Bucket,
} from './model.ts';
import {
  aclFromHeaders,
  emptyResponse,
  errorResponse,
  hasBody,
  locationResponse,
  malformedXml,
  nodes,
  parseAccessControlPolicy,
  parseConfigTags,
  parseEncryptionRules,
  parsePublicAccessBlock,
  parseTags,
  requestIds,
  renderEncryptionRules,
  renderGrant,
  renderPublicAccessBlock,
  renderTags,
  s3Target,
  str,
  xmlBody,
  xmlResponse,
} from './wire.ts';
import { getDirectoryBucket, isDirectoryBucketName, listDirectoryBuckets, putBucketLogging } from './settings.ts';
import { parseBucketLoggingStatus, renderBucketLogging, renderLifecycleRules, renderNotification, renderVersioning } from './settings-wire.ts';

/** Bucket subresources this endpoint serves, by `METHOD subresource` (empty subresource: the bucket itself). */
const OPERATIONS: Record<string, string> = {
  'PUT ': 'CreateBucket',
  'DELETE ': 'DeleteBucket',
  'HEAD ': 'HeadBucket',
  'GET location': 'GetBucketLocation',
  'GET acl': 'GetBucketAcl',
  'PUT acl': 'PutBucketAcl',
  'GET policy': 'GetBucketPolicy',
  'PUT policy': 'PutBucketPolicy',
  'DELETE policy': 'DeleteBucketPolicy',
  'GET policyStatus': 'GetBucketPolicyStatus',
  'GET encryption': 'GetBucketEncryption',
  'PUT encryption': 'PutBucketEncryption',
  'DELETE encryption': 'DeleteBucketEncryption',
  'GET publicAccessBlock': 'GetPublicAccessBlock',
  'PUT publicAccessBlock': 'PutPublicAccessBlock',
  'DELETE publicAccessBlock': 'DeletePublicAccessBlock',
  'GET ownershipControls': 'GetBucketOwnershipControls',
  'PUT ownershipControls': 'PutBucketOwnershipControls',
  'DELETE ownershipControls': 'DeleteBucketOwnershipControls',
  'GET tagging': 'GetBucketTagging',
  'PUT tagging': 'PutBucketTagging',
  'DELETE tagging': 'DeleteBucketTagging',
  'GET logging': 'GetBucketLogging',
  'PUT logging': 'PutBucketLogging',
  'GET notification': 'GetBucketNotificationConfiguration',
  'GET lifecycle': 'GetBucketLifecycleConfiguration',
  'GET versioning': 'GetBucketVersioning',
  // Sessions exist for directory buckets only; a general purpose bucket answers NoSuchBucket.
  'GET session': 'CreateSession',
};

/** Every bucket subresource S3 knows, so that one we do not serve is `NotImplemented` rather than taken for the bucket itself. */
const SUBRESOURCES = new Set([
  'acl', 'policy', 'policyStatus', 'encryption', 'publicAccessBlock', 'ownershipControls', 'tagging', 'location',
  'versioning', 'logging', 'lifecycle', 'cors', 'website', 'replication', 'notification', 'requestPayment', 'object-lock',
  'accelerate', 'analytics', 'inventory', 'metrics', 'intelligent-tiering', 'uploads', 'versions', 'list-type', 'delete',
  'metadataConfiguration', 'metadataTable', 'abac', 'session',
]);

/** IAM actions whose name differs from the operation (for access-denied messages). */
const IAM_ACTIONS: Record<string, string> = {
  ListBuckets: 'ListAllMyBuckets',
  HeadBucket: 'ListBucket',
  GetBucketEncryption: 'GetEncryptionConfiguration',
  PutBucketEncryption: 'PutEncryptionConfiguration',
  DeleteBucketEncryption: 'PutEncryptionConfiguration',
  GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
  PutPublicAccessBlock: 'PutBucketPublicAccessBlock',
  DeletePublicAccessBlock: 'PutBucketPublicAccessBlock',
  DeleteBucketOwnershipControls: 'PutBucketOwnershipControls',
  DeleteBucketTagging: 'PutBucketTagging',
  GetBucketNotificationConfiguration: 'GetBucketNotification',
  GetBucketLifecycleConfiguration: 'GetLifecycleConfiguration',
  ListDirectoryBuckets: 's3express:ListAllMyDirectoryBuckets',
  CreateSession: 's3express:CreateSession',
};

function iamAction(operation: string): string {
  const a = IAM_ACTIONS[operation] ?? operation;
  return a.includes(':') ? a : `s3:${a}`;
}

function notImplemented(): S3Error {
  return new S3Error('NotImplemented', 'A header you provided implies functionality that is not implemented', 501);
}

function subresource(req: SimRequest): string {
  for (const k of req.query.keys()) if (SUBRESOURCES.has(k)) return k;
  return '';
}

// ---------------------------------------------------------------------------------------------
// ListBuckets / CreateBucket

function encodeContinuation(name: string): string {
  return Buffer.from(JSON.stringify({ k: name }), 'utf8').toString('base64url');
}

function decodeContinuation(token: string): string | undefined {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { k?: unknown };
    return typeof v.k === 'string' ? v.k : undefined;
  } catch {
    return undefined;
  }
}

function bucketXml(b: S3Bucket) {
  return { Name: b.name, CreationDate: b.creationDate, BucketRegion: b.region };
}

function listBucketsOp(req: SimRequest, world: World): SimResponse {
  const q = req.query;
  const maxRaw = q.get('max-buckets');
  let max: number | undefined;
  if (maxRaw !== null) {
    max = Number(maxRaw);
    if (!Number.isInteger(max) || max < 1 || max > 10000) {
      throw new S3Error('InvalidArgument', 'Argument max-buckets must be an integer between 1 and 10000.', 400, { ArgumentName: 'max-buckets', ArgumentValue: maxRaw });
    }
  }
  const prefix = q.get('prefix') ?? undefined;
  const region = q.get('bucket-region') ?? undefined;
  const token = q.get('continuation-token');
  let after: string | undefined;
  if (token !== null) {
    after = decodeContinuation(token);
    if (after === undefined) throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', 400, { ArgumentName: 'continuation-token', ArgumentValue: token });
  }
  const all = listBuckets(world, req.accountId).filter(
    (b) => (prefix === undefined || b.name.startsWith(prefix)) && (region === undefined || b.region === region) && (after === undefined || b.name > after),
  );
  const page = max === undefined ? all : all.slice(0, max);
  const last = page[page.length - 1];
  const next = max !== undefined && all.length > max && last ? encodeContinuation(last.name) : undefined;
  return xmlResponse('ListAllMyBucketsResult', {
    Buckets: { Bucket: page.map(bucketXml) },
    Owner: { ID: canonicalUserId(req.accountId) },
    ContinuationToken: next,
    Prefix: prefix,
  });
}

function createBucketOp(req: SimRequest, world: World, name: string): SimResponse {
  if (!validBucketName(name)) throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: name });
  let constraint = '';
  let tags: Record<string, string> = {};
  if (hasBody(req)) {
    const cfg = xmlBody(req, 'CreateBucketConfiguration');
    constraint = (str(cfg['LocationConstraint']) ?? '').trim();
    tags = parseConfigTags(cfg['Tags']);
  }
  let region: string;
  if (!constraint) {
    if (req.region !== 'us-east-1') {
      throw new S3Error('IllegalLocationConstraintException', 'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.', 400);
    }
    region = 'us-east-1';
  } else {
    if (constraint === 'us-east-1' || !world.regions.includes(constraint)) {
      throw new S3Error('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, { LocationConstraint: constraint });
    }
    // The us-east-1 endpoint accepts any location constraint; a regional endpoint only its own.
    if (req.region !== 'us-east-1' && constraint !== req.region) {
      throw new S3Error('IllegalLocationConstraintException', `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`, 400);
    }
    region = constraint;
  }
  const existing = getBucket(world, name);
  if (existing && existing.owner === req.accountId && existing.region === 'us-east-1' && region === 'us-east-1') {
    // Legacy us-east-1 behaviour: re-creating your own bucket succeeds and resets its ACL.
    delete existing.grants;
    return emptyResponse(200, { location: `/${name}` });
  }
  const ownership = (req.headers['x-amz-object-ownership'] ?? 'BucketOwnerEnforced') as ObjectOwnership;
  if (!['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter'].includes(ownership)) {
    throw new S3Error('InvalidArgument', 'Invalid x-amz-object-ownership header', 400, { ArgumentName: 'x-amz-object-ownership', ArgumentValue: ownership });
  }
  const acl = aclFromHeaders(req);
  let grants: Grant[] | undefined;
  if (acl) {
    if ('canned' in acl) {
      grants = cannedGrants(req.accountId, acl.canned);
      if (!grants) throw new S3Error('InvalidArgument', `Invalid canned ACL: ${acl.canned}`, 400, { ArgumentName: 'x-amz-acl', ArgumentValue: acl.canned });
    } else {
      grants = resolveGrants(world, acl.grants);
    }
    const ownerId = canonicalUserId(req.accountId);
    const ownerOnly = grants.every((g) => g.Grantee.Type === 'CanonicalUser' && g.Grantee.ID === ownerId && g.Permission === 'FULL_CONTROL');
    if (ownership === 'BucketOwnerEnforced' && !ownerOnly) {
      throw new S3Error('InvalidBucketAclWithObjectOwnership', "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", 400);
    }
    // New buckets have Block Public Access on, so a public ACL at creation is always refused.
    if (aclIsPublic(grants)) throw new S3Error('InvalidBucketAclWithBlockPublicAccessError', 'Bucket cannot have public ACLs set with BlockPublicAccess enabled', 400);
    if (ownerOnly) grants = undefined;
  }
  const b = createBucket(world, req.accountId, { name, region, objectOwnership: ownership, tags, creationDate: new Date().toISOString() });
  if (grants) b.grants = grants;
  return emptyResponse(200, { location: `/${name}` });
}

// ---------------------------------------------------------------------------------------------
// Bucket operations

/** The bucket a request addresses, checked the way S3 does: existence, owner, expected owner, region. */
function targetBucket(req: SimRequest, world: World, name: string, operation: string): S3Bucket {
  const b = getBucket(world, name);
  if (!b) throw noSuchBucket(name);
  const expected = req.headers['x-amz-expected-bucket-owner'];
  if (b.owner !== req.accountId || (expected !== undefined && expected !== b.owner)) {
    const action = iamAction(operation);
    throw new S3Error('AccessDenied', `User: ${req.principalArn} is not authorized to perform: ${action} on resource: "arn:aws:s3:::${name}" because no resource-based policy allows the ${action} action`, 403);
  }
  if (operation !== 'GetBucketLocation' && b.region !== req.region) {
    throw new S3Error(
      'PermanentRedirect',
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
      301,
      { Endpoint: `${name}.s3.${b.region}.amazonaws.com`, Bucket: name },
      { 'x-amz-bucket-region': b.region },
    );
  }
  return b;
}

function notFound(code: string, message: string, name: string): S3Error {
  return new S3Error(code, message, 404, { BucketName: name });
}

function bucketOperation(req: SimRequest, world: World, operation: string, name: string): SimResponse {
  const b = targetBucket(req, world, name, operation);
  const account = req.accountId;
  switch (operation) {
    case 'HeadBucket':
      return emptyResponse(200, { 'x-amz-bucket-region': b.region, 'x-amz-access-point-alias': 'false' });
    case 'DeleteBucket':
      deleteBucket(world, account, name);
      return emptyResponse(204);
    case 'GetBucketLocation':
      return locationResponse(b.region === 'us-east-1' ? '' : b.region);
    case 'GetBucketAcl':
      return xmlResponse('AccessControlPolicy', {
        Owner: { ID: canonicalUserId(b.owner) },
        AccessControlList: { Grant: effectiveAcl(world, b).map(renderGrant) },
      });
    case 'PutBucketAcl': {
      const fromHeaders = aclFromHeaders(req);
      if (fromHeaders && hasBody(req)) throw new S3Error('UnexpectedContent', 'This request does not support content', 400);
      if (!fromHeaders && !hasBody(req)) throw new S3Error('MissingSecurityHeader', 'Your request was missing a required header', 400, { MissingHeaderName: 'x-amz-acl' });
      putBucketAcl(world, account, name, fromHeaders ?? parseAccessControlPolicy(req), { principalArn: req.principalArn });
      return emptyResponse(200);
    }
    case 'GetBucketPolicy':
      if (b.policy === undefined) throw notFound('NoSuchBucketPolicy', 'The bucket policy does not exist', name);
      return { status: 200, headers: { 'content-type': 'application/json', ...requestIds() }, body: b.policy };
    case 'PutBucketPolicy':
      putBucketPolicy(world, account, name, req.body.toString('utf8'), { principalArn: req.principalArn });
      return emptyResponse(204);
    case 'DeleteBucketPolicy':
      deleteBucketPolicy(world, account, name);
      return emptyResponse(204);
    case 'GetBucketPolicyStatus':
      if (b.policy === undefined) throw notFound('NoSuchBucketPolicy', 'The bucket policy does not exist', name);
      return xmlResponse('PolicyStatus', { IsPublic: policyIsPublic(b.policy) });
    case 'GetBucketEncryption':
      if (!b.encryption) throw notFound('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', name);
      return xmlResponse('ServerSideEncryptionConfiguration', { Rule: renderEncryptionRules(b.encryption) });
    case 'PutBucketEncryption':
      putBucketEncryption(world, account, name, parseEncryptionRules(xmlBody(req, 'ServerSideEncryptionConfiguration')));
      return emptyResponse(200);
    case 'DeleteBucketEncryption':
      // Since January 2023 every bucket has default encryption: deleting the configuration resets it to SSE-S3.
      putBucketEncryption(world, account, name, defaultEncryption());
      return emptyResponse(204);
    case 'GetPublicAccessBlock':
      if (!b.publicAccessBlock) throw notFound('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', name);
      return xmlResponse('PublicAccessBlockConfiguration', renderPublicAccessBlock(b.publicAccessBlock));
    case 'PutPublicAccessBlock':
      putPublicAccessBlock(world, account, name, parsePublicAccessBlock(xmlBody(req, 'PublicAccessBlockConfiguration')));
      return emptyResponse(200);
    case 'DeletePublicAccessBlock':
      putPublicAccessBlock(world, account, name, null);
      return emptyResponse(204);
    case 'GetBucketOwnershipControls':
      if (!b.ownership) throw notFound('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found', name);
      return xmlResponse('OwnershipControls', { Rule: { ObjectOwnership: b.ownership } });
    case 'PutBucketOwnershipControls': {
      const rules = nodes(xmlBody(req, 'OwnershipControls')['Rule']);
      const ownership = rules.length === 1 ? str(rules[0]!['ObjectOwnership']) : undefined;
      if (!ownership) throw malformedXml();
      putOwnershipControls(world, account, name, ownership as ObjectOwnership);
      return emptyResponse(200);
    }
    case 'DeleteBucketOwnershipControls':
      putOwnershipControls(world, account, name, null);
      return emptyResponse(204);
    case 'GetBucketTagging':
      if (!b.tags) throw notFound('NoSuchTagSet', 'The TagSet does not exist', name);
      return xmlResponse('Tagging', { TagSet: renderTags(b.tags) });
    case 'PutBucketTagging':
      putBucketTagging(world, account, name, parseTags(req));
      return emptyResponse(204);
    case 'DeleteBucketTagging':
      putBucketTagging(world, account, name, null);
      return emptyResponse(204);
    case 'GetBucketLogging':
      return xmlResponse('BucketLoggingStatus', renderBucketLogging(b.logging));
    case 'PutBucketLogging':
      putBucketLogging(world, account, name, parseBucketLoggingStatus(req));
      return emptyResponse(200);
    case 'GetBucketNotificationConfiguration':
      return xmlResponse('NotificationConfiguration', renderNotification(b.notification));
    case 'GetBucketLifecycleConfiguration':
      if (!b.lifecycle) throw notFound('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', name);
      return xmlResponse('LifecycleConfiguration', { Rule: renderLifecycleRules(b.lifecycle) }, { 'x-amz-transition-default-minimum-object-size': 'all_storage_classes_128K' });
    case 'GetBucketVersioning':
      return xmlResponse('VersioningConfiguration', renderVersioning(b.versioning, b.mfaDelete));
    case 'CreateSession':
      throw noSuchBucket(name);
    default:
      throw notImplemented();
  }
}

// ---------------------------------------------------------------------------------------------
// Directory buckets (S3 Express One Zone, signing name `s3express`)

/** The operations served on directory buckets: the regional listing, the session and lifecycle reads. */
const DIRECTORY_OPERATIONS: Record<string, string> = {
  'GET session': 'CreateSession',
  'GET lifecycle': 'GetBucketLifecycleConfiguration',
};

function listDirectoryBucketsOp(req: SimRequest, world: World): SimResponse {
  const q = req.query;
  const maxRaw = q.get('max-directory-buckets');
  let max = 1000;
  if (maxRaw !== null) {
    max = Number(maxRaw);
    if (!Number.isInteger(max) || max < 0 || max > 1000) {
      throw new S3Error('InvalidArgument', 'Argument max-directory-buckets must be an integer between 0 and 1000.', 400, { ArgumentName: 'max-directory-buckets', ArgumentValue: maxRaw });
    }
  }
  const token = q.get('continuation-token');
  let after: string | undefined;
  if (token !== null) {
    after = decodeContinuation(token);
    if (after === undefined) throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', 400, { ArgumentName: 'continuation-token', ArgumentValue: token });
  }
  const all = listDirectoryBuckets(world, req.accountId, req.region).filter((d) => after === undefined || d.name > after);
  const page = all.slice(0, max);
  const last = page[page.length - 1];
  const next = all.length > page.length && last ? encodeContinuation(last.name) : undefined;
  return xmlResponse('ListAllMyDirectoryBucketsResult', { Buckets: { Bucket: page.map((d) => ({ Name: d.name, CreationDate: d.creationDate, BucketRegion: d.region })) }, ContinuationToken: next });
}

function directoryBucketOperation(req: SimRequest, world: World, operation: string, name: string): SimResponse {
  const d = getDirectoryBucket(world, req.accountId, name);
  if (!d || d.region !== req.region) throw noSuchBucket(name);
  if (operation === 'CreateSession') {
    // A session key for the same caller: the endpoint keys accounts by access key id.
    const issued = world.keys[req.accessKeyId];
    const key = `ASIA${createHash('sha256').update(`${req.accessKeyId}:${name}:${world.seq++}`).digest('hex').slice(0, 16).toUpperCase()}`;
    const expiration = new Date(Date.now() + 5 * 60_000).toISOString();
    world.keys[key] = { accountId: req.accountId, principalArn: issued?.principalArn ?? req.principalArn, secretAccessKey: 'session', sessionToken: key, expiration };
    return xmlResponse('CreateSessionResult', { Credentials: { SessionToken: key, SecretAccessKey: 'session', AccessKeyId: key, Expiration: expiration } });
  }
  if (!d.lifecycle) throw notFound('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', name);
  return xmlResponse('LifecycleConfiguration', { Rule: renderLifecycleRules(d.lifecycle) });
}

/** The SDK addresses a directory bucket path-style with a trailing slash (`/bucket//?session`): no object key. */
function directoryTarget(req: SimRequest): string | undefined {
  const t = s3Target(req);
  return t.bucket !== undefined && isDirectoryBucketName(t.bucket) && (t.key === undefined || /^\/*$/.test(t.key)) ? t.bucket : undefined;
}

export const s3: ServiceHandler = {
  name: 's3',
  operation(req) {
    const t = s3Target(req);
    // Directory bucket names never name a general purpose bucket; the SDK signs session requests to them as `s3` or `s3express`.
    if (req.signingService === 's3express' || directoryTarget(req) !== undefined) {
      if (!t.bucket) {
        if (req.method === 'GET' && req.query.get('x-id') === 'ListDirectoryBuckets') return 'ListDirectoryBuckets';
        throw notImplemented();
      }
      const op = directoryTarget(req) !== undefined ? DIRECTORY_OPERATIONS[`${req.method} ${subresource(req)}`] : undefined;
      if (!op) throw notImplemented();
      return op;
    }
    if (!t.bucket) {
      if (req.method === 'GET') return req.query.get('x-id') === 'ListDirectoryBuckets' ? 'ListDirectoryBuckets' : 'ListBuckets';
      throw new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
    }
    if (t.key !== undefined) throw notImplemented();
    const op = OPERATIONS[`${req.method} ${subresource(req)}`];
    if (!op) throw notImplemented();
    return op;
  },
  handle(req, operation, { world }) {
    if (operation === 'ListBuckets') return listBucketsOp(req, world);
    if (operation === 'ListDirectoryBuckets' && req.signingService !== 's3express') throw notImplemented();
    if (operation === 'ListDirectoryBuckets' || directoryTarget(req) !== undefined) {
      if (operation === 'ListDirectoryBuckets') return listDirectoryBucketsOp(req, world);
      return directoryBucketOperation(req, world, operation, directoryTarget(req)!);
    }
    const name = s3Target(req).bucket!;
    if (operation === 'CreateBucket') return createBucketOp(req, world, name);
    return bucketOperation(req, world, operation, name);
  },
  error: (err, req) => errorResponse(err, req.method),
  throttlingError: () => new S3Error('SlowDown', 'Please reduce your request rate.', 503),
  accessDeniedError(operation, req) {
    const action = iamAction(operation);
    const bucket = s3Target(req).bucket;
    return new S3Error('AccessDenied', `User: ${req.principalArn} is not authorized to perform: ${action} on resource: "arn:aws:s3:::${bucket ?? '*'}" because no identity-based policy allows the ${action} action`, 403);
  },
};
