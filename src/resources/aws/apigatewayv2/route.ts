import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const routeConfig = z.object({
  apiId: z.string(),
  apiName: z.string().optional(),
  protocolType: z.enum(['HTTP', 'WEBSOCKET']).optional(),
  routeId: z.string(),
  routeKey: z.string().describe('`GET /orders`, `$default`; for WebSocket APIs `$connect`, `$disconnect`, `$default` or a custom action.'),
  authorizationType: z.string().optional().describe('`NONE`, `AWS_IAM`, `CUSTOM` (Lambda authorizer) or `JWT` (HTTP APIs).'),
  authorizerId: z.string().nullable().optional(),
  apiKeyRequired: z.boolean().optional().describe('WebSocket APIs only.'),
  authorizable: z.boolean().optional().describe('Whether AWS lets this route carry authorization: every HTTP API route, and a WebSocket API\'s `$connect` route only.'),
});
export type RouteConfig = z.infer<typeof routeConfig>;

export const route = defineResource({
  type: 'aws.apigatewayv2.route',
  description: 'API Gateway v2 (HTTP and WebSocket API) routes with their authorization type; routes have no tags of their own and carry their API\'s.',
  config: routeConfig,
  scope: 'regional',
  calls: ['apigatewayv2:GetApis', 'apigatewayv2:GetRoutes'],
  // IAM authorizes API Gateway's management API by HTTP verb on the resource path.
  permissions: ['apigateway:GET'],
  asff: 'Other',
  changes: [
    { event: 'apigateway.amazonaws.com:CreateRoute', id: '{requestParameters.apiId}/{responseElements.routeId}' },
    { event: 'apigateway.amazonaws.com:UpdateRoute', id: '{requestParameters.apiId}/{requestParameters.routeId}' },
  ],
  sections: (c) => [
    { title: 'Route', lines: [{ text: `${c.protocolType ?? '?'} API ${c.apiName ?? c.apiId}: ${c.routeKey}` }] },
    {
      title: 'Authorization',
      lines: [
        { text: `authorization ${c.authorizationType ?? 'unknown (could not be read)'}${c.authorizerId ? ` (authorizer ${c.authorizerId})` : ''}`, evidenceId: 'path:config.authorizationType' },
        ...(c.authorizable !== false ? [] : [{ text: 'WebSocket route: authorization applies at $connect', evidenceId: 'path:config.authorizable' }]),
      ],
    },
  ],
});
