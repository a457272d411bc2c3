/**
 * API Gateway over REST-JSON, served from the committed models. REST APIs (v1): GetRestApis (`limit`
 * 1–500, default 25, `position`) and GetStages (one answer, not paged) with NotFoundException for an
 * unknown API; UpdateStage, the write remediation sends, with its patch operations validated as AWS does
 * (BadRequestException for an unknown path or value, nothing changed). HTTP and WebSocket APIs (v2) share the `apigateway` signing name; their paths start with
 * `/v2/`, so `apiGateway` below routes by path to the v2 handler.
 */
import { defaultAccessDenied, modelPage, modelService } from '../../models/handler.ts';
import { loadModel } from '../../models/index.ts';
import { SimError, type ServiceHandler, type SimRequest } from '../../types.ts';
import { apigatewayv2 } from '../apigatewayv2/handler.ts';
import { peekApiGatewayState, type MethodSetting, type RestApi, type RestStage } from './model.ts';

const model = loadModel('apigateway');
const PAGE = { min: 1, max: 500, default: 25, invalidCode: 'BadRequestException', tokenCode: 'BadRequestException' };

function restApiWire(api: RestApi): Record<string, unknown> {
  return {
    id: api.id,
    name: api.name,
    createdDate: api.createdDate,
    apiKeySource: 'HEADER',
    endpointConfiguration: { types: api.endpointTypes },
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    rootResourceId: api.id.slice(0, 6),
    tags: api.tags,
  };
}

function stageWire(s: RestStage): Record<string, unknown> {
  return {
    deploymentId: s.deploymentId,
    stageName: s.stageName,
    cacheClusterEnabled: s.cacheClusterEnabled,
    // AWS reports a size and status only once a cache cluster exists.
    ...(s.cacheClusterSize ? { cacheClusterSize: s.cacheClusterSize, cacheClusterStatus: 'AVAILABLE' } : { cacheClusterStatus: 'NOT_AVAILABLE' }),
    methodSettings: s.methodSettings,
    tracingEnabled: s.tracingEnabled,
    ...(s.accessLogSettings ? { accessLogSettings: s.accessLogSettings } : {}),
    ...(s.webAclArn ? { webAclArn: s.webAclArn } : {}),
    ...(s.clientCertificateId ? { clientCertificateId: s.clientCertificateId } : {}),
    ...(Object.keys(s.variables).length ? { variables: s.variables } : {}),
    tags: s.tags,
    createdDate: s.createdDate,
    lastUpdatedDate: s.lastUpdatedDate,
  };
}

const badRequest = (message: string) => new SimError('BadRequestException', message, 400);

/** The stage-level paths UpdateStage accepts (AWS's "Patch Operations" for Stage), by op. */
const STAGE_PATHS = ['/tracingEnabled', '/cacheClusterEnabled', '/cacheClusterSize', '/clientCertificateId', '/deploymentId', '/accessLogSettings/destinationArn', '/accessLogSettings/format'];
/** The method-setting paths after `/{resource path}/{method}` and the setting each one writes. */
const METHOD_PATHS: Record<string, { key: keyof MethodSetting; kind: 'boolean' | 'loglevel' | 'seconds' }> = {
  'metrics/enabled': { key: 'metricsEnabled', kind: 'boolean' },
  'logging/loglevel': { key: 'loggingLevel', kind: 'loglevel' },
  'logging/dataTrace': { key: 'dataTraceEnabled', kind: 'boolean' },
  'caching/enabled': { key: 'cachingEnabled', kind: 'boolean' },
  'caching/dataEncrypted': { key: 'cacheDataEncrypted', kind: 'boolean' },
  'caching/ttlInSeconds': { key: 'cacheTtlInSeconds', kind: 'seconds' },
};
const CACHE_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];

function bool(path: string, value: unknown): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw badRequest(`Invalid boolean value '${String(value)}' for ${path}`);
}

function invalidPath(op: string, path: string): SimError {
  return badRequest(`Invalid patch path '${path}' specified for op '${op}'. Must be one of: [${[...STAGE_PATHS, ...Object.keys(METHOD_PATHS).map((p) => `/{resourcePath}/{httpMethod}/${p}`), '/variables/{name}'].join(', ')}]`);
}

/**
 * UpdateStage's patch operations, applied to a copy so that an invalid operation changes nothing (AWS applies
 * a PATCH all or nothing). Method settings are addressed `/{resource path with / as ~1}/{method}/{setting}`;
 * `/*\/*` is the stage-wide entry (created on first use), any other key must name a method setting the stage has
 * (the endpoint does not model resources and methods, so an override it does not know is refused as AWS refuses
 * a method that does not exist).
 */
function patchStage(stage: RestStage, ops: { op?: string; path?: string; value?: string }[]): RestStage {
  const next = structuredClone(stage);
  for (const { op = '', path = '', value } of ops) {
    if (!['add', 'remove', 'replace', 'copy', 'move', 'test'].includes(op)) throw badRequest(`Invalid patch operation '${op}'`);
    const variable = /^\/variables\/([A-Za-z0-9_]+)$/.exec(path);
    if (variable) {
      if (op === 'remove') delete next.variables[variable[1]!];
      else if (op === 'add' || op === 'replace') next.variables[variable[1]!] = String(value ?? '');
      else throw invalidPath(op, path);
      continue;
    }
    if (path === '/accessLogSettings' && op === 'remove') {
      delete next.accessLogSettings;
      continue;
    }
    if (op !== 'replace') throw invalidPath(op, path);
    if (STAGE_PATHS.includes(path)) {
      const v = value ?? '';
      if (path === '/tracingEnabled') next.tracingEnabled = bool(path, v);
      else if (path === '/cacheClusterEnabled') {
        next.cacheClusterEnabled = bool(path, v);
        if (next.cacheClusterEnabled) next.cacheClusterSize ??= '0.5';
        else delete next.cacheClusterSize;
      } else if (path === '/cacheClusterSize') {
        if (!CACHE_SIZES.includes(v)) throw badRequest(`Invalid cache cluster size '${v}'`);
        next.cacheClusterSize = v;
      } else if (path === '/clientCertificateId') {
        if (v) next.clientCertificateId = v;
        else delete next.clientCertificateId;
      } else if (path === '/deploymentId') next.deploymentId = v;
      else if (path === '/accessLogSettings/destinationArn') {
        if (!/^arn:aws[a-z-]*:(logs:[^:]+:\d{12}:log-group:[^:]+|firehose:[^:]+:\d{12}:deliverystream\/amazon-apigateway-.+)$/.test(v)) throw badRequest(`Invalid ARN specified in the request: ${v}`);
        next.accessLogSettings = { destinationArn: v.replace(/:\*$/, ''), format: next.accessLogSettings?.format ?? '' };
      } else {
        if (!next.accessLogSettings) throw badRequest('Access log destination must be set before the format');
        next.accessLogSettings = { ...next.accessLogSettings, format: v };
      }
      continue;
    }
    const m = /^\/([^/]+)\/([^/]+)\/(.+)$/.exec(path);
    const setting = m ? METHOD_PATHS[m[3]!] : undefined;
    if (!m || !setting) throw invalidPath(op, path);
    const key = `${m[1]}/${m[2]}`;
    if (key !== '*/*' && !next.methodSettings[key]) throw badRequest(`Cannot create method setting for ${key}: no such resource path and method in the REST API`);
    const entry = (next.methodSettings[key] ??= {});
    if (setting.kind === 'boolean') (entry as Record<string, unknown>)[setting.key] = bool(path, value);
    else if (setting.kind === 'loglevel') {
      if (!['OFF', 'ERROR', 'INFO'].includes(value ?? '')) throw badRequest(`Invalid logging level '${String(value)}'. Valid values are OFF, ERROR, INFO`);
      entry.loggingLevel = value!;
    } else {
      const n = Number(value);
      if (!/^\d+$/.test(value ?? '') || n > 3600) throw badRequest(`Invalid cache TTL '${String(value)}': expected 0 to 3600 seconds`);
      entry.cacheTtlInSeconds = n;
    }
  }
  return next;
}

export const apigatewayRest = modelService({
  model: 'apigateway',
  operations: {
    GetRestApis(input, req, ctx) {
      const apis = peekApiGatewayState(ctx.world, req.accountId, req.region)?.restApis ?? [];
      return modelPage(model, 'GetRestApis', input, apis.map(restApiWire), PAGE);
    },
    GetStages(input, req, ctx) {
      const api = peekApiGatewayState(ctx.world, req.accountId, req.region)?.restApis.find((a) => a.id === input['restApiId']);
      if (!api) throw new SimError('NotFoundException', `Invalid API identifier specified ${req.accountId}:${String(input['restApiId'])}`, 404);
      const deploymentId = input['deploymentId'] as string | undefined;
      return { item: api.stages.filter((s) => deploymentId === undefined || s.deploymentId === deploymentId).map(stageWire) };
    },
    UpdateStage(input, req, ctx) {
      const api = peekApiGatewayState(ctx.world, req.accountId, req.region)?.restApis.find((a) => a.id === input['restApiId']);
      if (!api) throw new SimError('NotFoundException', `Invalid API identifier specified ${req.accountId}:${String(input['restApiId'])}`, 404);
      const stage = api.stages.find((s) => s.stageName === input['stageName']);
      if (!stage) throw new SimError('NotFoundException', `Invalid Stage identifier specified`, 404);
      const next = patchStage(stage, (input['patchOperations'] as { op?: string; path?: string; value?: string }[] | undefined) ?? []);
      // In place, so that the estate's references to the stage see the change.
      for (const k of Object.keys(stage)) if (!(k in next)) delete (stage as unknown as Record<string, unknown>)[k];
      Object.assign(stage, next);
      return stageWire(stage);
    },
  },
  throttlingError: () => new SimError('TooManyRequestsException', 'Too Many Requests', 429),
  // IAM authorizes API Gateway's management API by HTTP verb on the resource path, not by operation.
  accessDeniedError: (_op, req) => defaultAccessDenied(model, `apigateway:${req.method} on resource: arn:aws:apigateway:${req.region}::${req.path}`, req),
});

const pick = (req: SimRequest): ServiceHandler => (req.path.startsWith('/v2/') ? apigatewayv2 : apigatewayRest);

/** The `apigateway` endpoint: REST APIs (v1) and, under `/v2/`, HTTP and WebSocket APIs. */
export const apiGateway: ServiceHandler = {
  name: 'apigateway',
  operation: (req) => pick(req).operation(req),
  handle: (req, operation, ctx) => pick(req).handle(req, operation, ctx),
  error: (err, req) => pick(req).error(err, req),
  throttlingError: () => apigatewayRest.throttlingError(),
  accessDeniedError: (operation, req) => pick(req).accessDeniedError(operation, req),
};
