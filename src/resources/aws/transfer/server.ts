import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const serverConfig = z.object({
  serverId: z.string(),
  // From DescribeServer: unknown together when it fails.
  protocols: z.array(z.string()).optional().describe('`Protocols`: SFTP, FTPS, FTP, AS2.'),
  endpointType: z.string().optional().describe('`EndpointType`: PUBLIC, VPC or VPC_ENDPOINT.'),
  identityProviderType: z.string().optional(),
  domain: z.string().optional().describe('`Domain`: S3 or EFS.'),
  state: z.string().optional(),
  securityPolicyName: z.string().optional(),
  loggingRole: z.string().nullable().optional().describe('`LoggingRole` (`null`: none).'),
  structuredLogDestinations: z.array(z.string()).optional().describe('`StructuredLogDestinations` (log group ARNs).'),
});
export type ServerConfig = z.infer<typeof serverConfig>;

export const server = defineResource({
  type: 'aws.transfer.server',
  description: 'AWS Transfer Family servers with their protocols, endpoint type and logging.',
  config: serverConfig,
  scope: 'regional',
  calls: ['transfer:ListServers', 'transfer:DescribeServer'],
  permissions: ['transfer:ListServers', 'transfer:DescribeServer'],
  asff: 'Other',
  changes: [
    { event: 'transfer.amazonaws.com:CreateServer', id: 'responseElements.serverId' },
    { event: 'transfer.amazonaws.com:UpdateServer', id: 'requestParameters.serverId' },
  ],
  sections: (c) => [
    {
      title: 'Server',
      lines: [
        { text: `protocols ${c.protocols === undefined ? 'unknown (could not be read)' : c.protocols.join(', ')}`, evidenceId: 'path:config.protocols' },
        { text: `endpoint ${c.endpointType ?? 'unknown'}`, evidenceId: 'path:config.endpointType' },
        { text: c.loggingRole === undefined ? 'logging unknown (could not be read)' : `logging role ${c.loggingRole ?? 'none'}`, evidenceId: 'path:config.loggingRole' },
      ],
    },
  ],
});
