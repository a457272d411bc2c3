import { DeleteBucketPolicyCommand, GetBucketPolicyCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import type { S3BucketConfig } from '../../../resources/aws/s3/bucket.ts';
import { deniesInsecureTransport } from '../../../engine/filters/s3-insecure-transport.ts';
import { analyzeResourcePolicy } from '../../../engine/resource-policy.ts';
import { sameJson } from '../../compare.ts';
import { defineAction, type Plan } from '../../types.ts';
import { captureBucket, readPolicy, s3Sdk } from './common.ts';

/** The bucket policy as S3 returns it (JSON text), `null` when the bucket has none. */
export interface TransportState {
  policy: string | null;
  /** The bucket and its account: what the appended statement names (not compared). */
  bucket: string;
  account: string;
}

type Doc = Record<string, unknown> & { Statement?: unknown };
const list = (v: unknown): Record<string, unknown>[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]) as Record<string, unknown>[];

/** The statement this action appends: every S3 action on the bucket and its objects, denied to everyone over plain HTTP. */
export function secureTransportStatement(bucket: string, sid: string): Record<string, unknown> {
  return { Sid: sid, Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
}

function parse(text: string): Doc {
  const d = JSON.parse(text) as unknown;
  if (!d || typeof d !== 'object' || Array.isArray(d)) throw new Error('the bucket policy is not a JSON object');
  return d as Doc;
}

function enforced(policy: string | null, bucket: string, account: string): boolean {
  if (policy === null) return false;
  return analyzeResourcePolicy(policy, { account }).statements.some((s) => deniesInsecureTransport(s, bucket));
}

/** The policy with the Deny appended (a Sid not already used), every other statement and key as it was. */
function appended(policy: string | null, bucket: string): string {
  const doc: Doc = policy === null ? { Version: '2012-10-17' } : parse(policy);
  const statements = list(doc.Statement);
  const sids = new Set(statements.map((s) => s['Sid']));
  let sid = 'DenyInsecureTransport';
  for (let n = 2; sids.has(sid); n++) sid = `DenyInsecureTransport${n}`;
  return JSON.stringify({ ...doc, Statement: [...statements, secureTransportStatement(bucket, sid)] });
}

const same = (a: string | null, b: string | null) => (a === null || b === null ? a === b : sameJson(parse(a), parse(b)));

/**
 * s3-deny-insecure-transport: appends one statement to the bucket policy that denies every S3 action on the bucket
 * and its objects when the request is not over TLS (aws:SecureTransport false); every other statement stays as it
 * is (a bucket without a policy gets one with this statement only). Undo puts the previous policy back (deletes it
 * when there was none).
 */
export const s3DenyInsecureTransport = defineAction<TransportState, Record<string, never>>({
  id: 's3-deny-insecure-transport',
  title: 'Deny plain-HTTP requests in the bucket policy',
  description:
    's3:PutBucketPolicy with one statement appended: Deny s3:* to "*" on the bucket and its objects when aws:SecureTransport is false. Every other statement stays as it is. Undo: s3:PutBucketPolicy with the previous policy, or s3:DeleteBucketPolicy when the bucket had none.',
  resourceTypes: ['aws.s3.bucket'],
  evidenceKinds: ['setting'],
  sdk: [s3Sdk({ GetBucketPolicyCommand, PutBucketPolicyCommand, DeleteBucketPolicyCommand })],
  permissions: ['s3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
  params: z.strictObject({}),
  reversible: true,

  fromResource(resource) {
    const c = resource.config as Partial<S3BucketConfig>;
    return c.policy === undefined ? undefined : { policy: c.policy, bucket: resource.id, account: resource.account };
  },
  capture: (api, target) => captureBucket(async () => ({ policy: await readPolicy(api, target.id), bucket: target.id, account: target.account })),
  drift(current, _evidence, reference) {
    // PutBucketPolicy replaces the whole document: a change since the scan would be overwritten.
    return reference && !same(reference.policy, current.policy) ? 'the bucket policy changed since the scan' : undefined;
  },
  plan(current, _evidence, _p, target): Plan {
    const keeps = current.policy === null ? [] : list(parse(current.policy).Statement).map((s, i) => `statement ${String(s['Sid'] ?? `#${i}`)}`);
    if (enforced(current.policy, target.id, target.account)) return { calls: [], removes: [], keeps, notes: ['the policy already denies plain-HTTP requests'] };
    return {
      calls: [{ service: 's3', operation: 'PutBucketPolicy', params: { Bucket: target.id, Policy: appended(current.policy, target.id) }, purpose: 'append a Deny of s3:* when aws:SecureTransport is false' }],
      removes: ['requests over plain HTTP (accepted until now)'],
      keeps: keeps.length ? keeps : ['(no other statement)'],
      notes: [],
    };
  },
  expected(before) {
    return enforced(before.policy, before.bucket, before.account) ? before : { ...before, policy: appended(before.policy, before.bucket) };
  },
  diff: (actual, expected) => (same(actual.policy, expected.policy) ? [] : [actual.policy === null ? 'the bucket has no policy' : 'the bucket policy differs from the expected one']),
  undo(before, after, current, target) {
    if (same(current.policy, before.policy)) return { calls: [], removes: [], keeps: [], notes: [] };
    const notes = same(current.policy, after.policy) ? [] : ['the policy changed since the fix: the previous policy replaces it'];
    return {
      calls: [
        before.policy === null
          ? { service: 's3', operation: 'DeleteBucketPolicy', params: { Bucket: target.id }, purpose: 'delete the policy (the bucket had none)' }
          : { service: 's3', operation: 'PutBucketPolicy', params: { Bucket: target.id, Policy: before.policy }, purpose: 'put the previous policy back' },
      ],
      removes: ['the Deny of plain-HTTP requests'],
      keeps: [],
      notes,
    };
  },
  expectedUndo: (before) => before,
});
