import { z } from 'zod';
import type { S3EncryptionRule } from '../../resources/configs.ts';
import { known, NO_EVIDENCE } from '../read.ts';
import { strictObject } from '../zod-helpers.ts';
import { defineMatcher } from './types.ts';

const params = strictObject('matcher s3-no-default-encryption', {
  matcher: z.literal('s3-no-default-encryption'),
});

export type S3NoDefaultEncryptionParams = z.output<typeof params>;

/**
 * A bucket without default server-side encryption: no configuration, or no rule that sets an
 * SSEAlgorithm. (Since January 2023 S3 encrypts new objects with SSE-S3 regardless, but a bucket
 * that reports no configuration predates that or had it removed, and many frameworks still ask for it.)
 */
export const s3NoDefaultEncryption = defineMatcher({
  name: 's3-no-default-encryption',
  description: 'Buckets with no default encryption configuration, or none of whose rules sets an SSEAlgorithm.',
  resourceTypes: ['aws.s3.bucket'],
  params,
  reads: ['encryption'],
  permissions: ['s3:GetEncryptionConfiguration'],
  create() {
    return (resource) => {
      const enc = known<{ rules: S3EncryptionRule[] } | null>(resource, 'encryption');
      if (enc && enc.rules.some((r) => typeof r.sseAlgorithm === 'string' && r.sseAlgorithm !== '')) return NO_EVIDENCE;
      return [
        {
          id: 'path:config.encryption',
          kind: 'setting',
          summary: enc ? 'default encryption has no rule with an SSEAlgorithm' : 'no default encryption configured',
          data: { path: 'config.encryption', actual: enc },
        },
      ];
    };
  },
});
