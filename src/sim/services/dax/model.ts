/**
 * DAX state: clusters per account and region in DescribeClusters' shape (only what the handler selects),
 * with their tags for the tagging API.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface DaxNode {
  NodeId: string;
  AvailabilityZone: string;
  NodeStatus: 'available';
}

export interface DaxCluster {
  ClusterName: string;
  ClusterArn: string;
  NodeType: string;
  Status: 'available';
  Nodes: DaxNode[];
  SubnetGroup: string;
  IamRoleArn: string;
  /** NONE unless asked, as CreateCluster leaves it (it cannot change after creation). */
  ClusterEndpointEncryptionType: 'NONE' | 'TLS';
  /** Encryption at rest: off unless asked (it cannot change after creation either). */
  sse: boolean;
  tags: Record<string, string>;
}

export interface DaxState {
  clusters: DaxCluster[];
}

export function daxState(world: World, account: string, region: string): DaxState {
  return serviceState<DaxState>(world, 'dax', account, region, () => ({ clusters: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekDaxState(world: World, account: string, region: string): DaxState | undefined {
  return world.services['dax']?.[account]?.[region] as DaxState | undefined;
}

/** AWS's cluster name rule: a letter, then up to 19 letters, digits or hyphens, no two hyphens in a row nor a trailing one. */
const NAME = /^[a-zA-Z](?:[a-zA-Z0-9]|-(?=[a-zA-Z0-9])){0,19}$/;

export interface CreateDaxClusterOptions {
  name: string;
  /** Default 3 (DAX's production recommendation). */
  nodes?: number;
  /** Availability zone suffixes the nodes are spread over in turn; default a, b, c. */
  zones?: string[];
  tls?: boolean;
  sse?: boolean;
  tags?: Record<string, string>;
}

export function createDaxCluster(world: World, account: string, region: string, o: CreateDaxClusterOptions): DaxCluster {
  const state = daxState(world, account, region);
  if (!NAME.test(o.name)) throw new SimError('InvalidParameterValueException', `Cluster name ${o.name} is invalid: a letter, then up to 19 letters, digits or hyphens`, 400);
  if (state.clusters.some((c) => c.ClusterName === o.name)) throw new SimError('ClusterAlreadyExistsFault', `Cluster ${o.name} already exists.`, 400);
  const count = o.nodes ?? 3;
  if (!Number.isInteger(count) || count < 1 || count > 11) throw new SimError('InvalidParameterValueException', 'ReplicationFactor must be between 1 and 11', 400);
  const zones = o.zones ?? ['a', 'b', 'c'];
  const nodes = Array.from({ length: count }, (_, i) => ({ NodeId: `${o.name}-${String.fromCharCode(97 + i)}`, AvailabilityZone: `${region}${zones[i % zones.length]}`, NodeStatus: 'available' as const }));
  const c: DaxCluster = {
    ClusterName: o.name,
    ClusterArn: `arn:aws:dax:${region}:${account}:cache/${o.name}`,
    NodeType: 'dax.r5.large',
    Status: 'available',
    Nodes: nodes,
    SubnetGroup: 'default',
    IamRoleArn: `arn:aws:iam::${account}:role/DAXServiceRole-${nextHex(world, 8)}`,
    ClusterEndpointEncryptionType: o.tls ? 'TLS' : 'NONE',
    sse: o.sse ?? false,
    tags: { ...o.tags },
  };
  state.clusters.push(c);
  return c;
}
