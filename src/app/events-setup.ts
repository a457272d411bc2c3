/**
 * `mamori events setup|remove`: the AWS resources that deliver CloudTrail write events to mamori.
 *
 * Layout (docs/continuous.md, "Setting up event delivery"): in the queue account (the caller's unless
 * --queue-account), in each region, an SQS queue `mamori-events` whose policy lets only that region's
 * central rule send to it, the default event bus's resource policy allowing the other accounts (the
 * organization with --org) to put events on it, and the rule `mamori-events` on that bus forwarding
 * matching events to the queue. In every other target account and region, the rule `mamori-events`
 * forwarding the same events to the queue account's default bus in the same region. Rules to another
 * account's bus need only that bus's policy; a rule targeting another account's queue directly would
 * need an IAM execution role in every account, and a cross-Region target one too, so there is one
 * queue per region and no cross-Region hop.
 *
 * The rule's pattern is derived from the selected policies' resource types (`changes` of their
 * descriptors), never listed per policy. When it outgrows EventBridge's pattern size quota, the writes are
 * split over several rules (`mamori-events`, `mamori-events-2`, …), each with the same target.
 */
import { DeleteRuleCommand, DescribeRuleCommand, EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand, PutPermissionCommand, PutRuleCommand, PutTargetsCommand, RemovePermissionCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueUrlCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { MamoriError } from '../core/errors.ts';
import type { Policy } from '../engine/policy.ts';
import { resolveTargets, type ScanTarget, type TargetOptions } from '../aws/accounts.ts';
import { ClientFactory, type AccountCredentials, type AwsSettings } from '../aws/clients.ts';
import { describeAwsError } from '../aws/errors.ts';
import { resourceDescriptor } from '../resources/index.ts';
import type { ResourceChange } from '../resources/define.ts';

export const RULE_NAME = 'mamori-events';
/**
 * EventBridge's "Event pattern size" quota: 2,048 characters by default (adjustable up to 4,096), per rule
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html). Setup keeps every pattern within the default.
 */
export const PATTERN_MAX_CHARS = 2048;
/** EventBridge's default quota of rules per event bus (adjustable); setup refuses a plan that would need more. */
export const RULES_PER_BUS = 300;

/** The name of the i-th rule (0-based): `mamori-events`, then `mamori-events-2`, `mamori-events-3`, … */
export function ruleName(i: number): string {
  return i === 0 ? RULE_NAME : `${RULE_NAME}-${i + 1}`;
}
/** Whether a rule name is one setup gives (`remove` and a smaller setup delete the extra ones it finds). */
const isRuleName = (name: string) => name === RULE_NAME || /^mamori-events-[1-9]\d*$/.test(name);
export const DEFAULT_QUEUE_NAME = 'mamori-events';
/** The rule's description marks it as mamori's: `remove` deletes only rules that carry it. */
export const RULE_DESCRIPTION = 'Created by mamori events setup: CloudTrail writes that can change what mamori checks';
export const QUEUE_TARGET_ID = 'mamori-queue';
export const BUS_TARGET_ID = 'mamori-central-bus';
export const DETAIL_TYPE = 'AWS API Call via CloudTrail';
const TAGS = { 'managed-by': 'mamori' };

/** The changes declared by the resource types the policies check, deduplicated and sorted. */
export function derivedChanges(policies: readonly Pick<Policy, 'resource'>[]): { changes: ResourceChange[]; uncovered: string[] } {
  const byEvent = new Map<string, ResourceChange>();
  const uncovered = new Set<string>();
  for (const type of new Set(policies.map((p) => p.resource))) {
    const changes = resourceDescriptor(type)?.changes ?? [];
    if (changes.length === 0) uncovered.add(type);
    for (const c of changes) if (!byEvent.has(c.event)) byEvent.set(c.event, c);
  }
  return { changes: [...byEvent.values()].sort((a, b) => a.event.localeCompare(b.event)), uncovered: [...uncovered].sort() };
}

/**
 * The EventBridge pattern for CloudTrail management writes of these changes: one alternative per
 * event source (so a name of one service never matches another's), joined with `$or` when several.
 */
export function eventPattern(changes: readonly ResourceChange[]): Record<string, unknown> {
  if (changes.length === 0) throw new MamoriError('USAGE', 'none of the selected policies checks a resource type that declares the writes that change it, so there is nothing to subscribe to');
  const bySource = new Map<string, Set<string>>();
  for (const c of changes) {
    const i = c.event.indexOf(':');
    const source = c.event.slice(0, i);
    if (!bySource.has(source)) bySource.set(source, new Set());
    bySource.get(source)!.add(c.event.slice(i + 1));
  }
  const sources = [...bySource.keys()].sort();
  const alt = (s: string) => ({ eventSource: [s], eventName: [...bySource.get(s)!].sort() });
  const base = { source: sources.map((s) => `aws.${s.replace(/\.amazonaws\.com$/, '')}`), 'detail-type': [DETAIL_TYPE] };
  if (sources.length === 1) return { ...base, detail: alt(sources[0]!) };
  return { ...base, $or: sources.map((s) => ({ detail: alt(s) })) };
}

/**
 * The patterns of as few rules as needed for these changes, each at most `maxChars` long as JSON (what PutRule
 * counts): changes are taken in order (by event source, then name) and a rule is closed when the next change would
 * not fit, so a source's names stay together unless they alone exceed the quota.
 */
export function eventPatterns(changes: readonly ResourceChange[], maxChars = PATTERN_MAX_CHARS): Record<string, unknown>[] {
  eventPattern(changes); // the same refusal of an empty selection
  const groups: ResourceChange[][] = [];
  let current: ResourceChange[] = [];
  for (const c of [...changes].sort((a, b) => a.event.localeCompare(b.event))) {
    if (current.length && JSON.stringify(eventPattern([...current, c])).length > maxChars) {
      groups.push(current);
      current = [];
    }
    if (JSON.stringify(eventPattern([c])).length > maxChars) throw new MamoriError('USAGE', `the pattern for ${c.event} alone is longer than ${maxChars} characters`);
    current.push(c);
  }
  groups.push(current);
  return groups.map((g) => eventPattern(g));
}

export interface PlannedCall {
  account: string;
  region: string;
  service: 'sqs' | 'events';
  operation: string;
  params: Record<string, unknown>;
}

export interface EventsPlan {
  queueAccount: string;
  queueName: string;
  regions: string[];
  /** Target accounts (the queue account first). */
  accounts: string[];
  /** The first rule's pattern (`mamori-events`); with several rules see `patterns`. */
  pattern: Record<string, unknown>;
  /** One pattern per rule, in the order of `ruleNames`. */
  patterns: Record<string, unknown>[];
  ruleNames: string[];
  changes: ResourceChange[];
  /** Resource types of the selected policies that declare no changes (events will not cover them). */
  uncovered: string[];
  calls: PlannedCall[];
}

export interface EventsConnection {
  factory: ClientFactory;
  targets: ScanTarget[];
  callerAccountId: string;
  organizationId?: string;
  close(): void;
}

/** Resolve the accounts (AssumeRole with --org, as scan does) and, with --org, the organization's id. */
export async function connectEvents(aws: AwsSettings, credentials: AwsCredentialIdentityProvider, targets: TargetOptions, regions: string[]): Promise<EventsConnection> {
  const factory = new ClientFactory(aws);
  try {
    const resolved = await resolveTargets(factory, credentials, { ...targets, regions });
    const unreachable = resolved.gaps.map((g) => `${g.account}: ${g.message}`);
    if (unreachable.length) throw new MamoriError('AWS_ACCESS', `cannot set up event delivery in every account: ${unreachable.join('; ')}`);
    let organizationId: string | undefined;
    if (targets.org) {
      const org = factory.get(OrganizationsClient, { id: resolved.callerAccountId, credentials }, aws.homeRegion);
      try {
        organizationId = (await org.send(new DescribeOrganizationCommand({}))).Organization?.Id;
      } catch (e) {
        throw new MamoriError('AWS_ACCESS', `--org needs organizations:DescribeOrganization: ${describeAwsError(e)}`, undefined, { cause: e });
      }
    }
    return { factory, targets: resolved.targets, callerAccountId: resolved.callerAccountId, ...(organizationId ? { organizationId } : {}), close: () => factory.destroy() };
  } catch (e) {
    factory.destroy();
    throw e;
  }
}

const queueArn = (account: string, region: string, name: string) => `arn:aws:sqs:${region}:${account}:${name}`;
const busArn = (account: string, region: string) => `arn:aws:events:${region}:${account}:event-bus/default`;
const ruleArn = (account: string, region: string, rule = RULE_NAME) => `arn:aws:events:${region}:${account}:rule/${rule}`;

/** The queue policy: only the central rules of the queue's region may send to it (aws:SourceArn). */
export function queuePolicy(account: string, region: string, name: string, rules: readonly string[] = [RULE_NAME]): string {
  const arns = rules.map((r) => ruleArn(account, region, r));
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Sid: 'mamori-events',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: queueArn(account, region, name),
      Condition: { ArnEquals: { 'aws:SourceArn': arns.length === 1 ? arns[0] : arns } },
    }],
  });
}

/** Bus permissions for the other accounts: one organization-wide statement with --org, else one per account. */
function busPermissions(queueAccount: string, accounts: readonly string[], organizationId: string | undefined): Record<string, unknown>[] {
  const others = accounts.filter((a) => a !== queueAccount);
  if (others.length === 0) return [];
  if (organizationId) return [{ StatementId: 'mamori-events-org', Action: 'events:PutEvents', Principal: '*', Condition: { Type: 'StringEquals', Key: 'aws:PrincipalOrgID', Value: organizationId } }];
  return others.map((a) => ({ StatementId: `mamori-events-${a}`, Action: 'events:PutEvents', Principal: a }));
}

export function planSetup(o: { policies: readonly Policy[]; accounts: readonly string[]; regions: readonly string[]; queueAccount: string; queueName?: string; organizationId?: string }): EventsPlan {
  const { changes, uncovered } = derivedChanges(o.policies);
  const patterns = eventPatterns(changes);
  const ruleNames = patterns.map((_, i) => ruleName(i));
  if (patterns.length > RULES_PER_BUS) throw new MamoriError('USAGE', `the selected policies need ${patterns.length} rules, more than EventBridge's ${RULES_PER_BUS} per event bus; select fewer policies`);
  const queueName = o.queueName ?? DEFAULT_QUEUE_NAME;
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(queueName)) throw new MamoriError('USAGE', `--queue-name: "${queueName}" is not an SQS standard queue name (letters, digits, - and _, 1 to 80)`);
  if (!o.accounts.includes(o.queueAccount)) throw new MamoriError('USAGE', `--queue-account ${o.queueAccount}: not among the accounts in scope (${o.accounts.join(', ')})`);
  const accounts = [o.queueAccount, ...o.accounts.filter((a) => a !== o.queueAccount)];
  const calls: PlannedCall[] = [];
  const rules = (account: string, region: string, target: { Id: string; Arn: string }) =>
    patterns.forEach((p, i) => {
      calls.push({ account, region, service: 'events', operation: 'PutRule', params: { Name: ruleNames[i]!, EventPattern: JSON.stringify(p), State: 'ENABLED', Description: RULE_DESCRIPTION, Tags: [{ Key: 'managed-by', Value: 'mamori' }] } });
      calls.push({ account, region, service: 'events', operation: 'PutTargets', params: { Rule: ruleNames[i]!, Targets: [target] } });
    });
  for (const region of o.regions) {
    const qa = o.queueAccount;
    calls.push({ account: qa, region, service: 'sqs', operation: 'CreateQueue', params: { QueueName: queueName, Attributes: { Policy: queuePolicy(qa, region, queueName, ruleNames) }, tags: TAGS } });
    for (const p of busPermissions(qa, accounts, o.organizationId)) calls.push({ account: qa, region, service: 'events', operation: 'PutPermission', params: p });
    rules(qa, region, { Id: QUEUE_TARGET_ID, Arn: queueArn(qa, region, queueName) });
    for (const account of accounts.slice(1)) rules(account, region, { Id: BUS_TARGET_ID, Arn: busArn(qa, region) });
  }
  return { queueAccount: o.queueAccount, queueName, regions: [...o.regions], accounts, pattern: patterns[0]!, patterns, ruleNames, changes, uncovered, calls };
}

export interface SetupResult {
  /** The queue of the first region (the one `mamori watch --queue-url` reads when there is one region). */
  queueUrl: string;
  /** Every region's queue. */
  queueUrls: Record<string, string>;
  rules: { account: string; region: string; arn: string; target: string }[];
  /** Rules of an earlier setup that this one no longer needs (it needed more rules then), deleted. */
  deleted: { account: string; region: string; name: string }[];
}

function account(conn: EventsConnection, id: string): AccountCredentials {
  const t = conn.targets.find((x) => x.id === id);
  if (!t) throw new MamoriError('AWS_ACCESS', `account ${id} is not reachable with these credentials`);
  return t;
}

function awsFailure(call: PlannedCall, e: unknown): MamoriError {
  return new MamoriError('AWS_ERROR', `${call.service}:${call.operation} in ${call.account} ${call.region} failed: ${describeAwsError(e)}`, undefined, { cause: e });
}

/** Make the planned calls, in order. Every call is idempotent: running setup again changes nothing. */
export async function applySetup(conn: EventsConnection, plan: EventsPlan, onCall: (c: PlannedCall) => void = () => {}): Promise<SetupResult> {
  const queueUrls: Record<string, string> = {};
  const rules: SetupResult['rules'] = [];
  for (const call of plan.calls) {
    onCall(call);
    const creds = account(conn, call.account);
    try {
      if (call.service === 'sqs') {
        const sqs = conn.factory.get(SQSClient, creds, call.region);
        const p = call.params as { QueueName: string; Attributes: Record<string, string>; tags: Record<string, string> };
        let url: string;
        try {
          url = (await sqs.send(new CreateQueueCommand(p))).QueueUrl!;
        } catch (e) {
          // The queue exists with another policy (an earlier setup for other accounts): set ours.
          if ((e as { name?: string }).name !== 'QueueNameExists') throw e;
          url = (await sqs.send(new GetQueueUrlCommand({ QueueName: p.QueueName }))).QueueUrl!;
          await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: p.Attributes }));
        }
        queueUrls[call.region] = url;
        continue;
      }
      const eb = conn.factory.get(EventBridgeClient, creds, call.region);
      switch (call.operation) {
        case 'PutPermission':
          await eb.send(new PutPermissionCommand(call.params as never));
          break;
        case 'PutRule': {
          const name = call.params['Name'] as string;
          // Never take over a rule of the same name that someone else made.
          const existing = await eb.send(new DescribeRuleCommand({ Name: name })).catch((e: unknown) => {
            if (notFound(e)) return undefined;
            throw e;
          });
          if (existing && existing.Description !== RULE_DESCRIPTION) {
            throw new MamoriError('REMEDIATION_REFUSED', `the rule ${name} in ${call.account} ${call.region} exists and was not created by mamori events setup; rename or delete it first (nothing after it was changed)`);
          }
          const arn = (await eb.send(new PutRuleCommand(call.params as never))).RuleArn!;
          rules.push({ account: call.account, region: call.region, arn, target: '' });
          break;
        }
        case 'PutTargets': {
          const out = await eb.send(new PutTargetsCommand(call.params as never));
          if (out.FailedEntryCount) throw new Error(out.FailedEntries?.map((f) => `${f.TargetId}: ${f.ErrorCode} ${f.ErrorMessage}`).join('; '));
          const rule = rules.find((r) => r.account === call.account && r.region === call.region && r.arn.endsWith(`:rule/${call.params['Rule'] as string}`));
          if (rule) rule.target = (call.params as { Targets: { Arn: string }[] }).Targets[0]!.Arn;
          break;
        }
        default:
          throw new MamoriError('INTERNAL', `events setup cannot make ${call.operation}`);
      }
    } catch (e) {
      throw e instanceof MamoriError ? e : awsFailure(call, e);
    }
  }
  // An earlier setup for more writes may have made more rules than this one needs: delete mamori's extra ones, so
  // that setup leaves exactly its plan (and an old pattern does not keep forwarding).
  const deleted: SetupResult['deleted'] = [];
  for (const key of new Set(plan.calls.filter((c) => c.operation === 'PutRule').map((c) => `${c.account}|${c.region}`))) {
    const [acct, region] = key.split('|') as [string, string];
    const eb = conn.factory.get(EventBridgeClient, account(conn, acct), region);
    for (const name of await extraRules(eb, plan.ruleNames)) {
      const call: PlannedCall = { account: acct, region, service: 'events', operation: 'DeleteRule', params: { Name: name } };
      onCall(call);
      try {
        await deleteRule(eb, name);
      } catch (e) {
        throw awsFailure(call, e);
      }
      deleted.push({ account: acct, region, name });
    }
  }
  const first = plan.regions[0]!;
  return { queueUrl: queueUrls[first]!, queueUrls, rules, deleted };
}

/** mamori's rules on the default bus (named as setup names them, with its description) that are not in `keep`. */
async function extraRules(eb: EventBridgeClient, keep: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await eb.send(new ListRulesCommand({ NamePrefix: RULE_NAME, ...(token ? { NextToken: token } : {}) }));
    for (const r of page.Rules ?? []) if (r.Name && isRuleName(r.Name) && !keep.includes(r.Name) && r.Description === RULE_DESCRIPTION) out.push(r.Name);
    token = page.NextToken;
  } while (token);
  return out;
}

/** Remove a rule's targets (whatever their ids), then the rule. */
async function deleteRule(eb: EventBridgeClient, name: string): Promise<void> {
  const ids = ((await eb.send(new ListTargetsByRuleCommand({ Rule: name }))).Targets ?? []).map((t) => t.Id!).filter(Boolean);
  if (ids.length) await eb.send(new RemoveTargetsCommand({ Rule: name, Ids: ids }));
  await eb.send(new DeleteRuleCommand({ Name: name }));
}

/** What `remove` will do, before it looks: the reverse of setup. */
export function planRemove(setup: EventsPlan): PlannedCall[] {
  const calls: PlannedCall[] = [];
  for (const region of setup.regions) {
    for (const account of [...setup.accounts].reverse()) {
      const id = account === setup.queueAccount ? QUEUE_TARGET_ID : BUS_TARGET_ID;
      for (const name of setup.ruleNames) {
        calls.push({ account, region, service: 'events', operation: 'RemoveTargets', params: { Rule: name, Ids: [id] } });
        calls.push({ account, region, service: 'events', operation: 'DeleteRule', params: { Name: name } });
      }
    }
    for (const c of setup.calls.filter((x) => x.region === region && x.operation === 'PutPermission')) {
      calls.push({ account: c.account, region, service: 'events', operation: 'RemovePermission', params: { StatementId: c.params['StatementId'] } });
    }
    calls.push({ account: setup.queueAccount, region, service: 'sqs', operation: 'DeleteQueue', params: { QueueName: setup.queueName } });
  }
  return calls;
}

export interface RemoveResult {
  done: PlannedCall[];
  /** Calls skipped: what they would remove does not exist, or is not mamori's. */
  skipped: { call: PlannedCall; why: string }[];
}

const notFound = (e: unknown) => ['ResourceNotFoundException', 'QueueDoesNotExist'].includes((e as { name?: string }).name ?? '');

/**
 * Delete what setup created and only that: a rule without mamori's description is left alone. Rules an earlier setup
 * made beyond the ones planned now (it needed more) are found by name and deleted too, after the planned ones.
 */
export async function applyRemove(conn: EventsConnection, planned: readonly PlannedCall[], onCall: (c: PlannedCall) => void = () => {}): Promise<RemoveResult> {
  const result: RemoveResult = { done: [], skipped: [] };
  const notOurs = new Set<string>();
  const calls = [...planned];
  const extras = new Set<PlannedCall>();
  for (const key of new Set(planned.filter((c) => c.operation === 'DeleteRule').map((c) => `${c.account}|${c.region}`))) {
    const [acct, region] = key.split('|') as [string, string];
    const eb = conn.factory.get(EventBridgeClient, account(conn, acct), region);
    const keep = planned.filter((c) => c.operation === 'DeleteRule' && c.account === acct && c.region === region).map((c) => c.params['Name'] as string);
    let extra: string[];
    try {
      extra = await extraRules(eb, keep);
    } catch (e) {
      throw awsFailure({ account: acct, region, service: 'events', operation: 'ListRules', params: { NamePrefix: RULE_NAME } }, e);
    }
    // Before the queue account's bus permissions and queue, as the planned rules are.
    const at = calls.findIndex((c) => c.region === region && (c.operation === 'RemovePermission' || c.service === 'sqs'));
    const add = extra.map((name): PlannedCall => ({ account: acct, region, service: 'events', operation: 'DeleteRule', params: { Name: name } }));
    for (const c of add) extras.add(c);
    calls.splice(at < 0 ? calls.length : at, 0, ...add);
  }
  for (const call of calls) {
    const creds = account(conn, call.account);
    const rule = (call.params['Rule'] ?? call.params['Name']) as string | undefined;
    const key = `${call.account}|${call.region}|${rule ?? ''}`;
    try {
      if (call.service === 'sqs') {
        const sqs = conn.factory.get(SQSClient, creds, call.region);
        const url = (await sqs.send(new GetQueueUrlCommand({ QueueName: call.params['QueueName'] as string }))).QueueUrl!;
        onCall(call);
        await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
        result.done.push(call);
        continue;
      }
      const eb = conn.factory.get(EventBridgeClient, creds, call.region);
      if (call.operation === 'RemoveTargets') {
        const described = await eb.send(new DescribeRuleCommand({ Name: rule }));
        if (described.Description !== RULE_DESCRIPTION) {
          notOurs.add(key);
          result.skipped.push({ call, why: `the rule ${rule} in ${call.account} ${call.region} was not created by mamori events setup; left as it is` });
          continue;
        }
        onCall(call);
        await eb.send(new RemoveTargetsCommand(call.params as never));
      } else if (extras.has(call)) {
        // A rule of an earlier, larger setup (found by name and description above): its targets and itself.
        onCall(call);
        await deleteRule(eb, rule!);
      } else if (call.operation === 'DeleteRule') {
        if (notOurs.has(key)) continue;
        await eb.send(new DescribeRuleCommand({ Name: rule }));
        onCall(call);
        await eb.send(new DeleteRuleCommand({ Name: rule }));
      } else if (call.operation === 'RemovePermission') {
        onCall(call);
        await eb.send(new RemovePermissionCommand(call.params as never));
      }
      result.done.push(call);
    } catch (e) {
      if (notFound(e)) {
        result.skipped.push({ call, why: 'already absent' });
        continue;
      }
      throw awsFailure(call, e);
    }
  }
  return result;
}
