/**
 * Amazon SageMaker state: notebook instances, models and endpoint configurations per account and region,
 * kept under the Describe* answers' member names (tags beside them, served through the tagging API).
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface SagemakerNotebook {
  NotebookInstanceArn: string;
  NotebookInstanceName: string;
  NotebookInstanceStatus: 'InService' | 'Stopped';
  Url: string;
  InstanceType: string;
  SubnetId?: string;
  SecurityGroups?: string[];
  RoleArn: string;
  KmsKeyId?: string;
  NetworkInterfaceId?: string;
  LastModifiedTime: Date;
  CreationTime: Date;
  DirectInternetAccess: 'Enabled' | 'Disabled';
  VolumeSizeInGB: number;
  RootAccess: 'Enabled' | 'Disabled';
  PlatformIdentifier: string;
  InstanceMetadataServiceConfiguration: { MinimumInstanceMetadataServiceVersion: '1' | '2' };
  tags: Record<string, string>;
}

export interface SagemakerModel {
  ModelName: string;
  PrimaryContainer: { Image: string; Mode: 'SingleModel'; ModelDataUrl: string };
  ExecutionRoleArn: string;
  VpcConfig?: { SecurityGroupIds: string[]; Subnets: string[] };
  CreationTime: Date;
  ModelArn: string;
  EnableNetworkIsolation: boolean;
  tags: Record<string, string>;
}

export interface SagemakerVariant {
  VariantName: string;
  ModelName: string;
  InitialInstanceCount?: number;
  InstanceType?: string;
  InitialVariantWeight: number;
  ServerlessConfig?: { MemorySizeInMB: number; MaxConcurrency: number };
}

export interface SagemakerEndpointConfig {
  EndpointConfigName: string;
  EndpointConfigArn: string;
  ProductionVariants: SagemakerVariant[];
  KmsKeyId?: string;
  CreationTime: Date;
  tags: Record<string, string>;
}

export interface SagemakerState {
  notebooks: SagemakerNotebook[];
  models: SagemakerModel[];
  endpointConfigs: SagemakerEndpointConfig[];
}

export function sagemakerState(world: World, account: string, region: string): SagemakerState {
  return serviceState<SagemakerState>(world, 'sagemaker', account, region, () => ({ notebooks: [], models: [], endpointConfigs: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekSagemakerState(world: World, account: string, region: string): SagemakerState | undefined {
  return world.services['sagemaker']?.[account]?.[region] as SagemakerState | undefined;
}

/** SageMaker names: 1–63 letters, digits and hyphens, not starting or ending with a hyphen. ARNs carry them in lower case. */
const NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;
const checkName = (what: string, name: string) => {
  if (name.length > 63 || !NAME.test(name)) throw new SimError('ValidationException', `1 validation error detected: Value '${name}' at '${what}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`, 400);
};
export const sagemakerArn = (region: string, account: string, kind: 'notebook-instance' | 'model' | 'endpoint-config', name: string) => `arn:aws:sagemaker:${region}:${account}:${kind}/${name.toLowerCase()}`;
const created = (world: World) => new Date(Date.UTC(2025, 3, 1 + (world.seq % 200), 9));
const key = (world: World, region: string, account: string) => `arn:aws:kms:${region}:${account}:key/${nextHex(world, 8)}-0000-4000-8000-${nextHex(world, 12)}`;

export interface CreateNotebookOptions {
  name: string;
  /** Default ml.t3.medium. */
  instanceType?: string;
  /** A subnet id: launched in a VPC (default none: SageMaker's own network). */
  subnetId?: string;
  /** CreateNotebookInstance's defaults: Enabled. Disabled needs a subnet. */
  directInternetAccess?: boolean;
  rootAccess?: boolean;
  /** Default notebook-al2-v3 (JupyterLab 4). */
  platform?: string;
  kmsKey?: boolean;
  tags?: Record<string, string>;
}

export function createNotebook(world: World, account: string, region: string, o: CreateNotebookOptions): SagemakerNotebook {
  const state = sagemakerState(world, account, region);
  checkName('notebookInstanceName', o.name);
  if (state.notebooks.some((n) => n.NotebookInstanceName === o.name)) throw new SimError('ResourceInUse', `Cannot create a duplicate Notebook Instance (${sagemakerArn(region, account, 'notebook-instance', o.name)})`, 400);
  // The API reference: "If you set DirectInternetAccess to Disabled, you must specify a SubnetId."
  if (o.directInternetAccess === false && !o.subnetId) throw new SimError('ValidationException', 'Direct internet access can only be disabled when a subnet is specified', 400);
  const t = created(world);
  const n: SagemakerNotebook = {
    NotebookInstanceArn: sagemakerArn(region, account, 'notebook-instance', o.name),
    NotebookInstanceName: o.name,
    NotebookInstanceStatus: 'InService',
    Url: `${o.name.toLowerCase()}.notebook.${region}.sagemaker.aws`,
    InstanceType: o.instanceType ?? 'ml.t3.medium',
    ...(o.subnetId ? { SubnetId: o.subnetId, SecurityGroups: [`sg-${nextHex(world, 17)}`], NetworkInterfaceId: `eni-${nextHex(world, 17)}` } : {}),
    RoleArn: `arn:aws:iam::${account}:role/service-role/AmazonSageMaker-ExecutionRole`,
    ...(o.kmsKey ? { KmsKeyId: key(world, region, account) } : {}),
    LastModifiedTime: t,
    CreationTime: t,
    DirectInternetAccess: o.directInternetAccess === false ? 'Disabled' : 'Enabled',
    VolumeSizeInGB: 5,
    RootAccess: o.rootAccess === false ? 'Disabled' : 'Enabled',
    PlatformIdentifier: o.platform ?? 'notebook-al2-v3',
    InstanceMetadataServiceConfiguration: { MinimumInstanceMetadataServiceVersion: '2' },
    tags: { ...o.tags },
  };
  state.notebooks.push(n);
  return n;
}

export interface CreateModelOptions {
  name: string;
  /** Default false, CreateModel's default. */
  networkIsolation?: boolean;
  /** Subnet ids: the model's containers run in a VPC. */
  subnets?: string[];
  tags?: Record<string, string>;
}

export function createModel(world: World, account: string, region: string, o: CreateModelOptions): SagemakerModel {
  const state = sagemakerState(world, account, region);
  checkName('modelName', o.name);
  if (state.models.some((m) => m.ModelName === o.name)) throw new SimError('ValidationException', `Cannot create already existing model "${sagemakerArn(region, account, 'model', o.name)}".`, 400);
  const m: SagemakerModel = {
    ModelName: o.name,
    PrimaryContainer: { Image: `763104351884.dkr.ecr.${region}.amazonaws.com/pytorch-inference:2.3-cpu-py311`, Mode: 'SingleModel', ModelDataUrl: `s3://sagemaker-${region}-${account}/${o.name}/model.tar.gz` },
    ExecutionRoleArn: `arn:aws:iam::${account}:role/service-role/AmazonSageMaker-ExecutionRole`,
    ...(o.subnets?.length ? { VpcConfig: { SecurityGroupIds: [`sg-${nextHex(world, 17)}`], Subnets: [...o.subnets] } } : {}),
    CreationTime: created(world),
    ModelArn: sagemakerArn(region, account, 'model', o.name),
    EnableNetworkIsolation: o.networkIsolation ?? false,
    tags: { ...o.tags },
  };
  state.models.push(m);
  return m;
}

export interface CreateEndpointConfigOptions {
  name: string;
  variants: { name?: string; model?: string; instanceType?: string; instanceCount?: number; serverless?: boolean }[];
  kmsKey?: boolean;
  tags?: Record<string, string>;
}

export function createEndpointConfig(world: World, account: string, region: string, o: CreateEndpointConfigOptions): SagemakerEndpointConfig {
  const state = sagemakerState(world, account, region);
  checkName('endpointConfigName', o.name);
  if (state.endpointConfigs.some((c) => c.EndpointConfigName === o.name)) throw new SimError('ValidationException', `Cannot create already existing endpoint configuration "${sagemakerArn(region, account, 'endpoint-config', o.name)}".`, 400);
  if (o.variants.length < 1 || o.variants.length > 10) throw new SimError('ValidationException', 'ProductionVariants must have between 1 and 10 items', 400);
  const variants = o.variants.map((v, i): SagemakerVariant => {
    const base = { VariantName: v.name ?? `variant-${i + 1}`, ModelName: v.model ?? `${o.name}-model`, InitialVariantWeight: 1 };
    if (v.serverless) return { ...base, ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } };
    const count = v.instanceCount ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new SimError('ValidationException', `InitialInstanceCount must be at least 1, not ${count}`, 400);
    return { ...base, InitialInstanceCount: count, InstanceType: v.instanceType ?? 'ml.m5.large' };
  });
  const c: SagemakerEndpointConfig = {
    EndpointConfigName: o.name,
    EndpointConfigArn: sagemakerArn(region, account, 'endpoint-config', o.name),
    ProductionVariants: variants,
    ...(o.kmsKey ? { KmsKeyId: key(world, region, account) } : {}),
    CreationTime: created(world),
    tags: { ...o.tags },
  };
  state.endpointConfigs.push(c);
  return c;
}
