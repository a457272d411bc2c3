import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const v2StageConfig = z.object({
  apiId: z.string(),
  apiName: z.string().optional(),
  protocolType: z.enum(['HTTP', 'WEBSOCKET']).optional(),
  stageName: z.string(),
  autoDeploy: z.boolean().optional(),
  accessLogDestinationArn: z.string().nullable().optional().describe('`AccessLogSettings.DestinationArn` (`null`: no access logs).'),
  accessLogFormat: z.string().nullable().optional().describe('`AccessLogSettings.Format`.'),
  loggingLevel: z.string().nullable().optional().describe('`DefaultRouteSettings.LoggingLevel`: execution logging of WebSocket APIs (`null` for HTTP APIs, which have none).'),
});
export type V2StageConfig = z.infer<typeof v2StageConfig>;

export const v2Stage = defineResource({
  type: 'aws.apigatewayv2.stage',
  description: 'API Gateway v2 (HTTP and WebSocket API) stages with their access and execution logging.',
  config: v2StageConfig,
  scope: 'regional',
  calls: ['apigatewayv2:GetApis', 'apigatewayv2:GetStages'],
  // IAM authorizes API Gateway's management API by HTTP verb on the resource path.
  permissions: ['apigateway:GET'],
  asff: 'AwsApiGatewayV2Stage',
  changes: [
    { event: 'apigateway.amazonaws.com:CreateStage', id: '{requestParameters.apiId}/{requestParameters.stageName}' },
    { event: 'apigateway.amazonaws.com:UpdateStage', id: '{requestParameters.apiId}/{requestParameters.stageName}' },
    { event: 'apigateway.amazonaws.com:DeleteAccessLogSettings', id: '{requestParameters.apiId}/{requestParameters.stageName}' },
  ],
  sections: (c) => [
    { title: 'Stage', lines: [{ text: `${c.protocolType ?? '?'} API ${c.apiName ?? c.apiId} / ${c.stageName}${c.autoDeploy ? ' (auto-deploy)' : ''}` }] },
    {
      title: 'Logging',
      lines: [
        { text: `access logs ${c.accessLogDestinationArn === undefined ? 'unknown (could not be read)' : (c.accessLogDestinationArn ?? 'off')}`, evidenceId: 'path:config.accessLogDestinationArn' },
        ...(c.protocolType === 'WEBSOCKET' ? [{ text: `execution logging ${c.loggingLevel ?? 'OFF'}`, evidenceId: 'path:config.loggingLevel' }] : []),
      ],
    },
  ],
});
