/**
 * EventBridge rules, targets, bus permissions and PutEvents over awsJson 1.1, with AWS's validation
 * and errors (https://docs.aws.amazon.com/eventbridge/latest/APIReference/): PutRule, DeleteRule,
 * DescribeRule, ListRules, PutTargets, RemoveTargets, ListTargetsByRule, PutPermission,
 * RemovePermission, PutEvents. State per (account, region) under `services["events.rules"]`, plain JSON.
 */
import { randomUUID } from 'node:crypto';
import { paginate } from '../../protocols/paging.ts';
import { SimError, type SimRequest } from '../../types.ts';
import { serviceState, type World } from '../../world.ts';
import { eventBridgeState, eventBuses, type EventBus } from './model.ts';
import { parsePattern } from './patterns.ts';
import { putEvent, type BridgeEvent } from './delivery.ts';

export interface RuleTarget {
  Id: string;
  Arn: string;
  RoleArn?: string;
  Input?: string;
  InputPath?: string;
}

export interface Rule {
  name: string;
  arn: string;
  busName: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
  description?: string;
  roleArn?: string;
  createdBy: string;
  tags: Record<string, string>;
  targets: RuleTarget[];
}

export interface RulesState {
  rules: Rule[];
}

export function rulesState(world: World, account: string, region: string): RulesState {
  return serviceState<RulesState>(world, 'events.rules', account, region, () => ({ rules: [] }));
}

export function peekRules(world: World, account: string, region: string): Rule[] {
  return (world.services['events.rules']?.[account]?.[region] as RulesState | undefined)?.rules ?? [];
}

const validation = (m: string) => new SimError('ValidationException', m, 400);
const notFound = (m: string) => new SimError('ResourceNotFoundException', m, 400);

const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const BUS_NAME = /^(arn:aws[\w-]*:events:[a-z0-9-]+:\d{12}:event-bus\/)?[/.\-_A-Za-z0-9]{1,256}$/;
const TARGET_ID = /^[.\-_A-Za-z0-9]{1,64}$/;
const ARN = /^arn:aws[\w-]*:([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/;

function str(input: Record<string, unknown>, key: string, required = false): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) {
    if (required) throw validation(`1 validation error detected: Value null at '${key[0]!.toLowerCase()}${key.slice(1)}' failed to satisfy constraint: Member must not be null`);
    return undefined;
  }
  if (typeof v !== 'string') throw new SimError('SerializationException', `${key} must be a string`, 400);
  return v;
}

/** The bus a request names (name or ARN; default `default`), in the caller's account unless an ARN says otherwise. */
function resolveBus(world: World, req: SimRequest, given: string | undefined): { account: string; region: string; bus: EventBus } {
  const name = given ?? 'default';
  if (!BUS_NAME.test(name)) throw validation(`1 validation error detected: Value '${name}' at 'eventBusName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+`);
  let account = req.accountId;
  let region = req.region;
  let bare = name;
  const arn = /^arn:aws[\w-]*:events:([a-z0-9-]+):(\d{12}):event-bus\/(.+)$/.exec(name);
  if (arn) [, region, account, bare] = arn as unknown as [string, string, string, string];
  const bus = eventBuses(world, account, region).find((b) => b.name === bare);
  if (!bus) throw notFound(`Event bus ${bare} does not exist.`);
  return { account, region, bus };
}

/** Rules may be managed only on buses of the caller's own account and region. */
function ownBus(world: World, req: SimRequest, given: string | undefined): EventBus {
  const r = resolveBus(world, req, given);
  if (r.account !== req.accountId || r.region !== req.region) throw new SimError('AccessDeniedException', `User: ${req.principalArn} is not authorized to perform: events:PutRule on resource: ${r.bus.arn}`, 400);
  return r.bus;
}

const ruleArn = (account: string, region: string, bus: string, name: string) => `arn:aws:events:${region}:${account}:rule/${bus === 'default' ? '' : `${bus}/`}${name}`;

function findRule(world: World, req: SimRequest, name: string, bus: EventBus): Rule {
  const r = peekRules(world, req.accountId, req.region).find((x) => x.name === name && x.busName === bus.name);
  if (!r) throw notFound(`Rule ${name} does not exist on EventBus ${bus.name}.`);
  return r;
}

function ruleName(input: Record<string, unknown>, key: string): string {
  const name = str(input, key, true)!;
  if (!RULE_NAME.test(name)) throw validation(`1 validation error detected: Value '${name}' at '${key.toLowerCase()}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`);
  return name;
}

function ruleView(r: Rule): Record<string, unknown> {
  return {
    Name: r.name,
    Arn: r.arn,
    ...(r.eventPattern !== undefined ? { EventPattern: r.eventPattern } : {}),
    ...(r.scheduleExpression !== undefined ? { ScheduleExpression: r.scheduleExpression } : {}),
    State: r.state,
    ...(r.description !== undefined ? { Description: r.description } : {}),
    ...(r.roleArn !== undefined ? { RoleArn: r.roleArn } : {}),
    EventBusName: r.busName,
  };
}

/** The documented limit of targets per rule. */
export const MAX_TARGETS = 5;

export type Operation = (input: Record<string, unknown>, req: SimRequest, world: World) => Record<string, unknown>;

const EVENT_PATTERN_MAX = 2048;

export const RULE_OPERATIONS: Record<string, Operation> = {
  PutRule(input, req, world) {
    const name = ruleName(input, 'Name');
    const bus = ownBus(world, req, str(input, 'EventBusName'));
    const pattern = str(input, 'EventPattern');
    const schedule = str(input, 'ScheduleExpression');
    if (pattern === undefined && schedule === undefined) throw validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
    if (pattern !== undefined) parsePattern(pattern);
    // The "Event pattern size" quota (2,048 characters by default): PutRule refuses a longer pattern with a 400
    // (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html).
    if (pattern !== undefined && pattern.length > EVENT_PATTERN_MAX) throw new SimError('LimitExceededException', `The event pattern is ${pattern.length} characters; the Event pattern size quota is ${EVENT_PATTERN_MAX}.`, 400);
    if (schedule !== undefined) {
      if (bus.name !== 'default') throw validation('ScheduleExpression is supported only on the default event bus.');
      if (!/^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/.test(schedule)) throw validation('Parameter ScheduleExpression is not valid.');
    }
    const state = str(input, 'State') ?? 'ENABLED';
    if (!['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'].includes(state)) throw validation(`1 validation error detected: Value '${state}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]`);
    const description = str(input, 'Description');
    if (description !== undefined && description.length > 512) throw validation("1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 512");
    const roleArn = str(input, 'RoleArn');
    const st = rulesState(world, req.accountId, req.region);
    let rule = st.rules.find((r) => r.name === name && r.busName === bus.name);
    const fields = { eventPattern: pattern, scheduleExpression: schedule, state: state as Rule['state'], description, roleArn };
    if (rule) {
      // PutRule replaces the rule's settings; tags are kept (only TagResource changes them).
      for (const [k, v] of Object.entries(fields)) {
        if (v === undefined) delete (rule as unknown as Record<string, unknown>)[k];
        else (rule as unknown as Record<string, unknown>)[k] = v;
      }
    } else {
      const tags: Record<string, string> = {};
      const given = input['Tags'];
      if (given !== undefined) {
        if (!Array.isArray(given)) throw new SimError('SerializationException', 'Tags must be a list', 400);
        for (const t of given as { Key?: unknown; Value?: unknown }[]) {
          if (typeof t?.Key !== 'string' || typeof t.Value !== 'string') throw validation('A tag needs a Key and a Value.');
          tags[t.Key] = t.Value;
        }
      }
      rule = { name, arn: ruleArn(req.accountId, req.region, bus.name, name), busName: bus.name, state: state as Rule['state'], createdBy: req.accountId, tags, targets: [] };
      for (const [k, v] of Object.entries(fields)) if (v !== undefined) (rule as unknown as Record<string, unknown>)[k] = v;
      st.rules.push(rule);
    }
    return { RuleArn: rule.arn };
  },

  DeleteRule(input, req, world) {
    const name = ruleName(input, 'Name');
    const bus = ownBus(world, req, str(input, 'EventBusName'));
    const st = rulesState(world, req.accountId, req.region);
    const i = st.rules.findIndex((r) => r.name === name && r.busName === bus.name);
    // Deleting a rule that does not exist succeeds, as AWS documents ("all calls will succeed").
    if (i < 0) return {};
    if (st.rules[i]!.targets.length && input['Force'] !== true) throw validation("Rule can't be deleted since it has targets.");
    st.rules.splice(i, 1);
    return {};
  },

  DescribeRule(input, req, world) {
    const name = ruleName(input, 'Name');
    const bus = ownBus(world, req, str(input, 'EventBusName'));
    const r = findRule(world, req, name, bus);
    return { ...ruleView(r), CreatedBy: r.createdBy };
  },

  ListRules(input, req, world) {
    const bus = ownBus(world, req, str(input, 'EventBusName'));
    const prefix = str(input, 'NamePrefix');
    const rules = peekRules(world, req.accountId, req.region).filter((r) => r.busName === bus.name && (prefix === undefined || r.name.startsWith(prefix))).sort((a, b) => a.name.localeCompare(b.name));
    const { page, nextToken } = paginate(rules, input['Limit'] as number | undefined, str(input, 'NextToken'), { min: 1, max: 100, default: 100, invalidCode: 'ValidationException', tokenCode: 'ValidationException' });
    return { Rules: page.map(ruleView), ...(nextToken ? { NextToken: nextToken } : {}) };
  },

  PutTargets(input, req, world) {
    const name = ruleName(input, 'Rule');
    const bus = ownBus(world, req, str(input, 'EventBusName'));
    const rule = findRule(world, req, name, bus);
    const targets = input['Targets'];
    if (!Array.isArray(targets) || targets.length === 0) throw validation("1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length greater than or equal to 1");
    if (targets.length > 10) throw validation("1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length less than or equal to 10");
    const failed: Record<string, string>[] = [];
    for (const t of targets as Record<string, unknown>[]) {
      const id = typeof t['Id'] === 'string' ? t['Id'] : '';
      const arn = typeof t['Arn'] === 'string' ? t['Arn'] : '';
      if (!TARGET_ID.test(id)) throw validation(`1 validation error detected: Value '${id}' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`);
      const m = ARN.exec(arn);
      if (!m) throw validation(`Parameter ${arn} is not valid. Reason: Provided Arn is not in correct format.`);
      const [, service, region, account] = m as unknown as [string, string, string, string];
      const roleArn = typeof t['RoleArn'] === 'string' ? t['RoleArn'] : undefined;
      const fail = (code: string, message: string) => failed.push({ TargetId: id, ErrorCode: code, ErrorMessage: message });
      if (service === 'events') {
        // Another bus: cross-Region delivery needs an execution role (AWS requires RoleArn for it).
        if (region !== req.region && !roleArn) {
          fail('ValidationException', 'RoleArn is required for targets that are event buses in another Region.');
          continue;
        }
      } else if (service === 'sqs') {
        if (region !== req.region) {
          fail('ValidationException', `Parameter(s) ${arn} is not valid: the target must be in the same Region as the rule.`);
          continue;
        }
        if (account !== req.accountId && !roleArn) {
          // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-cross-account.html
          fail('ValidationException', 'Cross-account targets other than event buses need an execution role (RoleArn) in the account of the event bus.');
          continue;
        }
      } else {
        fail('ValidationException', `Target type ${service} is not served by the local endpoint; it delivers to SQS queues and event buses.`);
        continue;
      }
      const existing = rule.targets.findIndex((x) => x.Id === id);
      if (existing < 0 && rule.targets.length >= MAX_TARGETS) {
        throw new SimError('LimitExceededException', `The requested resource exceeds the maximum number allowed.`, 400);
      }
      const target: RuleTarget = { Id: id, Arn: arn };
      if (roleArn) target.RoleArn = roleArn;
      if (typeof t['Input'] === 'string') target.Input = t['Input'];
      if (typeof t['InputPath'] === 'string') target.InputPath = t['InputPath'];
      if (existing < 0) rule.targets.push(target);
      else rule.targets[existing] = target;
    }
    return { FailedEntryCount: failed.length, FailedEntries: failed };
  },

  RemoveTargets(input, req, world) {
    const name = ruleName(input, 'Rule');
    const bus = ownBus(world, req, str(input, 'EventBusName'));
    const rule = findRule(world, req, name, bus);
    const ids = input['Ids'];
    if (!Array.isArray(ids) || ids.length === 0) throw validation("1 validation error detected: Value at 'ids' failed to satisfy constraint: Member must have length greater than or equal to 1");
    const failed: Record<string, string>[] = [];
    for (const id of ids as unknown[]) {
      const i = rule.targets.findIndex((t) => t.Id === id);
      if (i < 0) failed.push({ TargetId: String(id), ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Target ${String(id)} does not exist on rule ${name}.` });
      else rule.targets.splice(i, 1);
    }
    return { FailedEntryCount: failed.length, FailedEntries: failed };
  },

  ListTargetsByRule(input, req, world) {
    const name = ruleName(input, 'Rule');
    const bus = ownBus(world, req, str(input, 'EventBusName'));
    const rule = findRule(world, req, name, bus);
    const { page, nextToken } = paginate(rule.targets, input['Limit'] as number | undefined, str(input, 'NextToken'), { min: 1, max: 100, default: 100, invalidCode: 'ValidationException', tokenCode: 'ValidationException' });
    return { Targets: page.map((t) => ({ ...t })), ...(nextToken ? { NextToken: nextToken } : {}) };
  },

  PutPermission(input, req, world) {
    const bus = storedBus(world, req.accountId, req.region, ownBus(world, req, str(input, 'EventBusName')).name);
    const policyText = str(input, 'Policy');
    if (policyText !== undefined) {
      let policy: unknown;
      try {
        policy = JSON.parse(policyText);
      } catch {
        throw new SimError('MalformedPolicyDocumentException', 'The policy document is not valid JSON.', 400);
      }
      if (typeof policy !== 'object' || policy === null || !Array.isArray((policy as Record<string, unknown>)['Statement'])) throw new SimError('MalformedPolicyDocumentException', 'The policy needs a Statement list.', 400);
      bus.policy = policy as Record<string, unknown>;
      return {};
    }
    const action = str(input, 'Action');
    const principal = str(input, 'Principal');
    const sid = str(input, 'StatementId');
    if (action === undefined || principal === undefined || sid === undefined) throw validation('Parameter(s) Action, Principal and StatementId must be specified when Policy is not.');
    if (action !== 'events:PutEvents') throw validation(`Provided value in parameter 'action' is not supported.`);
    if (principal !== '*' && !/^\d{12}$/.test(principal)) throw validation(`Provided value in parameter 'principal' is not supported.`);
    if (!/^[a-zA-Z0-9-_]{1,64}$/.test(sid)) throw validation(`1 validation error detected: Value '${sid}' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+`);
    const statements = ((bus.policy?.['Statement'] as Record<string, unknown>[] | undefined) ?? []).filter((s) => s['Sid'] !== sid);
    const statement: Record<string, unknown> = { Sid: sid, Effect: 'Allow', Principal: principal === '*' ? '*' : { AWS: `arn:aws:iam::${principal}:root` }, Action: 'events:PutEvents', Resource: bus.arn };
    const condition = input['Condition'] as { Type?: string; Key?: string; Value?: string } | undefined;
    if (condition) {
      if (condition.Type !== 'StringEquals' || condition.Key !== 'aws:PrincipalOrgID' || typeof condition.Value !== 'string') throw validation('Condition supports only StringEquals on aws:PrincipalOrgID.');
      statement['Condition'] = { StringEquals: { 'aws:PrincipalOrgID': condition.Value } };
    }
    bus.policy = { Version: '2012-10-17', Statement: [...statements, statement] };
    return {};
  },

  RemovePermission(input, req, world) {
    const bus = storedBus(world, req.accountId, req.region, ownBus(world, req, str(input, 'EventBusName')).name);
    const statements = (bus.policy?.['Statement'] as Record<string, unknown>[] | undefined) ?? [];
    if (input['RemoveAllPermissions'] === true) {
      delete bus.policy;
      return {};
    }
    const sid = str(input, 'StatementId', true)!;
    if (!statements.some((s) => s['Sid'] === sid)) throw notFound(`Statement with the provided id does not exist.`);
    const rest = statements.filter((s) => s['Sid'] !== sid);
    if (rest.length) bus.policy = { ...bus.policy, Statement: rest };
    else delete bus.policy;
    return {};
  },

  PutEvents(input, req, world) {
    const entries = input['Entries'];
    if (!Array.isArray(entries) || entries.length === 0) throw validation("1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1");
    if (entries.length > 10) throw validation("1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10");
    const out: Record<string, string>[] = [];
    let failed = 0;
    for (const e of entries as Record<string, unknown>[]) {
      const error = (code: string, message: string) => {
        failed++;
        out.push({ ErrorCode: code, ErrorMessage: message });
      };
      const source = e['Source'];
      const detailType = e['DetailType'];
      const detailText = e['Detail'];
      if (typeof source !== 'string' || source === '') {
        error('InvalidArgument', 'Parameter Source is not valid. Reason: Source is a required argument.');
        continue;
      }
      if (typeof detailType !== 'string' || detailType === '') {
        error('InvalidArgument', 'Parameter DetailType is not valid. Reason: DetailType is a required argument.');
        continue;
      }
      if (typeof detailText !== 'string') {
        error('InvalidArgument', 'Parameter Detail is not valid. Reason: Detail is a required argument.');
        continue;
      }
      if (source.startsWith('aws.')) {
        error('NotAuthorizedForSourceException', `Not authorized for the source ${source}.`);
        continue;
      }
      let detail: unknown;
      try {
        detail = JSON.parse(detailText);
      } catch {
        detail = undefined;
      }
      if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
        error('MalformedDetail', 'Detail is malformed.');
        continue;
      }
      let target: { account: string; region: string; bus: EventBus };
      try {
        target = resolveBus(world, req, typeof e['EventBusName'] === 'string' ? e['EventBusName'] : undefined);
      } catch (err) {
        error('InvalidArgument', err instanceof Error ? err.message : String(err));
        continue;
      }
      if (target.account !== req.accountId && !busAllows(world, target.bus, req.accountId)) {
        error('AccessDeniedException', `User: ${req.principalArn} is not authorized to perform: events:PutEvents on resource: ${target.bus.arn}`);
        continue;
      }
      const time = typeof e['Time'] === 'number' ? new Date(e['Time'] * 1000) : new Date();
      const event: BridgeEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': detailType,
        source,
        account: req.accountId,
        time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region: req.region,
        resources: Array.isArray(e['Resources']) ? (e['Resources'] as unknown[]).filter((x): x is string => typeof x === 'string') : [],
        detail: detail as Record<string, unknown>,
      };
      putEvent(world, target.account, target.region, target.bus.name, event);
      out.push({ EventId: event.id });
    }
    return { FailedEntryCount: failed, Entries: out };
  },
};

/** The bus as stored (the default bus is materialized on first policy change). */
function storedBus(world: World, account: string, region: string, name: string): EventBus {
  const st = eventBridgeState(world, account, region);
  let bus = st.buses.find((b) => b.name === name);
  if (!bus) {
    bus = eventBuses(world, account, region).find((b) => b.name === name)!;
    st.buses.unshift(bus);
  }
  return bus;
}

/**
 * Whether a bus's resource policy lets another account put events on it: an Allow statement for
 * events:PutEvents (or events:*) whose principal is that account (id or root ARN) or `*`, with an
 * `aws:PrincipalOrgID` condition met by the organization of the estate when it has one. Deny wins.
 */
export function busAllows(world: World, bus: EventBus, account: string): boolean {
  const statements = (bus.policy?.['Statement'] as Record<string, unknown>[] | undefined) ?? [];
  const applies = (s: Record<string, unknown>) => {
    const actions = ([] as unknown[]).concat(s['Action']);
    if (!actions.some((a) => a === 'events:PutEvents' || a === 'events:*' || a === '*')) return false;
    const p = s['Principal'];
    const principals = p === '*' ? ['*'] : ([] as unknown[]).concat((p as Record<string, unknown> | undefined)?.['AWS'] ?? []);
    if (!principals.some((x) => x === '*' || x === account || x === `arn:aws:iam::${account}:root`)) return false;
    const orgCond = ((s['Condition'] as Record<string, Record<string, unknown>> | undefined)?.['StringEquals'] ?? {})['aws:PrincipalOrgID'];
    if (orgCond !== undefined) {
      const inOrg = world.organization !== null && Object.hasOwn(world.accounts, account);
      if (!inOrg || ![orgCond].flat().includes(world.organization!.id)) return false;
    }
    return true;
  };
  if (statements.some((s) => s['Effect'] === 'Deny' && applies(s))) return false;
  return statements.some((s) => s['Effect'] === 'Allow' && applies(s));
}
