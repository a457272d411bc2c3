import { distributionAction } from './common.ts';

/** cloudfront-use-sni: serves a custom certificate with SNI instead of dedicated IP addresses (FSBP CloudFront.8). */
export const cloudfrontUseSni = distributionAction({
  id: 'cloudfront-use-sni',
  title: 'Serve the custom certificate with SNI',
  description:
    'cloudfront:GetDistributionConfig, then cloudfront:UpdateDistribution (If-Match: the ETag read) with ViewerCertificate.SSLSupportMethod=sni-only; every other field is sent back as read. Viewers without SNI support (browsers before 2010) can no longer connect. Undo: SSLSupportMethod back to vip.',
  settings: ['ViewerCertificate.SSLSupportMethod'],
  violations: (s) => (s['ViewerCertificate.CustomCertificate'] === true && s['ViewerCertificate.SSLSupportMethod'] === 'vip' ? ['ViewerCertificate.SSLSupportMethod = vip (dedicated IP addresses)'] : []),
  fix: () => ({ 'ViewerCertificate.SSLSupportMethod': 'sni-only' }),
});
