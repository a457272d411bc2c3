import { GetBucketEncryptionCommand, PutBucketEncryptionCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import type { S3BucketConfig, S3EncryptionRule } from '../../../resources/configs.ts';
import { sameJson } from '../../compare.ts';
import { defineAction, type Plan } from '../../types.ts';
import { captureBucket, readEncryption, s3Sdk } from './common.ts';

/** The default encryption configuration; `null` when the bucket has none. */
export interface EncryptionState {
  encryption: { rules: S3EncryptionRule[] } | null;
}

const params = z.strictObject({});

const hasAlgorithm = (s: EncryptionState): boolean => !!s.encryption?.rules.some((r) => typeof r.sseAlgorithm === 'string' && r.sseAlgorithm !== '');

function ruleLine(r: S3EncryptionRule): string {
  return `${r.sseAlgorithm ?? 'no algorithm'}${r.kmsMasterKeyId ? ` with key ${r.kmsMasterKeyId}` : ''}${r.bucketKeyEnabled ? ', bucket key on' : ''}`;
}

/** The rules after the change: SSE-S3 where no rule sets an algorithm; the bucket-key setting of an existing rule is kept. */
function withAes256(before: EncryptionState): EncryptionState {
  if (hasAlgorithm(before)) return before;
  const first = before.encryption?.rules[0];
  return { encryption: { rules: [{ sseAlgorithm: 'AES256', ...(first?.bucketKeyEnabled !== undefined ? { bucketKeyEnabled: first.bucketKeyEnabled } : {}) }] } };
}

/**
 * s3-enable-default-encryption: sets SSE-S3 (AES256) default encryption on a bucket that has none. A bucket with
 * any algorithm configured (SSE-KMS in particular) is never touched. Not reversible: since January 2023 S3 has no
 * "no default encryption" state to go back to (DeleteBucketEncryption resets a bucket to SSE-S3).
 */
export const s3EnableDefaultEncryption = defineAction<EncryptionState, z.infer<typeof params>>({
  id: 's3-enable-default-encryption',
  title: 'Enable default encryption (SSE-S3)',
  description:
    's3:PutBucketEncryption with one rule, SSEAlgorithm AES256, only when no rule sets an algorithm; an existing configuration (SSE-KMS above all) is never replaced. Not reversible.',
  resourceTypes: ['aws.s3.bucket'],
  evidenceKinds: ['setting'],
  sdk: [s3Sdk({ GetBucketEncryptionCommand, PutBucketEncryptionCommand })],
  permissions: ['s3:GetEncryptionConfiguration', 's3:PutEncryptionConfiguration'],
  params,
  reversible: false,
  irreversibleBecause: 'S3 has no "no default encryption" state since January 2023: DeleteBucketEncryption resets a bucket to SSE-S3, which is what this action set',

  fromResource(resource) {
    const c = resource.config as Partial<S3BucketConfig>;
    return c.encryption === undefined ? undefined : { encryption: c.encryption };
  },

  capture: (api, target) => captureBucket(async () => ({ encryption: await readEncryption(api, target.id) })),

  drift(current, evidence, reference) {
    if (!evidence.some((e) => e.id === 'path:config.encryption')) return undefined;
    if (hasAlgorithm(current)) return `default encryption is set now (${current.encryption?.rules.map(ruleLine).join('; ')})`;
    if (reference && !sameJson(reference, current)) return 'the encryption configuration changed since the scan';
    return undefined;
  },

  plan(current, _evidence, _params, target): Plan {
    if (hasAlgorithm(current)) {
      return { calls: [], removes: [], keeps: current.encryption!.rules.map(ruleLine), notes: ['default encryption is already configured; an existing configuration (SSE-KMS in particular) is never replaced'] };
    }
    const next = withAes256(current).encryption!.rules[0]!;
    return {
      calls: [
        {
          service: 's3',
          operation: 'PutBucketEncryption',
          params: {
            Bucket: target.id,
            ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, ...(next.bucketKeyEnabled !== undefined ? { BucketKeyEnabled: next.bucketKeyEnabled } : {}) }] },
          },
          purpose: 'set SSE-S3 (AES256) default encryption',
        },
      ],
      removes: [current.encryption ? 'encryption rules without an algorithm' : 'no default encryption'],
      keeps: ['objects already stored are not re-encrypted; uploads that ask for SSE-KMS still get it'],
      notes: ['not reversible: S3 cannot be set back to "no default encryption"'],
    };
  },

  expected: (before) => withAes256(before),

  diff(actual, expected) {
    const a = actual.encryption?.rules ?? [];
    const b = expected.encryption?.rules ?? [];
    if (actual.encryption === null && expected.encryption === null) return [];
    const key = (r: S3EncryptionRule) => `${r.sseAlgorithm ?? ''}|${r.kmsMasterKeyId ?? ''}`;
    // S3 reports BucketKeyEnabled false when it was not set: compare algorithm and key only.
    if (a.length === b.length && a.every((r, i) => key(r) === key(b[i]!))) return [];
    return [`default encryption is ${a.map(ruleLine).join('; ') || 'not configured'}, expected ${b.map(ruleLine).join('; ') || 'not configured'}`];
  },
});
