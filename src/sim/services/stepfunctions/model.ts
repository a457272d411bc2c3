/**
 * Step Functions state: state machines with their logging configuration and tags, per account and
 * region. Plain JSON in the world; the handler only selects and pages.
 */
import { SimError } from '../../types.ts';
import { serviceState, type World } from '../../world.ts';

export type LogLevel = 'ALL' | 'ERROR' | 'FATAL' | 'OFF';

export interface StateMachine {
  arn: string;
  name: string;
  type: 'STANDARD' | 'EXPRESS';
  definition: string;
  roleArn: string;
  creationDate: string;
  logging: { level: LogLevel; includeExecutionData: boolean; logGroupArns: string[] };
  tracingEnabled: boolean;
  tags: Record<string, string>;
}

export interface StepFunctionsState {
  stateMachines: StateMachine[];
}

export function stepFunctionsState(world: World, account: string, region: string): StepFunctionsState {
  return serviceState<StepFunctionsState>(world, 'states', account, region, () => ({ stateMachines: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekStepFunctionsState(world: World, account: string, region: string): StepFunctionsState | undefined {
  return world.services['states']?.[account]?.[region] as StepFunctionsState | undefined;
}

export interface CreateStateMachineOptions {
  name: string;
  type?: 'STANDARD' | 'EXPRESS';
  definition?: string;
  roleArn?: string;
  /** Default OFF, as CreateStateMachine leaves it. */
  logLevel?: LogLevel;
  includeExecutionData?: boolean;
  /** Log group name for a level other than OFF (default `/aws/vendedlogs/states/<name>`). */
  logGroup?: string;
  tracingEnabled?: boolean;
  tags?: Record<string, string>;
  creationDate?: string;
}

export function createStateMachine(world: World, account: string, region: string, o: CreateStateMachineOptions): StateMachine {
  const state = stepFunctionsState(world, account, region);
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(o.name)) throw new SimError('InvalidName', `Invalid State Machine Name: '${o.name}'`, 400);
  if (state.stateMachines.some((m) => m.name === o.name)) throw new SimError('StateMachineAlreadyExists', `State Machine Already Exists: 'arn:aws:states:${region}:${account}:stateMachine:${o.name}'`, 400);
  const level = o.logLevel ?? 'OFF';
  const logGroupArns = level === 'OFF' ? [] : [`arn:aws:logs:${region}:${account}:log-group:${o.logGroup ?? `/aws/vendedlogs/states/${o.name}`}:*`];
  const m: StateMachine = {
    arn: `arn:aws:states:${region}:${account}:stateMachine:${o.name}`,
    name: o.name,
    type: o.type ?? 'STANDARD',
    definition: o.definition ?? JSON.stringify({ Comment: o.name, StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }),
    roleArn: o.roleArn ?? `arn:aws:iam::${account}:role/service-role/StepFunctions-${o.name}-role`,
    creationDate: o.creationDate ?? '2025-06-01T09:00:00.000Z',
    logging: { level, includeExecutionData: o.includeExecutionData ?? false, logGroupArns },
    tracingEnabled: o.tracingEnabled ?? false,
    tags: { ...o.tags },
  };
  state.stateMachines.push(m);
  return m;
}
