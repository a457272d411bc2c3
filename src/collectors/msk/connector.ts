import { KafkaConnectClient, paginateListConnectors } from '@aws-sdk/client-kafkaconnect';
import { connector, type ConnectorConfig } from '../../resources/aws/msk/connector.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/**
 * `aws.msk.connector`: ListConnectors (100 per page: the API's maximum) already returns the encryption in
 * transit and the log delivery of each connector, so DescribeConnector (one call per connector, adding
 * only the connector configuration and state description) is not needed; tags in bulk. Where AWS leaves a
 * block out, the value is CreateConnector's default: PLAINTEXT, no log delivery.
 */
export const mskConnectorCollector = defineCollector(connector, async (ctx) => {
  const client = ctx.client(KafkaConnectClient);
  const listed = [];
  for await (const page of paginateListConnectors({ client, pageSize: 100 }, {})) listed.push(...(page.connectors ?? []));
  const connectors = listed.filter((c) => c.connectorArn && c.connectorName);
  if (connectors.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'kafkaconnect:connector');
  return connectors.map((c) => {
    const w = c.logDelivery?.workerLogDelivery;
    const config: ConnectorConfig = {
      connectorName: c.connectorName!,
      encryptionInTransit: c.kafkaClusterEncryptionInTransit?.encryptionType ?? 'PLAINTEXT',
      logDestinations: [...(w?.cloudWatchLogs?.enabled ? ['cloudwatch' as const] : []), ...(w?.firehose?.enabled ? ['firehose' as const] : []), ...(w?.s3?.enabled ? ['s3' as const] : [])],
    };
    if (c.connectorState) config.connectorState = c.connectorState;
    if (c.kafkaConnectVersion) config.kafkaConnectVersion = c.kafkaConnectVersion;
    if (c.kafkaClusterClientAuthentication?.authenticationType) config.authentication = c.kafkaClusterClientAuthentication.authenticationType;
    const readErrors: Record<string, string> = tagged.ok ? {} : { tags: tagged.error };
    return envelope(ctx, connector, { id: c.connectorName!, arn: c.connectorArn!, name: c.connectorName!, tags: (tagged.ok && tagged.tags.get(c.connectorArn!)) || {}, config, readErrors });
  });
});
