import { DescribeStateMachineCommand, SFNClient, UpdateStateMachineCommand } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import { MamoriError } from '../../../core/errors.ts';
import type { StateMachineConfig } from '../../../resources/aws/states/state-machine.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings, type SettingValue } from '../../kit/setting.ts';

/** A CloudWatch Logs log group ARN as Step Functions takes it (ending in `:*`). */
const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[A-Za-z0-9_\-/.#]{1,512}:\*$/;

const params = z.strictObject({
  logGroupArn: z
    .string()
    .regex(LOG_GROUP_ARN, { error: 'expected a CloudWatch Logs log group ARN ending in ":*" (arn:aws:logs:<region>:<account>:log-group:<name>:*)' })
    .optional()
    .describe('The log group for the execution logs; default: the one the state machine already names.'),
  level: z.enum(['ERROR', 'ALL', 'FATAL']).optional().describe('The log level (default ERROR).'),
});

type Logging = { level: string; includeExecutionData: boolean; destinations: string[] };

const loggingOf = (v: SettingValue | undefined): Logging => {
  const o = (v && typeof v === 'object' && !Array.isArray(v) ? v : {}) as Record<string, SettingValue>;
  return { level: typeof o['level'] === 'string' ? o['level'] : 'OFF', includeExecutionData: o['includeExecutionData'] === true, destinations: Array.isArray(o['destinations']) ? o['destinations'].map(String) : [] };
};

/**
 * states-enable-logging: sets the state machine's logging configuration to level ERROR (parameter `level`) with
 * the log group given as parameter (or the one it already names); includeExecutionData stays as it was (execution
 * data may hold personal data: turning it on is a separate decision). Definition, role and tracing stay.
 */
export const statesEnableLogging = settingAction<z.infer<typeof params>>({
  id: 'states-enable-logging',
  title: 'Turn on Step Functions execution logging',
  description:
    'states:UpdateStateMachine with only loggingConfiguration: level ERROR (parameter level), destinations = the log group ARN (parameter logGroupArn, default the one already named), includeExecutionData as it was. Definition, role, tracing and encryption stay. The state machine\'s execution role needs the CloudWatch Logs delivery permissions (logs:CreateLogDelivery and the others AWS documents) for logs to arrive. Undo: the previous loggingConfiguration.',
  resourceType: 'aws.states.state-machine',
  sdk: [sdk(SFNClient, { UpdateStateMachineCommand, DescribeStateMachineCommand }, { iam: 'states' })],
  params,
  settings: ['loggingConfiguration'],
  async read(api, target) {
    const d = await api.client(SFNClient).send(new DescribeStateMachineCommand({ stateMachineArn: target.arn }));
    const l = d.loggingConfiguration;
    const logging: Logging = {
      level: l?.level ?? 'OFF',
      includeExecutionData: l?.includeExecutionData ?? false,
      destinations: (l?.destinations ?? []).map((x) => x.cloudWatchLogsLogGroup?.logGroupArn).filter((x): x is string => !!x),
    };
    return { loggingConfiguration: logging, tracingEnabled: d.tracingConfiguration?.enabled ?? false, roleArn: d.roleArn ?? null, type: d.type ?? null };
  },
  fromResource(r) {
    const c = r.config as Partial<StateMachineConfig>;
    if (c.loggingLevel === undefined) return undefined;
    return { loggingConfiguration: { level: c.loggingLevel, includeExecutionData: c.includeExecutionData ?? false, destinations: [...(c.logDestinations ?? [])] } } satisfies Settings;
  },
  violations: (s) => (loggingOf(s['loggingConfiguration']).level === 'OFF' ? ['loggingConfiguration.level = OFF'] : []),
  fix(s, p) {
    const now = loggingOf(s['loggingConfiguration']);
    const arn = p.logGroupArn ?? now.destinations[0];
    if (!arn) {
      throw new MamoriError('POLICY_INVALID', 'states-enable-logging needs the parameter logGroupArn (the CloudWatch Logs log group for the execution logs, ending in ":*"): set response.params.logGroupArn in the policy (the state machine names no log group yet)');
    }
    return { loggingConfiguration: { level: p.level ?? 'ERROR', includeExecutionData: now.includeExecutionData, destinations: [arn] } };
  },
  write: (values, _current, target) => {
    const l = loggingOf(values['loggingConfiguration']);
    return {
      operation: 'UpdateStateMachine',
      params: { stateMachineArn: target.arn, loggingConfiguration: { level: l.level, includeExecutionData: l.includeExecutionData, destinations: l.destinations.map((logGroupArn) => ({ cloudWatchLogsLogGroup: { logGroupArn } })) } },
      purpose: `set loggingConfiguration level=${l.level}${l.destinations.length ? ` to ${l.destinations.join(', ')}` : ''}`,
    };
  },
  describe: (k, v) => {
    if (k !== 'loggingConfiguration') return `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`;
    const l = loggingOf(v);
    return `logging level ${l.level}, includeExecutionData ${String(l.includeExecutionData)}, destinations ${l.destinations.length ? l.destinations.join(', ') : 'none'}`;
  },
});
