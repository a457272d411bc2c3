import { ApiGatewayV2Client, GetRoutesCommand } from '@aws-sdk/client-apigatewayv2';
import { mapLimit } from '../../aws/limiter.ts';
import { route, type RouteConfig } from '../../resources/aws/apigatewayv2/route.ts';
import { readDetail } from '../read.ts';
import { defineCollector, envelope } from '../types.ts';
import { allPages, listApis } from './apis.ts';

/** `aws.apigatewayv2.route`: GetApis, then GetRoutes per API. Routes are not taggable: they carry their API's tags. */
export const routeCollector = defineCollector(route, async (ctx) => {
  const client = ctx.client(ApiGatewayV2Client);
  const apis = await listApis(ctx);
  const perApi = await mapLimit(apis, 8, async (api) => {
    const errors = {};
    const routes = await readDetail(errors, 'routes', () => allPages((t) => client.send(new GetRoutesCommand({ ApiId: api.ApiId!, ...(t ? { NextToken: t } : {}) }))));
    if (routes === null) return [];
    if (routes === undefined) throw new Error(`GetRoutes for API ${api.ApiId}: ${Object.values(errors).join('; ')}`);
    const protocolType = api.ProtocolType === 'HTTP' || api.ProtocolType === 'WEBSOCKET' ? api.ProtocolType : undefined;
    return routes.filter((r) => r.RouteId && r.RouteKey).map((r) => {
      const config: RouteConfig = {
        apiId: api.ApiId!,
        routeId: r.RouteId!,
        routeKey: r.RouteKey!,
        authorizerId: r.AuthorizerId ?? null,
        // WebSocket APIs authorize the connection: only $connect accepts an authorization type.
        authorizable: protocolType !== 'WEBSOCKET' || r.RouteKey === '$connect',
      };
      if (api.Name) config.apiName = api.Name;
      if (protocolType) config.protocolType = protocolType;
      // AWS omits AuthorizationType on routes created without one: that is NONE, its documented default.
      config.authorizationType = r.AuthorizationType ?? 'NONE';
      if (r.ApiKeyRequired !== undefined) config.apiKeyRequired = r.ApiKeyRequired;
      return envelope(ctx, route, {
        id: `${api.ApiId}/${r.RouteId}`,
        arn: `arn:aws:apigateway:${ctx.region}::/apis/${api.ApiId}/routes/${r.RouteId}`,
        name: `${api.Name ?? api.ApiId} ${r.RouteKey}`,
        tags: { ...api.Tags },
        config,
      });
    });
  });
  return perApi.flat();
});
