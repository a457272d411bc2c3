import type { World } from '../../world.ts';
import { peekApiGatewayState, type RestApi } from '../../services/apigateway/model.ts';
import type { EstateRestApi } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

type Stage = EstateRestApi['stages'][number];

/** One planned REST API with its one stage, and the method override the estate document cannot say. */
interface Planned {
  api: EstateRestApi;
  stage: Stage;
  /** A method override (`~1health/GET`) that turns execution logging off under a stage that logs. */
  healthLogsOff: boolean;
}

function restApiOf(world: World, p: Planned): RestApi {
  const api = peekApiGatewayState(world, p.api.account, p.api.region)?.restApis.find((a) => a.name === p.api.name);
  if (!api) throw new Error(`generated REST API ${p.api.name} is not in ${p.api.account} ${p.api.region}`);
  return api;
}

/**
 * API Gateway REST API stages: execution logging off (no method settings, `OFF`, or one method override set to OFF
 * under a stage that logs) or at ERROR/INFO; a cache cluster caching in clear, encrypted, or none; X-Ray on or off;
 * a WAF web ACL and a backend client certificate each present or not.
 */
export const apigateway: GeneratorPiece = {
  name: 'apigateway',
  resourceTypes: ['aws.apigateway.stage'],
  policies: ['aws-apigateway-cache-unencrypted', 'aws-apigateway-stage-logging-off', 'aws-apigateway-stage-no-client-certificate', 'aws-apigateway-stage-no-waf', 'aws-apigateway-stage-xray-off'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick, r } = ctx;
    const planned: Planned[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const silent = bad();
        const logMode = silent ? pick(['none', 'OFF', 'override'] as const) : pick(['ERROR', 'INFO'] as const);
        const stage: Stage = {
          name: 'prod',
          ...(logMode === 'OFF' || logMode === 'ERROR' || logMode === 'INFO' ? { logLevel: logMode } : logMode === 'override' ? { logLevel: 'ERROR' as const } : {}),
          ...(bad() ? { cache: 'unencrypted' as const } : r() < 0.5 ? { cache: 'encrypted' as const } : {}),
          ...(bad() ? (r() < 0.5 ? { tracing: false } : {}) : { tracing: true }),
          ...(bad() ? {} : { webAcl: `arn:aws:wafv2:${region}:${account}:regional/webacl/gen-api/${String(i).padStart(8, '0')}-0000-4000-8000-000000000000` }),
          ...(bad() ? {} : { clientCertificate: `gencert${i}` }),
        };
        const api: EstateRestApi = { account, region, name: `gen-rest-${i}`, endpointType: pick(['EDGE', 'REGIONAL', 'PRIVATE'] as const), stages: [stage] };
        planned.push({ api, stage, healthLogsOff: logMode === 'override' });
      }
    }
    (ctx.doc.restApis ??= []).push(...planned.map((p) => p.api));
    return {
      afterBuild(world) {
        for (const p of planned) {
          if (!p.healthLogsOff) continue;
          restApiOf(world, p).stages.find((s) => s.stageName === p.stage.name)!.methodSettings['~1health/GET'] = { loggingLevel: 'OFF', metricsEnabled: false };
        }
      },
      truth(world) {
        const truth = new Truth();
        for (const p of planned) {
          const { account, region } = p.api;
          const arn = `arn:aws:apigateway:${region}::/restapis/${restApiOf(world, p).id}/stages/${p.stage.name}`;
          const s = p.stage;
          if (s.cache === 'unencrypted') truth.add('aws-apigateway-cache-unencrypted', arn, account, region, paths('cacheClusterEnabled', 'unencryptedCachedMethods'));
          const wide = s.logLevel ?? 'OFF';
          truth.add('aws-apigateway-stage-logging-off', arn, account, region, paths(...(wide === 'OFF' ? ['loggingLevel'] : []), ...(p.healthLogsOff ? ['loggingOffMethods'] : [])));
          if (!s.clientCertificate) truth.add('aws-apigateway-stage-no-client-certificate', arn, account, region, paths('clientCertificateId'));
          if (!s.webAcl) truth.add('aws-apigateway-stage-no-waf', arn, account, region, paths('webAclArn'));
          if (s.tracing !== true) truth.add('aws-apigateway-stage-xray-off', arn, account, region, paths('tracingEnabled'));
        }
        return truth.entries;
      },
    };
  },
};
