/**
 * API Gateway over REST-JSON, served from the committed models. REST APIs (v1): GetRestApis (`limit`
 * 1–500, default 25, `position`) and GetStages (one answer, not paged) with NotFoundException for an
 * unknown API. HTTP and WebSocket APIs (v2) share the `apigateway` signing name; their paths start with
 * `/v2/`, so `apiGateway` below routes by path to the v2 handler.
 */
import { defaultAccessDenied, modelPage, modelService } from '../../models/handler.ts';
import { loadModel } from '../../models/index.ts';
import { SimError, type ServiceHandler, type SimRequest } from '../../types.ts';
import { apigatewayv2 } from '../apigatewayv2/handler.ts';
import { peekApiGatewayState, type RestApi, type RestStage } from './model.ts';

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
