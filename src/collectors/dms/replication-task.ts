import { DatabaseMigrationServiceClient, paginateDescribeReplicationTasks, type ReplicationTask } from '@aws-sdk/client-database-migration-service';
import type { ReadErrors } from '../../core/resource.ts';
import { dmsReplicationTask, type DmsReplicationTaskConfig } from '../../resources/aws/dms/replication-task.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

const SEVERITY_FIELDS = [
  ['sourceUnloadSeverity', 'SOURCE_UNLOAD'],
  ['sourceCaptureSeverity', 'SOURCE_CAPTURE'],
  ['targetLoadSeverity', 'TARGET_LOAD'],
  ['targetApplySeverity', 'TARGET_APPLY'],
] as const;
const LOGGING_FIELDS = ['loggingEnabled', ...SEVERITY_FIELDS.map(([f]) => f)] as const;

/**
 * The logging part of a task settings document, or why it cannot be read. A component the document does
 * not list logs at LOGGER_SEVERITY_DEFAULT, as the DMS user guide documents for omitted components.
 */
export function taskLogging(settings: string | undefined): Pick<DmsReplicationTaskConfig, (typeof LOGGING_FIELDS)[number]> | string {
  if (settings === undefined) return 'DescribeReplicationTasks returned no ReplicationTaskSettings';
  let doc: unknown;
  try {
    doc = JSON.parse(settings);
  } catch {
    return 'ReplicationTaskSettings is not a JSON document';
  }
  const logging = (doc as { Logging?: unknown } | null)?.Logging as { EnableLogging?: unknown; LogComponents?: unknown } | undefined;
  if (logging === undefined || logging === null || typeof logging !== 'object') return 'ReplicationTaskSettings has no Logging section';
  if (typeof logging.EnableLogging !== 'boolean') return 'ReplicationTaskSettings Logging.EnableLogging is not true or false';
  const components = Array.isArray(logging.LogComponents) ? (logging.LogComponents as { Id?: unknown; Severity?: unknown }[]) : [];
  const severityOf = (id: string) => {
    const c = components.find((x) => x?.Id === id);
    return typeof c?.Severity === 'string' ? c.Severity : 'LOGGER_SEVERITY_DEFAULT';
  };
  const out: Pick<DmsReplicationTaskConfig, (typeof LOGGING_FIELDS)[number]> = { loggingEnabled: logging.EnableLogging };
  for (const [field, id] of SEVERITY_FIELDS) out[field] = severityOf(id);
  return out;
}

/** `aws.dms.replication-task`: DescribeReplicationTasks with its settings documents (100 per page: the API's maximum), tags in bulk. */
export const dmsReplicationTaskCollector = defineCollector(dmsReplicationTask, async (ctx) => {
  const client = ctx.client(DatabaseMigrationServiceClient);
  const tasks: ReplicationTask[] = [];
  for await (const page of paginateDescribeReplicationTasks({ client, pageSize: 100 }, { WithoutSettings: false })) tasks.push(...(page.ReplicationTasks ?? []));
  const named = tasks.filter((t) => t.ReplicationTaskIdentifier && t.ReplicationTaskArn);
  if (named.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'dms:task');
  return named.map((t) => {
    const errors: ReadErrors = {};
    const config: DmsReplicationTaskConfig = { replicationTaskIdentifier: t.ReplicationTaskIdentifier! };
    if (t.Status) config.status = t.Status;
    if (t.MigrationType) config.migrationType = t.MigrationType;
    if (t.SourceEndpointArn) config.sourceEndpointArn = t.SourceEndpointArn;
    if (t.TargetEndpointArn) config.targetEndpointArn = t.TargetEndpointArn;
    if (t.ReplicationInstanceArn) config.replicationInstanceArn = t.ReplicationInstanceArn;
    const logging = taskLogging(t.ReplicationTaskSettings);
    if (typeof logging === 'string') for (const f of LOGGING_FIELDS) errors[f] = logging;
    else Object.assign(config, logging);
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, dmsReplicationTask, { id: t.ReplicationTaskIdentifier!, arn: t.ReplicationTaskArn!, name: t.ReplicationTaskIdentifier!, tags: (tagged.ok && tagged.tags.get(t.ReplicationTaskArn!)) || {}, config, readErrors: errors });
  });
});
