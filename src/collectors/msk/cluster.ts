import { KafkaClient, paginateListClustersV2, type Cluster } from '@aws-sdk/client-kafka';
import { cluster, type ClusterConfig } from '../../resources/aws/msk/cluster.ts';
import { defineCollector, envelope } from '../types.ts';

/** Every cluster of the region, provisioned and serverless (ListClustersV2, 100 per page: the API's maximum). */
export async function listClustersV2(client: KafkaClient): Promise<Cluster[]> {
  const out: Cluster[] = [];
  for await (const page of paginateListClustersV2({ client, pageSize: 100 }, {})) out.push(...(page.ClusterInfoList ?? []));
  return out;
}

/**
 * The settings of a provisioned cluster. Where AWS leaves a block out, the value is the API's documented
 * default: TLS both ways for EncryptionInTransit, DISABLED public access, and — for a cluster created
 * without any ClientAuthentication — unauthenticated access allowed.
 */
function provisioned(c: Cluster, config: ClusterConfig): void {
  const p = c.Provisioned!;
  const transit = p.EncryptionInfo?.EncryptionInTransit;
  config.clientBroker = transit?.ClientBroker ?? 'TLS';
  config.inCluster = transit?.InCluster ?? true;
  config.publicAccess = p.BrokerNodeGroupInfo?.ConnectivityInfo?.PublicAccess?.Type ?? 'DISABLED';
  const auth = p.ClientAuthentication;
  config.unauthenticated = auth ? (auth.Unauthenticated?.Enabled ?? false) : true;
  config.saslIam = auth?.Sasl?.Iam?.Enabled ?? false;
  config.saslScram = auth?.Sasl?.Scram?.Enabled ?? false;
  config.tlsClientAuth = auth?.Tls?.Enabled ?? false;
  config.enhancedMonitoring = p.EnhancedMonitoring ?? 'DEFAULT';
  config.kafkaVersion = p.CurrentBrokerSoftwareInfo?.KafkaVersion ?? null;
}

/**
 * Serverless clusters have no settings for these: AWS documents that they encrypt all traffic with TLS,
 * accept only IAM-authenticated clients and are reachable from their VPCs only.
 */
function serverless(c: Cluster, config: ClusterConfig): void {
  config.clientBroker = 'TLS';
  config.inCluster = true;
  config.publicAccess = 'DISABLED';
  config.unauthenticated = false;
  config.saslIam = c.Serverless?.ClientAuthentication?.Sasl?.Iam?.Enabled ?? true;
  config.saslScram = false;
  config.tlsClientAuth = false;
  config.enhancedMonitoring = null;
  config.kafkaVersion = null;
}

/** `aws.msk.cluster`: ListClustersV2 returns every setting and the tags inline; nothing is read per cluster. */
export const mskClusterCollector = defineCollector(cluster, async (ctx) => {
  const client = ctx.client(KafkaClient);
  const listed = (await listClustersV2(client)).filter((c) => c.ClusterArn && c.ClusterName);
  return listed.map((c) => {
    const readErrors: Record<string, string> = {};
    const config: ClusterConfig = { clusterName: c.ClusterName!, clusterType: c.ClusterType === 'SERVERLESS' ? 'SERVERLESS' : 'PROVISIONED' };
    if (c.ClusterType === 'SERVERLESS') serverless(c, config);
    else if (c.ClusterType === 'PROVISIONED' && c.Provisioned) provisioned(c, config);
    else for (const k of ['clientBroker', 'inCluster', 'publicAccess', 'unauthenticated', 'saslIam', 'saslScram', 'tlsClientAuth', 'enhancedMonitoring', 'kafkaVersion']) readErrors[k] = `ListClustersV2 returned cluster type ${String(c.ClusterType)} without its settings`;
    return envelope(ctx, cluster, { id: c.ClusterName!, arn: c.ClusterArn!, tags: c.Tags ?? {}, config, readErrors });
  });
});
