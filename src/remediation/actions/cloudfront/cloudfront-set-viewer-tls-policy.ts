import { z } from 'zod';
import { distributionAction, OLD_VIEWER_TLS } from './common.ts';

const params = z.strictObject({
  minimumProtocolVersion: z.enum(['TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'], { error: 'expected TLSv1.2_2021, TLSv1.2_2025 or TLSv1.3_2025' }).optional().describe('The viewer security policy to set (default TLSv1.2_2021, the minimum FSBP CloudFront.15 asks for).'),
});

/** cloudfront-set-viewer-tls-policy: raises the viewer TLS security policy of a distribution with a custom certificate. */
export const cloudfrontSetViewerTlsPolicy = distributionAction<z.infer<typeof params>>({
  id: 'cloudfront-set-viewer-tls-policy',
  title: 'Raise the viewer TLS policy',
  description:
    'cloudfront:GetDistributionConfig, then cloudfront:UpdateDistribution (If-Match: the ETag read) with ViewerCertificate.MinimumProtocolVersion=TLSv1.2_2021 (parameter minimumProtocolVersion); every other field is sent back as read. Viewers limited to older TLS versions can no longer connect. Undo: the previous policy.',
  params,
  settings: ['ViewerCertificate.MinimumProtocolVersion'],
  violations: (s) =>
    s['ViewerCertificate.CustomCertificate'] === true && OLD_VIEWER_TLS.includes(String(s['ViewerCertificate.MinimumProtocolVersion'])) ? [`ViewerCertificate.MinimumProtocolVersion = ${String(s['ViewerCertificate.MinimumProtocolVersion'])}`] : [],
  fix: (_s, p) => ({ 'ViewerCertificate.MinimumProtocolVersion': p.minimumProtocolVersion ?? 'TLSv1.2_2021' }),
});
