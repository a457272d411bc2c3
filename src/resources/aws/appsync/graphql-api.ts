import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const graphqlApiConfig = z.object({
  name: z.string(),
  apiType: z.string().optional().describe('`GRAPHQL` or `MERGED`.'),
  authenticationType: z.string().optional().describe('The primary authorization mode: API_KEY, AWS_IAM, AMAZON_COGNITO_USER_POOLS, OPENID_CONNECT or AWS_LAMBDA.'),
  additionalAuthenticationTypes: z.array(z.string()).optional().describe('The additional authorization modes (`additionalAuthenticationProviders[].authenticationType`).'),
  fieldLogLevel: z.string().nullable().optional().describe('`logConfig.fieldLogLevel`: NONE, ERROR, INFO, DEBUG or ALL (`null`: no logging configured).'),
  wafWebAclArn: z.string().nullable().optional().describe('The AWS WAF web ACL protecting the API (`null`: none).'),
  xrayEnabled: z.boolean().optional(),
  // From GetApiCache: `null` when the API has no cache, unknown when it could not be read.
  cacheType: z.string().nullable().optional().describe('The API cache\'s instance type (`null`: the API has no cache).'),
  cacheAtRestEncryption: z.boolean().nullable().optional().describe('`apiCache.atRestEncryptionEnabled` (`null`: no cache).'),
  cacheTransitEncryption: z.boolean().nullable().optional().describe('`apiCache.transitEncryptionEnabled` (`null`: no cache).'),
});
export type GraphqlApiConfig = z.infer<typeof graphqlApiConfig>;

const cache = (v: boolean | null | undefined) => (v === undefined ? 'unknown (could not be read)' : v === null ? 'no cache' : v ? 'on' : 'off');

export const graphqlApi = defineResource({
  type: 'aws.appsync.graphql-api',
  description: 'AppSync GraphQL APIs with their authorization modes, field-level logging, WAF association and API cache encryption.',
  config: graphqlApiConfig,
  scope: 'regional',
  calls: ['appsync:ListGraphqlApis', 'appsync:GetApiCache'],
  permissions: ['appsync:ListGraphqlApis', 'appsync:GetApiCache'],
  asff: 'AwsAppSyncGraphQlApi',
  changes: [
    { event: 'appsync.amazonaws.com:CreateGraphqlApi', id: 'responseElements.graphqlApi.apiId' },
    { event: 'appsync.amazonaws.com:UpdateGraphqlApi', id: 'requestParameters.apiId' },
    { event: 'appsync.amazonaws.com:CreateApiCache', id: 'requestParameters.apiId' },
    { event: 'appsync.amazonaws.com:UpdateApiCache', id: 'requestParameters.apiId' },
    // Removing a tag can end an exclusion that matched it.
    { event: 'appsync.amazonaws.com:UntagResource', id: 'requestParameters.resourceArn', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Authorization',
      lines: [
        { text: `primary ${c.authenticationType ?? 'unknown'}`, evidenceId: 'path:config.authenticationType' },
        { text: `additional ${c.additionalAuthenticationTypes?.length ? c.additionalAuthenticationTypes.join(', ') : 'none'}`, evidenceId: 'path:config.additionalAuthenticationTypes' },
      ],
    },
    {
      title: 'Logging and protection',
      lines: [
        { text: `field-level logging ${c.fieldLogLevel === undefined ? 'unknown' : (c.fieldLogLevel ?? 'not configured')}`, evidenceId: 'path:config.fieldLogLevel' },
        { text: `WAF web ACL ${c.wafWebAclArn ?? 'none'}` },
      ],
    },
    {
      title: 'API cache',
      lines: [
        { text: `encryption at rest ${cache(c.cacheAtRestEncryption)}`, evidenceId: 'path:config.cacheAtRestEncryption' },
        { text: `encryption in transit ${cache(c.cacheTransitEncryption)}`, evidenceId: 'path:config.cacheTransitEncryption' },
      ],
    },
  ],
});
