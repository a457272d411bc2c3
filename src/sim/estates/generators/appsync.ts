import { peekAppSyncState } from '../../services/appsync/model.ts';
import type { EstateGraphqlApi } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * AppSync GraphQL APIs: API keys as the primary or an additional authorization mode, or IAM / Cognito / Lambda only;
 * field-level logging not configured, NONE, or a level; an API cache encrypted at rest and in transit each or not, or
 * no cache (which passes both cache policies).
 */
export const appsync: GeneratorPiece = {
  name: 'appsync',
  resourceTypes: ['aws.appsync.graphql-api'],
  policies: ['aws-appsync-api-key-auth', 'aws-appsync-cache-unencrypted-at-rest', 'aws-appsync-cache-unencrypted-in-transit', 'aws-appsync-field-logging-off'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick, r } = ctx;
    const planned: EstateGraphqlApi[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const keyPrimary = bad();
        const keyAdditional = bad();
        const cached = r() < 0.7;
        planned.push({
          account,
          region,
          name: `gen_graphql_${i}`,
          auth: keyPrimary ? 'API_KEY' : pick(['AWS_IAM', 'AMAZON_COGNITO_USER_POOLS', 'AWS_LAMBDA'] as const),
          ...(keyAdditional ? { additionalAuth: ['API_KEY' as const] } : r() < 0.5 ? { additionalAuth: ['AWS_IAM' as const] } : {}),
          ...(bad() ? (r() < 0.5 ? { fieldLogLevel: 'NONE' as const } : {}) : { fieldLogLevel: pick(['ERROR', 'INFO', 'ALL'] as const) }),
          ...(cached ? { cache: { atRest: !bad(), transit: !bad() } } : {}),
        });
      }
    }
    (ctx.doc.graphqlApis ??= []).push(...planned);
    return {
      truth(world) {
        const truth = new Truth();
        for (const g of planned) {
          const api = peekAppSyncState(world, g.account, g.region)?.graphqlApis.find((a) => a.name === g.name);
          if (!api) throw new Error(`generated GraphQL API ${g.name} is not in ${g.account} ${g.region}`);
          const { arn } = api;
          truth.add('aws-appsync-api-key-auth', arn, g.account, g.region, paths(...(g.auth === 'API_KEY' ? ['authenticationType'] : []), ...(g.additionalAuth?.includes('API_KEY') ? ['additionalAuthenticationTypes'] : [])));
          if (g.cache && !g.cache.atRest) truth.add('aws-appsync-cache-unencrypted-at-rest', arn, g.account, g.region, paths('cacheAtRestEncryption'));
          if (g.cache && !g.cache.transit) truth.add('aws-appsync-cache-unencrypted-in-transit', arn, g.account, g.region, paths('cacheTransitEncryption'));
          if (g.fieldLogLevel === undefined || g.fieldLogLevel === 'NONE') truth.add('aws-appsync-field-logging-off', arn, g.account, g.region, paths('fieldLogLevel'));
        }
        return truth.entries;
      },
    };
  },
};
