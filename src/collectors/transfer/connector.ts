import { DescribeConnectorCommand, paginateListConnectors, TransferClient, type ListedConnector } from '@aws-sdk/client-transfer';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { connector, type ConnectorConfig } from '../../resources/aws/transfer/connector.ts';
import { readDetail } from '../read.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

const DETAIL_FIELDS = ['kind', 'accessRole', 'loggingRole'] as const;

/** `aws.transfer.connector`: ListConnectors (1000 per page), DescribeConnector per connector (logging role, tags inline). */
export const connectorCollector = defineCollector(connector, async (ctx) => {
  const client = ctx.client(TransferClient);
  const listed: ListedConnector[] = [];
  for await (const page of paginateListConnectors({ client, pageSize: 1000 }, {})) listed.push(...(page.Connectors ?? []));
  const out = await mapLimit(
    listed.filter((c) => c.ConnectorId && c.Arn),
    16,
    async (c) => {
      const errors: ReadErrors = {};
      const d = await readDetail(errors, 'detail', () => client.send(new DescribeConnectorCommand({ ConnectorId: c.ConnectorId! })));
      if (d === null) return undefined; // deleted since the listing
      const config: ConnectorConfig = { connectorId: c.ConnectorId! };
      if (c.Url) config.url = c.Url;
      const cn = d?.Connector;
      if (!cn) {
        for (const k of DETAIL_FIELDS) errors[k] = errors['detail'] ?? 'DescribeConnector returned no connector';
      } else {
        config.kind = cn.As2Config ? 'AS2' : 'SFTP';
        if (cn.AccessRole) config.accessRole = cn.AccessRole;
        config.loggingRole = cn.LoggingRole || null;
      }
      delete errors['detail'];
      return envelope(ctx, connector, { id: c.ConnectorId!, arn: c.Arn!, tags: tagsToMap(cn?.Tags), config, readErrors: errors });
    },
  );
  return out.filter((r) => r !== undefined);
});
