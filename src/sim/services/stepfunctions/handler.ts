/**
 * Step Functions over awsJson 1.0, served from the committed model: ListStateMachines (maxResults up to
 * 1000, default 100, `nextToken`) and DescribeStateMachine with AWS's InvalidArn and
 * StateMachineDoesNotExist errors.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { peekStepFunctionsState } from './model.ts';

const model = loadModel('stepfunctions');
const PAGE = { min: 1, max: 1000, default: 100, tokenCode: 'InvalidToken' };

export const stepfunctions = modelService({
  model: 'stepfunctions',
  operations: {
    ListStateMachines(input, req, ctx) {
      // maxResults 0 means "the default page size", as the API reference says.
      const query = input['maxResults'] === 0 ? { ...input, maxResults: undefined } : input;
      const machines = peekStepFunctionsState(ctx.world, req.accountId, req.region)?.stateMachines ?? [];
      return modelPage(model, 'ListStateMachines', query, machines.map((m) => ({ stateMachineArn: m.arn, name: m.name, type: m.type, creationDate: m.creationDate })), PAGE);
    },
    DescribeStateMachine(input, req, ctx) {
      const arn = input['stateMachineArn'] as string;
      if (!/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}(:[A-Za-z0-9_$.-]+)?$/.test(arn)) throw new SimError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`, 400);
      const m = peekStepFunctionsState(ctx.world, req.accountId, req.region)?.stateMachines.find((x) => x.arn === arn);
      if (!m) throw new SimError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`, 400);
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
