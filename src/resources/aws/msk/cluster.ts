import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const clusterConfig = z.object({
  clusterName: z.string(),
  clusterType: z.enum(['PROVISIONED', 'SERVERLESS']).describe('`ClusterType`.'),
  clientBroker: z
    .enum(['TLS', 'TLS_PLAINTEXT', 'PLAINTEXT'])
    .optional()
    .describe('`EncryptionInfo.EncryptionInTransit.ClientBroker` (AWS default TLS; serverless clusters: always TLS).'),
  inCluster: z.boolean().optional().describe('`EncryptionInfo.EncryptionInTransit.InCluster` (AWS default true; serverless: always true).'),
  publicAccess: z.string().optional().describe('`BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type` (DISABLED or SERVICE_PROVIDED_EIPS; serverless: DISABLED).'),
  unauthenticated: z.boolean().optional().describe('`ClientAuthentication.Unauthenticated.Enabled` (serverless: false).'),
  saslIam: z.boolean().optional().describe('`ClientAuthentication.Sasl.Iam.Enabled`.'),
  saslScram: z.boolean().optional().describe('`ClientAuthentication.Sasl.Scram.Enabled` (serverless: false).'),
  tlsClientAuth: z.boolean().optional().describe('`ClientAuthentication.Tls.Enabled` (serverless: false).'),
  enhancedMonitoring: z.string().nullable().optional().describe('`EnhancedMonitoring` (`null` for serverless clusters).'),
  kafkaVersion: z.string().nullable().optional().describe('`CurrentBrokerSoftwareInfo.KafkaVersion` (`null` for serverless clusters).'),
});
export type ClusterConfig = z.infer<typeof clusterConfig>;

const onOff = (v: boolean | undefined) => (v === undefined ? 'unknown' : v ? 'on' : 'off');

export const cluster = defineResource({
  type: 'aws.msk.cluster',
  description: 'Amazon MSK clusters (provisioned and serverless) with their encryption in transit, client authentication and exposure.',
  config: clusterConfig,
  scope: 'regional',
  calls: ['kafka:ListClustersV2'],
  permissions: ['kafka:ListClustersV2'],
  asff: 'AwsMskCluster',
  // MSK names a cluster by its ARN in every call.
  changes: [
    { event: 'kafka.amazonaws.com:CreateCluster', id: 'responseElements.clusterArn', idKind: 'arn' },
    { event: 'kafka.amazonaws.com:CreateClusterV2', id: 'responseElements.clusterArn', idKind: 'arn' },
    { event: 'kafka.amazonaws.com:UpdateSecurity', id: 'requestParameters.clusterArn', idKind: 'arn' },
    { event: 'kafka.amazonaws.com:UpdateConnectivity', id: 'requestParameters.clusterArn', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Cluster',
      lines: [
        { text: `${c.clusterType.toLowerCase()}${c.kafkaVersion ? `, Kafka ${c.kafkaVersion}` : ''}` },
        { text: `public access ${c.publicAccess ?? 'unknown'}`, evidenceId: 'path:config.publicAccess' },
      ],
    },
    {
      title: 'Encryption in transit',
      lines: [
        { text: `client to broker ${c.clientBroker ?? 'unknown'}`, evidenceId: 'path:config.clientBroker' },
        { text: `between brokers ${c.inCluster === undefined ? 'unknown' : c.inCluster ? 'TLS' : 'plaintext'}`, evidenceId: 'path:config.inCluster' },
      ],
    },
    {
      title: 'Client authentication',
      lines: [
        { text: `unauthenticated access ${onOff(c.unauthenticated)}`, evidenceId: 'path:config.unauthenticated' },
        { text: `IAM ${onOff(c.saslIam)}, SCRAM ${onOff(c.saslScram)}, mutual TLS ${onOff(c.tlsClientAuth)}` },
      ],
    },
  ],
});
