import { ApiGatewayV2Client, DeleteAccessLogSettingsCommand, GetStagesCommand, UpdateStageCommand } from '@aws-sdk/client-apigatewayv2';
import { z } from 'zod';
import { allPages } from '../../../collectors/apigatewayv2/apis.ts';
import { MamoriError } from '../../../core/errors.ts';
import type { ResourceRef } from '../../../core/resource.ts';
import type { V2StageConfig } from '../../../resources/aws/apigatewayv2/stage.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings, type SettingValue } from '../../kit/setting.ts';

/**
 * The access log line written when the policy gives no `format`: one JSON object per request with the fields both
 * HTTP and WebSocket APIs have (request id — which AWS requires —, caller IP, time, route, status, error message).
 */
export const DEFAULT_ACCESS_LOG_FORMAT =
  '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","routeKey":"$context.routeKey","status":"$context.status","error":"$context.error.message"}';

const params = z.strictObject({
  logGroupArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[^:*]+(:\*)?$/, { error: 'expected a CloudWatch Logs log group ARN (arn:aws:logs:<region>:<account>:log-group:<name>)' })
    .optional()
    .describe('The CloudWatch Logs log group for the access logs, in the stage\'s region and account. Required: there is no default.'),
  format: z
    .string()
    .refine((f) => f.includes('$context.requestId') && !/[\r\n]/.test(f), { error: 'expected a one-line access log format that includes $context.requestId' })
    .optional()
    .describe('The access log format; default a JSON line with requestId, ip, requestTime, routeKey, status and error.'),
});

const IAM = { permissions: { GetStages: 'apigateway:GET', UpdateStage: 'apigateway:PATCH', DeleteAccessLogSettings: 'apigateway:DELETE' } };

/** `apiId/stageName` (the collector's resource id) → its parts. */
function stageKey(target: ResourceRef): { ApiId: string; StageName: string } {
  const i = target.id.indexOf('/');
  if (i <= 0) throw new MamoriError('INTERNAL', `an API Gateway v2 stage id is apiId/stageName, not ${target.id}`);
  return { ApiId: target.id.slice(0, i), StageName: target.id.slice(i + 1) };
}

const logSettings = (arn: string | null | undefined, format: string | null | undefined): SettingValue => (arn ? { DestinationArn: arn, Format: format ?? '' } : null);

/**
 * apigatewayv2-enable-access-logs: turns on access logging of an HTTP or WebSocket API stage into the log group given
 * as parameter, with the given format or a JSON default. Default route settings, route settings, auto-deploy and
 * variables stay. Undo deletes the access log settings again (DeleteAccessLogSettings) or puts the previous ones back.
 */
export const apigatewayv2EnableAccessLogs = settingAction<z.infer<typeof params>>({
  id: 'apigatewayv2-enable-access-logs',
  title: 'Turn on access logs for an HTTP/WebSocket API stage',
  description: `apigatewayv2:UpdateStage with AccessLogSettings only: DestinationArn = the log group (parameter logGroupArn, required), Format = parameter format or ${DEFAULT_ACCESS_LOG_FORMAT}. Default route settings, route settings, auto-deploy and variables stay. Undo: DeleteAccessLogSettings (or the previous settings).`,
  resourceType: 'aws.apigatewayv2.stage',
  sdk: [sdk(ApiGatewayV2Client, { UpdateStageCommand, DeleteAccessLogSettingsCommand, GetStagesCommand }, IAM)],
  params,
  settings: ['AccessLogSettings'],
  async read(api, target) {
    const { ApiId, StageName } = stageKey(target);
    const client = api.client(ApiGatewayV2Client);
    const stages = await allPages((t) => client.send(new GetStagesCommand({ ApiId, ...(t ? { NextToken: t } : {}) })));
    const s = stages.find((x) => x.StageName === StageName);
    if (!s) return null;
    return JSON.parse(
      JSON.stringify({
        AccessLogSettings: logSettings(s.AccessLogSettings?.DestinationArn, s.AccessLogSettings?.Format),
        AutoDeploy: s.AutoDeploy ?? null,
        DefaultRouteSettings: s.DefaultRouteSettings ?? null,
        RouteSettings: s.RouteSettings ?? {},
        StageVariables: s.StageVariables ?? {},
      }),
    ) as Settings;
  },
  fromResource: (r) => {
    const c = r.config as Partial<V2StageConfig>;
    return c.accessLogDestinationArn === undefined ? undefined : { AccessLogSettings: logSettings(c.accessLogDestinationArn, c.accessLogFormat) };
  },
  violations: (s) => (s['AccessLogSettings'] === null || s['AccessLogSettings'] === undefined ? ['no access log destination'] : []),
  fix(_s, p) {
    if (!p.logGroupArn) {
      throw new MamoriError('POLICY_INVALID', 'apigatewayv2-enable-access-logs needs the parameter logGroupArn (the CloudWatch Logs log group ARN for the access logs): set response.params.logGroupArn in the policy');
    }
    return { AccessLogSettings: { DestinationArn: p.logGroupArn.replace(/:\*$/, ''), Format: p.format ?? DEFAULT_ACCESS_LOG_FORMAT } };
  },
  write(values, _current, target) {
    const v = values['AccessLogSettings'] as { DestinationArn: string; Format: string } | null;
    if (v === null) return { operation: 'DeleteAccessLogSettings', params: stageKey(target), purpose: 'delete the access log settings' };
    return { operation: 'UpdateStage', params: { ...stageKey(target), AccessLogSettings: v }, purpose: `log access to ${v.DestinationArn}` };
  },
  describe: (k, v) => (k === 'AccessLogSettings' ? (v && typeof v === 'object' && !Array.isArray(v) ? `access logs to ${String(v['DestinationArn'])}` : 'access logs off') : `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`),
});
