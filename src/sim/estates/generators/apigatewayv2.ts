import type { World } from '../../world.ts';
import { peekApiGatewayV2State, type V2Api } from '../../services/apigatewayv2/model.ts';
import type { EstateV2Api } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

const HTTP_ROUTES = ['GET /items', 'POST /items'];
const WS_ROUTES = ['$connect', '$default', 'sendmessage'];

function apiOf(world: World, a: EstateV2Api): V2Api {
  const api = peekApiGatewayV2State(world, a.account, a.region)?.apis.find((x) => x.name === a.name);
  if (!api) throw new Error(`generated API ${a.name} is not in ${a.account} ${a.region}`);
  return api;
}

/**
 * API Gateway v2 APIs, HTTP and WebSocket in turn: one stage each with access logs or not; routes with no
 * authorization (AWS's default) or IAM, Lambda or JWT authorization. A WebSocket API authorizes at `$connect`
 * only: its other routes carry NONE and pass.
 */
export const apigatewayv2: GeneratorPiece = {
  name: 'apigatewayv2',
  resourceTypes: ['aws.apigatewayv2.stage', 'aws.apigatewayv2.route'],
  policies: ['aws-apigateway-v2-route-no-authorization', 'aws-apigateway-v2-stage-access-logs-off'],
  // Per API one stage and its routes (HTTP and WebSocket APIs alternate, even indexes HTTP).
  resources: (s) => s.accounts * s.regions * Array.from({ length: s.each }, (_, i) => 1 + (i % 2 === 0 ? HTTP_ROUTES.length : WS_ROUTES.length)).reduce((a, b) => a + b, 0),
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: EstateV2Api[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const http = i % 2 === 0;
        planned.push({
          account,
          region,
          name: `gen-${http ? 'http' : 'ws'}-${i}`,
          protocol: http ? 'HTTP' : 'WEBSOCKET',
          stages: [{ name: http ? '$default' : 'live', ...(bad() ? {} : { accessLogs: `/aws/apigateway/gen-${i}` }), ...(http ? {} : { logLevel: pick(['OFF', 'ERROR', 'INFO'] as const) }) }],
          routes: http
            ? HTTP_ROUTES.map((key) => ({ key, ...(bad() ? {} : { auth: pick(['AWS_IAM', 'JWT', 'CUSTOM'] as const) }) }))
            : WS_ROUTES.map((key) => ({ key, ...(key === '$connect' && !bad() ? { auth: pick(['AWS_IAM', 'CUSTOM'] as const) } : {}) })),
        });
      }
    }
    (ctx.doc.v2Apis ??= []).push(...planned);
    return {
      truth(world) {
        const truth = new Truth();
        for (const a of planned) {
          const api = apiOf(world, a);
          for (const st of a.stages) {
            if (!st.accessLogs) truth.add('aws-apigateway-v2-stage-access-logs-off', `arn:aws:apigateway:${a.region}::/apis/${api.apiId}/stages/${st.name}`, a.account, a.region, paths('accessLogDestinationArn'));
          }
          for (const r of a.routes) {
            const authorizable = a.protocol === 'HTTP' || r.key === '$connect';
            if (!authorizable || (r.auth ?? 'NONE') !== 'NONE') continue;
            const route = api.routes.find((x) => x.routeKey === r.key)!;
            truth.add('aws-apigateway-v2-route-no-authorization', `arn:aws:apigateway:${a.region}::/apis/${api.apiId}/routes/${route.routeId}`, a.account, a.region, paths('authorizable', 'authorizationType'));
          }
        }
        return truth.entries;
      },
    };
  },
};
