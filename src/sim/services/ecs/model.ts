/**
 * ECS state: task definitions (every revision, ACTIVE or INACTIVE), clusters with their settings and
 * services, per account and region. Container definitions are kept in the wire's shape so that the
 * model checks every key the estate gives.
 */
import { SimError } from '../../types.ts';
import { serviceState, type World } from '../../world.ts';

export type Tags = Record<string, string>;

export interface TaskDefinition {
  arn: string;
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE';
  networkMode?: string;
  pidMode?: string;
  requiresCompatibilities: string[];
  /** As RegisterTaskDefinition takes them (`name`, `image`, `privileged`, `logConfiguration`, …). */
  containerDefinitions: Record<string, unknown>[];
  registeredAt: string;
  /** The other RegisterTaskDefinition members (cpu, memory, roles, volumes, …), returned as given. */
  extra?: Record<string, unknown>;
  tags: Tags;
}

export interface EcsService {
  arn: string;
  name: string;
  launchType?: 'FARGATE' | 'EC2' | 'EXTERNAL';
  platformVersion?: string;
  assignPublicIp?: 'ENABLED' | 'DISABLED';
  subnets: string[];
  securityGroups: string[];
  taskDefinition: string;
  desiredCount: number;
  createdAt: string;
  tags: Tags;
}

export interface Cluster {
  arn: string;
  name: string;
  /** `containerInsights`: enabled, enhanced or disabled; absent when never set (the account default applies). */
  containerInsights?: 'enabled' | 'enhanced' | 'disabled';
  services: EcsService[];
  tags: Tags;
}

export interface EcsState {
  taskDefinitions: TaskDefinition[];
  clusters: Cluster[];
}

export function ecsState(world: World, account: string, region: string): EcsState {
  return serviceState<EcsState>(world, 'ecs', account, region, () => ({ taskDefinitions: [], clusters: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekEcsState(world: World, account: string, region: string): EcsState | undefined {
  return world.services['ecs']?.[account]?.[region] as EcsState | undefined;
}

const NAME = /^[A-Za-z0-9_-]{1,255}$/;

export interface RegisterTaskDefinitionOptions {
  family: string;
  networkMode?: 'bridge' | 'host' | 'awsvpc' | 'none';
  pidMode?: 'host' | 'task';
  requiresCompatibilities?: ('EC2' | 'FARGATE' | 'EXTERNAL')[];
  containerDefinitions: Record<string, unknown>[];
  /** Registered and then deregistered (kept as INACTIVE, as AWS does). */
  inactive?: boolean;
  tags?: Tags;
  registeredAt?: string;
  /** The other RegisterTaskDefinition members (cpu, memory, taskRoleArn, volumes, …). */
  extra?: Record<string, unknown>;
}

/** Registers the family's next revision, as RegisterTaskDefinition does. */
export function registerTaskDefinition(world: World, account: string, region: string, o: RegisterTaskDefinitionOptions): TaskDefinition {
  const state = ecsState(world, account, region);
  if (!NAME.test(o.family)) throw new SimError('ClientException', `Family '${o.family}' is not valid: up to 255 letters, numbers, hyphens and underscores`, 400);
  if (o.containerDefinitions.length === 0) throw new SimError('ClientException', 'Container list cannot be empty.', 400);
  for (const c of o.containerDefinitions) if (typeof c['name'] !== 'string' || !NAME.test(c['name'])) throw new SimError('ClientException', 'Container name is required and must be up to 255 letters, numbers, hyphens and underscores.', 400);
  if (o.requiresCompatibilities?.includes('FARGATE') && o.networkMode !== 'awsvpc') throw new SimError('ClientException', 'Fargate only supports network mode ‘awsvpc’.', 400);
  const revision = state.taskDefinitions.filter((t) => t.family === o.family).reduce((m, t) => Math.max(m, t.revision), 0) + 1;
  const td: TaskDefinition = {
    arn: `arn:aws:ecs:${region}:${account}:task-definition/${o.family}:${revision}`,
    family: o.family,
    revision,
    status: o.inactive ? 'INACTIVE' : 'ACTIVE',
    requiresCompatibilities: [...(o.requiresCompatibilities ?? [])],
    containerDefinitions: o.containerDefinitions.map((c) => structuredClone(c)),
    registeredAt: o.registeredAt ?? '2025-06-01T09:00:00.000Z',
    tags: { ...o.tags },
  };
  if (o.networkMode) td.networkMode = o.networkMode;
  if (o.pidMode) td.pidMode = o.pidMode;
  if (o.extra && Object.keys(o.extra).length) td.extra = structuredClone(o.extra);
  state.taskDefinitions.push(td);
  return td;
}

export interface CreateClusterOptions {
  name: string;
  containerInsights?: 'enabled' | 'enhanced' | 'disabled';
  tags?: Tags;
}

export function createCluster(world: World, account: string, region: string, o: CreateClusterOptions): Cluster {
  const state = ecsState(world, account, region);
  if (!NAME.test(o.name)) throw new SimError('InvalidParameterException', `Cluster name '${o.name}' is not valid`, 400);
  if (state.clusters.some((c) => c.name === o.name)) throw new SimError('InvalidParameterException', `A cluster named ${o.name} already exists`, 400);
  const cluster: Cluster = { arn: `arn:aws:ecs:${region}:${account}:cluster/${o.name}`, name: o.name, services: [], tags: { ...o.tags } };
  if (o.containerInsights) cluster.containerInsights = o.containerInsights;
  state.clusters.push(cluster);
  return cluster;
}

export interface CreateServiceOptions {
  name: string;
  taskDefinition: TaskDefinition;
  launchType?: 'FARGATE' | 'EC2' | 'EXTERNAL';
  /** Fargate only; AWS records `LATEST` when none is given. */
  platformVersion?: string;
  /** awsvpc network mode only: the service then has a network configuration. */
  assignPublicIp?: 'ENABLED' | 'DISABLED';
  subnets?: string[];
  securityGroups?: string[];
  desiredCount?: number;
  tags?: Tags;
}

export function createService(world: World, cluster: Cluster, o: CreateServiceOptions): EcsService {
  if (!NAME.test(o.name)) throw new SimError('InvalidParameterException', `Service name '${o.name}' is not valid`, 400);
  if (cluster.services.some((s) => s.name === o.name)) throw new SimError('InvalidParameterException', 'Creation of service was not idempotent.', 400);
  if (o.platformVersion && o.launchType !== 'FARGATE') throw new SimError('InvalidParameterException', 'The platform version must be null when specifying an EC2 launch type.', 400);
  const awsvpc = o.taskDefinition.networkMode === 'awsvpc';
  if (o.launchType === 'FARGATE' && !awsvpc) throw new SimError('InvalidParameterException', 'Fargate requires the awsvpc network mode', 400);
  if (o.assignPublicIp && !awsvpc) throw new SimError('InvalidParameterException', 'Network Configuration is not valid for the given networkMode of this task definition.', 400);
  const [regionName, accountId] = cluster.arn.split(':').slice(3, 5) as [string, string];
  const service: EcsService = {
    arn: `arn:aws:ecs:${regionName}:${accountId}:service/${cluster.name}/${o.name}`,
    name: o.name,
    subnets: [...(o.subnets ?? (awsvpc ? ['subnet-0a1b2c3d'] : []))],
    securityGroups: [...(o.securityGroups ?? [])],
    taskDefinition: o.taskDefinition.arn,
    desiredCount: o.desiredCount ?? 1,
    createdAt: '2025-06-01T09:00:00.000Z',
    tags: { ...o.tags },
  };
  if (o.launchType) service.launchType = o.launchType;
  if (o.launchType === 'FARGATE') service.platformVersion = o.platformVersion ?? 'LATEST';
  if (awsvpc) service.assignPublicIp = o.assignPublicIp ?? 'DISABLED';
  cluster.services.push(service);
  return service;
}
