import { DeleteBucketPolicyCommand, GetBucketPolicyCommand, GetPublicAccessBlockCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import type { PublicAccessBlock, S3BucketConfig } from '../../../resources/configs.ts';
import type { Evidence } from '../../../core/finding.ts';
import { canonical, sameJson } from '../../compare.ts';
import { defineAction, type ApiCall, type Plan } from '../../types.ts';
import { captureBucket, readPolicy, readPublicAccessBlock, s3Sdk } from './common.ts';

/** The bucket policy as S3 returns it (JSON text, `null` when none); `publicAccessBlock` is context for notes. */
export interface PolicyState {
  policy: string | null;
  publicAccessBlock: PublicAccessBlock | null;
}

type Statement = Record<string, unknown>;
interface PolicyDoc {
  [key: string]: unknown;
  Statement?: unknown;
}

const params = z.strictObject({
  /** Remove the whole statement even when it also names other principals (default: only the `*` principal goes then). */
  wholeStatement: z.boolean().default(false),
});
type Params = z.infer<typeof params>;

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function parse(text: string): PolicyDoc {
  const doc = JSON.parse(text) as unknown;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('the bucket policy is not a JSON object');
  return doc as PolicyDoc;
}

function statements(doc: PolicyDoc): Statement[] {
  return asList(doc.Statement) as Statement[];
}

function evidenceStatements(evidence: readonly Evidence[]): { index: number; sid: string | null; statement: Statement }[] {
  return evidence
    .filter((e) => e.kind === 'policy-statement')
    .map((e) => e.data as { index: number; sid: string | null; statement: Statement })
    .filter((d) => typeof d.index === 'number');
}

/**
 * The statement without its public principal, when it also names others (`{"AWS": ["*", "arn:…:root"]}` keeps the
 * account); undefined when the statement must go as a whole (`"*"`, `{"AWS": "*"}` alone, or a NotPrincipal).
 */
export function withoutPublicPrincipal(st: Statement): Statement | undefined {
  if (st['NotPrincipal'] !== undefined) return undefined;
  const p = st['Principal'];
  if (!p || typeof p !== 'object' || Array.isArray(p)) return undefined;
  const principal = { ...(p as Record<string, unknown>) };
  const aws = asList(principal['AWS']).filter((x) => x !== '*');
  if (aws.length) principal['AWS'] = aws.length === 1 && !Array.isArray(principal['AWS']) ? aws[0] : aws;
  else delete principal['AWS'];
  if (Object.keys(principal).length === 0) return undefined;
  return { ...st, Principal: principal };
}

function label(st: Statement, index: number): string {
  const sid = typeof st['Sid'] === 'string' && st['Sid'] ? st['Sid'] : `#${index}`;
  const actions = st['Action'] !== undefined ? asList(st['Action']).join(', ') : `all but ${asList(st['NotAction']).join(', ')}`;
  const principal = st['NotPrincipal'] !== undefined ? `everyone but ${JSON.stringify(st['NotPrincipal'])}` : typeof st['Principal'] === 'string' ? st['Principal'] : JSON.stringify(st['Principal']);
  return `statement ${sid}: ${String(st['Effect'])} ${actions} to ${principal}`;
}

interface Rewrite {
  doc: PolicyDoc | null;
  removes: string[];
  keeps: string[];
}

/** The policy without the evidence statements (or their public principal); `doc` null when nothing is left. */
function rewrite(text: string, evidence: readonly Evidence[], p: Params): Rewrite {
  const doc = parse(text);
  const all = statements(doc);
  const targets = new Map<number, Statement>();
  for (const e of evidenceStatements(evidence)) {
    const st = all[e.index];
    if (st && sameJson(st, e.statement)) targets.set(e.index, st);
  }
  const out: Statement[] = [];
  const removes: string[] = [];
  const keeps: string[] = [];
  all.forEach((st, i) => {
    if (!targets.has(i)) {
      out.push(st);
      keeps.push(label(st, i));
      return;
    }
    const trimmed = p.wholeStatement ? undefined : withoutPublicPrincipal(st);
    if (trimmed) {
      out.push(trimmed);
      removes.push(`principal "*" of ${label(st, i)}`);
      keeps.push(`${label(trimmed, i)} (its other principals)`);
    } else removes.push(label(st, i));
  });
  if (out.length === 0) return { doc: null, removes, keeps };
  const next: PolicyDoc = { ...doc, Statement: out };
  return { doc: next, removes, keeps };
}

function policyDiff(actual: PolicyState, expected: PolicyState): string[] {
  if (actual.policy === null || expected.policy === null) {
    return actual.policy === expected.policy ? [] : [actual.policy === null ? 'the bucket has no policy, expected one' : 'the bucket has a policy, expected none'];
  }
  let a: PolicyDoc;
  let b: PolicyDoc;
  try {
    a = parse(actual.policy);
    b = parse(expected.policy);
  } catch {
    return actual.policy === expected.policy ? [] : ['the bucket policy differs'];
  }
  if (sameJson(a, b)) return [];
  const out: string[] = [];
  const as = statements(a).map(canonical);
  const bs = statements(b).map(canonical);
  bs.forEach((s, i) => {
    if (!as.includes(s)) out.push(`statement missing: ${label(statements(b)[i] as Statement, i)}`);
  });
  as.forEach((s, i) => {
    if (!bs.includes(s)) out.push(`statement not expected: ${label(statements(a)[i] as Statement, i)}`);
  });
  return out.length ? out : ['the bucket policy differs outside its statements'];
}

/** The policy with what the change removed put back on top of `current` (exactly `before` when nothing else changed). */
function restored(before: PolicyState, after: PolicyState, current: PolicyState): string | null {
  if (before.policy === null) return current.policy;
  if (sameJson(current.policy === null ? null : parse(current.policy), after.policy === null ? null : parse(after.policy))) return before.policy;
  // Changed since the fix (undo --force): re-insert what was removed, keep everything else as it is now.
  const b = statements(parse(before.policy));
  const afterList = after.policy === null ? [] : statements(parse(after.policy)).map(canonical);
  const cur = current.policy === null ? { Version: parse(before.policy).Version ?? '2012-10-17' } : parse(current.policy);
  const list = statements(cur);
  b.forEach((st, i) => {
    if (list.some((x) => sameJson(x, st))) return;
    if (afterList.includes(canonical(st))) return; // kept by the change and since removed by someone else: not ours to put back
    const trimmed = withoutPublicPrincipal(st);
    const at = trimmed ? list.findIndex((x) => sameJson(x, trimmed)) : -1;
    if (at >= 0) list[at] = st;
    else list.splice(Math.min(i, list.length), 0, st);
  });
  return JSON.stringify({ ...cur, Statement: list });
}

export async function readPolicyState(api: Parameters<typeof readPolicy>[0], bucket: string): Promise<PolicyState> {
  const [policy, publicAccessBlock] = await Promise.all([readPolicy(api, bucket), readPublicAccessBlock(api, bucket)]);
  return { policy, publicAccessBlock };
}

/**
 * s3-remove-public-policy-statements: rewrites the bucket policy without the evidence statements, or without just
 * their `*` principal when they also name other principals; every other statement stays as it is. The policy is
 * deleted only when no statement is left. Undo puts the original policy back.
 */
export const s3RemovePublicPolicyStatements = defineAction<PolicyState, Params>({
  id: 's3-remove-public-policy-statements',
  title: 'Remove the public bucket policy statements',
  description:
    's3:PutBucketPolicy with the policy rewritten without the public statements named by the evidence (or without only their "*" principal when they name other principals too); every other statement stays. s3:DeleteBucketPolicy only when no statement is left. Undo: s3:PutBucketPolicy with the statements put back.',
  resourceTypes: ['aws.s3.bucket'],
  evidenceKinds: ['policy-statement'],
  sdk: [s3Sdk({ GetBucketPolicyCommand, GetPublicAccessBlockCommand, PutBucketPolicyCommand, DeleteBucketPolicyCommand })],
  permissions: ['s3:GetBucketPolicy', 's3:GetBucketPublicAccessBlock', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
  params,
  reversible: true,

  fromResource(resource) {
    const c = resource.config as Partial<S3BucketConfig>;
    if (c.policy === undefined) return undefined;
    return { policy: c.policy, publicAccessBlock: c.publicAccessBlock ?? null };
  },

  capture: (api, target) => captureBucket(() => readPolicyState(api, target.id)),

  drift(current, evidence, reference) {
    const wanted = evidenceStatements(evidence);
    if (!wanted.length) return undefined;
    if (current.policy === null) return 'the bucket no longer has a policy';
    let doc: PolicyDoc;
    try {
      doc = parse(current.policy);
    } catch (e) {
      return `the bucket policy cannot be parsed: ${(e as Error).message}`;
    }
    const all = statements(doc);
    for (const w of wanted) {
      if (!sameJson(all[w.index], w.statement)) return `statement ${w.sid ?? `#${w.index}`} is no longer in the policy as scanned`;
    }
    // PutBucketPolicy replaces the whole document: a change elsewhere in it would be overwritten.
    if (reference && reference.policy !== null && !sameJson(parse(reference.policy), doc)) return 'the bucket policy changed since the scan';
    return undefined;
  },

  plan(current, evidence, p, target): Plan {
    if (current.policy === null || !evidenceStatements(evidence).length) return { calls: [], removes: [], keeps: current.policy === null ? [] : statements(parse(current.policy)).map(label), notes: [] };
    const r = rewrite(current.policy, evidence, p);
    if (!r.removes.length) return { calls: [], removes: [], keeps: r.keeps, notes: [] };
    const calls: ApiCall[] =
      r.doc === null
        ? [{ service: 's3', operation: 'DeleteBucketPolicy', params: { Bucket: target.id }, purpose: 'delete the policy: no statement is left without the public ones' }]
        : [{ service: 's3', operation: 'PutBucketPolicy', params: { Bucket: target.id, Policy: JSON.stringify(r.doc) }, purpose: `rewrite the policy without ${r.removes.length} public statement${r.removes.length === 1 ? '' : 's'}` }];
    return { calls, removes: r.removes, keeps: r.keeps.length ? r.keeps : ['(no other statement)'], notes: [] };
  },

  expected(before, evidence, p) {
    if (before.policy === null || !evidenceStatements(evidence).length) return before;
    const r = rewrite(before.policy, evidence, p);
    if (!r.removes.length) return before;
    return { ...before, policy: r.doc === null ? null : JSON.stringify(r.doc) };
  },

  diff: policyDiff,

  undo(before, after, current, target) {
    const text = restored(before, after, current);
    const notes: string[] = [];
    if (current.publicAccessBlock?.blockPublicPolicy) {
      notes.push('BlockPublicPolicy is on for the bucket and S3 refuses public policies while it is: restore Block Public Access first (undo that change first), or the call fails');
    }
    const same = text === current.policy || (text !== null && current.policy !== null && sameJson(parse(text), parse(current.policy)));
    return {
      calls: same || text === null ? [] : [{ service: 's3', operation: 'PutBucketPolicy', params: { Bucket: target.id, Policy: text }, purpose: 'put the removed statements back' }],
      removes: [],
      keeps: current.policy === null ? [] : statements(parse(current.policy)).map(label),
      notes,
    };
  },

  expectedUndo(before, after, current) {
    return { ...current, policy: restored(before, after, current) };
  },
});

