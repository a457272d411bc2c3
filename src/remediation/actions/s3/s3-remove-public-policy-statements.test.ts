import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../../core/finding.ts';
import type { ResourceRef } from '../../../core/resource.ts';
import { compile } from '../../../engine/compile.ts';
import { evaluate } from '../../../engine/evaluate.ts';
import { validatePolicy } from '../../../engine/policy.ts';
import type { RemediationAction } from '../../types.ts';
import { s3RemovePublicPolicyStatements, withoutPublicPrincipal, type PolicyState } from './s3-remove-public-policy-statements.ts';

const action = s3RemovePublicPolicyStatements as unknown as RemediationAction<PolicyState, { wholeStatement: boolean }>;
const target: ResourceRef = { type: 'aws.s3.bucket', id: 'b', arn: 'arn:aws:s3:::b', account: '111111111111', region: 'us-east-1', tags: {} };
const policy = validatePolicy({ id: 'p', title: 'p', description: 'p', severity: 'high', resource: 'aws.s3.bucket', condition: { matcher: 's3-public-policy', access: 'any' } });
const compiled = compile([policy]);

function evidenceOf(text: string): Evidence[] {
  const resource = { ...target, config: { name: 'b', location: 'us-east-1', policy: text, publicAccessBlock: null, accountPublicAccessBlock: null }, related: [] };
  return evaluate(compiled, [resource]).findings[0]!.evidence;
}
const state = (doc: unknown): PolicyState => ({ policy: doc === null ? null : JSON.stringify(doc), publicAccessBlock: null });
const parse = (s: PolicyState) => (s.policy === null ? null : JSON.parse(s.policy));

const PRINCIPALS: unknown[] = ['*', { AWS: '*' }, { AWS: ['*', 'arn:aws:iam::333333333333:root'] }, { AWS: 'arn:aws:iam::333333333333:root' }, { Service: 'logging.s3.amazonaws.com' }, { AWS: ['*'], Service: 'x.amazonaws.com' }];
const statement = fc.record({
  Effect: fc.constantFrom('Allow', 'Deny'),
  Principal: fc.constantFrom(...PRINCIPALS),
  Action: fc.constantFrom('s3:GetObject', 's3:PutObject', 's3:*'),
  Resource: fc.constant('arn:aws:s3:::b/*'),
  Condition: fc.option(fc.constant({ StringEquals: { 'aws:PrincipalOrgID': 'o-1' } }), { nil: undefined }),
});
const docArb = fc.array(statement, { minLength: 1, maxLength: 6 }).map((Statement) => ({ Version: '2012-10-17', Statement: Statement.map((s) => JSON.parse(JSON.stringify(s)) as Record<string, unknown>) }));

describe('s3-remove-public-policy-statements: plan and undo (pure)', () => {
  it('withoutPublicPrincipal keeps named principals, and drops the statement when only "*" was there', () => {
    expect(withoutPublicPrincipal({ Principal: { AWS: ['*', 'arn:x'] } })).toEqual({ Principal: { AWS: ['arn:x'] } });
    expect(withoutPublicPrincipal({ Principal: { AWS: '*', Service: 's' } })).toEqual({ Principal: { Service: 's' } });
    expect(withoutPublicPrincipal({ Principal: '*' })).toBeUndefined();
    expect(withoutPublicPrincipal({ Principal: { AWS: ['*'] } })).toBeUndefined();
    expect(withoutPublicPrincipal({ NotPrincipal: { AWS: 'arn:x' } })).toBeUndefined();
  });

  it('removes only what the evidence names; the policy passes afterwards; undo is exact, and --force keeps later additions', () => {
    fc.assert(
      fc.property(docArb, fc.array(statement, { maxLength: 2 }), (doc, added) => {
        const before = state(doc);
        const evidence = evidenceOf(before.policy!);
        const after = action.expected(before, evidence, { wholeStatement: false });
        const flagged = new Set(evidence.map((e) => (e.data as { index: number }).index));
        const kept = doc.Statement.filter((_, i) => !flagged.has(i));
        const afterDoc = parse(after);
        if (!evidence.length) expect(after).toEqual(before);
        else if (afterDoc === null) expect(kept.every((_, i) => flagged.has(i))).toBe(true);
        else {
          // Every unflagged statement is still there, in order; flagged ones are gone or lost only their "*".
          expect(afterDoc.Statement.filter((s: unknown) => kept.some((k) => JSON.stringify(k) === JSON.stringify(s)))).toEqual(kept);
          expect(evidenceOf(after.policy!)).toEqual([]);
        }
        const plan = action.plan(before, evidence, { wholeStatement: false }, target);
        expect(plan.calls.length).toBe(evidence.length ? 1 : 0);
        if (!evidence.length) return;
        // Undo right after: the original text back.
        expect(action.expectedUndo!(before, after, after)).toEqual(before);
        // Undo --force after someone added statements: the removed parts come back, the additions stay.
        const current = state(afterDoc === null ? { Version: '2012-10-17', Statement: added } : { ...afterDoc, Statement: [...afterDoc.Statement, ...added] });
        if (current.policy && parse(current).Statement.length === 0) return;
        const restored = parse(action.expectedUndo!(before, after, current));
        for (const st of doc.Statement) expect(restored.Statement).toContainEqual(st);
        for (const st of added) expect(restored.Statement).toContainEqual(JSON.parse(JSON.stringify(st)));
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('with wholeStatement removes a mixed-principal statement entirely', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ['*', 'arn:aws:iam::333333333333:root'] }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] };
    const before = state(doc);
    const ev = evidenceOf(before.policy!);
    expect(action.plan(before, ev, { wholeStatement: true }, target).calls).toEqual([{ service: 's3', operation: 'DeleteBucketPolicy', params: { Bucket: 'b' }, purpose: expect.any(String) }]);
    expect(action.plan(before, ev, { wholeStatement: false }, target).calls[0]!.operation).toBe('PutBucketPolicy');
  });
});
