import { z } from 'zod';
import { MamoriError } from '../../../core/errors.ts';
import { distributionAction } from './common.ts';

const params = z.strictObject({
  object: z
    .string()
    .regex(/^[^/\s?#][^\s?#]{0,254}$/, { error: 'expected an object name without a leading slash, spaces, ? or # (at most 255 characters), e.g. index.html' })
    .optional()
    .describe('The object CloudFront returns for the root URL, e.g. index.html.'),
});

/** cloudfront-set-default-root-object: sets the object served for the root URL of a distribution with an S3 origin. */
export const cloudfrontSetDefaultRootObject = distributionAction<z.infer<typeof params>>({
  id: 'cloudfront-set-default-root-object',
  title: 'Set the CloudFront default root object',
  description:
    'cloudfront:GetDistributionConfig, then cloudfront:UpdateDistribution (If-Match: the ETag read) with DefaultRootObject = parameter object (required: mamori does not guess the site\'s index); every other field is sent back as read. Undo: DefaultRootObject empty again.',
  params,
  settings: ['DefaultRootObject'],
  violations: (s) => (s['HasS3Origin'] === true && !s['DefaultRootObject'] ? ['DefaultRootObject empty (the root URL lists or errors)'] : []),
  fix(_s, p) {
    if (!p.object) throw new MamoriError('POLICY_INVALID', 'cloudfront-set-default-root-object needs the parameter object (the object served for the root URL, e.g. index.html): set response.params.object in the policy');
    return { DefaultRootObject: p.object };
  },
});
