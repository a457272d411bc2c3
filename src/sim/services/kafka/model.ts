/**
 * Amazon MSK state: clusters per account and region, kept in ListClustersV2's shape (provisioned or
 * serverless) so that the handler only selects and pages them.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface MskCluster {
  ClusterArn: string;
  ClusterName: string;
  ClusterType: 'PROVISIONED' | 'SERVERLESS';
  CreationTime: string;
  CurrentVersion: string;
  State: 'ACTIVE';
  Tags: Record<string, string>;
  Provisioned?: Record<string, unknown>;
  Serverless?: Record<string, unknown>;
}

export interface KafkaState {
  clusters: MskCluster[];
}

export function kafkaState(world: World, account: string, region: string): KafkaState {
  return serviceState<KafkaState>(world, 'kafka', account, region, () => ({ clusters: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekKafkaState(world: World, account: string, region: string): KafkaState | undefined {
  return world.services['kafka']?.[account]?.[region] as KafkaState | undefined;
}

/** AWS's cluster name rule: a letter, then up to 63 letters, digits and hyphens. */
const NAME = /^[a-zA-Z][a-zA-Z0-9-]{0,63}$/;

export interface CreateMskClusterOptions {
  name: string;
  serverless?: boolean;
  /** Provisioned only. Defaults: TLS both ways, no public access, IAM authentication only. */
  clientBroker?: 'TLS' | 'TLS_PLAINTEXT' | 'PLAINTEXT';
  inCluster?: boolean;
  publicAccess?: boolean;
  unauthenticated?: boolean;
  iam?: boolean;
  tags?: Record<string, string>;
}

export function createMskCluster(world: World, account: string, region: string, o: CreateMskClusterOptions): MskCluster {
  const state = kafkaState(world, account, region);
  if (!NAME.test(o.name)) throw new SimError('BadRequestException', `The cluster name ${o.name} is invalid.`, 400);
  if (state.clusters.some((c) => c.ClusterName === o.name)) throw new SimError('ConflictException', `A cluster with the name ${o.name} already exists.`, 409);
  if (o.serverless && (o.clientBroker !== undefined || o.inCluster !== undefined || o.publicAccess !== undefined || o.unauthenticated !== undefined || o.iam === false)) {
    throw new SimError('BadRequestException', 'Serverless clusters always use TLS and IAM access control and cannot be public.', 400);
  }
  if (o.publicAccess && (o.unauthenticated || o.inCluster === false || o.clientBroker === 'PLAINTEXT' || o.clientBroker === 'TLS_PLAINTEXT')) {
    // AWS turns public access on only for clusters that refuse plaintext and unauthenticated clients.
    throw new SimError('BadRequestException', 'Public access requires TLS-only client-broker encryption and authenticated clients.', 400);
  }
  const h = nextHex(world, 32);
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}-${nextHex(world, 2)}`;
  const subnets = [`subnet-${nextHex(world, 17)}`, `subnet-${nextHex(world, 17)}`, `subnet-${nextHex(world, 17)}`];
  const securityGroups = [`sg-${nextHex(world, 17)}`];
  const base = {
    ClusterArn: `arn:aws:kafka:${region}:${account}:cluster/${o.name}/${uuid}`,
    ClusterName: o.name,
    CreationTime: '2026-01-15T09:00:00.000Z',
    CurrentVersion: 'K3AEGXETSR30VB',
    State: 'ACTIVE' as const,
    Tags: { ...(o.tags ?? {}) },
  };
  const c: MskCluster = o.serverless
    ? { ...base, ClusterType: 'SERVERLESS', Serverless: { VpcConfigs: [{ SubnetIds: subnets, SecurityGroupIds: securityGroups }], ClientAuthentication: { Sasl: { Iam: { Enabled: true } } } } }
    : {
        ...base,
        ClusterType: 'PROVISIONED',
        Provisioned: {
          BrokerNodeGroupInfo: {
            BrokerAZDistribution: 'DEFAULT',
            ClientSubnets: subnets,
            InstanceType: 'kafka.m5.large',
            SecurityGroups: securityGroups,
            StorageInfo: { EbsStorageInfo: { VolumeSize: 1000 } },
            ConnectivityInfo: { PublicAccess: { Type: o.publicAccess ? 'SERVICE_PROVIDED_EIPS' : 'DISABLED' } },
          },
          CurrentBrokerSoftwareInfo: { KafkaVersion: '3.6.0' },
          ClientAuthentication: {
            Sasl: { Scram: { Enabled: false }, Iam: { Enabled: o.iam ?? true } },
            Tls: { CertificateAuthorityArnList: [], Enabled: false },
            Unauthenticated: { Enabled: o.unauthenticated ?? false },
          },
          EncryptionInfo: {
            EncryptionAtRest: { DataVolumeKMSKeyId: `arn:aws:kms:${region}:${account}:key/${nextHex(world, 8)}-0000-4000-8000-${nextHex(world, 12)}` },
            EncryptionInTransit: { ClientBroker: o.clientBroker ?? 'TLS', InCluster: o.inCluster ?? true },
          },
          EnhancedMonitoring: 'DEFAULT',
          NumberOfBrokerNodes: 3,
          ZookeeperConnectString: `z-1.${o.name}.abc123.c2.kafka.${region}.amazonaws.com:2181`,
        },
      };
  state.clusters.push(c);
  return c;
}
