/**
 * AppSync state: GraphQL APIs with their authentication, logging, WAF association and API cache, per
 * account and region. Plain JSON in the world; the handler only selects and pages.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export const AUTH_TYPES = ['API_KEY', 'AWS_IAM', 'AMAZON_COGNITO_USER_POOLS', 'OPENID_CONNECT', 'AWS_LAMBDA'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export interface ApiCache {
  type: string;
  apiCachingBehavior: 'FULL_REQUEST_CACHING' | 'PER_RESOLVER_CACHING' | 'OPERATION_LEVEL_CACHING';
  ttl: number;
  atRestEncryptionEnabled: boolean;
  transitEncryptionEnabled: boolean;
}

export interface GraphqlApi {
  apiId: string;
  name: string;
  arn: string;
  authenticationType: AuthType;
  additionalAuthenticationProviders: AuthType[];
  /** `fieldLogLevel`: `NONE`, `ERROR`, `INFO`, `DEBUG`, `ALL`. Absent: no logging configured. */
  logConfig?: { fieldLogLevel: string; cloudWatchLogsRoleArn: string; excludeVerboseContent: boolean };
  wafWebAclArn?: string;
  xrayEnabled: boolean;
  cache?: ApiCache;
  tags: Record<string, string>;
}

export interface AppSyncState {
  graphqlApis: GraphqlApi[];
}

export function peekAppSyncState(world: World, account: string, region: string): AppSyncState | undefined {
  return world.services['appsync']?.[account]?.[region] as AppSyncState | undefined;
}

export interface CreateGraphqlApiOptions {
  name: string;
  authenticationType?: AuthType;
  additionalAuthenticationProviders?: AuthType[];
  fieldLogLevel?: string;
  wafWebAclArn?: string;
  /** An API cache; AWS's console default encrypts neither at rest nor in transit. */
  cache?: Partial<ApiCache>;
  tags?: Record<string, string>;
}

export const LOG_LEVELS = ['NONE', 'ERROR', 'INFO', 'DEBUG', 'ALL'];

export function createGraphqlApi(world: World, account: string, region: string, o: CreateGraphqlApiOptions): GraphqlApi {
  const state = serviceState<AppSyncState>(world, 'appsync', account, region, () => ({ graphqlApis: [] }));
  if (!/^[_A-Za-z][_0-9A-Za-z -]{0,64}$/.test(o.name)) throw new SimError('BadRequestException', `Invalid API name ${o.name}`, 400);
  const authenticationType = o.authenticationType ?? 'API_KEY';
  for (const t of [authenticationType, ...(o.additionalAuthenticationProviders ?? [])]) if (!AUTH_TYPES.includes(t)) throw new SimError('BadRequestException', `Invalid authentication type ${String(t)}`, 400);
  if (o.fieldLogLevel !== undefined && !LOG_LEVELS.includes(o.fieldLogLevel)) throw new SimError('BadRequestException', `Invalid field log level ${o.fieldLogLevel}`, 400);
  // AppSync API ids are 26 lowercase letters and digits.
  const apiId = nextHex(world, 26);
  const api: GraphqlApi = {
    apiId,
    name: o.name,
    arn: `arn:aws:appsync:${region}:${account}:apis/${apiId}`,
    authenticationType,
    additionalAuthenticationProviders: [...(o.additionalAuthenticationProviders ?? [])],
    xrayEnabled: false,
    tags: { ...o.tags },
  };
  if (o.fieldLogLevel !== undefined) api.logConfig = { fieldLogLevel: o.fieldLogLevel, cloudWatchLogsRoleArn: `arn:aws:iam::${account}:role/appsync-logs`, excludeVerboseContent: false };
  if (o.wafWebAclArn) api.wafWebAclArn = o.wafWebAclArn;
  if (o.cache) {
    api.cache = { type: 'SMALL', apiCachingBehavior: 'FULL_REQUEST_CACHING', ttl: 3600, atRestEncryptionEnabled: false, transitEncryptionEnabled: false, ...o.cache };
  }
  state.graphqlApis.push(api);
  return api;
}
