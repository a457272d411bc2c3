/**
 * Amazon ECS over awsJson 1.1, served from the committed model: the reads the collectors make
 * (ListTaskDefinitions, DescribeTaskDefinition, ListClusters, DescribeClusters, ListServices,
 * DescribeServices), with AWS's page limits (maxResults 1–100), batch limits (100 clusters, 10
 * services per describe), `failures` for names that do not exist and ECS's error codes; and the writes
 * remediation makes (UpdateClusterSettings, RegisterTaskDefinition, DeregisterTaskDefinition) with the
 * documented validation, all or nothing.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import type { World } from '../../world.ts';
import { peekEcsState, registerTaskDefinition, type Cluster, type EcsService, type EcsState, type RegisterTaskDefinitionOptions, type TaskDefinition } from './model.ts';

const model = loadModel('ecs');
const PAGE = { min: 1, max: 100, default: 100, invalidCode: 'InvalidParameterException', tokenCode: 'InvalidParameterException' };

function state(world: World, account: string, region: string): EcsState {
  return peekEcsState(world, account, region) ?? { taskDefinitions: [], clusters: [] };
}

const invalid = (message: string) => new SimError('InvalidParameterException', message, 400);
const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([key, value]) => ({ key, value }));

function includes(input: Record<string, unknown>, allowed: string[]): string[] {
  const inc = (input['include'] as string[] | undefined) ?? [];
  for (const i of inc) if (!allowed.includes(i)) throw invalid(`Invalid include value: ${i}. Valid values: ${allowed.join(', ')}`);
  return inc;
}

/** A cluster named by name or ARN; `default` when none is given. */
function findCluster(s: EcsState, ref: string | undefined): Cluster | undefined {
  const r = ref ?? 'default';
  return s.clusters.find((c) => c.name === r || c.arn === r);
}

function taskDefinitionWire(td: TaskDefinition): Record<string, unknown> {
  return {
    taskDefinitionArn: td.arn,
    family: td.family,
    revision: td.revision,
    status: td.status,
    containerDefinitions: td.containerDefinitions,
    ...(td.networkMode ? { networkMode: td.networkMode } : {}),
    ...(td.pidMode ? { pidMode: td.pidMode } : {}),
    requiresCompatibilities: td.requiresCompatibilities,
    compatibilities: td.networkMode === 'awsvpc' ? ['EC2', 'FARGATE'] : ['EC2'],
    registeredAt: td.registeredAt,
    ...td.extra,
  };
}

/** RegisterTaskDefinition's members kept as given (beyond those the model names). */
const EXTRA_MEMBERS = ['taskRoleArn', 'executionRoleArn', 'volumes', 'placementConstraints', 'cpu', 'memory', 'ipcMode', 'proxyConfiguration', 'inferenceAccelerators', 'ephemeralStorage', 'runtimePlatform'];

/** The task definition `ref` names: an ARN or `family:revision` names one revision; a family alone its latest ACTIVE one. */
function findTaskDefinition(all: readonly TaskDefinition[], ref: string): TaskDefinition | undefined {
  return ref.includes(':')
    ? all.find((t) => t.arn === ref || `${t.family}:${t.revision}` === ref)
    : all.filter((t) => t.family === ref && t.status === 'ACTIVE').sort((a, b) => b.revision - a.revision)[0];
}

const CONTAINER_INSIGHTS = ['enabled', 'disabled', 'enhanced'];

function clusterWire(c: Cluster, inc: string[]): Record<string, unknown> {
  return {
    clusterArn: c.arn,
    clusterName: c.name,
    status: 'ACTIVE',
    registeredContainerInstancesCount: 0,
    runningTasksCount: c.services.reduce((n, s) => n + s.desiredCount, 0),
    pendingTasksCount: 0,
    activeServicesCount: c.services.length,
    ...(inc.includes('SETTINGS') ? { settings: [{ name: 'containerInsights', value: c.containerInsights ?? 'disabled' }] } : {}),
    ...(inc.includes('TAGS') ? { tags: tagList(c.tags) } : {}),
  };
}

function serviceWire(c: Cluster, s: EcsService, inc: string[]): Record<string, unknown> {
  return {
    serviceArn: s.arn,
    serviceName: s.name,
    clusterArn: c.arn,
    status: 'ACTIVE',
    desiredCount: s.desiredCount,
    runningCount: s.desiredCount,
    pendingCount: 0,
    ...(s.launchType ? { launchType: s.launchType } : {}),
    ...(s.platformVersion ? { platformVersion: s.platformVersion, platformFamily: 'Linux' } : {}),
    taskDefinition: s.taskDefinition,
    ...(s.assignPublicIp ? { networkConfiguration: { awsvpcConfiguration: { subnets: s.subnets, securityGroups: s.securityGroups, assignPublicIp: s.assignPublicIp } } } : {}),
    createdAt: s.createdAt,
    schedulingStrategy: 'REPLICA',
    ...(inc.includes('TAGS') ? { tags: tagList(s.tags) } : {}),
  };
}

export const ecs = modelService({
  model: 'ecs',
  operations: {
    ListTaskDefinitions(input, req, ctx) {
      const status = (input['status'] as string | undefined) ?? 'ACTIVE';
      if (!['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS'].includes(status)) throw invalid(`Invalid status: ${status}`);
      const sort = (input['sort'] as string | undefined) ?? 'ASC';
      if (sort !== 'ASC' && sort !== 'DESC') throw invalid(`Invalid sort: ${sort}`);
      const family = input['familyPrefix'] as string | undefined;
      // AWS lists by family name, then revision.
      const tds = state(ctx.world, req.accountId, req.region)
        .taskDefinitions.filter((t) => t.status === status && (family === undefined || t.family === family))
        .sort((a, b) => (a.family === b.family ? a.revision - b.revision : a.family < b.family ? -1 : 1));
      if (sort === 'DESC') tds.reverse();
      return modelPage(model, 'ListTaskDefinitions', input, tds.map((t) => t.arn), PAGE);
    },
    DescribeTaskDefinition(input, req, ctx) {
      const inc = includes(input, ['TAGS']);
      const ref = input['taskDefinition'] as string;
      const td = findTaskDefinition(state(ctx.world, req.accountId, req.region).taskDefinitions, ref);
      if (!td) throw new SimError('ClientException', 'Unable to describe task definition.', 400);
      return { taskDefinition: taskDefinitionWire(td), ...(inc.includes('TAGS') ? { tags: tagList(td.tags) } : {}) };
    },
    RegisterTaskDefinition(input, req, ctx) {
      const containers = input['containerDefinitions'] as Record<string, unknown>[];
      for (const c of containers) {
        if (typeof c['image'] !== 'string' || c['image'] === '') throw new SimError('ClientException', 'Container.image should not be null or empty.', 400);
        for (const k of ['readonlyRootFilesystem', 'privileged', 'essential']) if (c[k] !== undefined && typeof c[k] !== 'boolean') throw new SimError('ClientException', `Container.${k} must be a boolean.`, 400);
      }
      const names = containers.map((c) => c['name']);
      if (new Set(names).size !== names.length) throw new SimError('ClientException', 'Container names must be unique within a task definition.', 400);
      const tagsIn = (input['tags'] as { key?: string; value?: string }[] | undefined) ?? [];
      if (tagsIn.length > 50) throw invalid('Tags cannot have more than 50 elements');
      const extra = Object.fromEntries(EXTRA_MEMBERS.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]));
      const o: RegisterTaskDefinitionOptions = {
        family: String(input['family']),
        containerDefinitions: containers,
        requiresCompatibilities: (input['requiresCompatibilities'] as RegisterTaskDefinitionOptions['requiresCompatibilities']) ?? [],
        tags: Object.fromEntries(tagsIn.map((t) => [t.key ?? '', t.value ?? ''])),
        registeredAt: new Date().toISOString(),
        extra,
      };
      const network = input['networkMode'] as string | undefined;
      if (network !== undefined) {
        if (!['bridge', 'host', 'awsvpc', 'none'].includes(network)) throw invalid(`Invalid networkMode: ${network}`);
        o.networkMode = network as NonNullable<RegisterTaskDefinitionOptions['networkMode']>;
      }
      const pid = input['pidMode'] as string | undefined;
      if (pid !== undefined) {
        if (pid !== 'host' && pid !== 'task') throw invalid(`Invalid pidMode: ${pid}`);
        o.pidMode = pid;
      }
      const td = registerTaskDefinition(ctx.world, req.accountId, req.region, o);
      return { taskDefinition: taskDefinitionWire(td), tags: tagList(td.tags) };
    },
    DeregisterTaskDefinition(input, req, ctx) {
      const ref = String(input['taskDefinition']);
      // Deregistration names one revision: a family alone is refused, as AWS does.
      if (!ref.includes(':')) throw new SimError('ClientException', 'The specified task definition does not exist: a revision is required.', 400);
      const td = findTaskDefinition(state(ctx.world, req.accountId, req.region).taskDefinitions, ref);
      if (!td) throw new SimError('ClientException', 'The specified task definition does not exist.', 400);
      // AWS keeps a deregistered revision, INACTIVE; deregistering it again changes nothing.
      td.status = 'INACTIVE';
      return { taskDefinition: taskDefinitionWire(td) };
    },
    UpdateClusterSettings(input, req, ctx) {
      const s = state(ctx.world, req.accountId, req.region);
      const c = findCluster(s, input['cluster'] as string);
      if (!c) throw new SimError('ClusterNotFoundException', 'Cluster not found.', 400);
      const settings = input['settings'] as { name?: string; value?: string }[];
      if (!settings.length) throw invalid('settings can not be empty.');
      for (const x of settings) {
        if (x.name !== 'containerInsights') throw invalid(`Invalid setting name: ${String(x.name)}. Valid values: containerInsights`);
        if (!CONTAINER_INSIGHTS.includes(x.value ?? '')) throw invalid(`Invalid value for containerInsights: ${String(x.value)}. Valid values: ${CONTAINER_INSIGHTS.join(', ')}`);
      }
      for (const x of settings) c.containerInsights = x.value as NonNullable<Cluster['containerInsights']>;
      return { cluster: clusterWire(c, ['SETTINGS']) };
    },
    ListClusters(input, req, ctx) {
      return modelPage(model, 'ListClusters', input, state(ctx.world, req.accountId, req.region).clusters.map((c) => c.arn), PAGE);
    },
    DescribeClusters(input, req, ctx) {
      const inc = includes(input, ['ATTACHMENTS', 'CONFIGURATIONS', 'SETTINGS', 'STATISTICS', 'TAGS']);
      const refs = (input['clusters'] as string[] | undefined) ?? ['default'];
      if (refs.length > 100) throw invalid('Clusters cannot have more than 100 elements');
      const s = state(ctx.world, req.accountId, req.region);
      const clusters: Record<string, unknown>[] = [];
      const failures: Record<string, unknown>[] = [];
      for (const r of refs) {
        const c = findCluster(s, r);
        if (c) clusters.push(clusterWire(c, inc));
        else failures.push({ arn: r.startsWith('arn:') ? r : `arn:aws:ecs:${req.region}:${req.accountId}:cluster/${r}`, reason: 'MISSING' });
      }
      return { clusters, failures };
    },
    ListServices(input, req, ctx) {
      const c = findCluster(state(ctx.world, req.accountId, req.region), input['cluster'] as string | undefined);
      if (!c) throw new SimError('ClusterNotFoundException', 'Cluster not found.', 400);
      const launchType = input['launchType'] as string | undefined;
      const items = c.services.filter((s) => launchType === undefined || s.launchType === launchType).map((s) => s.arn);
      return modelPage(model, 'ListServices', input, items, { ...PAGE, default: 10 });
    },
    DescribeServices(input, req, ctx) {
      const inc = includes(input, ['TAGS']);
      const c = findCluster(state(ctx.world, req.accountId, req.region), input['cluster'] as string | undefined);
      if (!c) throw new SimError('ClusterNotFoundException', 'Cluster not found.', 400);
      const refs = input['services'] as string[];
      if (refs.length > 10) throw invalid('services can have at most 10 items.');
      const services: Record<string, unknown>[] = [];
      const failures: Record<string, unknown>[] = [];
      for (const r of refs) {
        const s = c.services.find((x) => x.name === r || x.arn === r);
        if (s) services.push(serviceWire(c, s, inc));
        else failures.push({ arn: r.startsWith('arn:') ? r : `arn:aws:ecs:${req.region}:${req.accountId}:service/${c.name}/${r}`, reason: 'MISSING' });
      }
      return { services, failures };
    },
  },
  iamPrefix: 'ecs',
});
