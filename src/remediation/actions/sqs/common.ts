/**
 * The shared shape of the "remove the public statements" actions of SQS queues, SNS topics and KMS keys: the
 * resource policy rewritten without the statements the evidence names (or only their `*` principal where they name
 * other principals too, as the S3 action does), every other statement kept as it is; undo puts the original
 * document back (the removed statements re-inserted where the policy changed since).
 */
import type { Evidence } from '../../../core/finding.ts';
import type { ResourceRef } from '../../../core/resource.ts';
import { MamoriError } from '../../../core/errors.ts';
import { canonical, sameJson } from '../../compare.ts';
import type { SdkUse } from '../../kit/sdk.ts';
import { defineAction, type AnyAction, type ApiCall, type AwsApi, type Plan } from '../../types.ts';
import { withoutPublicPrincipal } from '../s3/s3-remove-public-policy-statements.ts';
import { z } from 'zod';

/** The resource's policy document as JSON text; `null` when it has none. */
export interface PolicyState {
  policy: string | null;
  /** Where the write must go when the resource's id is not enough (an SQS queue's URL, as GetQueueUrl answers it). */
  address?: string;
}

type Statement = Record<string, unknown>;
type Doc = Record<string, unknown>;

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function parse(text: string): Doc {
  const d = JSON.parse(text) as unknown;
  if (!d || typeof d !== 'object' || Array.isArray(d)) throw new Error('the policy is not a JSON object');
  return d as Doc;
}
const statementsOf = (d: Doc) => list(d['Statement']) as Statement[];

function wanted(evidence: readonly Evidence[]): { index: number; sid: string | null; statement: Statement }[] {
  return evidence.filter((e) => e.kind === 'policy-statement').map((e) => e.data as { index: number; sid: string | null; statement: Statement }).filter((d) => typeof d?.index === 'number');
}

function label(st: Statement, i: number): string {
  const sid = typeof st['Sid'] === 'string' && st['Sid'] ? st['Sid'] : `#${i}`;
  const actions = st['Action'] !== undefined ? list(st['Action']).join(', ') : `all but ${list(st['NotAction']).join(', ')}`;
  const who = st['NotPrincipal'] !== undefined ? `everyone but ${JSON.stringify(st['NotPrincipal'])}` : typeof st['Principal'] === 'string' ? st['Principal'] : JSON.stringify(st['Principal']);
  return `statement ${sid}: ${String(st['Effect'])} ${actions} to ${who}`;
}

/** The document without the evidence statements (or their `*` principal); `doc` null when no statement is left. */
function rewrite(text: string, evidence: readonly Evidence[]): { doc: Doc | null; removes: string[]; keeps: string[] } {
  const doc = parse(text);
  const all = statementsOf(doc);
  const targets = new Set(wanted(evidence).filter((w) => sameJson(all[w.index], w.statement)).map((w) => w.index));
  const out: Statement[] = [];
  const removes: string[] = [];
  const keeps: string[] = [];
  all.forEach((st, i) => {
    if (!targets.has(i)) {
      out.push(st);
      keeps.push(label(st, i));
      return;
    }
    const trimmed = withoutPublicPrincipal(st);
    if (trimmed) {
      out.push(trimmed);
      removes.push(`principal "*" of ${label(st, i)}`);
      keeps.push(`${label(trimmed, i)} (its other principals)`);
    } else removes.push(label(st, i));
  });
  return { doc: out.length ? { ...doc, Statement: out } : null, removes, keeps };
}

/** The original statements put back on top of `current` (exactly `before` when nothing else changed since the fix). */
function restored(before: string | null, after: string | null, current: string | null): string | null {
  if (before === null) return current;
  if (current === after || (current !== null && after !== null && sameJson(parse(current), parse(after)))) return before;
  const afterList = after === null ? [] : statementsOf(parse(after)).map(canonical);
  const cur = current === null ? { Version: parse(before)['Version'] ?? '2012-10-17' } : parse(current);
  const sts = statementsOf(cur);
  statementsOf(parse(before)).forEach((st, i) => {
    if (sts.some((x) => sameJson(x, st)) || afterList.includes(canonical(st))) return;
    const trimmed = withoutPublicPrincipal(st);
    const at = trimmed ? sts.findIndex((x) => sameJson(x, trimmed)) : -1;
    if (at >= 0) sts[at] = st;
    else sts.splice(Math.min(i, sts.length), 0, st);
  });
  return JSON.stringify({ ...cur, Statement: sts });
}

export interface PolicyStatementsSpec {
  id: string;
  title: string;
  description: string;
  resourceType: string;
  /** The first use sends the write. */
  sdk: readonly SdkUse[];
  read(api: AwsApi, target: ResourceRef): Promise<PolicyState | null>;
  fromResource(config: Record<string, unknown>): PolicyState | undefined;
  /** The call that sets `policy`; `null` asks for the resource to have no policy (refuse by throwing where AWS cannot). */
  write(policy: string | null, target: ResourceRef, purpose: string, current: PolicyState): ApiCall;
}

/** A "remove the public statements" action over one resource type; see the module comment. */
export function policyStatementsAction(spec: PolicyStatementsSpec): AnyAction {
  const call = (policy: string | null, target: ResourceRef, purpose: string, current: PolicyState) => spec.write(policy, target, purpose, current);
  return defineAction<PolicyState, Record<string, never>>({
    id: spec.id,
    title: spec.title,
    description: spec.description,
    resourceTypes: [spec.resourceType],
    evidenceKinds: ['policy-statement'],
    sdk: spec.sdk,
    permissions: [...new Set(spec.sdk.flatMap((u) => [...u.permissions.values()]))].sort(),
    params: z.strictObject({}) as unknown as z.ZodType<Record<string, never>>,
    reversible: true,
    fromResource: (r) => spec.fromResource(r.config),
    capture: (api, target) => spec.read(api, target),
    drift(current, evidence, reference) {
      const w = wanted(evidence);
      if (!w.length) return undefined;
      if (current.policy === null) return 'the resource no longer has a policy';
      let doc: Doc;
      try {
        doc = parse(current.policy);
      } catch (e) {
        return `the policy cannot be parsed: ${(e as Error).message}`;
      }
      const all = statementsOf(doc);
      for (const x of w) if (!sameJson(all[x.index], x.statement)) return `statement ${x.sid ?? `#${x.index}`} is no longer in the policy as scanned`;
      // The write replaces the whole document: a change elsewhere in it would be overwritten.
      if (reference?.policy && !sameJson(parse(reference.policy), doc)) return 'the policy changed since the scan';
      return undefined;
    },
    plan(current, evidence, _p, target): Plan {
      if (current.policy === null || !wanted(evidence).length) return { calls: [], removes: [], keeps: [], notes: ['nothing violates'] };
      const r = rewrite(current.policy, evidence);
      if (!r.removes.length) return { calls: [], removes: [], keeps: r.keeps, notes: ['nothing violates'] };
      const text = r.doc === null ? null : JSON.stringify(r.doc);
      return { calls: [call(text, target, `rewrite the policy without ${r.removes.length} public statement${r.removes.length === 1 ? '' : 's'}`, current)], removes: r.removes, keeps: r.keeps.length ? r.keeps : ['(no other statement)'], notes: [] };
    },
    expected(before, evidence) {
      if (before.policy === null || !wanted(evidence).length) return before;
      const r = rewrite(before.policy, evidence);
      return r.removes.length ? { ...before, policy: r.doc === null ? null : JSON.stringify(r.doc) } : before;
    },
    diff(actual, expected) {
      if (actual.policy === null || expected.policy === null) return actual.policy === expected.policy ? [] : [actual.policy === null ? 'the resource has no policy, expected one' : 'the resource has a policy, expected none'];
      return sameJson(parse(actual.policy), parse(expected.policy)) ? [] : ['the policy differs from the expected one'];
    },
    undo(before, after, current, target) {
      const text = restored(before.policy, after.policy, current.policy);
      const same = text === current.policy || (text !== null && current.policy !== null && sameJson(parse(text), parse(current.policy)));
      if (same || text === null) return { calls: [], removes: [], keeps: [], notes: ['the original policy is already there'] };
      return { calls: [call(text, target, 'put the removed statements back', current)], removes: [], keeps: current.policy === null ? [] : statementsOf(parse(current.policy)).map(label), notes: [] };
    },
    expectedUndo(before, after, current) {
      return { ...current, policy: restored(before.policy, after.policy, current.policy) };
    },
  });
}

/** Thrown by a `write` where AWS cannot leave the resource without a policy. */
export function noEmptyPolicy(what: string): never {
  throw new MamoriError('USAGE', `removing the public statements would leave ${what} without any statement, which AWS does not accept: edit the policy by hand`);
}
