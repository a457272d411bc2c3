import { DeletePublicAccessBlockCommand, GetPublicAccessBlockCommand, PutPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import type { PublicAccessBlock, S3BucketConfig } from '../../../resources/configs.ts';
import { sameJson } from '../../compare.ts';
import { defineAction, type Plan } from '../../types.ts';
import { captureBucket, readPublicAccessBlock, s3Sdk, toPabConfig } from './common.ts';

/** The bucket-level Block Public Access configuration; `null` when none is set. */
export interface BpaState {
  publicAccessBlock: PublicAccessBlock | null;
}

const params = z.strictObject({
  blockPublicAcls: z.boolean().default(true),
  ignorePublicAcls: z.boolean().default(true),
  blockPublicPolicy: z.boolean().default(true),
  restrictPublicBuckets: z.boolean().default(true),
});
type Params = z.infer<typeof params>;

const NONE: PublicAccessBlock = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };
const KEYS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const;

/** The settings asked for, never turning off one that is on. */
function target(current: PublicAccessBlock | null, p: Params): PublicAccessBlock {
  const c = current ?? NONE;
  return { blockPublicAcls: c.blockPublicAcls || p.blockPublicAcls, ignorePublicAcls: c.ignorePublicAcls || p.ignorePublicAcls, blockPublicPolicy: c.blockPublicPolicy || p.blockPublicPolicy, restrictPublicBuckets: c.restrictPublicBuckets || p.restrictPublicBuckets };
}

function line(p: PublicAccessBlock | null): string {
  if (!p) return 'not configured';
  const on = KEYS.filter((k) => p[k]);
  return on.length ? on.join(', ') : 'all four settings off';
}

/** The change to Block Public Access as a plan (also used by s3-remove-public-access). */
export function bpaPlan(current: BpaState, p: Params, bucket: string): Plan {
  const next = target(current.publicAccessBlock, p);
  if (current.publicAccessBlock && sameJson(next, current.publicAccessBlock)) return { calls: [], removes: [], keeps: [`Block Public Access: ${line(next)}`], notes: ['Block Public Access already has these settings'] };
  return {
    calls: [{ service: 's3', operation: 'PutPublicAccessBlock', params: { Bucket: bucket, PublicAccessBlockConfiguration: toPabConfig(next) }, purpose: `turn on bucket-level Block Public Access (${line(next)})` }],
    removes: [`Block Public Access ${line(current.publicAccessBlock)}`],
    keeps: ['account-level Block Public Access, untouched'],
    notes: [],
  };
}

/**
 * What an undo of a Block Public Access change puts back: the settings the change turned on are turned off again;
 * settings someone else changed since are left as they are now. No configuration before and none left on → delete.
 */
export function bpaRestored(before: BpaState, after: BpaState, current: BpaState): PublicAccessBlock | null {
  const b = before.publicAccessBlock ?? NONE;
  const a = after.publicAccessBlock ?? NONE;
  const c = current.publicAccessBlock;
  const next = { ...(c ?? NONE) };
  for (const k of KEYS) if (a[k] && !b[k]) next[k] = false;
  if (before.publicAccessBlock === null && KEYS.every((k) => !next[k])) return null;
  return next;
}

/** The undo of a Block Public Access change as a plan. */
export function bpaUndo(before: BpaState, after: BpaState, current: BpaState, bucket: string): Plan {
  const target = bpaRestored(before, after, current);
  if (sameJson(target, current.publicAccessBlock)) return { calls: [], removes: [], keeps: [], notes: [] };
  return {
    calls: [
      target === null
        ? { service: 's3', operation: 'DeletePublicAccessBlock', params: { Bucket: bucket }, purpose: 'remove the bucket-level Block Public Access configuration (there was none)' }
        : { service: 's3', operation: 'PutPublicAccessBlock', params: { Bucket: bucket, PublicAccessBlockConfiguration: toPabConfig(target) }, purpose: `put back Block Public Access as it was (${line(target)})` },
    ],
    removes: [],
    keeps: [],
    notes: [],
  };
}

export function bpaDiff(actual: BpaState, expected: BpaState): string[] {
  return sameJson(actual.publicAccessBlock, expected.publicAccessBlock) ? [] : [`Block Public Access is ${line(actual.publicAccessBlock)}, expected ${line(expected.publicAccessBlock)}`];
}

/**
 * s3-block-public-access: turns on bucket-level Block Public Access. It never turns a setting off, and
 * leaves the account-level configuration alone. Undo puts the previous bucket-level configuration back.
 */
export const s3BlockPublicAccess = defineAction<BpaState, Params>({
  id: 's3-block-public-access',
  title: 'Turn on bucket-level Block Public Access',
  description:
    's3:PutPublicAccessBlock on the bucket with the four settings (all on by default; a setting already on is never turned off). The response of aws-s3-bucket-public-access-block-disabled, and used by s3-remove-public-access with blockPublicAccess: true. Undo: s3:PutPublicAccessBlock with the previous settings, or s3:DeletePublicAccessBlock when there were none.',
  resourceTypes: ['aws.s3.bucket'],
  evidenceKinds: ['*'],
  sdk: [s3Sdk({ GetPublicAccessBlockCommand, PutPublicAccessBlockCommand, DeletePublicAccessBlockCommand })],
  permissions: ['s3:GetBucketPublicAccessBlock', 's3:PutBucketPublicAccessBlock'],
  params,
  reversible: true,

  fromResource(resource) {
    const c = resource.config as Partial<S3BucketConfig>;
    return c.publicAccessBlock === undefined ? undefined : { publicAccessBlock: c.publicAccessBlock };
  },
  capture: (api, t) => captureBucket(async () => ({ publicAccessBlock: await readPublicAccessBlock(api, t.id) })),
  drift(current, _evidence, reference) {
    return reference && !sameJson(reference, current) ? 'Block Public Access changed since the scan' : undefined;
  },
  plan: (current, _evidence, p, t) => bpaPlan(current, p, t.id),
  expected: (before, _evidence, p) => ({ publicAccessBlock: target(before.publicAccessBlock, p) }),
  diff: bpaDiff,
  undo: (before, after, current, t) => bpaUndo(before, after, current, t.id),
  expectedUndo: (before, after, current) => ({ publicAccessBlock: bpaRestored(before, after, current) }),
});

export { params as bpaParams };
