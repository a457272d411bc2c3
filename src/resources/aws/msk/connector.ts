import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const connectorConfig = z.object({
  connectorName: z.string(),
  connectorState: z.string().optional(),
  kafkaConnectVersion: z.string().optional(),
  encryptionInTransit: z.string().optional().describe('`kafkaClusterEncryptionInTransit.encryptionType`: TLS or PLAINTEXT (an answer without it: PLAINTEXT, the API\'s default).'),
  authentication: z.string().optional().describe('`kafkaClusterClientAuthentication.authenticationType`: IAM or NONE.'),
  logDestinations: z
    .array(z.enum(['cloudwatch', 'firehose', 's3']))
    .optional()
    .describe('The worker log destinations of `logDelivery.workerLogDelivery` that are enabled (empty: logging off).'),
});
export type ConnectorConfig = z.infer<typeof connectorConfig>;

export const connector = defineResource({
  type: 'aws.msk.connector',
  description: 'MSK Connect connectors with their encryption in transit to the Kafka cluster and their worker log delivery.',
  config: connectorConfig,
  scope: 'regional',
  calls: ['kafkaconnect:ListConnectors', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['kafkaconnect:ListConnectors', 'tag:GetResources'],
  asff: 'Other',
  // A connector's encryption in transit and log delivery are fixed when it is created.
  changes: [
    { event: 'kafkaconnect.amazonaws.com:CreateConnector', id: 'responseElements.connectorArn', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Connector',
      lines: [
        { text: `${c.connectorState ?? '?'}${c.kafkaConnectVersion ? ` — Kafka Connect ${c.kafkaConnectVersion}` : ''}, authentication ${c.authentication ?? '?'}` },
        { text: `encryption in transit ${c.encryptionInTransit ?? 'unknown'}`, evidenceId: 'path:config.encryptionInTransit' },
        { text: c.logDestinations === undefined ? 'worker logs unknown' : c.logDestinations.length ? `worker logs to ${c.logDestinations.join(', ')}` : 'worker logs off', evidenceId: 'path:config.logDestinations' },
      ],
    },
  ],
});
