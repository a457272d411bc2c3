import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const dmsEndpointConfig = z.object({
  endpointIdentifier: z.string(),
  endpointType: z.string().optional().describe('`SOURCE` or `TARGET`.'),
  engineName: z.string().optional().describe('`EngineName`: mysql, postgres, oracle, sqlserver, mongodb, docdb, neptune, redis, s3, dynamodb, kinesis, kafka, …'),
  status: z.string().optional(),
  serverName: z.string().nullable().optional().describe('`ServerName` (`null`: the engine has none, e.g. S3).'),
  sslMode: z.string().optional().describe('`SslMode`: none, require, verify-ca or verify-full (engines without the setting answer none).'),
  mongoDbAuthType: z.string().nullable().optional().describe('`MongoDbSettings.AuthType`: no or password (`null`: not a MongoDB endpoint).'),
  neptuneIamAuthEnabled: z.boolean().nullable().optional().describe('`NeptuneSettings.IamAuthEnabled` (`null`: not a Neptune endpoint).'),
  redisSslSecurityProtocol: z.string().nullable().optional().describe('`RedisSettings.SslSecurityProtocol`: plaintext or ssl-encryption (`null`: not a Redis endpoint).'),
});
export type DmsEndpointConfig = z.infer<typeof dmsEndpointConfig>;

const known = <T>(v: T | undefined, show: (v: T) => string) => (v === undefined ? 'unknown (could not be read)' : show(v));

export const dmsEndpoint = defineResource({
  type: 'aws.dms.endpoint',
  description: 'AWS DMS source and target endpoints with their SSL mode and the MongoDB, Neptune and Redis authentication and TLS settings.',
  config: dmsEndpointConfig,
  scope: 'regional',
  calls: ['databasemigrationservice:DescribeEndpoints', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['dms:DescribeEndpoints', 'tag:GetResources'],
  asff: 'AwsDmsEndpoint',
  changes: [
    { event: 'dms.amazonaws.com:CreateEndpoint', id: 'requestParameters.endpointIdentifier' },
    { event: 'dms.amazonaws.com:ModifyEndpoint', id: 'requestParameters.endpointArn', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Endpoint',
      lines: [
        { text: `${c.endpointType ?? '?'} ${c.engineName ?? '?'}${c.serverName ? ` at ${c.serverName}` : ''}${c.status ? ` — ${c.status}` : ''}`, evidenceId: 'path:config.engineName' },
        { text: `SSL mode ${c.sslMode ?? 'unknown (could not be read)'}`, evidenceId: 'path:config.sslMode' },
        ...(c.mongoDbAuthType !== null ? [{ text: `MongoDB authentication ${known(c.mongoDbAuthType, (v) => v)}`, evidenceId: 'path:config.mongoDbAuthType' }] : []),
        ...(c.neptuneIamAuthEnabled !== null ? [{ text: `Neptune IAM authorization ${known(c.neptuneIamAuthEnabled, (v) => (v ? 'on' : 'off'))}`, evidenceId: 'path:config.neptuneIamAuthEnabled' }] : []),
        ...(c.redisSslSecurityProtocol !== null ? [{ text: `Redis connection ${known(c.redisSslSecurityProtocol, (v) => v)}`, evidenceId: 'path:config.redisSslSecurityProtocol' }] : []),
      ],
    },
  ],
});
