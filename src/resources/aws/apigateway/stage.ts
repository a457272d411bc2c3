import { z } from 'zod';
import { defineResource } from '../../define.ts';

const methodSetting = z.object({
  loggingLevel: z.string().optional(),
  dataTraceEnabled: z.boolean().optional(),
  metricsEnabled: z.boolean().optional(),
  cachingEnabled: z.boolean().optional(),
  cacheDataEncrypted: z.boolean().optional(),
});

export const restStageConfig = z.object({
  restApiId: z.string(),
  restApiName: z.string().optional(),
  stageName: z.string(),
  deploymentId: z.string().optional(),
  endpointTypes: z.array(z.string()).optional().describe('The REST API\'s `endpointConfiguration.types` (EDGE, REGIONAL, PRIVATE).'),
  methodSettings: z.record(z.string(), methodSetting).optional().describe('`methodSettings` by `<resource path>/<HTTP method>`; `*/*` holds the stage-wide defaults.'),
  loggingLevel: z.string().optional().describe('The stage-wide execution log level (`methodSettings["*/*"].loggingLevel`; `OFF`, AWS\'s default, when there is no such entry).'),
  loggingOffMethods: z.array(z.string()).optional().describe('Method settings that turn execution logging off for a resource path and method (`loggingLevel` `OFF`).'),
  cacheClusterEnabled: z.boolean().optional().describe('Whether the stage has a cache cluster.'),
  unencryptedCachedMethods: z.array(z.string()).optional().describe('Method settings (`*/*` included) that cache responses (`cachingEnabled`) without `cacheDataEncrypted`.'),
  tracingEnabled: z.boolean().optional().describe('X-Ray active tracing.'),
  webAclArn: z.string().nullable().optional().describe('The AWS WAF web ACL protecting the stage (`null`: none).'),
  clientCertificateId: z.string().nullable().optional().describe('The client certificate API Gateway presents to the backend (`null`: none).'),
  accessLogDestinationArn: z.string().nullable().optional().describe('`accessLogSettings.destinationArn` (`null`: no access logs).'),
});
export type RestStageConfig = z.infer<typeof restStageConfig>;

const list = (xs: string[] | undefined) => (xs === undefined ? 'unknown (could not be read)' : xs.length ? xs.join(', ') : 'none');
const onOff = (v: boolean | undefined) => (v === undefined ? 'unknown (could not be read)' : v ? 'on' : 'off');
const known = (v: string | null | undefined, none: string) => (v === undefined ? 'unknown (could not be read)' : (v ?? none));

export const restStage = defineResource({
  type: 'aws.apigateway.stage',
  description: 'API Gateway REST API stages (v1) with their logging, caching, tracing, WAF and client certificate settings.',
  config: restStageConfig,
  scope: 'regional',
  calls: ['apigateway:GetRestApis', 'apigateway:GetStages'],
  // IAM authorizes API Gateway's management API by HTTP verb on the resource path.
  permissions: ['apigateway:GET'],
  asff: 'AwsApiGatewayStage',
  // REST (v1) and HTTP/WebSocket (v2) APIs share the event source and stage event names; v1 records restApiId, v2 apiId.
  changes: [
    { event: 'apigateway.amazonaws.com:CreateStage', id: '{requestParameters.restApiId}/{responseElements.stageName}' },
    { event: 'apigateway.amazonaws.com:UpdateStage', id: '{requestParameters.restApiId}/{requestParameters.stageName}' },
  ],
  sections: (c) => [
    { title: 'Stage', lines: [{ text: `${c.restApiName ?? c.restApiId} / ${c.stageName}${c.endpointTypes ? ` (${c.endpointTypes.join(', ')})` : ''}` }] },
    {
      title: 'Logging and tracing',
      lines: [
        { text: `execution logging ${known(c.loggingLevel, 'OFF')}`, evidenceId: 'path:config.loggingLevel' },
        { text: `methods with logging off: ${list(c.loggingOffMethods)}`, evidenceId: 'path:config.loggingOffMethods' },
        { text: `access logs ${known(c.accessLogDestinationArn, 'off')}`, evidenceId: 'path:config.accessLogDestinationArn' },
        { text: `X-Ray tracing ${onOff(c.tracingEnabled)}`, evidenceId: 'path:config.tracingEnabled' },
      ],
    },
    {
      title: 'Protection',
      lines: [
        { text: `cache cluster ${onOff(c.cacheClusterEnabled)}`, evidenceId: 'path:config.cacheClusterEnabled' },
        { text: `cached without encryption: ${list(c.unencryptedCachedMethods)}`, evidenceId: 'path:config.unencryptedCachedMethods' },
        { text: `WAF web ACL ${known(c.webAclArn, 'none')}`, evidenceId: 'path:config.webAclArn' },
        { text: `backend client certificate ${known(c.clientCertificateId, 'none')}`, evidenceId: 'path:config.clientCertificateId' },
      ],
    },
  ],
});
