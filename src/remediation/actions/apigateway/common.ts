/**
 * What the REST API stage actions share: the re-read through the collector's call (GetStages of the stage's REST
 * API), the settings it gives, and the one UpdateStage whose patch operations name only what changes.
 *
 * A method setting is addressed in a patch path as `/{resource path, "/" escaped as "~1"}/{HTTP method}/{setting}`,
 * the form `methodSettings` keys already have (`~1orders/GET`, `*\/*` for the stage-wide entry), so a key becomes a
 * path by prefixing "/". Per-method settings are kept as maps keyed that way; a patch is sent only for the keys whose
 * value changes, so method overrides that do not violate are never written.
 */
import { APIGatewayClient, GetStagesCommand, UpdateStageCommand, type Stage } from '@aws-sdk/client-api-gateway';
import type { z } from 'zod';
import type { ResourceRef } from '../../../core/resource.ts';
import { MamoriError } from '../../../core/errors.ts';
import type { RestStageConfig } from '../../../resources/aws/apigateway/stage.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type SettingActionSpec, type SettingValue, type Settings } from '../../kit/setting.ts';
import type { AnyAction, AwsApi } from '../../types.ts';

/** IAM authorizes API Gateway's management API by HTTP verb: GetStages is `apigateway:GET`, UpdateStage `apigateway:PATCH`. */
export const STAGE_SDK = sdk(APIGatewayClient, { UpdateStageCommand, GetStagesCommand }, { permissions: { UpdateStage: 'apigateway:PATCH', GetStages: 'apigateway:GET' } });

/** The stage-wide method settings' key. */
export const STAGE_WIDE = '*/*';

type MethodSettings = Record<string, { loggingLevel?: string; cachingEnabled?: boolean; cacheDataEncrypted?: boolean; metricsEnabled?: boolean; dataTraceEnabled?: boolean }>;

/** `restApiId/stageName` (the collector's resource id) → its parts. */
export function stageKey(target: ResourceRef): { restApiId: string; stageName: string } {
  const i = target.id.indexOf('/');
  if (i <= 0) throw new MamoriError('INTERNAL', `an API Gateway stage id is restApiId/stageName, not ${target.id}`);
  return { restApiId: target.id.slice(0, i), stageName: target.id.slice(i + 1) };
}

const mapOf = (ms: MethodSettings, value: (m: MethodSettings[string], key: string) => SettingValue): { [key: string]: SettingValue } =>
  Object.fromEntries(Object.keys(ms).sort().map((k) => [k, value(ms[k]!, k)]));

/**
 * Every setting of a stage the actions look at, from GetStages' answer or from the collected configuration (the same
 * members): per-method maps for logging and caching, and the stage's own switches. A stage with no `*\/*` entry logs
 * nothing (AWS's default, as the collector reads it), so the logging map always has `*\/*`, `OFF` when absent; a
 * method that does not say whether it encrypts its cache does not (AWS's default false).
 */
export function stageSettings(s: { methodSettings?: MethodSettings | undefined; tracingEnabled?: boolean | undefined; cacheClusterEnabled?: boolean | undefined; clientCertificateId?: string | null | undefined; webAclArn?: string | null | undefined }, accessLog: string | null): Settings {
  const ms: MethodSettings = { ...s.methodSettings };
  const logging = mapOf(ms, (m) => m.loggingLevel ?? null);
  logging[STAGE_WIDE] = ms[STAGE_WIDE]?.loggingLevel ?? 'OFF';
  return {
    tracingEnabled: s.tracingEnabled ?? false,
    cacheClusterEnabled: s.cacheClusterEnabled ?? false,
    loggingLevel: Object.fromEntries(Object.entries(logging).sort(([a], [b]) => a.localeCompare(b))),
    cachingEnabled: mapOf(ms, (m) => m.cachingEnabled ?? false),
    cacheDataEncrypted: mapOf(ms, (m) => m.cacheDataEncrypted ?? false),
    metricsEnabled: mapOf(ms, (m) => m.metricsEnabled ?? false),
    dataTraceEnabled: mapOf(ms, (m) => m.dataTraceEnabled ?? false),
    accessLogDestinationArn: accessLog,
    clientCertificateId: s.clientCertificateId || null,
    webAclArn: s.webAclArn || null,
  };
}

/** The stage now, through the collector's call (GetStages answers every stage of the REST API with its settings). */
export async function readStage(api: AwsApi, target: ResourceRef): Promise<Settings | null> {
  const { restApiId, stageName } = stageKey(target);
  const out = await api.client(APIGatewayClient).send(new GetStagesCommand({ restApiId }));
  const s: Stage | undefined = (out.item ?? []).find((x) => x.stageName === stageName);
  if (!s) return null;
  return stageSettings(s as Parameters<typeof stageSettings>[0], s.accessLogSettings?.destinationArn || null);
}

const asMap = (v: SettingValue | undefined): { [key: string]: SettingValue } => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {});

/** A per-method map's values for the keys whose value changes, where the stage still has that method setting. */
export function changedMethods(values: SettingValue | undefined, current: SettingValue | undefined): [string, SettingValue][] {
  const now = asMap(current);
  return Object.entries(asMap(values)).filter(([k, v]) => v !== null && k in now && JSON.stringify(now[k]) !== JSON.stringify(v));
}

/** The per-method map's entries, in words, for the plan's "removes" and "keeps". */
export function describeMap(key: string, v: SettingValue): string {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return `${key} = ${typeof v === 'string' ? v : JSON.stringify(v)}`;
  const entries = Object.entries(v);
  return `${key}: ${entries.length ? entries.map(([k, x]) => `${k} ${x === null ? 'not set' : String(x)}`).join(', ') : 'no method settings'}`;
}

type StageSpec<P extends Record<string, unknown>> = Pick<SettingActionSpec<P>, 'id' | 'title' | 'description' | 'settings' | 'violations' | 'fix' | 'params'> & {
  /** The patch operations that set `values` (only the changed keys), given the current settings. */
  patch(values: Settings, current: Settings): { op: 'replace'; path: string; value: string }[];
};

/** A REST API stage action: re-read with GetStages, one UpdateStage whose patch operations name only what changes. */
export function stageAction<P extends Record<string, unknown> = Record<string, never>>(spec: StageSpec<P> & { params?: z.ZodType<P> }): AnyAction {
  const { patch, ...rest } = spec;
  return settingAction<P>({
    ...rest,
    resourceType: 'aws.apigateway.stage',
    sdk: [STAGE_SDK],
    read: readStage,
    fromResource: (r) => {
      const c = r.config as Partial<RestStageConfig>;
      return c.methodSettings === undefined || c.tracingEnabled === undefined ? undefined : stageSettings(c, c.accessLogDestinationArn ?? null);
    },
    describe: describeMap,
    write(values, current, target) {
      const patchOperations = patch(values, { ...current.others, ...current.settings });
      return {
        operation: 'UpdateStage',
        params: { ...stageKey(target), patchOperations },
        purpose: `patch ${patchOperations.map((o) => `${o.path}=${o.value}`).join(', ')}`,
      };
    },
  });
}
