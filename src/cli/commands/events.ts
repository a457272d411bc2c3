import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { applyRemove, applySetup, connectEvents, planRemove, planSetup, type EventsPlan, type PlannedCall } from '../../app/events-setup.ts';
import { MamoriError } from '../../core/errors.ts';
import { EXIT, str, type Command, type Io } from '../command.ts';
import { AWS_OPTIONS, AWS_USAGE, CONFIG_OPTIONS, resolveAws, resolveConfig, resolvePolicies, SELECT_OPTIONS, SELECT_USAGE } from '../options.ts';
import { confirm, outputFormat } from './fix.ts';

function describeCall(c: PlannedCall): string {
  const p = c.params;
  const what =
    c.operation === 'CreateQueue' ? `${String(p['QueueName'])} (queue policy: events.amazonaws.com from mamori's rules of this account and region)`
    : c.operation === 'PutPermission' ? `default bus: ${String(p['StatementId'])} allows events:PutEvents from ${p['Condition'] ? `organization ${String((p['Condition'] as Record<string, unknown>)['Value'])}` : String(p['Principal'])}`
    : c.operation === 'PutRule' ? `${String(p['Name'])} on the default bus`
    : c.operation === 'PutTargets' ? `${String(p['Rule'])} → ${(p['Targets'] as { Arn: string }[]).map((t) => t.Arn).join(', ')}`
    : c.operation === 'RemoveTargets' ? `${String(p['Rule'])}: ${(p['Ids'] as string[]).join(', ')}`
    : c.operation === 'DeleteRule' ? String(p['Name'])
    : c.operation === 'RemovePermission' ? `default bus: ${String(p['StatementId'])}`
    : String(p['QueueName']);
  return `  ${c.account} ${c.region}  ${c.service}:${c.operation}  ${what}`;
}

function printPlan(io: Io, title: string, calls: readonly PlannedCall[], plan: EventsPlan, json: boolean): void {
  const write = json ? io.err : io.out;
  const lines = [`${title} (${calls.length} calls in ${plan.accounts.length} account(s), ${plan.regions.length} region(s)):`, ...calls.map(describeCall)];
  lines.push(`Events: ${plan.changes.map((c) => c.event).join(', ')}`);
  // EventBridge limits a rule's pattern to 2,048 characters: more writes are split over several rules.
  plan.patterns.forEach((p, i) => lines.push(`Pattern${plan.patterns.length > 1 ? ` of ${plan.ruleNames[i]!}` : ''}: ${JSON.stringify(p)}`));
  if (plan.uncovered.length) lines.push(`Not covered by events (their resource types declare no changes; scheduled scans cover them): ${plan.uncovered.join(', ')}`);
  write(`${lines.join('\n')}\n`);
}

export const eventsCommand: Command = {
  name: 'events',
  usage: `setup|remove [--org] [--yes] [--format table|json] [--queue-account ID] [--queue-name NAME] [--region R ...] [policy selection]

setup: creates what event-driven protection needs, after printing the plan (exact calls per account and
region): in the queue account (the caller's unless --queue-account), per region, the SQS queue
(mamori-events) with a queue policy that lets only the central rule send to it, the default event bus's
permission for the other accounts (the organization with --org) and the rule mamori-events forwarding
to the queue; in every other account and region, the rule mamori-events forwarding to the queue
account's default bus. The rule's pattern is derived from the selected policies' resource types; when it
exceeds EventBridge's 2,048-character pattern quota the writes are split over mamori-events-2, -3, …
Idempotent: running it again changes nothing (rules an earlier, larger setup made and this one does not
need are deleted). JSON: {"queueUrl": …, "queueUrls": {region: url}, "patterns": {rule: pattern}, "rules": […], "deleted": […]}.
remove: deletes exactly what setup created (rules carrying mamori's description, its targets, the bus
permissions and the queue).

  --queue-account ID      account of the central queue (default: the caller's)
  --queue-name NAME       queue name (mamori-events)
  --region R              regions to subscribe, repeatable (default: MAMORI_REGIONS, else AWS_REGION or us-east-1); one queue each
  --yes, -y               do not ask for confirmation (required when stdin is not a terminal)
  --format table|json     output format (table)

${AWS_USAGE}

${SELECT_USAGE}`,
  options: { ...AWS_OPTIONS, ...SELECT_OPTIONS, ...CONFIG_OPTIONS, yes: { type: 'boolean', short: 'y' }, format: { type: 'string' }, 'queue-account': { type: 'string' }, 'queue-name': { type: 'string' } },
  positionals: true,
  async run({ values, positionals, io }) {
    const verb = positionals[0];
    if (verb !== 'setup' && verb !== 'remove') throw new MamoriError('USAGE', `mamori events expects setup or remove${verb ? `, got "${verb}"` : ''}`);
    if (positionals.length > 1) throw new MamoriError('USAGE', `mamori events ${verb}: unexpected argument "${positionals[1]}"`);
    const format = outputFormat(values);
    const config = resolveConfig(values, io.env, io.cwd);
    const { aws, targets } = resolveAws(values, io.env, config);
    const { selected } = resolvePolicies(values, io.env, config);
    const regions = targets.regions?.length ? targets.regions : [aws.homeRegion];
    const queueAccountFlag = str(values, 'queue-account');
    if (queueAccountFlag !== undefined && !/^\d{12}$/.test(queueAccountFlag)) throw new MamoriError('USAGE', `--queue-account expects a 12-digit account id, got "${queueAccountFlag}"`);
    const credentials = fromNodeProviderChain(aws.profile ? { profile: aws.profile } : {});
    const conn = await connectEvents(aws, credentials, targets, regions);
    try {
      const queueName = str(values, 'queue-name');
      const plan = planSetup({
        policies: selected,
        accounts: conn.targets.map((t) => t.id),
        regions,
        queueAccount: queueAccountFlag ?? conn.callerAccountId,
        ...(queueName ? { queueName } : {}),
        ...(conn.organizationId ? { organizationId: conn.organizationId } : {}),
      });
      const json = format === 'json';
      if (verb === 'setup') {
        printPlan(io, 'Plan', plan.calls, plan, json);
        if (!(await confirm(io, values, 'Create these?'))) {
          io.err('Nothing changed.\n');
          return EXIT.OK;
        }
        const result = await applySetup(conn, plan);
        if (json) io.out(`${JSON.stringify({ queueUrl: result.queueUrl, queueUrls: result.queueUrls, pattern: plan.pattern, patterns: Object.fromEntries(plan.ruleNames.map((n, i) => [n, plan.patterns[i]])), rules: result.rules, deleted: result.deleted }, null, 2)}\n`);
        else io.out(`Event delivery is set up: ${result.rules.length} rule(s)${result.deleted.length ? `; deleted ${result.deleted.length} rule(s) an earlier setup needed and this one does not (${result.deleted.map((d) => `${d.account} ${d.region} ${d.name}`).join(', ')})` : ''}. Run: mamori watch --queue-url ${result.queueUrl}\n${Object.keys(result.queueUrls).length > 1 ? `Queues per region: ${Object.entries(result.queueUrls).map(([r, u]) => `${r} ${u}`).join(', ')}\n` : ''}`);
        return EXIT.OK;
      }
      const calls = planRemove(plan);
      printPlan(io, 'Removal plan', calls, plan, json);
      if (!(await confirm(io, values, 'Remove these?'))) {
        io.err('Nothing changed.\n');
        return EXIT.OK;
      }
      const result = await applyRemove(conn, calls);
      if (json) io.out(`${JSON.stringify({ removed: result.done.map((c) => ({ account: c.account, region: c.region, operation: `${c.service}:${c.operation}`, params: c.params })), skipped: result.skipped.map((s) => ({ account: s.call.account, region: s.call.region, operation: `${s.call.service}:${s.call.operation}`, why: s.why })) }, null, 2)}\n`);
      else {
        io.out(`Removed: ${result.done.length} call(s) made.\n`);
        for (const s of result.skipped) io.out(`Skipped ${s.call.account} ${s.call.region} ${s.call.service}:${s.call.operation}: ${s.why}\n`);
      }
      return EXIT.OK;
    } finally {
      conn.close();
    }
  },
};
