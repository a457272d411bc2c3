/**
 * Amazon Redshift Serverless state: namespaces and workgroups per account and region, kept under the
 * model's member names (ListNamespaces' and ListWorkgroups' items) with their tags beside them.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface ServerlessNamespace {
  namespaceName: string;
  namespaceId: string;
  namespaceArn: string;
  adminUsername: string;
  dbName: string;
  kmsKeyId: string;
  iamRoles: string[];
  logExports: string[];
  status: 'AVAILABLE' | 'MODIFYING' | 'DELETING';
  creationDate: Date;
  tags: Record<string, string>;
}

export interface ServerlessWorkgroup {
  workgroupName: string;
  workgroupId: string;
  workgroupArn: string;
  namespaceName: string;
  baseCapacity: number;
  enhancedVpcRouting: boolean;
  publiclyAccessible: boolean;
  configParameters: { parameterKey: string; parameterValue: string }[];
  securityGroupIds: string[];
  subnetIds: string[];
  status: 'AVAILABLE' | 'MODIFYING' | 'DELETING';
  port: number;
  endpoint: { address: string; port: number };
  creationDate: Date;
  tags: Record<string, string>;
}

export interface RedshiftServerlessState {
  namespaces: ServerlessNamespace[];
  workgroups: ServerlessWorkgroup[];
}

export function redshiftServerlessState(world: World, account: string, region: string): RedshiftServerlessState {
  return serviceState<RedshiftServerlessState>(world, 'redshift-serverless', account, region, () => ({ namespaces: [], workgroups: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekRedshiftServerlessState(world: World, account: string, region: string): RedshiftServerlessState | undefined {
  return world.services['redshift-serverless']?.[account]?.[region] as RedshiftServerlessState | undefined;
}

/** The log types a namespace can export (CreateNamespace's `logExports`). */
export const LOG_TYPES = ['useractivitylog', 'userlog', 'connectionlog'] as const;

/**
 * The configuration parameters every workgroup carries, with CreateWorkgroup's defaults (ListWorkgroups
 * returns them all). `require_ssl` defaults to true for workgroups created today; older ones and
 * workgroups created with it set false do not require SSL.
 */
export const CONFIG_DEFAULTS: readonly { parameterKey: string; parameterValue: string }[] = [
  { parameterKey: 'auto_mv', parameterValue: 'true' },
  { parameterKey: 'datestyle', parameterValue: 'ISO, MDY' },
  { parameterKey: 'enable_case_sensitive_identifier', parameterValue: 'false' },
  { parameterKey: 'enable_user_activity_logging', parameterValue: 'true' },
  { parameterKey: 'query_group', parameterValue: 'default' },
  { parameterKey: 'require_ssl', parameterValue: 'true' },
  { parameterKey: 'search_path', parameterValue: '$user, public' },
  { parameterKey: 'use_fips_ssl', parameterValue: 'false' },
  { parameterKey: 'max_query_execution_time', parameterValue: '14400' },
];

const NAME = /^[a-z0-9-]{3,64}$/;
const uuid = (world: World) => `${nextHex(world, 8)}-${nextHex(world, 4)}-4${nextHex(world, 3)}-8${nextHex(world, 3)}-${nextHex(world, 12)}`;

export interface CreateNamespaceOptions {
  name: string;
  /** Default `admin`, as the console proposes. */
  adminUsername?: string;
  /** Default `dev`, CreateNamespace's default. */
  dbName?: string;
  logExports?: string[];
  kmsKeyId?: string;
  tags?: Record<string, string>;
}

export function createNamespace(world: World, account: string, region: string, o: CreateNamespaceOptions): ServerlessNamespace {
  const state = redshiftServerlessState(world, account, region);
  if (!NAME.test(o.name)) throw new SimError('ValidationException', `namespaceName ${o.name} must be 3-64 lowercase letters, digits or hyphens`, 400);
  if (state.namespaces.some((n) => n.namespaceName === o.name)) throw new SimError('ConflictException', `Namespace ${o.name} already exists`, 400);
  for (const l of o.logExports ?? []) if (!(LOG_TYPES as readonly string[]).includes(l)) throw new SimError('ValidationException', `logExports member ${l} must be one of ${LOG_TYPES.join(', ')}`, 400);
  const namespaceId = uuid(world);
  const n: ServerlessNamespace = {
    namespaceName: o.name,
    namespaceId,
    namespaceArn: `arn:aws:redshift-serverless:${region}:${account}:namespace/${namespaceId}`,
    adminUsername: o.adminUsername ?? 'admin',
    dbName: o.dbName ?? 'dev',
    kmsKeyId: o.kmsKeyId ?? 'AWS_OWNED_KMS_KEY',
    iamRoles: [],
    logExports: [...new Set(o.logExports ?? [])],
    status: 'AVAILABLE',
    creationDate: new Date(Date.UTC(2025, 2, 1 + (world.seq % 200))),
    tags: { ...o.tags },
  };
  state.namespaces.push(n);
  return n;
}

export interface CreateWorkgroupOptions {
  name: string;
  namespace: string;
  /** CreateWorkgroup's defaults: not public, no enhanced VPC routing. */
  publiclyAccessible?: boolean;
  enhancedVpcRouting?: boolean;
  /** Config parameters set at creation (every other keeps its default). */
  config?: Record<string, string>;
  subnetIds?: string[];
  securityGroupIds?: string[];
  tags?: Record<string, string>;
}

export function createServerlessWorkgroup(world: World, account: string, region: string, o: CreateWorkgroupOptions): ServerlessWorkgroup {
  const state = redshiftServerlessState(world, account, region);
  if (!NAME.test(o.name)) throw new SimError('ValidationException', `workgroupName ${o.name} must be 3-64 lowercase letters, digits or hyphens`, 400);
  if (state.workgroups.some((w) => w.workgroupName === o.name)) throw new SimError('ConflictException', `Workgroup ${o.name} already exists`, 400);
  if (!state.namespaces.some((n) => n.namespaceName === o.namespace)) throw new SimError('ResourceNotFoundException', `Namespace ${o.namespace} does not exist`, 400);
  if (state.workgroups.some((w) => w.namespaceName === o.namespace)) throw new SimError('ConflictException', `Namespace ${o.namespace} already has a workgroup`, 400);
  for (const k of Object.keys(o.config ?? {})) if (!CONFIG_DEFAULTS.some((p) => p.parameterKey === k)) throw new SimError('ValidationException', `Unknown config parameter ${k}`, 400);
  const workgroupId = uuid(world);
  const w: ServerlessWorkgroup = {
    workgroupName: o.name,
    workgroupId,
    workgroupArn: `arn:aws:redshift-serverless:${region}:${account}:workgroup/${workgroupId}`,
    namespaceName: o.namespace,
    baseCapacity: 128,
    enhancedVpcRouting: o.enhancedVpcRouting ?? false,
    publiclyAccessible: o.publiclyAccessible ?? false,
    configParameters: CONFIG_DEFAULTS.map((p) => ({ parameterKey: p.parameterKey, parameterValue: o.config?.[p.parameterKey] ?? p.parameterValue })),
    securityGroupIds: o.securityGroupIds ?? [`sg-${nextHex(world, 17)}`],
    subnetIds: o.subnetIds ?? [`subnet-${nextHex(world, 17)}`, `subnet-${nextHex(world, 17)}`, `subnet-${nextHex(world, 17)}`],
    status: 'AVAILABLE',
    port: 5439,
    endpoint: { address: `${o.name}.${account}.${region}.redshift-serverless.amazonaws.com`, port: 5439 },
    creationDate: new Date(Date.UTC(2025, 2, 1 + (world.seq % 200))),
    tags: { ...o.tags },
  };
  state.workgroups.push(w);
  return w;
}
