import { distributionAction, DEPRECATED_ORIGIN_SSL } from './common.ts';

type Protocols = Record<string, string[]>;

/** cloudfront-origin-tls12: stops offering SSLv3, TLS 1.0 and 1.1 to custom origins (FSBP CloudFront.10). */
export const cloudfrontOriginTls12 = distributionAction({
  id: 'cloudfront-origin-tls12',
  title: 'Use only TLS 1.2 towards custom origins',
  description:
    'cloudfront:GetDistributionConfig, then cloudfront:UpdateDistribution (If-Match: the ETag read) removing SSLv3, TLSv1 and TLSv1.1 from the OriginSslProtocols of the custom origins that offer them (TLSv1.2 added where nothing would remain); other origins and every other field are sent back as read. An origin that cannot speak TLS 1.2 then fails. Undo: the previous protocol lists of those origins.',
  settings: ['OriginSslProtocols'],
  violations: (s) =>
    Object.entries((s['OriginSslProtocols'] ?? {}) as Protocols)
      .filter(([, ps]) => ps.some((p) => DEPRECATED_ORIGIN_SSL.includes(p)))
      .map(([id, ps]) => `origin ${id} offers ${ps.join(', ')}`),
  fix(s) {
    const all = (s['OriginSslProtocols'] ?? {}) as Protocols;
    const next: Protocols = {};
    for (const [id, ps] of Object.entries(all)) {
      const kept = ps.filter((p) => !DEPRECATED_ORIGIN_SSL.includes(p));
      next[id] = kept.length === ps.length ? ps : kept.length ? kept : ['TLSv1.2'];
    }
    return { OriginSslProtocols: next };
  },
});
