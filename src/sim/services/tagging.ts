/**
 * The Resource Groups Tagging API (`tag:GetResources`), served from the tags the other services keep in
 * the estate, so that a collector reads the tags of every resource of a type in a region with one call
 * per 100 resources instead of one tagging call per resource. Built from the committed model: only the
 * behaviour AWS documents is written here.
 *
 * What AWS documents and this follows (https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html):
 * - only resources that are tagged are returned (an untagged resource is simply absent);
 * - `ResourceTypeFilters` entries are `service` or `service:resourceType` (`ec2:instance`, `s3`);
 * - `TagFilters`: every filter must match; a filter's `Values` (if any) are alternatives;
 * - `ResourceARNList` (at most 100) cannot be combined with `ResourceTypeFilters` or `TagFilters`;
 * - `ResourcesPerPage` is 1–100; the API is regional: S3 buckets are listed in their own region.
 * Errors of this service are `InvalidParameterException`.
 */
import { loadModel } from '../models/index.ts';
import { modelPage, modelService } from '../models/handler.ts';
import { SimError } from '../types.ts';
import type { World } from '../world.ts';
import type { Ec2State } from './ec2/model.ts';
import { peekElbv2State } from './elbv2/model.ts';
import { peekEventBridgeState } from './eventbridge/model.ts';
import { peekStepFunctionsState } from './stepfunctions/model.ts';
import { peekRdsState } from './rds/model.ts';
import type { S3AccountState } from './s3/model.ts';
import { peekEcrState } from './ecr/model.ts';
import { peekLambdaState } from './lambda/model.ts';
import { peekCloudFrontState } from './cloudfront/model.ts';
import { peekRoute53State } from './route53/model.ts';
import { peekWorkspacesState, workspaceArn } from './workspaces/model.ts';
import { peekWafv2State } from './wafv2/model.ts';
import { peekBeanstalkState } from './elasticbeanstalk/model.ts';
import { peekElastiCacheState } from './elasticache/model.ts';
import { peekKinesisState } from './kinesis/model.ts';
import { peekDynamoState } from './dynamodb/model.ts';
import { peekDaxState } from './dax/model.ts';
import { peekKafkaConnectState } from './kafkaconnect/model.ts';
import { peekFirehoseState } from './firehose/model.ts';
import { peekAthenaState, workgroupArn } from './athena/model.ts';
import { jobArn, mlTransformArn, peekGlueState } from './glue/model.ts';
import { peekOpenSearchState } from './opensearch/model.ts';
import { peekEmrState } from './emr/model.ts';
import { peekRedshiftServerlessState } from './redshiftserverless/model.ts';
import { peekAcmState } from './acm/model.ts';
import { peekAcmPcaState } from './acmpca/model.ts';
import { peekDmsState } from './dms/model.ts';
import { peekSagemakerState } from './sagemaker/model.ts';
import { peekBackupState } from './backup/model.ts';
import { peekDatasyncState } from './datasync/model.ts';
import { peekSqsState, queueArn } from './sqs.ts';
import { peekSnsState } from './sns/model.ts';
import { peekKmsState } from './kms/model.ts';

export interface TaggedResource {
  arn: string;
  tags: { Key: string; Value: string }[];
}

/** The tagged resources of one service in an account and region, as the estate holds them. */
type Provider = (world: World, account: string, region: string) => TaggedResource[];

const asList = (tags: Record<string, string> | undefined) => Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));

/** Where each served service keeps its tags: one entry per service the endpoint serves. */
const PROVIDERS: Record<string, Provider> = {
  s3(world, account, region) {
    const state = world.services['s3']?.[account]?.['global'] as S3AccountState | undefined;
    return Object.values(state?.buckets ?? {})
      .filter((b) => b.region === region)
      .map((b) => ({ arn: `arn:aws:s3:::${b.name}`, tags: asList(b.tags) }));
  },
  ec2(world, account, region) {
    const state = world.services['ec2']?.[account]?.[region] as Ec2State | undefined;
    if (!state) return [];
    const arn = (type: string, id: string) => `arn:aws:ec2:${region}:${account}:${type}/${id}`;
    return [
      ...Object.values(state.groups).map((g) => ({ arn: arn('security-group', g.groupId), tags: g.tags })),
      ...Object.values(state.instances).map((i) => ({ arn: arn('instance', i.instanceId), tags: i.tags })),
      ...Object.values(state.networkInterfaces).map((n) => ({ arn: arn('network-interface', n.networkInterfaceId), tags: n.tags })),
      ...Object.values(state.vpcs).map((v) => ({ arn: arn('vpc', v.vpcId), tags: v.tags ?? [] })),
    ];
  },
  elasticloadbalancing(world, account, region) {
    const lbs = peekElbv2State(world, account, region)?.loadBalancers ?? [];
    return lbs.flatMap((lb) => [{ arn: lb.arn, tags: asList(lb.tags) }, ...lb.listeners.map((l) => ({ arn: l.arn, tags: asList(l.tags) }))]);
  },
  rds(world, account, region) {
    const state = peekRdsState(world, account, region);
    if (!state) return [];
    return [
      ...[...state.instances, ...state.clusters, ...state.snapshots, ...state.clusterSnapshots].map((r) => ({ arn: r.arn, tags: r.tags })),
      // RDS Proxies: DescribeDBProxies carries no tags.
      ...(state.proxies ?? []).map((x) => ({ arn: x.DBProxyArn, tags: x.tags })),
    ];
  },
  ecr(world, account, region) {
    return (peekEcrState(world, account, region)?.repositories ?? []).map((r) => ({ arn: r.arn, tags: asList(r.tags) }));
  },
  lambda(world, account, region) {
    return (peekLambdaState(world, account, region)?.functions ?? []).map((f) => ({ arn: f.arn, tags: asList(f.tags) }));
  },
  events: (world, account, region) => (peekEventBridgeState(world, account, region)?.buses ?? []).map((b) => ({ arn: b.arn, tags: asList(b.tags) })),
  states: (world, account, region) => (peekStepFunctionsState(world, account, region)?.stateMachines ?? []).map((m) => ({ arn: m.arn, tags: asList(m.tags) })),
  // Global services are tagged through us-east-1, their endpoints' region.
  route53: (world, account, region) => (region === 'us-east-1' ? (peekRoute53State(world, account)?.zones ?? []).map((z) => ({ arn: `arn:aws:route53:::hostedzone/${z.id}`, tags: asList(z.tags) })) : []),
  cloudfront: (world, account, region) => (region === 'us-east-1' ? (peekCloudFrontState(world, account)?.distributions ?? []).map((d) => ({ arn: d.arn, tags: asList(d.tags) })) : []),
  elasticbeanstalk: (world, account, region) => (peekBeanstalkState(world, account, region)?.environments ?? []).map((e) => ({ arn: e.EnvironmentArn, tags: asList(e.tags) })),
  wafv2: (world, account, region) => (peekWafv2State(world, account, region)?.webAcls ?? []).map((a) => ({ arn: a.ARN, tags: asList(a.tags) })),
  elasticache(world, account, region) {
    const state = peekElastiCacheState(world, account, region);
    return [...(state?.clusters ?? []), ...(state?.groups ?? [])].map((r) => ({ arn: r.ARN, tags: asList(r.tags) }));
  },
  workspaces: (world, account, region) => (peekWorkspacesState(world, account, region)?.workspaces ?? []).map((w) => ({ arn: workspaceArn(region, account, w.WorkspaceId), tags: asList(w.tags) })),
  kinesis: (world, account, region) => (peekKinesisState(world, account, region)?.streams ?? []).map((s) => ({ arn: s.StreamARN, tags: asList(s.tags) })),
  dynamodb: (world, account, region) => (peekDynamoState(world, account, region)?.tables ?? []).map((t) => ({ arn: t.TableArn, tags: asList(t.tags) })),
  firehose: (world, account, region) => (peekFirehoseState(world, account, region)?.streams ?? []).map((s) => ({ arn: s.DeliveryStreamARN, tags: asList(s.tags) })),
  athena: (world, account, region) => (peekAthenaState(world, account, region)?.workgroups ?? []).map((w) => ({ arn: workgroupArn(region, account, w.Name), tags: asList(w.tags) })),
  glue: (world, account, region) => {
    const state = peekGlueState(world, account, region);
    return [...(state?.jobs ?? []).map((j) => ({ arn: jobArn(region, account, j.Name), tags: asList(j.tags) })), ...(state?.mlTransforms ?? []).map((t) => ({ arn: mlTransformArn(region, account, t.TransformId), tags: asList(t.tags) }))];
  },
  es: (world, account, region) => (peekOpenSearchState(world, account, region)?.domains ?? []).map((d) => ({ arn: d.ARN, tags: d.tags })),
  elasticmapreduce: (world, account, region) => (peekEmrState(world, account, region)?.clusters ?? []).map((c) => ({ arn: c.ClusterArn, tags: c.tags })),
  'redshift-serverless': (world, account, region) => {
    const state = peekRedshiftServerlessState(world, account, region);
    return [...(state?.namespaces ?? []).map((n) => ({ arn: n.namespaceArn, tags: asList(n.tags) })), ...(state?.workgroups ?? []).map((w) => ({ arn: w.workgroupArn, tags: asList(w.tags) }))];
  },
  acm: (world, account, region) => (peekAcmState(world, account, region)?.certificates ?? []).map((c) => ({ arn: c.CertificateArn, tags: asList(c.tags) })),
  'acm-pca': (world, account, region) => (peekAcmPcaState(world, account, region)?.authorities ?? []).map((c) => ({ arn: c.Arn, tags: asList(c.tags) })),
  dms: (world, account, region) => {
    const state = peekDmsState(world, account, region);
    return [...(state?.endpoints ?? []).map((e) => ({ arn: e.EndpointArn, tags: asList(e.tags) })), ...(state?.instances ?? []).map((i) => ({ arn: i.ReplicationInstanceArn, tags: asList(i.tags) })), ...(state?.tasks ?? []).map((t) => ({ arn: t.ReplicationTaskArn, tags: asList(t.tags) }))];
  },  sagemaker: (world, account, region) => {
    const state = peekSagemakerState(world, account, region);
    return [...(state?.notebooks ?? []).map((n) => ({ arn: n.NotebookInstanceArn, tags: asList(n.tags) })), ...(state?.models ?? []).map((m) => ({ arn: m.ModelArn, tags: asList(m.tags) })), ...(state?.endpointConfigs ?? []).map((c) => ({ arn: c.EndpointConfigArn, tags: asList(c.tags) }))];
  },  // Recovery points under their own ARNs: AWS Backup's, or the EBS / RDS snapshot they are.
  backup: (world, account, region) => (peekBackupState(world, account, region)?.vaults ?? []).flatMap((v) => [{ arn: v.BackupVaultArn, tags: asList(v.tags) }, ...v.recoveryPoints.map((p) => ({ arn: p.RecoveryPointArn, tags: asList(p.tags) }))]),
  datasync: (world, account, region) => (peekDatasyncState(world, account, region)?.tasks ?? []).map((t) => ({ arn: t.TaskArn, tags: asList(t.tags) })),


  dax: (world, account, region) => (peekDaxState(world, account, region)?.clusters ?? []).map((c) => ({ arn: c.ClusterArn, tags: asList(c.tags) })),
  kafkaconnect: (world, account, region) => (peekKafkaConnectState(world, account, region)?.connectors ?? []).map((c) => ({ arn: c.connectorArn, tags: asList(c.tags) })),
  sqs: (world, account, region) => Object.values(peekSqsState(world, account, region)?.queues ?? {}).map((q) => ({ arn: queueArn(q), tags: q.tags })),
  sns: (world, account, region) => (peekSnsState(world, account, region)?.topics ?? []).map((t) => ({ arn: t.arn, tags: t.tags })),
  kms: (world, account, region) => (peekKmsState(world, account, region)?.keys ?? []).map((k) => ({ arn: k.metadata.Arn, tags: k.tags.map((t) => ({ Key: t.TagKey, Value: t.TagValue })) })),
};

/** `service:resourceType` of an ARN, as `ResourceTypeFilters` name it (`arn:aws:s3:::b` → `s3:bucket`). */
export function arnType(arn: string): { service: string; type: string } {
  const parts = arn.split(':');
  const service = parts[2] ?? '';
  const resource = parts.slice(5).join(':');
  const m = /^([^/:]+)[/:]/.exec(resource);
  return { service, type: m ? m[1]! : service === 's3' ? 'bucket' : resource };
}

/** Every tagged resource of an account in a region. */
export function taggedResources(world: World, account: string, region: string): TaggedResource[] {
  return Object.values(PROVIDERS).flatMap((p) => p(world, account, region)).filter((r) => r.tags.length > 0);
}

const invalid = (message: string) => new SimError('InvalidParameterException', message, 400);

const model = loadModel('resourcegroupstaggingapi');

export const tagging = modelService({
  model: 'resourcegroupstaggingapi',
  operations: {
    GetResources(input, req, ctx) {
      const arns = (input['ResourceARNList'] as string[] | undefined) ?? [];
      const typeFilters = (input['ResourceTypeFilters'] as string[] | undefined) ?? [];
      const tagFilters = (input['TagFilters'] as { Key?: string; Values?: string[] }[] | undefined) ?? [];
      if (arns.length > 0 && (typeFilters.length > 0 || tagFilters.length > 0)) throw invalid('ResourceARNList cannot be combined with ResourceTypeFilters or TagFilters.');
      if (arns.length > 100) throw invalid('ResourceARNList must have at most 100 items.');
      if (tagFilters.length > 50) throw invalid('TagFilters must have at most 50 items.');
      const wanted = typeFilters.map((f) => {
        const [service, type] = f.split(':');
        if (!service) throw invalid(`Invalid resource type filter: ${f}`);
        return { service, type };
      });
      const items = taggedResources(ctx.world, req.accountId, req.region).filter((r) => {
        if (arns.length > 0) return arns.includes(r.arn);
        const t = arnType(r.arn);
        if (wanted.length > 0 && !wanted.some((w) => w.service === t.service && (w.type === undefined || w.type === t.type))) return false;
        return tagFilters.every((f) => r.tags.some((tag) => tag.Key === f.Key && (!f.Values?.length || f.Values.includes(tag.Value))));
      });
      const page = modelPage(model, 'GetResources', input, items.map((r) => ({ ResourceARN: r.arn, Tags: r.tags })), {
        min: 1,
        max: 100,
        default: 100,
        invalidCode: 'InvalidParameterException',
        tokenCode: 'InvalidParameterException',
      });
      // AWS ends the listing with an empty token rather than none.
      return { PaginationToken: '', ...page };
    },
  },
  iamPrefix: 'tag',
});
