import { APIGatewayClient, GetStagesCommand, paginateGetRestApis, type RestApi, type Stage } from '@aws-sdk/client-api-gateway';
import { mapLimit } from '../../aws/limiter.ts';
import { restStage, type RestStageConfig } from '../../resources/aws/apigateway/stage.ts';
import { readDetail } from '../read.ts';
import { defineCollector, envelope } from '../types.ts';

type MethodSettings = NonNullable<RestStageConfig['methodSettings']>;

/** The normalized stage; `methodSettings` keyed as AWS keys them (`*\/*`, `/orders/GET`). */
export function stageConfig(api: RestApi, s: Stage): RestStageConfig {
  const methodSettings: MethodSettings = {};
  for (const [key, m] of Object.entries(s.methodSettings ?? {})) {
    const out: MethodSettings[string] = {};
    if (m.loggingLevel !== undefined) out.loggingLevel = m.loggingLevel;
    if (m.dataTraceEnabled !== undefined) out.dataTraceEnabled = m.dataTraceEnabled;
    if (m.metricsEnabled !== undefined) out.metricsEnabled = m.metricsEnabled;
    if (m.cachingEnabled !== undefined) out.cachingEnabled = m.cachingEnabled;
    if (m.cacheDataEncrypted !== undefined) out.cacheDataEncrypted = m.cacheDataEncrypted;
    methodSettings[key] = out;
  }
  const stageWide = methodSettings['*/*'];
  const config: RestStageConfig = {
    restApiId: api.id!,
    stageName: s.stageName!,
    methodSettings,
    // No `*/*` entry means the stage was never given settings: AWS's default is logging OFF.
    loggingLevel: stageWide?.loggingLevel ?? 'OFF',
    loggingOffMethods: Object.entries(methodSettings).filter(([k, m]) => k !== '*/*' && m.loggingLevel === 'OFF').map(([k]) => k),
    cacheClusterEnabled: s.cacheClusterEnabled ?? false,
    unencryptedCachedMethods: Object.entries(methodSettings).filter(([, m]) => m.cachingEnabled === true && m.cacheDataEncrypted !== true).map(([k]) => k),
    tracingEnabled: s.tracingEnabled ?? false,
    webAclArn: s.webAclArn || null,
    clientCertificateId: s.clientCertificateId || null,
    accessLogDestinationArn: s.accessLogSettings?.destinationArn || null,
  };
  if (api.name) config.restApiName = api.name;
  if (s.deploymentId) config.deploymentId = s.deploymentId;
  if (api.endpointConfiguration?.types) config.endpointTypes = [...api.endpointConfiguration.types];
  return config;
}

/**
 * `aws.apigateway.stage`: GetRestApis (500 per page, the API's maximum), then GetStages per REST API,
 * which answers every stage with its settings and tags in one call.
 */
export const restStageCollector = defineCollector(restStage, async (ctx) => {
  const client = ctx.client(APIGatewayClient);
  const apis: RestApi[] = [];
  for await (const page of paginateGetRestApis({ client, pageSize: 500 }, {})) apis.push(...(page.items ?? []).filter((a) => a.id));
  const perApi = await mapLimit(apis, 8, async (api) => {
    const errors = {};
    const read = await readDetail(errors, 'stages', () => client.send(new GetStagesCommand({ restApiId: api.id! })));
    if (read === null) return []; // deleted since the listing
    // A REST API whose stages cannot be read has no resource to carry the error: fail the type's read.
    if (read === undefined) throw new Error(`GetStages for REST API ${api.id}: ${Object.values(errors).join('; ')}`);
    return (read.item ?? []).filter((s) => s.stageName).map((s) =>
      envelope(ctx, restStage, {
        id: `${api.id}/${s.stageName}`,
        arn: `arn:aws:apigateway:${ctx.region}::/restapis/${api.id}/stages/${s.stageName}`,
        name: `${api.name ?? api.id} ${s.stageName}`,
        tags: { ...s.tags },
        config: stageConfig(api, s),
      }),
    );
  });
  return perApi.flat();
});
