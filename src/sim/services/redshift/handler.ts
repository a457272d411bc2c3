/**
 * Amazon Redshift (API 2012-12-01) over awsQuery, served from the committed model: the reads the
 * collector makes — DescribeClusters (MaxRecords 20–100, `Marker`; a named cluster that does not exist
 * is ClusterNotFound, 404), DescribeClusterParameters (the group's parameters with their Source, the
 * same paging; an unknown group is ClusterParameterGroupNotFound, 404) and DescribeLoggingStatus. Hand-written
 * writes for the remediation actions: ModifyCluster (snapshot retention 0–35, public access, version upgrades),
 * EnableLogging (s3 with an existing bucket, or cloudwatch with log exports) and DisableLogging.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { getBucket } from '../s3/model.ts';
import type { World } from '../../world.ts';
import { DEFAULT_GROUP, ENGINE_DEFAULTS, peekRedshiftState, type RedshiftCluster, type RedshiftState } from './model.ts';

const model = loadModel('redshift');
/** The API reference: MaxRecords "Default: 100, Constraints: minimum 20, maximum 100". */
const PAGE = { min: 20, max: 100, default: 100, tokenCode: 'InvalidParameterValue' };

const EMPTY: RedshiftState = { clusters: [], parameterGroups: [] };
const stateOf = (world: World, account: string, region: string) => peekRedshiftState(world, account, region) ?? EMPTY;

const clusterNotFound = (id: unknown) => new SimError('ClusterNotFound', `Cluster ${String(id)} not found.`, 404);

function clusterOf(state: RedshiftState, id: unknown): RedshiftCluster {
  if (typeof id !== 'string' || id === '') throw new SimError('InvalidParameterValue', 'ClusterIdentifier is required', 400);
  const c = state.clusters.find((x) => x.ClusterIdentifier === id);
  if (!c) throw clusterNotFound(id);
  return c;
}

export const redshift = modelService({
  model: 'redshift',
  operations: {
    DescribeClusters(input, req, ctx) {
      const state = stateOf(ctx.world, req.accountId, req.region);
      const id = input['ClusterIdentifier'];
      const tagKeys = input['TagKeys'] as string[] | undefined;
      const tagValues = input['TagValues'] as string[] | undefined;
      if (id !== undefined && (tagKeys?.length || tagValues?.length)) throw new SimError('InvalidParameterCombination', 'A tag key or value and a cluster identifier cannot be given together', 400);
      let clusters = id !== undefined ? [clusterOf(state, id)] : state.clusters;
      // Tag keys and values select clusters carrying any of them (the API reference's "any of the specified").
      if (tagKeys?.length) clusters = clusters.filter((c) => c.Tags.some((t) => tagKeys.includes(t.Key)));
      if (tagValues?.length) clusters = clusters.filter((c) => c.Tags.some((t) => tagValues.includes(t.Value)));
      return modelPage(model, 'DescribeClusters', input, clusters.map(({ logging: _logging, ...wire }) => wire), PAGE);
    },
    DescribeClusterParameters(input, req, ctx) {
      const name = input['ParameterGroupName'];
      const state = stateOf(ctx.world, req.accountId, req.region);
      const group = name === DEFAULT_GROUP ? { values: {} as Record<string, string> } : state.parameterGroups.find((g) => g.ParameterGroupName === name);
      if (!group) throw new SimError('ClusterParameterGroupNotFound', `The parameter group ${String(name)} was not found.`, 404);
      const source = input['Source'];
      if (source !== undefined && source !== 'user' && source !== 'engine-default') throw new SimError('InvalidParameterValue', `Source must be user or engine-default, not ${String(source)}`, 400);
      const parameters = ENGINE_DEFAULTS.map((p) => {
        const set = group.values[p.name];
        return {
          ParameterName: p.name,
          ParameterValue: set ?? p.value,
          Description: p.description,
          Source: set === undefined ? 'engine-default' : 'user',
          DataType: p.dataType,
          ApplyType: 'static',
          IsModifiable: true,
        };
      }).filter((p) => source === undefined || p.Source === source);
      return modelPage(model, 'DescribeClusterParameters', input, parameters, PAGE);
    },
    DescribeLoggingStatus(input, req, ctx) {
      const c = clusterOf(stateOf(ctx.world, req.accountId, req.region), input['ClusterIdentifier']);
      return { ...structuredClone(c.logging) };
    },
    // The writes the remediation actions send (hand-written, beside the model-driven reads).
    ModifyCluster(input, req, ctx) {
      const c = clusterOf(stateOf(ctx.world, req.accountId, req.region), input['ClusterIdentifier']);
      const supported = ['ClusterIdentifier', 'AutomatedSnapshotRetentionPeriod', 'PubliclyAccessible', 'AllowVersionUpgrade'];
      const other = Object.keys(input).filter((k) => !supported.includes(k));
      if (other.length) throw new SimError('InvalidParameterValue', `The local endpoint's ModifyCluster supports ${supported.slice(1).join(', ')} only, not ${other.join(', ')}`, 400);
      const days = input['AutomatedSnapshotRetentionPeriod'];
      // The API reference: "Constraints: Must be a value from 0 to 35."
      if (days !== undefined && (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > 35)) throw new SimError('InvalidParameterValue', `The automated snapshot retention period must be a value from 0 to 35, not ${String(days)}.`, 400);
      if (c.ClusterStatus !== 'available') throw new SimError('InvalidClusterState', `The cluster ${c.ClusterIdentifier} is not in the available state.`, 400);
      if (typeof days === 'number') c.AutomatedSnapshotRetentionPeriod = days;
      if (typeof input['PubliclyAccessible'] === 'boolean') c.PubliclyAccessible = input['PubliclyAccessible'];
      if (typeof input['AllowVersionUpgrade'] === 'boolean') c.AllowVersionUpgrade = input['AllowVersionUpgrade'];
      const { logging: _logging, ...wire } = c;
      return { Cluster: structuredClone(wire) };
    },
    EnableLogging(input, req, ctx) {
      const c = clusterOf(stateOf(ctx.world, req.accountId, req.region), input['ClusterIdentifier']);
      const type = (input['LogDestinationType'] as string | undefined) ?? 's3';
      if (type !== 's3' && type !== 'cloudwatch') throw new SimError('InvalidParameterValue', `LogDestinationType must be s3 or cloudwatch, not ${type}.`, 400);
      const bucket = input['BucketName'] as string | undefined;
      if (type === 's3' && !bucket) throw new SimError('InvalidParameterValue', 'BucketName is required when the log destination type is s3.', 400);
      if (type === 'cloudwatch' && bucket) throw new SimError('InvalidParameterCombination', 'BucketName cannot be given when the log destination type is cloudwatch.', 400);
      const exports = (input['LogExports'] as string[] | undefined) ?? [];
      const bad = exports.find((e) => !['connectionlog', 'userlog', 'useractivitylog'].includes(e));
      if (bad !== undefined) throw new SimError('InvalidParameterValue', `Unknown log export ${bad}: expected connectionlog, userlog or useractivitylog.`, 400);
      if (type === 'cloudwatch' && exports.length === 0) throw new SimError('InvalidParameterValue', 'LogExports must name at least one log for the cloudwatch destination type.', 400);
      if (type === 's3' && bucket && !getBucket(ctx.world, bucket)) throw new SimError('BucketNotFoundFault', `Cannot find bucket ${bucket}.`, 400);
      const prefix = input['S3KeyPrefix'] as string | undefined;
      c.logging = { LoggingEnabled: true, LogDestinationType: type, ...(type === 's3' ? { BucketName: bucket!, ...(prefix ? { S3KeyPrefix: prefix } : {}) } : {}), ...(exports.length ? { LogExports: exports } : {}) };
      return { ...structuredClone(c.logging) };
    },
    DisableLogging(input, req, ctx) {
      const c = clusterOf(stateOf(ctx.world, req.accountId, req.region), input['ClusterIdentifier']);
      c.logging = { LoggingEnabled: false };
      return { ...structuredClone(c.logging) };
    },
  },
});
