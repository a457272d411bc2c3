/**
 * AWS DMS over awsJson 1.1, served from the committed model: DescribeEndpoints, DescribeReplicationInstances
 * and DescribeReplicationTasks (MaxRecords 20–100, default 100, `Marker`; `Filters` by the names the API
 * reference lists for each, and ResourceNotFoundFault when filters match nothing, as DMS answers;
 * `WithoutSettings` leaves the task settings out). Tags are read in bulk through the tagging API
 * (src/sim/services/tagging.ts). ModifyReplicationInstance, the minor-upgrade fix's write: AutoMinorVersionUpgrade and
 * MultiAZ (applied at once: DMS applies AutoMinorVersionUpgrade without an outage, and MultiAZ with
 * ApplyImmediately; otherwise it waits in PendingModifiedValues), validated before anything changes.
 */
import { modelService } from '../../models/handler.ts';
import { paginate } from '../../protocols/paging.ts';
import { SimError } from '../../types.ts';
import { peekDmsState, type DmsState } from './model.ts';

/** The API reference: MaxRecords "Default: 100. Constraints: Minimum 20, maximum 100." */
const PAGE = { min: 20, max: 100, default: 100, invalidCode: 'InvalidParameterValueException', tokenCode: 'InvalidParameterValueException' };
const EMPTY: DmsState = { endpoints: [], instances: [], tasks: [] };

type Filter = { Name?: string; Values?: string[] };

/** Keeps the items every filter admits (a filter's values are alternatives); an unknown filter name is refused. */
function filtered<T>(items: readonly T[], input: Record<string, unknown>, by: Record<string, (item: T) => string[]>, what: string): T[] {
  const filters = (input['Filters'] as Filter[] | undefined) ?? [];
  for (const f of filters) {
    if (!f.Name || !by[f.Name]) throw new SimError('InvalidParameterValueException', `Invalid filter name: ${String(f.Name)}. Valid names: ${Object.keys(by).join(', ')}`, 400);
    if (!f.Values?.length) throw new SimError('InvalidParameterValueException', `Filter ${f.Name} needs at least one value`, 400);
  }
  const out = items.filter((item) => filters.every((f) => by[f.Name!]!(item).some((v) => f.Values!.includes(v))));
  if (filters.length > 0 && out.length === 0) throw new SimError('ResourceNotFoundFault', `No ${what} found matching provided filters`, 400);
  return out;
}

/** One page under `key`, with `Marker` when more follow (the model's paginator names no result key). */
function page<T>(key: string, input: Record<string, unknown>, items: readonly T[]): Record<string, unknown> {
  const { page: p, nextToken } = paginate(items, input['MaxRecords'] as number | undefined, input['Marker'] as string | undefined, PAGE);
  return nextToken ? { [key]: p, Marker: nextToken } : { [key]: p };
}

const wire = <T extends { tags: unknown }>({ tags: _tags, ...rest }: T) => structuredClone(rest);

export const dms = modelService({
  model: 'dms',
  operations: {
    DescribeEndpoints(input, req, ctx) {
      const state = peekDmsState(ctx.world, req.accountId, req.region) ?? EMPTY;
      const items = filtered(state.endpoints, input, { 'endpoint-arn': (e) => [e.EndpointArn], 'endpoint-type': (e) => [e.EndpointType, e.EndpointType.toLowerCase()], 'endpoint-id': (e) => [e.EndpointIdentifier], 'engine-name': (e) => [e.EngineName] }, 'Endpoints');
      return page('Endpoints', input, items.map(wire));
    },
    DescribeReplicationInstances(input, req, ctx) {
      const state = peekDmsState(ctx.world, req.accountId, req.region) ?? EMPTY;
      const items = filtered(state.instances, input, { 'replication-instance-arn': (i) => [i.ReplicationInstanceArn], 'replication-instance-id': (i) => [i.ReplicationInstanceIdentifier], 'replication-instance-class': (i) => [i.ReplicationInstanceClass], 'engine-version': (i) => [i.EngineVersion] }, 'ReplicationInstances');
      return page('ReplicationInstances', input, items.map(wire));
    },
    ModifyReplicationInstance(input, req, ctx) {
      const arn = input['ReplicationInstanceArn'];
      const instance = (peekDmsState(ctx.world, req.accountId, req.region) ?? EMPTY).instances.find((i) => i.ReplicationInstanceArn === arn);
      if (!instance) throw new SimError('ResourceNotFoundFault', `Replication instance ${String(arn)} not found`, 400);
      const modelled = ['ReplicationInstanceArn', 'ApplyImmediately', 'AutoMinorVersionUpgrade', 'MultiAZ'];
      const other = Object.keys(input).filter((k) => !modelled.includes(k));
      if (other.length) throw new SimError('InvalidParameterCombinationException', `The local endpoint models only AutoMinorVersionUpgrade and MultiAZ changes, not ${other.join(', ')}`, 400);
      for (const k of ['ApplyImmediately', 'AutoMinorVersionUpgrade', 'MultiAZ']) if (input[k] !== undefined && typeof input[k] !== 'boolean') throw new SimError('InvalidParameterValueException', `${k} must be true or false`, 400);
      if (typeof input['AutoMinorVersionUpgrade'] === 'boolean') instance.AutoMinorVersionUpgrade = input['AutoMinorVersionUpgrade'];
      if (typeof input['MultiAZ'] === 'boolean' && input['ApplyImmediately'] === true) {
        instance.MultiAZ = input['MultiAZ'];
        if (instance.MultiAZ) instance.SecondaryAvailabilityZone = `${req.region}b`;
        else delete instance.SecondaryAvailabilityZone;
      }
      const answer = wire(instance) as Record<string, unknown>;
      if (typeof input['MultiAZ'] === 'boolean' && input['ApplyImmediately'] !== true) answer['PendingModifiedValues'] = { MultiAZ: input['MultiAZ'] };
      return { ReplicationInstance: answer };
    },
    DescribeReplicationTasks(input, req, ctx) {
      const state = peekDmsState(ctx.world, req.accountId, req.region) ?? EMPTY;
      const items = filtered(state.tasks, input, { 'replication-task-arn': (t) => [t.ReplicationTaskArn], 'replication-task-id': (t) => [t.ReplicationTaskIdentifier], 'migration-type': (t) => [t.MigrationType], 'endpoint-arn': (t) => [t.SourceEndpointArn, t.TargetEndpointArn], 'replication-instance-arn': (t) => [t.ReplicationInstanceArn] }, 'ReplicationTasks');
      const without = input['WithoutSettings'] === true;
      return page('ReplicationTasks', input, items.map((t) => {
        const w = wire(t) as Partial<typeof t>;
        if (without) delete w.ReplicationTaskSettings;
        return w;
      }));
    },
  },
});
