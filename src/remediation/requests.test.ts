import { describe, expect, it } from 'vitest';
import type { Evidence, Finding } from '../core/finding.ts';
import { loadBuiltinPolicies } from '../engine/loader.ts';
import type { Policy } from '../engine/policy.ts';
import { changeRequests } from './requests.ts';

const policies = loadBuiltinPolicies();
const ref = (id: string, account = '111111111111') => ({ type: 'aws.s3.bucket', id, arn: `arn:aws:s3:::${id}`, account, region: 'us-east-1', tags: {} });
const ev = (id: string): Evidence => ({ id, kind: id.startsWith('grant') ? 'acl-grant' : 'policy-statement', summary: id, data: {} });
const finding = (policy: string, id: string, evidence: string[], extra: Partial<Finding> = {}): Finding => ({ policy, title: policy, status: 'fail', severity: 'critical', resource: ref(id), evidence: evidence.map(ev), ...extra });
const notify = { modeOf: (p: Policy) => p.response.mode, modes: ['notify', 'approve', 'auto'] as const };

describe('changeRequests: which findings a run acts on', () => {
  it('merges the findings of several policies on one resource and action into one change with the union of evidence', () => {
    const { requests } = changeRequests(
      [
        finding('aws-s3-bucket-world-readable', 'b', ['grant:AllUsers:READ', 'statement:Public']),
        finding('aws-s3-bucket-publicly-writable', 'b', ['grant:AllUsers:WRITE']),
        finding('aws-s3-bucket-policy-unrestricted-access', 'b', ['statement:Public']),
      ],
      policies,
      notify,
    );
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ action: 's3-remove-public-access', policies: ['aws-s3-bucket-policy-unrestricted-access', 'aws-s3-bucket-publicly-writable', 'aws-s3-bucket-world-readable'] });
    expect(requests[0]!.evidence.map((e) => e.id)).toEqual(['grant:AllUsers:READ', 'statement:Public', 'grant:AllUsers:WRITE']);
  });

  it('never plans excluded or erroneous findings, and says why', () => {
    const { requests, notPlanned } = changeRequests(
      [
        finding('aws-s3-bucket-world-readable', 'kept', ['grant:AllUsers:READ'], { status: 'excluded', exclusion: { id: 'keep', scope: 'global', reason: 'public website', matched: 'resource kept' } }),
        finding('aws-s3-bucket-world-readable', 'broken', [], { status: 'error', error: 'AccessDenied' }),
        finding('aws-s3-bucket-world-readable', 'pass', [], { status: 'pass' }),
      ],
      policies,
      notify,
    );
    expect(requests).toEqual([]);
    expect(notPlanned.map((n) => [n.reason, n.resource.id])).toEqual([
      ['excluded', 'kept'],
      ['error', 'broken'],
    ]);
    expect(notPlanned[0]!.why).toContain('keep');
  });

  it('respects the response mode per policy and account: off is never planned, other modes only when asked for', () => {
    const modeOf = (p: Policy, a: { id: string }) => (a.id === '222222222222' ? 'off' : p.id === 'aws-s3-bucket-world-readable' ? 'auto' : 'approve');
    const findings = [finding('aws-s3-bucket-world-readable', 'a', ['grant:AllUsers:READ']), finding('aws-s3-bucket-unencrypted', 'a', ['path:config.encryption']), { ...finding('aws-s3-bucket-world-readable', 'p', ['grant:AllUsers:READ']), resource: ref('p', '222222222222') }];
    const auto = changeRequests(findings, policies, { modeOf, modes: ['auto'] });
    expect(auto.requests.map((r) => [r.resource.id, r.action, r.mode])).toEqual([['a', 's3-remove-public-access', 'auto']]);
    expect(auto.notPlanned.map((n) => [n.resource.id, n.reason])).toEqual([
      ['a', 'mode'],
      ['p', 'off'],
    ]);
  });
});
