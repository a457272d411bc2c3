/**
 * EKS state: clusters with their version, endpoint access and control plane logging, per account and
 * region. Plain JSON in the world; the handler only selects and pages.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;
export type LogType = (typeof LOG_TYPES)[number];

export interface EksCluster {
  name: string;
  arn: string;
  version: string;
  platformVersion: string;
  createdAt: string;
  roleArn: string;
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  clusterSecurityGroupId: string;
  endpointPublicAccess: boolean;
  endpointPrivateAccess: boolean;
  publicAccessCidrs: string[];
  enabledLogTypes: LogType[];
  /** An UpdateClusterConfig in progress: the cluster is UPDATING until `completesAt` (ms since the epoch). */
  update?: { id: string; enabledLogTypes: LogType[]; completesAt: number };
  tags: Record<string, string>;
}

export interface EksState {
  clusters: EksCluster[];
  /** How long a logging update stays InProgress (default 200 ms; AWS takes minutes). */
  updateMs?: number;
}

export function peekEksState(world: World, account: string, region: string): EksState | undefined {
  return world.services['eks']?.[account]?.[region] as EksState | undefined;
}

export interface CreateClusterOptions {
  name: string;
  version?: string;
  /** AWS's defaults: public endpoint on from 0.0.0.0/0, private endpoint off, no control plane logs. */
  endpointPublicAccess?: boolean;
  endpointPrivateAccess?: boolean;
  publicAccessCidrs?: string[];
  enabledLogTypes?: LogType[];
  tags?: Record<string, string>;
}

export function createCluster(world: World, account: string, region: string, o: CreateClusterOptions): EksCluster {
  const state = serviceState<EksState>(world, 'eks', account, region, () => ({ clusters: [] }));
  if (!/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/.test(o.name)) throw new SimError('InvalidParameterException', `The cluster name '${o.name}' is not valid`, 400);
  if (state.clusters.some((c) => c.name === o.name)) throw new SimError('ResourceInUseException', `Cluster already exists with name: ${o.name}`, 409);
  const pub = o.endpointPublicAccess ?? true;
  const priv = o.endpointPrivateAccess ?? false;
  if (!pub && !priv) throw new SimError('InvalidParameterException', 'The cluster endpoint must have public access, private access, or both enabled', 400);
  for (const t of o.enabledLogTypes ?? []) if (!LOG_TYPES.includes(t)) throw new SimError('InvalidParameterException', `Unknown log type ${String(t)}`, 400);
  const cluster: EksCluster = {
    name: o.name,
    arn: `arn:aws:eks:${region}:${account}:cluster/${o.name}`,
    version: o.version ?? '1.34',
    platformVersion: 'eks.5',
    createdAt: '2025-06-01T09:00:00.000Z',
    roleArn: `arn:aws:iam::${account}:role/${o.name}-cluster`,
    vpcId: `vpc-${nextHex(world, 17)}`,
    subnetIds: [`subnet-${nextHex(world, 17)}`, `subnet-${nextHex(world, 17)}`],
    securityGroupIds: [],
    clusterSecurityGroupId: `sg-${nextHex(world, 17)}`,
    endpointPublicAccess: pub,
    endpointPrivateAccess: priv,
    publicAccessCidrs: pub ? [...(o.publicAccessCidrs ?? ['0.0.0.0/0'])] : [],
    enabledLogTypes: [...(o.enabledLogTypes ?? [])],
    tags: { ...o.tags },
  };
  state.clusters.push(cluster);
  return cluster;
}
