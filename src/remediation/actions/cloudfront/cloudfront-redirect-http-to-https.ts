import { distributionAction } from './common.ts';

type Policies = Record<string, string>;

/** cloudfront-redirect-http-to-https: viewers asking over HTTP are redirected to HTTPS on every behavior that allowed HTTP (FSBP CloudFront.3). */
export const cloudfrontRedirectHttpToHttps = distributionAction({
  id: 'cloudfront-redirect-http-to-https',
  title: 'Redirect CloudFront viewers from HTTP to HTTPS',
  description:
    'cloudfront:GetDistributionConfig, then cloudfront:UpdateDistribution (If-Match: the ETag read) with ViewerProtocolPolicy=redirect-to-https on the behaviors (default included) that have allow-all; https-only and redirecting behaviors and every other field are sent back as read. Undo: allow-all again on those behaviors.',
  settings: ['ViewerProtocolPolicies'],
  violations: (s) =>
    Object.entries((s['ViewerProtocolPolicies'] ?? {}) as Policies)
      .filter(([, v]) => v === 'allow-all')
      .map(([path]) => `behavior ${path} allows HTTP`),
  fix: (s) => ({ ViewerProtocolPolicies: Object.fromEntries(Object.entries((s['ViewerProtocolPolicies'] ?? {}) as Policies).map(([path, v]) => [path, v === 'allow-all' ? 'redirect-to-https' : v])) }),
});
