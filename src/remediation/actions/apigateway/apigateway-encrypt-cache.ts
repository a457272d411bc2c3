import { changedMethods, stageAction } from './common.ts';

/** The method settings that cache responses without encrypting them (what aws-apigateway-cache-unencrypted reports). */
function unencrypted(s: Record<string, unknown>): string[] {
  if (s['cacheClusterEnabled'] !== true) return [];
  const caching = (s['cachingEnabled'] ?? {}) as Record<string, boolean>;
  const encrypted = (s['cacheDataEncrypted'] ?? {}) as Record<string, boolean>;
  return Object.keys(caching).filter((k) => caching[k] === true && encrypted[k] !== true);
}

/**
 * apigateway-encrypt-cache: turns on cache encryption for exactly the method settings that cache without it — the
 * stage-wide `*\/*` entry (`/*\/*\/caching/dataEncrypted`) and/or the method overrides that do. Overrides that do not
 * cache, or already encrypt, are not written. API Gateway encrypts entries cached from then on; undo turns it off
 * again for the same method settings.
 */
export const apigatewayEncryptCache = stageAction({
  id: 'apigateway-encrypt-cache',
  title: 'Encrypt an API Gateway stage cache',
  description:
    'apigateway:UpdateStage with one replace /{method setting}/caching/dataEncrypted = true per method setting that caches without encryption (/*/*/caching/dataEncrypted for the stage-wide entry); other method settings, the cache cluster and the stage stay. Undo: dataEncrypted = false for the same method settings.',
  settings: ['cacheDataEncrypted'],
  violations: (s) => unencrypted(s).map((k) => `${k} caches without encryption`),
  fix: (s) => ({ cacheDataEncrypted: { ...(s['cacheDataEncrypted'] as Record<string, boolean>), ...Object.fromEntries(unencrypted(s).map((k) => [k, true])) } }),
  patch: (values, current) => changedMethods(values['cacheDataEncrypted'], current['cacheDataEncrypted']).map(([k, v]) => ({ op: 'replace', path: `/${k}/caching/dataEncrypted`, value: String(v) })),
});
