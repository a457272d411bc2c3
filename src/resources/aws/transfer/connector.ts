import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const connectorConfig = z.object({
  connectorId: z.string(),
  url: z.string().optional(),
  // From DescribeConnector: unknown together when it fails.
  kind: z.enum(['AS2', 'SFTP']).optional().describe('AS2 or SFTP, from the configuration the connector has.'),
  accessRole: z.string().optional(),
  loggingRole: z.string().nullable().optional().describe('`LoggingRole` (`null`: none).'),
});
export type ConnectorConfig = z.infer<typeof connectorConfig>;

export const connector = defineResource({
  type: 'aws.transfer.connector',
  description: 'AWS Transfer Family connectors (AS2 and SFTP) with their logging role.',
  config: connectorConfig,
  scope: 'regional',
  calls: ['transfer:ListConnectors', 'transfer:DescribeConnector'],
  permissions: ['transfer:ListConnectors', 'transfer:DescribeConnector'],
  asff: 'Other',
  changes: [
    { event: 'transfer.amazonaws.com:CreateConnector', id: 'responseElements.connectorId' },
    { event: 'transfer.amazonaws.com:UpdateConnector', id: 'requestParameters.connectorId' },
  ],
  sections: (c) => [
    {
      title: 'Connector',
      lines: [
        { text: `${c.kind ?? '?'} ${c.url ?? ''}`.trim() },
        { text: c.loggingRole === undefined ? 'logging unknown (could not be read)' : `logging role ${c.loggingRole ?? 'none'}`, evidenceId: 'path:config.loggingRole' },
      ],
    },
  ],
});
