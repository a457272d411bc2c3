import { DeleteBucketPolicyCommand, GetBucketPolicyCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import type { Evidence } from '../../../core/finding.ts';
import { MamoriError } from '../../../core/errors.ts';
import type { S3BucketConfig } from '../../../resources/aws/s3/bucket.ts';
import { sameJson } from '../../compare.ts';
import { defineAction, type Plan } from '../../types.ts';
import { captureBucket, readPolicy, s3Sdk } from './common.ts';

/** The actions aws-s3-bucket-policy-cross-account-admin-actions is about (FSBP S3.6). */
export const ADMIN_ACTIONS = ['s3:DeleteBucketPolicy', 's3:PutBucketAcl', 's3:PutBucketPolicy', 's3:PutEncryptionConfiguration', 's3:PutObjectAcl'];
const ADMIN = new Set(ADMIN_ACTIONS.map((a) => a.toLowerCase()));

export interface AdminState {
  policy: string | null;
}

type Statement = Record<string, unknown>;
type Doc = Record<string, unknown> & { Statement?: unknown };
const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function parse(text: string): Doc {
  const d = JSON.parse(text) as unknown;
  if (!d || typeof d !== 'object' || Array.isArray(d)) throw new Error('the bucket policy is not a JSON object');
  return d as Doc;
}

function targets(evidence: readonly Evidence[]): { index: number; sid: string | null; statement: Statement }[] {
  return evidence.filter((e) => e.kind === 'policy-statement').map((e) => e.data as { index: number; sid: string | null; statement: Statement }).filter((d) => typeof d.index === 'number');
}

const name = (st: Statement, i: number) => `statement ${typeof st['Sid'] === 'string' && st['Sid'] ? st['Sid'] : `#${i}`}`;

/**
 * The policy with the admin actions taken out of the evidence statements (a statement left without actions goes);
 * `doc` null when no statement is left. A statement that grants them through a wildcard or NotAction cannot lose
 * just those actions: it is refused, naming it, rather than narrowed by guesswork.
 */
function rewrite(text: string, evidence: readonly Evidence[]): { doc: Doc | null; removes: string[]; keeps: string[] } {
  const doc = parse(text);
  const all = asList(doc.Statement) as Statement[];
  const wanted = new Map<number, Statement>();
  for (const t of targets(evidence)) if (sameJson(all[t.index], t.statement)) wanted.set(t.index, all[t.index]!);
  const out: Statement[] = [];
  const removes: string[] = [];
  const keeps: string[] = [];
  all.forEach((st, i) => {
    if (!wanted.has(i)) {
      out.push(st);
      keeps.push(name(st, i));
      return;
    }
    const actions = asList(st['Action']).filter((a): a is string => typeof a === 'string');
    const wild = actions.filter((a) => /[*?]/.test(a));
    if (st['NotAction'] !== undefined || wild.length) {
      throw new MamoriError('REMEDIATION_REFUSED', `${name(st, i)} grants ${st['NotAction'] !== undefined ? 'everything but its NotAction list' : wild.join(', ')} to another account: the admin actions cannot be taken out of a wildcard; list the actions the partner needs in the statement instead`);
    }
    const kept = actions.filter((a) => !ADMIN.has(a.toLowerCase()));
    const gone = actions.filter((a) => ADMIN.has(a.toLowerCase()));
    if (!gone.length) {
      out.push(st);
      keeps.push(name(st, i));
      return;
    }
    removes.push(`${gone.join(', ')} from ${name(st, i)}`);
    if (kept.length) {
      out.push({ ...st, Action: Array.isArray(st['Action']) || kept.length > 1 ? kept : kept[0] });
      keeps.push(`${name(st, i)} with ${kept.join(', ')}`);
    }
  });
  return { doc: out.length ? { ...doc, Statement: out } : null, removes, keeps };
}

const same = (a: string | null, b: string | null) => (a === null || b === null ? a === b : sameJson(parse(a), parse(b)));

/**
 * s3-remove-cross-account-admin-actions: takes s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutBucketPolicy,
 * s3:PutEncryptionConfiguration and s3:PutObjectAcl out of the statements that grant them to other accounts; a
 * statement left without actions goes, every other statement stays as it is. Undo puts the original policy back.
 */
export const s3RemoveCrossAccountAdminActions = defineAction<AdminState, Record<string, never>>({
  id: 's3-remove-cross-account-admin-actions',
  title: 'Take bucket administration away from other accounts',
  description:
    's3:PutBucketPolicy with the admin actions (s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutBucketPolicy, s3:PutEncryptionConfiguration, s3:PutObjectAcl) removed from the evidence statements; a statement left without actions is removed, every other statement and action stays. Refused for a statement that grants them through a wildcard or NotAction. s3:DeleteBucketPolicy only when no statement is left. Undo: s3:PutBucketPolicy with the original policy.',
  resourceTypes: ['aws.s3.bucket'],
  evidenceKinds: ['policy-statement'],
  sdk: [s3Sdk({ GetBucketPolicyCommand, PutBucketPolicyCommand, DeleteBucketPolicyCommand })],
  permissions: ['s3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
  params: z.strictObject({}),
  reversible: true,

  fromResource(resource) {
    const c = resource.config as Partial<S3BucketConfig>;
    return c.policy === undefined ? undefined : { policy: c.policy };
  },
  capture: (api, target) => captureBucket(async () => ({ policy: await readPolicy(api, target.id) })),
  drift(current, evidence, reference) {
    if (!targets(evidence).length) return undefined;
    if (current.policy === null) return 'the bucket no longer has a policy';
    const all = asList(parse(current.policy).Statement);
    for (const t of targets(evidence)) if (!sameJson(all[t.index], t.statement)) return `statement ${t.sid ?? `#${t.index}`} is no longer in the policy as scanned`;
    return reference && !same(reference.policy, current.policy) ? 'the bucket policy changed since the scan' : undefined;
  },
  plan(current, evidence, _p, target): Plan {
    if (current.policy === null || !targets(evidence).length) return { calls: [], removes: [], keeps: [], notes: [] };
    const r = rewrite(current.policy, evidence);
    if (!r.removes.length) return { calls: [], removes: [], keeps: r.keeps, notes: [] };
    return {
      calls: [
        r.doc === null
          ? { service: 's3', operation: 'DeleteBucketPolicy', params: { Bucket: target.id }, purpose: 'delete the policy: no statement is left' }
          : { service: 's3', operation: 'PutBucketPolicy', params: { Bucket: target.id, Policy: JSON.stringify(r.doc) }, purpose: 'rewrite the policy without the cross-account admin actions' },
      ],
      removes: r.removes,
      keeps: r.keeps.length ? r.keeps : ['(no other statement)'],
      notes: [],
    };
  },
  expected(before, evidence) {
    if (before.policy === null || !targets(evidence).length) return before;
    const r = rewrite(before.policy, evidence);
    return r.removes.length ? { policy: r.doc === null ? null : JSON.stringify(r.doc) } : before;
  },
  diff: (actual, expected) => (same(actual.policy, expected.policy) ? [] : [actual.policy === null ? 'the bucket has no policy' : 'the bucket policy differs from the expected one']),
  undo(before, after, current, target) {
    if (same(current.policy, before.policy) || before.policy === null) return { calls: [], removes: [], keeps: [], notes: [] };
    const notes = same(current.policy, after.policy) ? [] : ['the policy changed since the fix: the original policy replaces it'];
    return { calls: [{ service: 's3', operation: 'PutBucketPolicy', params: { Bucket: target.id, Policy: before.policy }, purpose: 'put the original policy back' }], removes: [], keeps: [], notes };
  },
  expectedUndo: (before) => before,
});
