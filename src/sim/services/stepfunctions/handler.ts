/**
 * Step Functions over awsJson 1.0, served from the committed model: ListStateMachines (maxResults up to
 * 1000, default 100, `nextToken`) and DescribeStateMachine with AWS's InvalidArn and
 * StateMachineDoesNotExist errors; and UpdateStateMachine's logging configuration (the write remediation
 * makes) with its documented validation, all or nothing.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import type { SimRequest, SimContext } from '../../types.ts';
import { peekStepFunctionsState, type LogLevel, type StateMachine } from './model.ts';

const model = loadModel('stepfunctions');
const PAGE = { min: 1, max: 1000, default: 100, tokenCode: 'InvalidToken' };

const ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}(:[A-Za-z0-9_$.-]+)?$/;
const LEVELS: readonly LogLevel[] = ['ALL', 'ERROR', 'FATAL', 'OFF'];
/** A CloudWatch Logs log group ARN as Step Functions takes it: ending in `:*`. */
const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[A-Za-z0-9_\-/.#]{1,512}:\*$/;

function findMachine(input: Record<string, unknown>, req: SimRequest, ctx: SimContext): StateMachine {
  const arn = input['stateMachineArn'] as string;
  if (!ARN.test(arn)) throw new SimError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`, 400);
  const m = peekStepFunctionsState(ctx.world, req.accountId, req.region)?.stateMachines.find((x) => x.arn === arn);
  if (!m) throw new SimError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`, 400);
  return m;
}

type LoggingInput = { level?: string; includeExecutionData?: boolean; destinations?: { cloudWatchLogsLogGroup?: { logGroupArn?: string } }[] };

/** The logging configuration UpdateStateMachine would set, checked as AWS does (InvalidLoggingConfiguration). */
function loggingOf(l: LoggingInput, current: StateMachine['logging']): StateMachine['logging'] {
  const bad = (message: string) => new SimError('InvalidLoggingConfiguration', message, 400);
  const level = (l.level ?? current.level) as LogLevel;
  if (!LEVELS.includes(level)) throw new SimError('ValidationException', `1 validation error detected: Value '${String(l.level)}' at 'loggingConfiguration.level' failed to satisfy constraint: Member must satisfy enum value set: [${LEVELS.join(', ')}]`, 400);
  const destinations = l.destinations ?? current.logGroupArns.map((logGroupArn) => ({ cloudWatchLogsLogGroup: { logGroupArn } }));
  if (destinations.length > 1) throw bad('Only one destination is allowed');
  const arns = destinations.map((d) => d.cloudWatchLogsLogGroup?.logGroupArn ?? '');
  for (const a of arns) if (!LOG_GROUP_ARN.test(a)) throw bad(`Invalid Logging Configuration: The CloudWatch Logs Resource Arn '${a}' is not valid: it must be a log group ARN ending with ':*'`);
  if (level !== 'OFF' && arns.length === 0) throw bad('Invalid Logging Configuration: Must specify exactly one Log Destination when the level is not OFF.');
  return { level, includeExecutionData: l.includeExecutionData ?? current.includeExecutionData, logGroupArns: arns };
}

export const stepfunctions = modelService({
  model: 'stepfunctions',
  operations: {
    ListStateMachines(input, req, ctx) {
      // maxResults 0 means "the default page size", as the API reference says.
      const query = input['maxResults'] === 0 ? { ...input, maxResults: undefined } : input;
      const machines = peekStepFunctionsState(ctx.world, req.accountId, req.region)?.stateMachines ?? [];
      return modelPage(model, 'ListStateMachines', query, machines.map((m) => ({ stateMachineArn: m.arn, name: m.name, type: m.type, creationDate: m.creationDate })), PAGE);
    },
    UpdateStateMachine(input, req, ctx) {
      const m = findMachine(input, req, ctx);
      const given = ['definition', 'roleArn', 'loggingConfiguration', 'tracingConfiguration', 'encryptionConfiguration'].filter((k) => input[k] !== undefined);
      if (!given.length) throw new SimError('MissingRequiredParameter', 'Request is missing a required parameter: at least one of definition, roleArn, loggingConfiguration, tracingConfiguration or encryptionConfiguration', 400);
      const other = given.find((k) => k !== 'loggingConfiguration' && k !== 'tracingConfiguration');
      if (other) throw new SimError('ValidationException', `The local endpoint serves only logging and tracing updates, not ${other}`, 400);
      const logging = input['loggingConfiguration'] ? loggingOf(input['loggingConfiguration'] as LoggingInput, m.logging) : m.logging;
      const tracing = (input['tracingConfiguration'] as { enabled?: boolean } | undefined)?.enabled;
      m.logging = logging;
      if (tracing !== undefined) m.tracingEnabled = tracing;
      return { updateDate: new Date().toISOString(), revisionId: `${Date.now().toString(16)}-${m.name}` };
    },
    DescribeStateMachine(input, req, ctx) {
      const m = findMachine(input, req, ctx);
      return {
        stateMachineArn: m.arn,
        name: m.name,
        status: 'ACTIVE',
        definition: m.definition,
        roleArn: m.roleArn,
        type: m.type,
        creationDate: m.creationDate,
        loggingConfiguration: {
          level: m.logging.level,
          includeExecutionData: m.logging.includeExecutionData,
          ...(m.logging.logGroupArns.length ? { destinations: m.logging.logGroupArns.map((logGroupArn) => ({ cloudWatchLogsLogGroup: { logGroupArn } })) } : {}),
        },
        tracingConfiguration: { enabled: m.tracingEnabled },
        encryptionConfiguration: { type: 'AWS_OWNED_KEY' },
      };
    },
  },
});
