import { AppSyncClient, GetGraphqlApiCommand, UpdateGraphqlApiCommand, type GraphqlApi } from '@aws-sdk/client-appsync';
import { z } from 'zod';
import { MamoriError } from '../../../core/errors.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings } from '../../kit/setting.ts';

/**
 * The members of UpdateGraphqlApi's request that GetGraphqlApi reports. UpdateGraphqlApi replaces the API's
 * configuration — an optional member left out goes back to its default (no additional authorization modes, X-Ray off,
 * no log configuration) — so the write re-sends every one of them exactly as it was read.
 */
const RESENT = [
  'name', 'authenticationType', 'userPoolConfig', 'openIDConnectConfig', 'additionalAuthenticationProviders', 'xrayEnabled', 'lambdaAuthorizerConfig',
  'mergedApiExecutionRoleArn', 'ownerContact', 'introspectionConfig', 'queryDepthLimit', 'resolverCountLimit', 'enhancedMetricsConfig',
] as const satisfies readonly (keyof GraphqlApi)[];

const params = z.strictObject({
  cloudWatchLogsRoleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, { error: 'expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)' })
    .optional()
    .describe('The role AppSync assumes to write to CloudWatch Logs; default the role the API\'s log configuration already names. Required when it names none.'),
  fieldLogLevel: z.enum(['ERROR', 'INFO', 'DEBUG', 'ALL']).optional().describe('The field log level; default ERROR (higher levels log every field resolution, at a cost).'),
});

type LogConfig = { fieldLogLevel: string; cloudWatchLogsRoleArn: string; excludeVerboseContent: boolean };

/**
 * appsync-enable-field-logging: sets field-level logging of a GraphQL API to ERROR (parameter fieldLogLevel) with the
 * CloudWatch Logs role given as parameter (or the one its log configuration already names). Everything else about the
 * API is re-sent as read, because UpdateGraphqlApi would otherwise reset it. Undo sends the previous log
 * configuration back (none: the API logs nothing again).
 */
export const appsyncEnableFieldLogging = settingAction<z.infer<typeof params>>({
  id: 'appsync-enable-field-logging',
  title: 'Turn on AppSync field-level logging',
  description:
    'appsync:UpdateGraphqlApi with logConfig.fieldLogLevel = ERROR (parameter fieldLogLevel) and cloudWatchLogsRoleArn (parameter cloudWatchLogsRoleArn, default the role already named); name, authorization modes, X-Ray and every other setting GetGraphqlApi reported are re-sent exactly as read. Undo: the previous log configuration (or none).',
  resourceType: 'aws.appsync.graphql-api',
  sdk: [sdk(AppSyncClient, { UpdateGraphqlApiCommand, GetGraphqlApiCommand })],
  // AppSync assumes the log role on the caller's behalf: passing it needs iam:PassRole.
  extraPermissions: ['iam:PassRole'],
  params,
  settings: ['logConfig'],
  async read(api, target) {
    const { graphqlApi: g } = await api.client(AppSyncClient).send(new GetGraphqlApiCommand({ apiId: target.id }));
    if (!g) return null;
    const all: Record<string, unknown> = { logConfig: g.logConfig ?? null };
    for (const k of RESENT) if (g[k] !== undefined) all[k] = g[k];
    return JSON.parse(JSON.stringify(all)) as Settings;
  },
  violations(s) {
    const level = (s['logConfig'] as Partial<LogConfig> | null)?.fieldLogLevel;
    return level === undefined || level === 'NONE' ? [`field-level logging ${level ?? 'not configured'}`] : [];
  },
  fix(s, p) {
    const now = s['logConfig'] as Partial<LogConfig> | null;
    const role = p.cloudWatchLogsRoleArn ?? now?.cloudWatchLogsRoleArn;
    if (!role) {
      throw new MamoriError('POLICY_INVALID', 'appsync-enable-field-logging needs the parameter cloudWatchLogsRoleArn (the IAM role AppSync writes its logs with): set response.params.cloudWatchLogsRoleArn in the policy (the API names no log role yet)');
    }
    return { logConfig: { fieldLogLevel: p.fieldLogLevel ?? 'ERROR', cloudWatchLogsRoleArn: role, excludeVerboseContent: now?.excludeVerboseContent ?? false } };
  },
  write(values, current, target) {
    const log = values['logConfig'] as LogConfig | null;
    const resent = Object.fromEntries(RESENT.filter((k) => current.others[k] !== undefined).map((k) => [k, current.others[k]]));
    return {
      operation: 'UpdateGraphqlApi',
      params: { apiId: target.id, ...resent, ...(log ? { logConfig: log } : {}) },
      purpose: log ? `field-level logging ${log.fieldLogLevel} with role ${log.cloudWatchLogsRoleArn}` : 'no field-level logging (as before)',
    };
  },
  describe: (k, v) => {
    if (k !== 'logConfig') return `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`;
    const l = v as Partial<LogConfig> | null;
    return l ? `field-level logging ${String(l.fieldLogLevel)} (role ${String(l.cloudWatchLogsRoleArn)})` : 'field-level logging not configured';
  },
});
