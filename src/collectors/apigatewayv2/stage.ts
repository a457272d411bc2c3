import { ApiGatewayV2Client, GetStagesCommand } from '@aws-sdk/client-apigatewayv2';
import { mapLimit } from '../../aws/limiter.ts';
import { v2Stage, type V2StageConfig } from '../../resources/aws/apigatewayv2/stage.ts';
import { readDetail } from '../read.ts';
import { defineCollector, envelope } from '../types.ts';
import { allPages, listApis } from './apis.ts';

/** `aws.apigatewayv2.stage`: GetApis, then GetStages per API (stages carry their settings and tags). */
export const v2StageCollector = defineCollector(v2Stage, async (ctx) => {
  const client = ctx.client(ApiGatewayV2Client);
  const apis = await listApis(ctx);
  const perApi = await mapLimit(apis, 8, async (api) => {
    const errors = {};
    const stages = await readDetail(errors, 'stages', () => allPages((t) => client.send(new GetStagesCommand({ ApiId: api.ApiId!, ...(t ? { NextToken: t } : {}) }))));
    if (stages === null) return [];
    if (stages === undefined) throw new Error(`GetStages for API ${api.ApiId}: ${Object.values(errors).join('; ')}`);
    const protocolType = api.ProtocolType === 'HTTP' || api.ProtocolType === 'WEBSOCKET' ? api.ProtocolType : undefined;
    return stages.filter((s) => s.StageName).map((s) => {
      const config: V2StageConfig = {
        apiId: api.ApiId!,
        stageName: s.StageName!,
        accessLogDestinationArn: s.AccessLogSettings?.DestinationArn || null,
        accessLogFormat: s.AccessLogSettings?.Format || null,
        // HTTP APIs have no execution logging; a WebSocket stage without the setting logs nothing (OFF).
        loggingLevel: protocolType === 'WEBSOCKET' ? (s.DefaultRouteSettings?.LoggingLevel ?? 'OFF') : null,
      };
      if (api.Name) config.apiName = api.Name;
      if (protocolType) config.protocolType = protocolType;
      if (s.AutoDeploy !== undefined) config.autoDeploy = s.AutoDeploy;
      return envelope(ctx, v2Stage, {
        id: `${api.ApiId}/${s.StageName}`,
        arn: `arn:aws:apigateway:${ctx.region}::/apis/${api.ApiId}/stages/${s.StageName}`,
        name: `${api.Name ?? api.ApiId} ${s.StageName}`,
        tags: { ...s.Tags },
        config,
      });
    });
  });
  return perApi.flat();
});
