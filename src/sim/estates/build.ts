import { authorizeEgress, authorizeIngress, createSecurityGroup, defaultVpc, ec2State, revokeByIds, runInstance, type IpPermissionInput, type SgRule } from '../services/ec2/model.ts';
import { createClassicLoadBalancer } from '../services/elb/model.ts';
import { createListener, createLoadBalancer } from '../services/elbv2/model.ts';
import { createCluster as createEksCluster } from '../services/eks/model.ts';
import { createRepository as createEcrRepository } from '../services/ecr/model.ts';
import { addPermission, createFunction, createFunctionUrl } from '../services/lambda/model.ts';
import { createCluster, createService, registerTaskDefinition, type TaskDefinition } from '../services/ecs/model.ts';
import { createSnapshot, createVolume, ebsState } from '../services/ec2/ebs.ts';
import { createAutoScalingGroup, createLaunchConfiguration } from '../services/autoscaling/model.ts';
import { createEventBus } from '../services/eventbridge/model.ts';
import { createLaunchTemplate, createSpotFleetRequest } from '../services/ec2/launch-templates.ts';
import { createClientVpnEndpoint, createTransitGateway, createVpnConnection } from '../services/ec2/vpn.ts';
import { clusterFamily, createDbClusterParameterGroup } from '../services/rds/clusters.ts';
import { createDbCluster, createDbClusterSnapshot, createDbInstance, createDbSnapshot } from '../services/rds/model.ts';
import { createStateMachine } from '../services/stepfunctions/model.ts';
import { createDistribution } from '../services/cloudfront/model.ts';
import { createRestApi, createRestStage, type MethodSetting } from '../services/apigateway/model.ts';
import { createApi, createRoute, createV2Stage } from '../services/apigatewayv2/model.ts';
import { createGraphqlApi } from '../services/appsync/model.ts';
import { createFirewall, createFirewallPolicy, createRuleGroup, networkFirewallState } from '../services/networkfirewall/model.ts';
import { createEnvironment } from '../services/elasticbeanstalk/model.ts';
import { createConnector, createServer } from '../services/transfer/model.ts';
import { createWebAcl, managedRule, rateRule } from '../services/wafv2/model.ts';
import { createWorkspace } from '../services/workspaces/model.ts';
import { createClusterParameterGroup, createRedshiftCluster, redshiftState } from '../services/redshift/model.ts';
import { createBroker } from '../services/mq/model.ts';
import { createMskCluster } from '../services/kafka/model.ts';
import { createCacheCluster, createReplicationGroup } from '../services/elasticache/model.ts';
import { createStream } from '../services/kinesis/model.ts';
import { createTable as createDynamoTable } from '../services/dynamodb/model.ts';
import { registerTableTarget } from '../services/applicationautoscaling/model.ts';
import { createDaxCluster } from '../services/dax/model.ts';
import { createConnector as createMskConnector } from '../services/kafkaconnect/model.ts';
import { createDeliveryStream } from '../services/firehose/model.ts';
import { createWorkgroup } from '../services/athena/model.ts';
import { createOpenSearchDomain } from '../services/opensearch/model.ts';
import { createEmrCluster, createSecurityConfiguration, setBlockPublicAccess } from '../services/emr/model.ts';
import { createJob as createGlueJob, createMlTransform } from '../services/glue/model.ts';
import { peekKinesisState } from '../services/kinesis/model.ts';
import { createHostedZone } from '../services/route53/model.ts';
import { createRule as createWafRule, createRuleGroup as createWafRuleGroup, createWebAcl as createWafWebAcl } from '../services/waf/model.ts';
import { createAccessPoint, createDirectoryBucket, createMultiRegionAccessPoint, putBucketLifecycle, putBucketLogging, putBucketNotification, putBucketVersioning } from '../services/s3/settings.ts';
import { createBucket, type LifecycleRule, type PublicAccessBlock, putAccountPublicAccessBlock, putBucketAcl, putBucketEncryption, putBucketPolicy, putPublicAccessBlock } from '../services/s3/model.ts';
import { addAccount, createWorld, nextHex, type World } from '../world.ts';
import { addRecoveryPoint, createBackupVault } from '../services/backup/model.ts';
import { createDatasyncTask } from '../services/datasync/model.ts';
import { createEndpointConfig as createSagemakerEndpointConfig, createModel as createSagemakerModel, createNotebook as createSagemakerNotebook } from '../services/sagemaker/model.ts';
import { createDmsEndpoint, createDmsReplicationInstance, createDmsReplicationTask, dmsState, type DmsLogSeverity } from '../services/dms/model.ts';
import type { EstateDoc, PermissionSpec, PublicAccessBlockSpec, EstateLifecycleRule } from './types.ts';
import { createKmsKey } from '../services/kms/model.ts';
import { createTopic } from '../services/sns/model.ts';
import { createQueue } from '../services/sqs.ts';
import { createSecret } from '../services/secretsmanager/model.ts';
import { createManagedPolicy, putInlinePolicy } from '../services/iam.ts';
import { buildVpcs } from './ec2-network.ts';
import { createNamespace, createServerlessWorkgroup } from '../services/redshiftserverless/model.ts';
import { createEfsAccessPoint, createEfsFileSystem, createEfsMountTarget } from '../services/efs/model.ts';
import { createFsxFileSystem } from '../services/fsx/model.ts';
import { createCertificate } from '../services/acm/model.ts';
import { createPrivateCa } from '../services/acmpca/model.ts';
import { buildRdsInstances } from './rds-instances.ts';

/** An estate entry that cannot be built, with the path of the entry in the estate document. */
export class EstateBuildError extends Error {
  readonly path: (string | number)[];
  constructor(path: (string | number)[], message: string) {
    super(message);
    this.name = 'EstateBuildError';
    this.path = path;
  }
}

/** Estate block devices as EC2 block device mappings (`Encrypted` only where the estate sets it). */
function blockDevices(volumes: readonly { device: string; encrypted?: boolean }[]): Record<string, unknown>[] {
  return volumes.map((v) => ({ DeviceName: v.device, Ebs: { VolumeSize: 20, VolumeType: 'gp3', ...(v.encrypted !== undefined ? { Encrypted: v.encrypted } : {}) } }));
}

/** The default VPC and its default subnet in each zone, for a Lambda function attached to them. */
function defaultVpcSubnets(world: World, account: string, region: string, zones: readonly string[]): { vpcId: string; subnetIds: string[] } {
  const vpc = defaultVpc(world, account, region);
  const subnets = Object.values(ec2State(world, account, region).subnets).filter((s) => s.vpcId === vpc.vpcId && s.defaultForAz);
  const subnetIds = zones.map((z) => {
    const s = subnets.find((x) => x.availabilityZone === z);
    if (!s) throw new Error(`the default VPC of ${account} ${region} has no subnet in ${z} (zones: ${subnets.map((x) => x.availabilityZone).join(', ')})`);
    return s.subnetId;
  });
  return { vpcId: vpc.vpcId, subnetIds };
}

/** Runs `fn` for the entry at `path`; whatever it throws is reported against that entry. */
function at<T>(path: (string | number)[], fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof EstateBuildError) throw e;
    throw new EstateBuildError(path, (e as Error).message.replace(/^estate: /, ''));
  }
}

function lifecycleRule(r: EstateLifecycleRule): LifecycleRule {
  return {
    ID: r.id,
    Status: r.status ?? 'Enabled',
    Filter: { Prefix: '' },
    ...(r.expirationDays ? { Expiration: { Days: r.expirationDays } } : {}),
    ...(r.noncurrentDays ? { NoncurrentVersionExpiration: { NoncurrentDays: r.noncurrentDays } } : {}),
    ...(r.abortDays ? { AbortIncompleteMultipartUpload: { DaysAfterInitiation: r.abortDays } } : {}),
  };
}

function pab(p: PublicAccessBlockSpec): PublicAccessBlock {
  return { BlockPublicAcls: p.blockPublicAcls, IgnorePublicAcls: p.ignorePublicAcls, BlockPublicPolicy: p.blockPublicPolicy, RestrictPublicBuckets: p.restrictPublicBuckets };
}

/** Parse `"445"` or `"20-21"`. */
export function portRange(ports: string | undefined): { from: number; to: number } | undefined {
  if (ports === undefined) return undefined;
  const m = /^(\d+)(?:-(\d+))?$/.exec(ports.trim());
  if (!m) throw new Error(`estate: bad port range "${ports}"`);
  return { from: Number(m[1]), to: Number(m[2] ?? m[1]) };
}

/** One AWS IpPermission for a permission line; `sg:<name>` sources are resolved by `groupIdOf`. */
export function toIpPermission(p: PermissionSpec, groupIdOf: (name: string) => string): IpPermissionInput {
  const perm: IpPermissionInput = { IpProtocol: p.proto };
  const range = portRange(p.ports);
  if (p.proto !== '-1') {
    perm.FromPort = range?.from ?? -1;
    perm.ToPort = range?.to ?? -1;
  }
  const d = p.description ? { Description: p.description } : {};
  for (const src of p.from) {
    if (src.startsWith('sg:')) (perm.UserIdGroupPairs ??= []).push({ GroupId: groupIdOf(src.slice(3)), ...d });
    else if (src.startsWith('pl-')) (perm.PrefixListIds ??= []).push({ PrefixListId: src, ...d });
    else if (src.includes(':')) (perm.Ipv6Ranges ??= []).push({ CidrIpv6: src, ...d });
    else (perm.IpRanges ??= []).push({ CidrIp: src, ...d });
  }
  return perm;
}

/**
 * Build a World from a declarative estate. Returns the created ids so tests can refer to them:
 * `groups["<account>/<region>/<name>"]` → group id and its rule lines in order.
 */
export function buildEstate(doc: EstateDoc): { world: World; groups: Record<string, { groupId: string; ingress: SgRule[] }>; instances: Record<string, string> } {
  const [management, ...members] = doc.accounts;
  if (!management) throw new Error('estate: at least one account is needed');
  const world = createWorld({ seed: doc.seed ?? 'estate', managementAccountId: management.id, managementAccountName: management.name, regions: doc.regions });
  for (const [i, a] of [management, ...members].entries()) at(['accounts', i], () => {
    const account = addAccount(world, { id: a.id, name: a.name, ...(a.alias ? { alias: a.alias } : {}), ...(a.roles ? { roles: a.roles } : {}), ...(a.externalId ? { externalId: a.externalId } : {}), ...(a.deny ? { deny: a.deny } : {}) });
    if (a.accountPublicAccessBlock) putAccountPublicAccessBlock(world, account.id, pab(a.accountPublicAccessBlock));
    if (a.ebsEncryptionByDefault) for (const region of doc.regions) ebsState(world, account.id, region).encryptionByDefault = true;
  });
  const groups: Record<string, { groupId: string; ingress: SgRule[] }> = {};
  const key = (account: string, region: string, name: string) => `${account}/${region}/${name}`;
  // Create every group first so that rules can reference groups declared later.
  for (const [i, g] of (doc.securityGroups ?? []).entries()) at(['securityGroups', i], () => {
    const vpc = defaultVpc(world, g.account, g.region);
    const sg = createSecurityGroup(world, g.account, g.region, { groupName: g.name, description: g.description ?? g.name, vpcId: vpc.vpcId, ...(g.tags ? { tags: g.tags } : {}) });
    groups[key(g.account, g.region, g.name)] = { groupId: sg.groupId, ingress: [] };
  });
  for (const [i, g] of (doc.securityGroups ?? []).entries()) at(['securityGroups', i], () => {
    const entry = groups[key(g.account, g.region, g.name)]!;
    const idOf = (name: string) => {
      const ref = groups[key(g.account, g.region, name)];
      if (!ref) throw new Error(`estate: security group ${g.name} refers to unknown group ${name}`);
      return ref.groupId;
    };
    for (const p of g.ingress) entry.ingress.push(...authorizeIngress(world, g.account, g.region, entry.groupId, [toIpPermission(p, idOf)]));
    if (g.egress) {
      const state = ec2State(world, g.account, g.region);
      const defaults = state.groups[entry.groupId]?.egress ?? [];
      if (defaults.length) revokeByIds(world, g.account, g.region, entry.groupId, true, [...defaults]);
      for (const p of g.egress) authorizeEgress(world, g.account, g.region, entry.groupId, [toIpPermission(p, idOf)]);
    }
  });
  const instances: Record<string, string> = {};
  for (const [n, i] of (doc.instances ?? []).entries()) at(['instances', n], () => {
    const ids = i.groups.map((n) => {
      const ref = groups[key(i.account, i.region, n)];
      if (!ref) throw new Error(`estate: instance ${i.name} uses unknown group ${n}`);
      return ref.groupId;
    });
    const inst = runInstance(world, i.account, i.region, { securityGroupIds: ids, tags: { Name: i.name, ...(i.tags ?? {}) }, ...(i.imdsv2 ? { httpTokens: 'required' as const } : {}), ...(i.instanceProfile ? { iamInstanceProfileArn: i.instanceProfile } : {}), ...(i.stoppedAt ? { stoppedAt: i.stoppedAt } : {}) });
    instances[key(i.account, i.region, i.name)] = inst.instanceId;
  });
  for (const [i, b] of (doc.buckets ?? []).entries()) at(['buckets', i], () => {
    createBucket(world, b.account, { name: b.name, region: b.region, ...(b.legacy ? { legacy: true } : {}), ...(b.tags ? { tags: b.tags } : {}) });
    if (b.cannedAcl) putBucketAcl(world, b.account, b.name, { canned: b.cannedAcl }, { force: true });
    if (b.policy) putBucketPolicy(world, b.account, b.name, b.policy, { force: true });
    if (b.publicAccessBlock !== undefined) putPublicAccessBlock(world, b.account, b.name, b.publicAccessBlock === null ? null : pab(b.publicAccessBlock));
    if (b.encryption !== undefined) {
      putBucketEncryption(
        world,
        b.account,
        b.name,
        b.encryption === null ? null : [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: b.encryption.sseAlgorithm, ...(b.encryption.kmsMasterKeyId ? { KMSMasterKeyID: b.encryption.kmsMasterKeyId } : {}) } }],
      );
    }
  });
  // Settings that name other buckets (a logging target) or need the bucket's final state, once every bucket exists.
  for (const [i, b] of (doc.buckets ?? []).entries()) at(['buckets', i], () => {
    if (b.logging) putBucketLogging(world, b.account, b.name, { TargetBucket: b.logging.targetBucket, TargetPrefix: b.logging.targetPrefix ?? `${b.name}/` });
    if (b.notifications?.length) {
      const of = (service: string) => b.notifications!.filter((n) => n.startsWith(`arn:aws:${service}:`)).map((arn, k) => ({ Id: `${service}-${k}`, Arn: arn, Events: ['s3:ObjectCreated:*'] }));
      putBucketNotification(world, b.account, b.name, { topics: of('sns'), queues: of('sqs'), lambdaFunctions: of('lambda'), eventBridge: b.notifications.includes('EventBridge') });
    }
    if (b.lifecycle) putBucketLifecycle(world, b.account, b.name, b.lifecycle.map(lifecycleRule));
    if (b.versioning || b.mfaDelete !== undefined) putBucketVersioning(world, b.account, b.name, b.versioning, b.mfaDelete === undefined ? undefined : b.mfaDelete ? 'Enabled' : 'Disabled', { force: true });
  });
  for (const [i, a] of (doc.s3AccessPoints ?? []).entries()) at(['s3AccessPoints', i], () => {
    createAccessPoint(world, a.account, { name: a.name, bucket: a.bucket, ...(a.vpcId ? { vpcId: a.vpcId } : {}), ...(a.publicAccessBlock ? { publicAccessBlock: pab(a.publicAccessBlock) } : {}) });
  });
  for (const [i, m] of (doc.s3MultiRegionAccessPoints ?? []).entries()) at(['s3MultiRegionAccessPoints', i], () => {
    createMultiRegionAccessPoint(world, m.account, { name: m.name, buckets: m.buckets, ...(m.publicAccessBlock ? { publicAccessBlock: pab(m.publicAccessBlock) } : {}) });
  });
  for (const [i, d] of (doc.s3DirectoryBuckets ?? []).entries()) at(['s3DirectoryBuckets', i], () => {
    createDirectoryBucket(world, d.account, { name: d.name, region: d.region, ...(d.lifecycle ? { lifecycle: d.lifecycle.map(lifecycleRule) } : {}) });
  });
  // Clusters before snapshots, so that a snapshot of an estate cluster takes its engine and encryption.
  for (const [i, c] of (doc.dbClusters ?? []).entries()) at(['dbClusters', i], () => {
    const group = c.parameters ? createDbClusterParameterGroup(world, c.account, c.region, { name: `${c.id}-params`, family: clusterFamily(c.engine), values: c.parameters }).id : undefined;
    const cluster = createDbCluster(world, c.account, c.region, {
      id: c.id,
      engine: c.engine,
      ...(c.encrypted !== undefined ? { storageEncrypted: c.encrypted } : {}),
      ...(c.masterUsername ? { masterUsername: c.masterUsername } : {}),
      ...(c.tags ? { tags: c.tags } : {}),
      settings: {
        ...(c.deletionProtection !== undefined ? { deletionProtection: c.deletionProtection } : {}),
        ...(c.iamAuth !== undefined ? { iamDatabaseAuthentication: c.iamAuth } : {}),
        ...(c.copyTagsToSnapshot !== undefined ? { copyTagsToSnapshot: c.copyTagsToSnapshot } : {}),
        ...(c.autoMinorVersionUpgrade !== undefined ? { autoMinorVersionUpgrade: c.autoMinorVersionUpgrade } : {}),
        ...(c.backtrackWindow !== undefined ? { backtrackWindow: c.backtrackWindow } : {}),
        ...(c.backupRetentionDays !== undefined ? { backupRetentionPeriod: c.backupRetentionDays } : {}),
        ...(c.logExports ? { logExports: [...c.logExports] } : {}),
        ...(group ? { parameterGroup: group, parameterGroupStatus: c.parameterGroupPending ? ('pending-reboot' as const) : ('in-sync' as const) } : {}),
      },
    });
    for (let n = 0; n < (c.instances ?? 0); n++) createDbInstance(world, c.account, c.region, { id: `${c.id}-${n + 1}`, dbClusterId: cluster.id });
  });
  // Before the snapshots, which take their source instance's engine and encryption.
  buildRdsInstances(world, doc, at);
  for (const [i, s] of (doc.dbSnapshots ?? []).entries()) at(['dbSnapshots', i], () => {
    createDbSnapshot(world, s.account, s.region, { id: s.id, dbInstanceId: s.source, ...(s.engine ? { engine: s.engine } : {}), ...(s.restore ? { restore: s.restore } : {}), ...(s.encrypted !== undefined ? { encrypted: s.encrypted } : {}), ...(s.tags ? { tags: s.tags } : {}) });
  });
  for (const [i, s] of (doc.clusterSnapshots ?? []).entries()) at(['clusterSnapshots', i], () => {
    createDbClusterSnapshot(world, s.account, s.region, { id: s.id, dbClusterId: s.source, ...(s.engine ? { engine: s.engine } : {}), ...(s.restore ? { restore: s.restore } : {}), ...(s.encrypted !== undefined ? { encrypted: s.encrypted } : {}), ...(s.tags ? { tags: s.tags } : {}) });
  });
  for (const [i, l] of (doc.loadBalancers ?? []).entries()) at(['loadBalancers', i], () => {
    const lb = createLoadBalancer(world, l.account, l.region, { name: l.name, ...(l.type ? { type: l.type } : {}), ...(l.scheme ? { scheme: l.scheme } : {}), ...(l.availabilityZones ? { availabilityZones: l.availabilityZones } : {}), ...(l.attributes ? { attributes: l.attributes } : {}), ...(l.tags ? { tags: l.tags } : {}) });
    for (const [j, ls] of (l.listeners ?? []).entries()) at(['loadBalancers', i, 'listeners', j], () => {
      const secure = ls.protocol === 'HTTPS' || ls.protocol === 'TLS';
      createListener(world, lb, {
        port: ls.port,
        protocol: ls.protocol,
        defaultActions: ls.redirectToHttps
          ? [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }]
          : [{ Type: 'forward', TargetGroupArn: `arn:aws:elasticloadbalancing:${l.region}:${l.account}:targetgroup/${ls.forwardTo ?? l.name}/${lb.arn.slice(-16)}` }],
        ...(secure ? { certificateArns: [`arn:aws:acm:${l.region}:${l.account}:certificate/${lb.arn.slice(-16)}`] } : {}),
        ...(ls.sslPolicy ? { sslPolicy: ls.sslPolicy } : {}),
        ...(ls.tags ? { tags: ls.tags } : {}),
      });
    });
  });
  for (const [i, c] of (doc.classicLoadBalancers ?? []).entries()) at(['classicLoadBalancers', i], () => {
    createClassicLoadBalancer(world, c.account, c.region, {
      name: c.name,
      ...(c.scheme ? { scheme: c.scheme } : {}),
      ...(c.availabilityZones ? { availabilityZones: c.availabilityZones } : {}),
      ...(c.instances ? { instances: c.instances } : {}),
      listeners: c.listeners.map((l) => ({
        Protocol: l.protocol,
        LoadBalancerPort: l.port,
        InstanceProtocol: l.instanceProtocol ?? (l.protocol === 'HTTPS' ? 'HTTP' : l.protocol === 'SSL' ? 'TCP' : l.protocol),
        InstancePort: l.instancePort ?? l.port,
        ...(l.protocol === 'HTTPS' || l.protocol === 'SSL'
          ? { SSLCertificateId: l.certificate === 'iam' ? `arn:aws:iam::${c.account}:server-certificate/${c.name}` : `arn:aws:acm:${c.region}:${c.account}:certificate/${c.name}` }
          : {}),
      })),
      ...(c.crossZone !== undefined ? { crossZone: c.crossZone } : {}),
      ...(c.accessLogBucket ? { accessLogBucket: c.accessLogBucket } : {}),
      ...(c.connectionDraining !== undefined ? { connectionDraining: c.connectionDraining } : {}),
      ...(c.desyncMitigationMode ? { desyncMitigationMode: c.desyncMitigationMode } : {}),
      ...(c.tags ? { tags: c.tags } : {}),
    });
  });
  for (const [i, c] of (doc.eksClusters ?? []).entries()) at(['eksClusters', i], () => {
    const { account, region, ...options } = c;
    createEksCluster(world, account, region, options);
  });
  for (const [i, r] of (doc.ecrRepositories ?? []).entries()) at(['ecrRepositories', i], () => {
    const { account, region, ...options } = r;
    createEcrRepository(world, account, region, options);
  });
  for (const [i, l] of (doc.lambdaFunctions ?? []).entries()) at(['lambdaFunctions', i], () => {
    const vpc = l.vpcZones ? defaultVpcSubnets(world, l.account, l.region, l.vpcZones) : undefined;
    const fn = createFunction(world, l.account, l.region, { name: l.name, ...(l.runtime ? { runtime: l.runtime } : {}), ...(l.packageType ? { packageType: l.packageType } : {}), ...(l.tags ? { tags: l.tags } : {}), ...(vpc ? { vpc } : {}) });
    if (l.url) createFunctionUrl(world, fn, l.url);
    for (const [j, p] of (l.permissions ?? []).entries()) at(['lambdaFunctions', i, 'permissions', j], () => addPermission(fn, p));
  });
  const taskDefinitions = new Map<string, TaskDefinition>();
  for (const [i, t] of (doc.ecsTaskDefinitions ?? []).entries()) at(['ecsTaskDefinitions', i], () => {
    const containerDefinitions = t.containers.map((c) => ({
      name: c.name,
      image: c.image,
      essential: true,
      ...(c.privileged !== undefined ? { privileged: c.privileged } : {}),
      ...(c.readonlyRootFilesystem !== undefined ? { readonlyRootFilesystem: c.readonlyRootFilesystem } : {}),
      ...(c.user ? { user: c.user } : {}),
      ...(c.logDriver ? { logConfiguration: { logDriver: c.logDriver, ...(c.logDriver === 'awslogs' ? { options: { 'awslogs-group': `/ecs/${t.family}`, 'awslogs-region': t.region, 'awslogs-stream-prefix': c.name } } : {}) } } : {}),
      ...(c.environment ? { environment: Object.entries(c.environment).map(([name, value]) => ({ name, value })) } : {}),
    }));
    const td = registerTaskDefinition(world, t.account, t.region, { family: t.family, containerDefinitions, ...(t.networkMode ? { networkMode: t.networkMode } : {}), ...(t.pidMode ? { pidMode: t.pidMode } : {}), ...(t.requiresCompatibilities ? { requiresCompatibilities: t.requiresCompatibilities } : {}), ...(t.tags ? { tags: t.tags } : {}) });
    taskDefinitions.set(key(t.account, t.region, t.family), td);
  });
  for (const [i, c] of (doc.ecsClusters ?? []).entries()) at(['ecsClusters', i], () => {
    const cluster = createCluster(world, c.account, c.region, { name: c.name, ...(c.containerInsights ? { containerInsights: c.containerInsights } : {}), ...(c.tags ? { tags: c.tags } : {}) });
    for (const [j, s] of (c.services ?? []).entries()) at(['ecsClusters', i, 'services', j, 'taskDefinition'], () => {
      const td = taskDefinitions.get(key(c.account, c.region, s.taskDefinition));
      if (!td) throw new Error(`task definition family ${s.taskDefinition} is not one of ecsTaskDefinitions in ${c.account} ${c.region}`);
      createService(world, cluster, { name: s.name, taskDefinition: td, launchType: s.launchType, ...(s.platformVersion ? { platformVersion: s.platformVersion } : {}), ...(s.assignPublicIp ? { assignPublicIp: s.assignPublicIp } : {}), ...(s.tags ? { tags: s.tags } : {}) });
    });
  });
  for (const [i, e] of (doc.ebsSnapshots ?? []).entries()) at(['ebsSnapshots', i], () => {
    createSnapshot(world, e.account, e.region, { tags: { Name: e.name }, ...(e.description ? { description: e.description } : {}), ...(e.public ? { createVolumePermission: ['all'] } : {}), ...(e.encrypted ? { encrypted: true } : {}) });
  });
  for (const [i, v] of (doc.volumes ?? []).entries()) at(['volumes', i], () => {
    const attachedTo = v.instance === undefined ? undefined : instances[key(v.account, v.region, v.instance)];
    if (v.instance !== undefined && !attachedTo) throw new Error(`estate: volume ${v.name} is attached to unknown instance ${v.instance}`);
    createVolume(world, v.account, v.region, { tags: { Name: v.name }, ...(attachedTo ? { attachedTo } : {}), ...(v.encrypted ? { encrypted: true } : {}), ...(v.size ? { size: v.size } : {}) });
  });
  for (const [i, l] of (doc.launchConfigurations ?? []).entries()) at(['launchConfigurations', i], () => {
    const md = l.metadata;
    createLaunchConfiguration(world, l.account, l.region, {
      name: l.name,
      ...(l.instanceType ? { instanceType: l.instanceType } : {}),
      ...(l.associatePublicIpAddress !== undefined ? { associatePublicIpAddress: l.associatePublicIpAddress } : {}),
      ...(md ? { metadataOptions: { HttpTokens: md.httpTokens ?? 'optional', HttpEndpoint: md.httpEndpoint ?? 'enabled', HttpPutResponseHopLimit: md.hopLimit ?? 1 } } : {}),
    });
  });
  for (const [i, g] of (doc.autoScalingGroups ?? []).entries()) at(['autoScalingGroups', i], () => {
    if ((g.launchConfiguration === undefined) === (g.launchTemplate === undefined)) throw new Error('give exactly one of launchConfiguration and launchTemplate');
    if (g.instanceTypes && !g.launchTemplate) throw new Error('instanceTypes needs a launchTemplate (a mixed instances policy)');
    const spec = { LaunchTemplateName: g.launchTemplate!, Version: '$Latest' };
    createAutoScalingGroup(world, g.account, g.region, {
      name: g.name,
      ...(g.launchConfiguration ? { launchConfigurationName: g.launchConfiguration } : {}),
      ...(g.launchTemplate && !g.instanceTypes ? { launchTemplate: spec } : {}),
      ...(g.instanceTypes ? { mixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: spec, Overrides: g.instanceTypes.map((InstanceType) => ({ InstanceType })) } } } : {}),
      ...(g.zones ? { availabilityZones: g.zones } : {}),
      ...(g.targetGroups ? { targetGroupArns: g.targetGroups.map((t, j) => `arn:aws:elasticloadbalancing:${g.region}:${g.account}:targetgroup/${t}/${(i * 16 + j).toString(16).padStart(16, '0')}`) } : {}),
      ...(g.classicLoadBalancers ? { loadBalancerNames: g.classicLoadBalancers } : {}),
      ...(g.healthCheckType ? { healthCheckType: g.healthCheckType } : {}),
      ...(g.tags ? { tags: g.tags } : {}),
    });
  });
  for (const [i, m] of (doc.stateMachines ?? []).entries()) at(['stateMachines', i], () => {
    createStateMachine(world, m.account, m.region, { name: m.name, ...(m.type ? { type: m.type } : {}), ...(m.logLevel ? { logLevel: m.logLevel } : {}), ...(m.tags ? { tags: m.tags } : {}) });
  });
  for (const [i, b] of (doc.eventBuses ?? []).entries()) at(['eventBuses', i], () => {
    createEventBus(world, b.account, b.region, { name: b.name, ...(b.policy ? { policy: b.policy } : {}), ...(b.tags ? { tags: b.tags } : {}) });
  });
  const launchTemplateIds = new Map<string, string>();
  for (const [i, t] of (doc.launchTemplates ?? []).entries()) at(['launchTemplates', i], () => {
    const versions = t.versions.map((v) => ({
      ...(v.httpTokens || v.httpEndpoint ? { MetadataOptions: { ...(v.httpTokens ? { HttpTokens: v.httpTokens } : {}), ...(v.httpEndpoint ? { HttpEndpoint: v.httpEndpoint } : {}) } } : {}),
      ...(v.volumes ? { BlockDeviceMappings: blockDevices(v.volumes) } : {}),
      ...(v.publicIp !== undefined ? { NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: v.publicIp }] } : {}),
    }));
    const lt = createLaunchTemplate(world, t.account, t.region, { name: t.name, versions, ...(t.defaultVersion ? { defaultVersion: t.defaultVersion } : {}), ...(t.tags ? { tags: t.tags } : {}) });
    launchTemplateIds.set(key(t.account, t.region, t.name), lt.LaunchTemplateId);
  });
  for (const [i, g] of (doc.transitGateways ?? []).entries()) at(['transitGateways', i], () => {
    createTransitGateway(world, g.account, g.region, { description: g.name, tags: { Name: g.name, ...g.tags }, ...(g.autoAcceptSharedAttachments ? { autoAcceptSharedAttachments: true } : {}) });
  });
  for (const [i, v] of (doc.vpnConnections ?? []).entries()) at(['vpnConnections', i], () => {
    const group = `arn:aws:logs:${v.region}:${v.account}:log-group:/vpn/${v.name}`;
    const logs = v.tunnelLogs ?? [false, false];
    const up = v.tunnelsUp ?? [true, true];
    createVpnConnection(world, v.account, v.region, { tunnelLogs: [logs[0] ? group : null, logs[1] ? group : null], tunnelStatus: [up[0] ? 'UP' : 'DOWN', up[1] ? 'UP' : 'DOWN'], tags: { Name: v.name, ...v.tags } });
  });
  for (const [i, e] of (doc.clientVpnEndpoints ?? []).entries()) at(['clientVpnEndpoints', i], () => {
    createClientVpnEndpoint(world, e.account, e.region, { description: e.name, tags: { Name: e.name, ...e.tags }, ...(e.connectionLogs ? { logGroup: `/client-vpn/${e.name}` } : {}) });
  });
  for (const [i, r] of (doc.spotFleetRequests ?? []).entries()) at(['spotFleetRequests', i], () => {
    if (r.launchTemplate !== undefined && r.volumes !== undefined) throw new Error('give volumes (a launch specification) or launchTemplate, not both');
    const lt = r.launchTemplate === undefined ? undefined : launchTemplateIds.get(key(r.account, r.region, r.launchTemplate));
    if (r.launchTemplate !== undefined && !lt) throw new Error(`launch template ${r.launchTemplate} is not one of launchTemplates in ${r.account} ${r.region}`);
    createSpotFleetRequest(world, r.account, r.region, {
      ...(lt ? { launchTemplateConfigs: [{ LaunchTemplateSpecification: { LaunchTemplateId: lt, Version: '$Latest' } }] } : { launchSpecifications: [{ ImageId: 'ami-0abcdef1234567890', InstanceType: 'c5.large', ...(r.volumes ? { BlockDeviceMappings: blockDevices(r.volumes) } : {}) }] }),
      tags: { Name: r.name, ...r.tags },
    });
  });
  for (const [i, d] of (doc.cloudfrontDistributions ?? []).entries()) at(['cloudfrontDistributions', i], () => {
    const { account, ...options } = d;
    createDistribution(world, account, options);
  });
  for (const [i, a] of (doc.restApis ?? []).entries()) at(['restApis', i], () => {
    const api = createRestApi(world, a.account, a.region, { name: a.name, ...(a.endpointType ? { endpointTypes: [a.endpointType] } : {}), ...(a.tags ? { tags: a.tags } : {}) });
    for (const st of a.stages) {
      const all: MethodSetting = {};
      if (st.logLevel) all.loggingLevel = st.logLevel;
      if (st.cache) Object.assign(all, { cachingEnabled: true, cacheDataEncrypted: st.cache === 'encrypted' });
      createRestStage(world, api, {
        stageName: st.name,
        ...(Object.keys(all).length ? { methodSettings: { '*/*': all } } : {}),
        ...(st.cache ? { cacheClusterEnabled: true } : {}),
        ...(st.tracing !== undefined ? { tracingEnabled: st.tracing } : {}),
        ...(st.webAcl ? { webAclArn: st.webAcl } : {}),
        ...(st.clientCertificate ? { clientCertificateId: st.clientCertificate } : {}),
        ...(st.tags ? { tags: st.tags } : {}),
      });
    }
  });
  for (const [i, a] of (doc.v2Apis ?? []).entries()) at(['v2Apis', i], () => {
    const api = createApi(world, a.account, a.region, { name: a.name, ...(a.protocol ? { protocolType: a.protocol } : {}), ...(a.tags ? { tags: a.tags } : {}) });
    for (const st of a.stages) {
      createV2Stage(api, {
        stageName: st.name,
        ...(st.accessLogs ? { accessLogSettings: { destinationArn: `arn:aws:logs:${a.region}:${a.account}:log-group:${st.accessLogs}`, format: '$context.requestId $context.identity.sourceIp $context.routeKey $context.status' } } : {}),
        ...(st.logLevel ? { loggingLevel: st.logLevel } : {}),
      });
    }
    for (const r of a.routes) {
      createRoute(world, api, { routeKey: r.key, ...(r.auth ? { authorizationType: r.auth } : {}), ...(r.auth === 'CUSTOM' || r.auth === 'JWT' ? { authorizerId: `${a.name}-auth`.slice(0, 10) } : {}) });
    }
  });
  for (const [i, g] of (doc.graphqlApis ?? []).entries()) at(['graphqlApis', i], () => {
    createGraphqlApi(world, g.account, g.region, {
      name: g.name,
      ...(g.auth ? { authenticationType: g.auth } : {}),
      ...(g.additionalAuth ? { additionalAuthenticationProviders: g.additionalAuth } : {}),
      ...(g.fieldLogLevel ? { fieldLogLevel: g.fieldLogLevel } : {}),
      ...(g.cache ? { cache: { atRestEncryptionEnabled: g.cache.atRest, transitEncryptionEnabled: g.cache.transit } } : {}),
      ...(g.tags ? { tags: g.tags } : {}),
    });
  });
  const nfAction = { pass: 'aws:pass', drop: 'aws:drop', forward: 'aws:forward_to_sfe' } as const;
  for (const [i, g] of (doc.firewallRuleGroups ?? []).entries()) at(['firewallRuleGroups', i], () => {
    const statelessRules = Array.from({ length: g.statelessRules ?? 0 }, (_, n) => ({ Priority: n + 1, RuleDefinition: { MatchAttributes: { Protocols: [17], Destinations: [{ AddressDefinition: `10.0.${n}.2/32` }] }, Actions: ['aws:pass'] } }));
    createRuleGroup(world, g.account, g.region, { name: g.name, type: g.type, statelessRules, ...(g.tags ? { tags: g.tags } : {}) });
  });
  for (const [i, p] of (doc.firewallPolicies ?? []).entries()) at(['firewallPolicies', i], () => {
    const groups = networkFirewallState(world, p.account, p.region).ruleGroups;
    const arnOf = (groupName: string, type: 'STATELESS' | 'STATEFUL') => {
      const g = groups.find((x) => x.response.RuleGroupName === groupName && x.response.Type === type);
      if (!g) throw new Error(`no ${type.toLowerCase()} rule group ${groupName} in ${p.account} ${p.region}`);
      return g.response.RuleGroupArn;
    };
    createFirewallPolicy(world, p.account, p.region, {
      name: p.name,
      statelessDefaultActions: [nfAction[p.statelessDefault ?? 'forward']],
      statelessFragmentDefaultActions: [nfAction[p.fragmentDefault ?? 'forward']],
      statelessRuleGroups: (p.statelessRuleGroups ?? []).map((n) => arnOf(n, 'STATELESS')),
      statefulRuleGroups: (p.statefulRuleGroups ?? []).map((n) => arnOf(n, 'STATEFUL')),
      ...(p.tags ? { tags: p.tags } : {}),
    });
  });
  for (const [i, f] of (doc.networkFirewalls ?? []).entries()) at(['networkFirewalls', i], () => {
    const policy = networkFirewallState(world, f.account, f.region).policies.find((p) => p.response.FirewallPolicyName === f.policy);
    if (!policy) throw new Error(`no firewall policy ${f.policy} in ${f.account} ${f.region}`);
    createFirewall(world, f.account, f.region, {
      name: f.name,
      policyArn: policy.response.FirewallPolicyArn,
      deleteProtection: f.deleteProtection ?? false,
      subnetChangeProtection: f.subnetChangeProtection ?? false,
      logging: (f.logging ?? []).map((LogType) => ({ LogType, LogDestinationType: 'CloudWatchLogs' as const, LogDestination: { logGroup: `/aws/network-firewall/${f.name}/${LogType.toLowerCase()}` } })),
      ...(f.tags ? { tags: f.tags } : {}),
    });
  });
  for (const [i, e] of (doc.beanstalkEnvironments ?? []).entries()) at(['beanstalkEnvironments', i], () => {
    const options: Record<string, string> = {};
    if (e.streamLogs !== undefined) options['aws:elasticbeanstalk:cloudwatch:logs:StreamLogs'] = String(e.streamLogs);
    if (e.healthReporting) options['aws:elasticbeanstalk:healthreporting:system:SystemType'] = e.healthReporting;
    createEnvironment(world, e.account, e.region, { application: e.application, name: e.name, options, ...(e.tags ? { tags: e.tags } : {}) });
  });
  for (const [i, t] of (doc.transferServers ?? []).entries()) at(['transferServers', i], () => {
    createServer(world, t.account, t.region, {
      ...(t.protocols ? { protocols: t.protocols } : {}),
      ...(t.endpointType ? { endpointType: t.endpointType } : {}),
      ...(t.logging ? { loggingRole: `arn:aws:iam::${t.account}:role/AWSTransferLoggingAccess` } : {}),
      ...(t.tags ? { tags: t.tags } : {}),
    });
  });
  for (const [i, c] of (doc.transferConnectors ?? []).entries()) at(['transferConnectors', i], () => {
    createConnector(world, c.account, c.region, { url: c.url, ...(c.logging ? { loggingRole: `arn:aws:iam::${c.account}:role/AWSTransferLoggingAccess` } : {}), ...(c.tags ? { tags: c.tags } : {}) });
  });
  for (const [i, w] of (doc.webAcls ?? []).entries()) at(['webAcls', i], () => {
    const off = new Set(w.rulesWithoutMetrics ?? []);
    const rules = [...(w.managedRules ?? []).map((n, j) => managedRule(n, j, !off.has(n))), ...(w.rateRules ?? []).map((n, j) => rateRule(n, 100 + j, 2000, !off.has(n)))];
    createWebAcl(world, w.account, w.region, {
      name: w.name,
      rules,
      ...(w.scope ? { scope: w.scope } : {}),
      ...(w.defaultAction ? { defaultAction: w.defaultAction } : {}),
      ...(w.metrics !== undefined ? { metrics: w.metrics } : {}),
      ...(w.tags ? { tags: w.tags } : {}),
    });
  });
  for (const [i, w] of (doc.workspaces ?? []).entries()) at(['workspaces', i], () => {
    createWorkspace(world, w.account, w.region, {
      userName: w.userName,
      ...(w.rootVolumeEncrypted !== undefined ? { rootVolumeEncrypted: w.rootVolumeEncrypted } : {}),
      ...(w.userVolumeEncrypted !== undefined ? { userVolumeEncrypted: w.userVolumeEncrypted } : {}),
      ...(w.tags ? { tags: w.tags } : {}),
    });
  });
  for (const [i, c] of (doc.redshiftClusters ?? []).entries()) at(['redshiftClusters', i], () => {
    const ssl = 'require-ssl';
    if (c.requireSsl && !redshiftState(world, c.account, c.region).parameterGroups.some((g) => g.ParameterGroupName === ssl)) createClusterParameterGroup(world, c.account, c.region, { name: ssl, values: { require_ssl: 'true' } });
    createRedshiftCluster(world, c.account, c.region, {
      identifier: c.identifier,
      ...(c.nodeType ? { nodeType: c.nodeType } : {}),
      ...(c.masterUsername ? { masterUsername: c.masterUsername } : {}),
      ...(c.dbName ? { dbName: c.dbName } : {}),
      ...(c.publiclyAccessible !== undefined ? { publiclyAccessible: c.publiclyAccessible } : {}),
      ...(c.encrypted !== undefined ? { encrypted: c.encrypted } : {}),
      ...(c.retentionDays !== undefined ? { retentionDays: c.retentionDays } : {}),
      ...(c.allowVersionUpgrade !== undefined ? { allowVersionUpgrade: c.allowVersionUpgrade } : {}),
      ...(c.enhancedVpcRouting !== undefined ? { enhancedVpcRouting: c.enhancedVpcRouting } : {}),
      ...(c.multiAz !== undefined ? { multiAz: c.multiAz } : {}),
      ...(c.requireSsl ? { parameterGroup: ssl } : {}),
      ...(c.securityGroups
        ? {
            vpcId: defaultVpc(world, c.account, c.region).vpcId,
            securityGroupIds: c.securityGroups.map((n) => {
              const ref = groups[key(c.account, c.region, n)];
              if (!ref) throw new Error(`estate: Redshift cluster ${c.identifier} refers to unknown security group ${n}`);
              return ref.groupId;
            }),
          }
        : {}),
      ...(c.auditLogging === 's3' ? { logging: { LoggingEnabled: true, LogDestinationType: 's3' as const, BucketName: `${c.account}-redshift-audit`, LogExports: ['connectionlog', 'userlog', 'useractivitylog'] } } : {}),
      ...(c.auditLogging === 'cloudwatch' ? { logging: { LoggingEnabled: true, LogDestinationType: 'cloudwatch' as const, LogExports: ['connectionlog', 'userlog', 'useractivitylog'] } } : {}),
      ...(c.tags ? { tags: c.tags } : {}),
    });
  });
  for (const [i, b] of (doc.mqBrokers ?? []).entries()) at(['mqBrokers', i], () => {
    const { account, region, ...options } = b;
    createBroker(world, account, region, options);
  });
  for (const [i, c] of (doc.mskClusters ?? []).entries()) at(['mskClusters', i], () => {
    const { account, region, ...options } = c;
    createMskCluster(world, account, region, options);
  });
  for (const [i, c] of (doc.cacheClusters ?? []).entries()) at(['cacheClusters', i], () => {
    const { account, region, ...options } = c;
    createCacheCluster(world, account, region, options);
  });
  for (const [i, g] of (doc.replicationGroups ?? []).entries()) at(['replicationGroups', i], () => {
    const { account, region, ...options } = g;
    createReplicationGroup(world, account, region, options);
  });
  buildVpcs(world, doc, at);
  for (const [i, z] of (doc.hostedZones ?? []).entries()) at(['hostedZones', i], () => {
    createHostedZone(world, z.account, {
      name: z.name,
      ...(z.privateZone !== undefined ? { privateZone: z.privateZone } : {}),
      ...(z.comment !== undefined ? { comment: z.comment } : {}),
      ...(z.queryLogGroup ? { queryLogGroupArn: `arn:aws:logs:us-east-1:${z.account}:log-group:${z.queryLogGroup}` } : {}),
      ...(z.tags ? { tags: z.tags } : {}),
    });
  });
  const wafRuleIds = new Map<string, string>();
  const wafGroupIds = new Map<string, string>();
  const wafRef = (ids: Map<string, string>, list: string, account: string, n: string): string => {
    const id = ids.get(`${account} ${n}`);
    if (!id) throw new Error(`${n} is not one of ${list} in account ${account}`);
    return id;
  };
  for (const [i, r] of (doc.wafRules ?? []).entries()) at(['wafRules', i], () => {
    wafRuleIds.set(`${r.account} ${r.name}`, createWafRule(world, r.account, { name: r.name, predicates: (r.predicates ?? []).map((p) => ({ Negated: p.negated ?? false, Type: p.type, DataId: p.dataId })) }).id);
  });
  for (const [i, g] of (doc.wafRuleGroups ?? []).entries()) at(['wafRuleGroups', i], () => {
    const rules = (g.rules ?? []).map((n, k) => ({ Priority: k + 1, RuleId: wafRef(wafRuleIds, 'wafRules', g.account, n), Action: { Type: 'BLOCK' as const }, Type: 'REGULAR' as const }));
    wafGroupIds.set(`${g.account} ${g.name}`, createWafRuleGroup(world, g.account, { name: g.name, rules }).id);
  });
  for (const [i, a] of (doc.wafWebAcls ?? []).entries()) at(['wafWebAcls', i], () => {
    const rules = [
      ...(a.rules ?? []).map((n) => ({ RuleId: wafRef(wafRuleIds, 'wafRules', a.account, n), Action: { Type: 'BLOCK' as const }, Type: 'REGULAR' as const })),
      ...(a.ruleGroups ?? []).map((n) => ({ RuleId: wafRef(wafGroupIds, 'wafRuleGroups', a.account, n), OverrideAction: { Type: 'NONE' as const }, Type: 'GROUP' as const })),
    ].map((r, k) => ({ Priority: k + 1, ...r }));
    createWafWebAcl(world, a.account, {
      name: a.name,
      ...(a.id ? { id: a.id } : {}),
      ...(a.defaultAction ? { defaultAction: a.defaultAction } : {}),
      rules,
      ...(a.logStream ? { logDestinations: [`arn:aws:firehose:us-east-1:${a.account}:deliverystream/${a.logStream}`] } : {}),
    });
  });
  for (const [i, s] of (doc.kinesisStreams ?? []).entries()) at(['kinesisStreams', i], () => {
    createStream(world, s.account, s.region, { name: s.name, ...(s.mode ? { mode: s.mode } : {}), ...(s.retentionHours !== undefined ? { retentionHours: s.retentionHours } : {}), ...(s.kmsKey ? { kmsKey: s.kmsKey } : {}), ...(s.tags ? { tags: s.tags } : {}) });
  });
  for (const [i, t] of (doc.dynamodbTables ?? []).entries()) at(['dynamodbTables', i], () => {
    createDynamoTable(world, t.account, t.region, {
      name: t.name,
      ...(t.billingMode ? { billingMode: t.billingMode } : {}),
      ...(t.deletionProtection !== undefined ? { deletionProtection: t.deletionProtection } : {}),
      ...(t.pointInTimeRecovery !== undefined ? { pointInTimeRecovery: t.pointInTimeRecovery } : {}),
      ...(t.kmsKeyArn ? { kmsKeyArn: t.kmsKeyArn } : {}),
      ...(t.tags ? { tags: t.tags } : {}),
    });
    for (const d of t.autoscaling ?? []) registerTableTarget(world, t.account, t.region, t.name, d);
  });
  for (const [i, c] of (doc.daxClusters ?? []).entries()) at(['daxClusters', i], () => {
    createDaxCluster(world, c.account, c.region, { name: c.name, ...(c.nodes !== undefined ? { nodes: c.nodes } : {}), ...(c.tls !== undefined ? { tls: c.tls } : {}), ...(c.sse !== undefined ? { sse: c.sse } : {}), ...(c.tags ? { tags: c.tags } : {}) });
  });
  for (const [i, c] of (doc.mskConnectors ?? []).entries()) at(['mskConnectors', i], () => {
    createMskConnector(world, c.account, c.region, { name: c.name, ...(c.encryption ? { encryption: c.encryption } : {}), ...(c.logs ? { logs: c.logs } : {}), ...(c.tags ? { tags: c.tags } : {}) });
  });
  for (const [i, d] of (doc.deliveryStreams ?? []).entries()) at(['deliveryStreams', i], () => {
    const source = d.sourceStream === undefined ? undefined : peekKinesisState(world, d.account, d.region)?.streams.find((s) => s.StreamName === d.sourceStream);
    if (d.sourceStream !== undefined && !source) throw new Error(`sourceStream ${d.sourceStream} is not one of the estate's Kinesis streams in ${d.account} ${d.region}`);
    createDeliveryStream(world, d.account, d.region, {
      name: d.name,
      ...(source ? { sourceStreamArn: source.StreamARN } : {}),
      ...(d.encryption ? { encryption: d.encryption, ...(d.encryption === 'CUSTOMER_MANAGED_CMK' ? { keyArn: `arn:aws:kms:${d.region}:${d.account}:key/2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a` } : {}) } : {}),
      ...(d.tags ? { tags: d.tags } : {}),
    });
  });
  for (const [i, w] of (doc.athenaWorkgroups ?? []).entries()) at(['athenaWorkgroups', i], () => {
    createWorkgroup(world, w.account, w.region, {
      name: w.name,
      ...(w.outputLocation ? { outputLocation: w.outputLocation } : {}),
      ...(w.encryption ? { encryption: w.encryption } : {}),
      ...(w.publishMetrics !== undefined ? { publishMetrics: w.publishMetrics } : {}),
      ...(w.enforceConfiguration !== undefined ? { enforceConfiguration: w.enforceConfiguration } : {}),
      ...(w.tags ? { tags: w.tags } : {}),
    });
  });
  for (const [i, j] of (doc.glueJobs ?? []).entries()) at(['glueJobs', i], () => {
    createGlueJob(world, j.account, j.region, { name: j.name, ...(j.command ? { command: j.command } : {}), ...(j.glueVersion ? { glueVersion: j.glueVersion } : {}), ...(j.tags ? { tags: j.tags } : {}) });
  });
  for (const [i, t] of (doc.glueMlTransforms ?? []).entries()) at(['glueMlTransforms', i], () => {
    createMlTransform(world, t.account, t.region, { name: t.name, ...(t.encrypted ? { encrypted: true } : {}), ...(t.tags ? { tags: t.tags } : {}) });
  });
  for (const [i, d] of (doc.opensearchDomains ?? []).entries()) at(['opensearchDomains', i], () => {
    const logGroup = (kind: string) => `arn:aws:logs:${d.region}:${d.account}:log-group:/aws/opensearch/${d.name}/${kind}`;
    const { account: _a, region: _r, vpcId, auditLogs, errorLogs, ...o } = d;
    createOpenSearchDomain(world, d.account, d.region, {
      ...o,
      ...(vpcId ? { vpc: { vpcId, subnetIds: [`subnet-${vpcId.slice(4, 12)}a1`, `subnet-${vpcId.slice(4, 12)}b2`], securityGroupIds: [] } } : {}),
      logs: { ...(auditLogs ? { AUDIT_LOGS: logGroup('audit') } : {}), ...(errorLogs ? { ES_APPLICATION_LOGS: logGroup('errors') } : {}) },
    });
  });
  for (const [i, c] of (doc.emrClusters ?? []).entries()) at(['emrClusters', i], () => {
    const { account: _a, region: _r, ...o } = c;
    createEmrCluster(world, c.account, c.region, o);
  });
  for (const [i, c] of (doc.emrSecurityConfigurations ?? []).entries()) at(['emrSecurityConfigurations', i], () => {
    const { account: _a, region: _r, ...o } = c;
    createSecurityConfiguration(world, c.account, c.region, o);
  });
  for (const [i, b] of (doc.emrBlockPublicAccess ?? []).entries()) at(['emrBlockPublicAccess', i], () => {
    const ranges = b.permittedPorts.map((p) => {
      const [from, to] = p.split('-').map(Number) as [number, number | undefined];
      return { MinRange: from, MaxRange: to ?? from };
    });
    setBlockPublicAccess(world, b.account, b.region, b.block, ranges);
  });
  for (const [i, r] of (doc.redshiftServerless ?? []).entries()) at(['redshiftServerless', i], () => {
    createNamespace(world, r.account, r.region, { name: r.namespace, ...(r.adminUsername ? { adminUsername: r.adminUsername } : {}), ...(r.dbName ? { dbName: r.dbName } : {}), ...(r.logExports ? { logExports: r.logExports } : {}), ...(r.tags ? { tags: r.tags } : {}) });
    const w = r.workgroup;
    if (w) {
      createServerlessWorkgroup(world, r.account, r.region, {
        name: w.name,
        namespace: r.namespace,
        ...(w.publiclyAccessible !== undefined ? { publiclyAccessible: w.publiclyAccessible } : {}),
        ...(w.enhancedVpcRouting !== undefined ? { enhancedVpcRouting: w.enhancedVpcRouting } : {}),
        ...(w.requireSsl !== undefined ? { config: { require_ssl: String(w.requireSsl) } } : {}),
        ...(r.tags ? { tags: r.tags } : {}),
      });
    }
  });
  for (const [i, f] of (doc.efsFileSystems ?? []).entries()) at(['efsFileSystems', i], () => {
    const fs = createEfsFileSystem(world, f.account, f.region, { name: f.name, ...(f.encrypted !== undefined ? { encrypted: f.encrypted } : {}), ...(f.backup !== undefined ? { backup: f.backup } : {}), ...(f.zone ? { availabilityZone: f.zone } : {}), ...(f.tags ? { tags: f.tags } : {}) });
    for (const [j, m] of (f.mountTargets ?? []).entries()) at(['efsFileSystems', i, 'mountTargets', j], () => {
      const vpc = defaultVpc(world, f.account, f.region);
      const subnets = Object.values(ec2State(world, f.account, f.region).subnets);
      const subnet = m.subnet === undefined ? subnets.filter((s) => s.vpcId === vpc.vpcId && s.defaultForAz).sort((a, b) => (a.availabilityZone < b.availabilityZone ? -1 : 1))[0] : subnets.find((s) => s.tags.some((t) => t.Key === 'Name' && t.Value === m.subnet));
      if (!subnet) throw new Error(`subnet ${m.subnet ?? '(default)'} is not one of the estate's subnets in ${f.account} ${f.region}`);
      createEfsMountTarget(world, f.account, f.region, fs.FileSystemId, subnet);
    });
    for (const a of f.accessPoints ?? []) createEfsAccessPoint(world, f.account, f.region, fs.FileSystemId, { name: a.name, ...(a.posixUser ? { posixUser: a.posixUser } : {}), ...(a.rootDirectory ? { rootDirectory: a.rootDirectory } : {}) });
  });
  for (const [i, f] of (doc.fsxFileSystems ?? []).entries()) at(['fsxFileSystems', i], () => {
    createFsxFileSystem(world, f.account, f.region, {
      type: f.type,
      deploymentType: f.deploymentType,
      ...(f.copyTagsToBackups !== undefined ? { copyTagsToBackups: f.copyTagsToBackups } : {}),
      ...(f.copyTagsToVolumes !== undefined ? { copyTagsToVolumes: f.copyTagsToVolumes } : {}),
      tags: { Name: f.name, ...f.tags },
    });
  });
  for (const [i, c] of (doc.acmCertificates ?? []).entries()) at(['acmCertificates', i], () => {
    createCertificate(world, c.account, c.region, { domainName: c.domainName, ...(c.type ? { type: c.type } : {}), ...(c.keyAlgorithm ? { keyAlgorithm: c.keyAlgorithm } : {}), ...(c.expiresInDays !== undefined ? { expiresInDays: c.expiresInDays } : {}), ...(c.inUseBy ? { inUseBy: c.inUseBy } : {}), ...(c.tags ? { tags: c.tags } : {}) });
  });
  for (const [i, c] of (doc.privateCas ?? []).entries()) at(['privateCas', i], () => {
    createPrivateCa(world, c.account, c.region, { commonName: c.commonName, type: c.type, ...(c.status ? { status: c.status } : {}), ...(c.tags ? { tags: c.tags } : {}) });
  });
  for (const [i, e] of (doc.dmsEndpoints ?? []).entries()) at(['dmsEndpoints', i], () => {
    const { account, region, identifier, type, engine, ...rest } = e;
    createDmsEndpoint(world, account, region, { identifier, type, engine, ...rest });
  });
  for (const [i, r] of (doc.dmsReplicationInstances ?? []).entries()) at(['dmsReplicationInstances', i], () => {
    const { account, region, ...rest } = r;
    createDmsReplicationInstance(world, account, region, rest);
  });
  for (const [i, t] of (doc.dmsReplicationTasks ?? []).entries()) at(['dmsReplicationTasks', i], () => {
    const state = dmsState(world, t.account, t.region);
    const endpoint = (id: string) => state.endpoints.find((e) => e.EndpointIdentifier === id)?.EndpointArn ?? `(no endpoint ${id} in ${t.account} ${t.region})`;
    const instance = state.instances.find((x) => x.ReplicationInstanceIdentifier === t.instance.toLowerCase())?.ReplicationInstanceArn ?? `(no replication instance ${t.instance} in ${t.account} ${t.region})`;
    createDmsReplicationTask(world, t.account, t.region, {
      identifier: t.identifier,
      source: endpoint(t.source),
      target: endpoint(t.target),
      instance,
      ...(t.migrationType ? { migrationType: t.migrationType } : {}),
      ...(t.logging !== undefined ? { logging: t.logging } : {}),
      ...(t.severities ? { severities: t.severities as Record<string, DmsLogSeverity> } : {}),
      ...(t.tags ? { tags: t.tags } : {}),
    });
  });
  for (const [i, n] of (doc.sagemakerNotebooks ?? []).entries()) at(['sagemakerNotebooks', i], () => {
    const { account, region, inVpc, ...rest } = n;
    createSagemakerNotebook(world, account, region, { ...rest, ...(inVpc ? { subnetId: `subnet-${nextHex(world, 17)}` } : {}) });
  });
  for (const [i, m] of (doc.sagemakerModels ?? []).entries()) at(['sagemakerModels', i], () => {
    const { account, region, inVpc, ...rest } = m;
    createSagemakerModel(world, account, region, { ...rest, ...(inVpc ? { subnets: [`subnet-${nextHex(world, 17)}`] } : {}) });
  });
  for (const [i, c] of (doc.sagemakerEndpointConfigs ?? []).entries()) at(['sagemakerEndpointConfigs', i], () => {
    const { account, region, ...rest } = c;
    createSagemakerEndpointConfig(world, account, region, rest);
  });
  for (const [i, v] of (doc.backupVaults ?? []).entries()) at(['backupVaults', i], () => {
    createBackupVault(world, v.account, v.region, { name: v.name, ...(v.tags ? { tags: v.tags } : {}) });
    for (const p of v.recoveryPoints ?? []) addRecoveryPoint(world, v.account, v.region, v.name, p);
  });
  for (const [i, t] of (doc.datasyncTasks ?? []).entries()) at(['datasyncTasks', i], () => {
    const { account, region, ...rest } = t;
    createDatasyncTask(world, account, region, rest);
  });
  for (const [i, k] of (doc.kmsKeys ?? []).entries()) at(['kmsKeys', i], () => {
    const aws = k.manager === 'AWS';
    createKmsKey(world, k.account, k.region, {
      ...(aws ? { manager: 'AWS' as const, service: k.alias.replace(/^aws\//, '') } : { alias: k.alias }),
      ...(k.spec ? { spec: k.spec } : {}),
      ...(k.state ? { state: k.state } : {}),
      ...(k.rotation !== undefined ? { rotation: k.rotation } : {}),
      ...(k.policy ? { policy: k.policy } : {}),
      ...(k.tags ? { tags: k.tags } : {}),
    });
  });
  for (const [i, t] of (doc.snsTopics ?? []).entries()) at(['snsTopics', i], () => {
    createTopic(world, t.account, t.region, { name: t.name, ...(t.policy ? { policy: t.policy } : {}), ...(t.kmsKey ? { kmsKey: t.kmsKey } : {}), ...(t.feedback ? { attributes: t.feedback } : {}), ...(t.subscriptions ? { subscriptions: t.subscriptions } : {}), ...(t.tags ? { tags: t.tags } : {}) });
  });
  for (const [i, q] of (doc.sqsQueues ?? []).entries()) at(['sqsQueues', i], () => {
    const attributes: Record<string, string> = {};
    if (q.name.endsWith('.fifo')) attributes['FifoQueue'] = 'true';
    if (q.policy) attributes['Policy'] = JSON.stringify(q.policy);
    if (q.encryption === 'none') attributes['SqsManagedSseEnabled'] = 'false';
    else if (q.encryption && q.encryption !== 'sse-sqs') attributes['KmsMasterKeyId'] = q.encryption;
    createQueue(world, q.account, q.region, { name: q.name, attributes, ...(q.tags ? { tags: q.tags } : {}) });
  });
  for (const [i, s] of (doc.secrets ?? []).entries()) at(['secrets', i], () => {
    createSecret(world, s.account, s.region, {
      name: s.name,
      ...(s.kmsKey ? { kmsKey: s.kmsKey } : {}),
      ...(s.createdDaysAgo !== undefined ? { createdDaysAgo: s.createdDaysAgo } : {}),
      ...(s.lastAccessedDaysAgo !== undefined ? { lastAccessedDaysAgo: s.lastAccessedDaysAgo } : {}),
      ...(s.rotationDays !== undefined ? { rotation: { days: s.rotationDays, ...(s.lastRotatedDaysAgo !== undefined ? { lastRotatedDaysAgo: s.lastRotatedDaysAgo } : {}) } } : s.lastRotatedDaysAgo !== undefined ? { lastRotatedDaysAgo: s.lastRotatedDaysAgo } : {}),
      ...(s.tags ? { tags: s.tags } : {}),
    });
  });
  for (const [i, p] of (doc.iamPolicies ?? []).entries()) at(['iamPolicies', i], () => {
    if (p.kind === 'managed') createManagedPolicy(world, p.account, { name: p.name, document: p.document });
    else putInlinePolicy(world, p.account, { kind: p.kind, owner: p.owner!, name: p.name, document: p.document });
  });
  return { world, groups, instances };
}
