import { DescribeStateMachineCommand, paginateListStateMachines, SFNClient, type StateMachineListItem } from '@aws-sdk/client-sfn';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { stateMachine, type StateMachineConfig } from '../../resources/aws/states/state-machine.ts';
import { readDetail } from '../read.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/** Every state machine of the region (ListStateMachines, 1000 per page: the API's maximum). */
export async function listStateMachines(client: SFNClient): Promise<StateMachineListItem[]> {
  const out: StateMachineListItem[] = [];
  for await (const page of paginateListStateMachines({ client, pageSize: 1000 }, {})) out.push(...(page.stateMachines ?? []));
  return out;
}

/** The config fields read from DescribeStateMachine: unknown together when it fails. */
const DETAIL_FIELDS = ['loggingLevel', 'includeExecutionData', 'logDestinations', 'tracingEnabled', 'encryptionType', 'status', 'roleArn'] as const;

/** `aws.states.state-machine`: state machines with their logging configuration (tags in bulk). */
export const stateMachineCollector = defineCollector(stateMachine, async (ctx) => {
  const client = ctx.client(SFNClient);
  const machines = (await listStateMachines(client)).filter((m) => m.stateMachineArn && m.name);
  if (machines.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'states:stateMachine');
  const out = await mapLimit(machines, 16, async (m) => {
    const arn = m.stateMachineArn!;
    const errors: ReadErrors = {};
    const d = await readDetail(errors, 'detail', () => client.send(new DescribeStateMachineCommand({ stateMachineArn: arn })), ['StateMachineDoesNotExist']);
    if (d === null) return undefined; // deleted since the listing
    const config: StateMachineConfig = { name: m.name! };
    if (m.type) config.stateMachineType = m.type as StateMachineConfig['stateMachineType'];
    if (d === undefined) {
      for (const f of DETAIL_FIELDS) errors[f] = errors['detail']!;
    } else {
      if (d.status) config.status = d.status;
      if (d.roleArn) config.roleArn = d.roleArn;
      const log = d.loggingConfiguration;
      // AWS documents OFF as the default; an answer without the configuration is that default.
      config.loggingLevel = (log?.level ?? 'OFF') as StateMachineConfig['loggingLevel'];
      config.includeExecutionData = log?.includeExecutionData ?? false;
      config.logDestinations = (log?.destinations ?? []).map((x) => x.cloudWatchLogsLogGroup?.logGroupArn).filter((x): x is string => !!x);
      config.tracingEnabled = d.tracingConfiguration?.enabled ?? false;
      config.encryptionType = d.encryptionConfiguration?.type ?? null;
    }
    delete errors['detail'];
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, stateMachine, { id: m.name!, arn, tags: (tagged.ok && tagged.tags.get(arn)) || {}, config, readErrors: errors });
  });
  return out.filter((r) => r !== undefined);
});
