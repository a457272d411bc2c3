/** What a verified change proves about its findings (`observationOf`): the fix's and the undo's side of the lifecycle. */
import { describe, expect, it } from 'vitest';
import { observationOf } from '../../src/app/remediate.ts';
import type { Evidence } from '../../src/core/finding.ts';
import type { JournalEntry, StoredFinding } from '../../src/store/index.ts';

const resource = { type: 'aws.ec2.security-group', id: 'sg-1', arn: 'arn:aws:ec2:us-east-1:111111111111:security-group/sg-1', account: '111111111111', region: 'us-east-1', tags: {} };
const ev = (id: string): Evidence => ({ id, kind: 'sg-rule', summary: `rule ${id}`, data: {} });

function entry(evidence: Evidence[], undoOf?: number): JournalEntry {
  return {
    id: 5,
    policy: 'p1',
    resource,
    action: 'revoke-open-ingress',
    status: 'verified',
    params: { mode: 'approve', policies: ['p1'], severity: 'high', evidence, actionParams: {} },
    plannedCalls: [],
    createdAt: '2026-12-06T00:00:00.000Z',
    updatedAt: '2026-12-06T00:00:00.000Z',
    ...(undoOf !== undefined ? { undoOf } : {}),
  };
}

function stored(status: StoredFinding['status'], evidence: Evidence[]): StoredFinding {
  return { id: 'f1', policy: 'p1', title: 'Open', status, outcome: status === 'resolved' ? 'pass' : 'fail', severity: 'high', resource, evidence, firstSeen: 'x', lastSeen: 'x' };
}

describe('a verified fix', () => {
  it('passes a failing finding whose every failing part it removed', () => {
    expect(observationOf(entry([ev('a'), ev('b')]), [stored('open', [ev('a'), ev('b')])])).toEqual([expect.objectContaining({ policy: 'p1', status: 'pass' })]);
  });

  it('keeps a finding failing, with the parts it did not remove', () => {
    const [f] = observationOf(entry([ev('a')]), [stored('new', [ev('a'), ev('b')])]);
    expect(f).toMatchObject({ status: 'fail', evidence: [ev('b')] });
  });

  it('leaves excluded, errored, resolved and unknown findings to the next scan', () => {
    expect(observationOf(entry([ev('a')]), [stored('excluded', [ev('a')]), stored('error', []), stored('resolved', [ev('a')]), undefined])).toEqual([]);
  });
});

describe('a verified undo', () => {
  it('fails a resolved finding again with the parts it put back', () => {
    expect(observationOf(entry([ev('a')], 4), [stored('resolved', [ev('a')])])).toEqual([expect.objectContaining({ status: 'fail', evidence: [ev('a')] })]);
  });

  it('adds the parts it put back to a finding that was still failing with others', () => {
    const [f] = observationOf(entry([ev('a')], 4), [stored('open', [ev('b')])]);
    expect(f).toMatchObject({ status: 'fail', evidence: [ev('b'), ev('a')] });
  });

  it('leaves an excluded finding as it is', () => {
    expect(observationOf(entry([ev('a')], 4), [stored('excluded', [ev('a')])])).toEqual([]);
  });
});
