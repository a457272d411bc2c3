import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../app/report.ts';
import type { Finding } from '../core/finding.ts';
import { renderAsff } from './asff.ts';
import { csvCell, renderCsv } from './csv.ts';
import { renderJson } from './json.ts';
import { renderOcsf } from './ocsf.ts';
import { plural } from './plural.ts';
import { policyInfoMap, renderStored, textMatchingPolicies } from './stored.ts';
import { renderSummaryLine, renderTable } from './table.ts';

const resource = { type: 'aws.ec2.security-group', id: 'sg-1', arn: 'arn:aws:ec2:us-east-1:222222222222:security-group/sg-1', account: '222222222222', accountName: 'Production', region: 'us-east-1', name: 'file-share', tags: { Team: 'ops' } };
const fail: Finding = {
  policy: 'aws-ec2-sg-open-cifs-445',
  title: 'Security group exposes CIFS/SMB (445) to the internet',
  status: 'fail',
  severity: 'high',
  resource,
  evidence: [
    { id: 'sgr-a', kind: 'sg-rule', summary: 'tcp 445 from 0.0.0.0/0', data: {} },
    { id: 'sgr-b', kind: 'sg-rule', summary: 'tcp 445 from ::/0', data: {} },
  ],
};
const excluded: Finding = { ...fail, status: 'excluded', resource: { ...resource, id: 'sg-2', arn: resource.arn.replace('sg-1', 'sg-2') }, exclusion: { id: 'test-account', scope: 'global', reason: 'intended', matched: 'account name Test' } };
const error: Finding = { ...fail, status: 'error', evidence: [], error: 'config.ingress unknown: AccessDenied', resource: { ...resource, id: 'sg-3', arn: resource.arn.replace('sg-1', 'sg-3') } };
const pass: Finding = { ...fail, status: 'pass', evidence: [], resource: { ...resource, id: 'sg-4', arn: resource.arn.replace('sg-1', 'sg-4') } };
const report: ScanReport = {
  version: 1,
  findings: [fail, excluded, error, pass],
  summary: {
    startedAt: '2026-11-28T10:00:00.000Z',
    finishedAt: '2026-11-28T10:00:02.000Z',
    durationMs: 2000,
    accounts: [{ id: '222222222222', name: 'Production', regions: ['us-east-1'] }],
    policies: 1,
    resourceTypes: ['aws.ec2.security-group'],
    resources: 4,
    counts: { fail: 1, excluded: 1, error: 1, pass: 1 },
    failingBySeverity: { critical: 0, high: 1, medium: 0, low: 0, info: 0 },
    coverageGaps: [],
    expiredExclusions: [],
    apiCalls: { total: 3, byOperation: { 'ec2:DescribeSecurityGroupRules': 1 }, retries: 0, throttled: 0 },
    complete: true,
    exitCode: 1,
  },
};
const policies = new Map([['aws-ec2-sg-open-cifs-445', { description: 'SMB from anywhere', remediation: 'revoke the lines', frameworks: ['CIS-4.0:5.1.2'] }]]);

describe('outputs', () => {
  it('json leaves passes out unless asked', () => {
    expect(JSON.parse(renderJson(report)).findings).toHaveLength(3);
    expect(JSON.parse(renderJson(report, { includePassed: true })).findings).toHaveLength(4);
  });

  it('csv quotes and defuses formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('=cmd()')).toBe("'=cmd()");
    const lines = renderCsv(report.findings).trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('sgr-a sgr-b');
  });

  it('the table marks each violating part and says why excluded or errored', () => {
    const t = renderTable(report);
    expect(t).toContain('⚠ tcp 445 from 0.0.0.0/0  sgr-a');
    expect(t).toContain('⊘ EXCLUDED');
    expect(t).toContain('by test-account (account name Test): intended');
    expect(t).toContain('config.ingress unknown: AccessDenied');
    expect(t).toMatch(/Summary: 1 failing \(1 high\), 1 excluded, 1 error, 1 passed/);
  });

  it('ocsf: Compliance Finding events with compliance and finding status', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read back for assertions
    const events = JSON.parse(renderOcsf(report, policies)) as Record<string, any>[];
    expect(events).toHaveLength(3);
    const [f, x, e] = events;
    expect(f).toMatchObject({ class_uid: 2003, type_uid: 200301, severity_id: 4, status_id: 1, compliance: { status_id: 3, control: 'aws-ec2-sg-open-cifs-445', standards: ['CIS-4.0:5.1.2'] } });
    expect(f!.cloud.account).toMatchObject({ uid: '222222222222', name: 'Production' });
    expect(f!.resources[0].data.evidence.map((v: { id: string }) => v.id)).toEqual(['sgr-a', 'sgr-b']);
    expect(x).toMatchObject({ status_id: 3, status: 'Suppressed' });
    expect(e).toMatchObject({ compliance: { status_id: 0 } });
  });

  it('asff: Security Hub findings for BatchImportFindings', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read back for assertions
    const { Findings } = JSON.parse(renderAsff(report, policies)) as { Findings: Record<string, any>[] };
    expect(Findings).toHaveLength(3);
    expect(Findings[0]).toMatchObject({
      SchemaVersion: '2018-10-08',
      AwsAccountId: '222222222222',
      Severity: { Label: 'HIGH' },
      Compliance: { Status: 'FAILED', RelatedRequirements: ['CIS-4.0:5.1.2'] },
      Workflow: { Status: 'NEW' },
      Resources: [{ Type: 'AwsEc2SecurityGroup', Region: 'us-east-1', Tags: { Team: 'ops' } }],
    });
    expect(Findings[0]!.ProductFields['mamori/EvidenceIds']).toBe('sgr-a sgr-b');
    expect(Findings[1]!.Workflow.Status).toBe('SUPPRESSED');
    expect(Findings[2]!.Compliance.Status).toBe('NOT_AVAILABLE');
  });
});

describe('counts in words', () => {
  it('plural: one policy, two policies, one fix, two fixes, thousands grouped', () => {
    expect(plural(1, 'policy')).toBe('1 policy');
    expect(plural(2, 'policy')).toBe('2 policies');
    expect(plural(0, 'finding')).toBe('0 findings');
    expect(plural(2, 'fix')).toBe('2 fixes');
    expect(plural(3, 'day')).toBe('3 days');
    expect(plural(12_345, 'resource')).toBe('12,345 resources');
  });

  it('the scan summary line says "1 policy", "1 error", "1 API call"', () => {
    const one = { ...report, summary: { ...report.summary, policies: 1, resources: 1, apiCalls: { ...report.summary.apiCalls, total: 1 } } };
    const line = renderSummaryLine(one);
    expect(line).toContain('1 policy × 1 resource in 1 account × 1 region');
    expect(line).toContain('1 error,');
    expect(line).toContain('1 API call ·');
    expect(line).not.toMatch(/\b1 (policies|resources|accounts|regions|errors|API calls)\b/);
  });
});

describe('stored findings (mamori findings, the console export)', () => {
  const stored = { ...fail, id: 'f1', status: 'resolved', outcome: 'fail' as const, firstSeen: '2026-11-01T00:00:00.000Z', lastSeen: '2026-11-02T00:00:00.000Z', resolvedAt: '2026-11-03T00:00:00.000Z' };
  const info = policyInfoMap([{ id: fail.policy, description: 'SMB open', frameworks: ['CIS-4.0:5.1.2'] }]);

  it('OCSF carries the lifecycle: resolved, first and last seen', () => {
    const [e] = JSON.parse(renderStored('ocsf', [stored], info));
    expect(e).toMatchObject({ status_id: 4, status: 'Resolved', compliance: { status: 'Fail', standards: ['CIS-4.0:5.1.2'] }, finding_info: { first_seen_time: Date.parse(stored.firstSeen), last_seen_time: Date.parse(stored.lastSeen) } });
  });

  it('ASFF archives a resolved finding and keeps when it was first observed', () => {
    const { Findings } = JSON.parse(renderStored('asff', [stored, { ...stored, id: 'f2', status: 'open' }], info));
    expect(Findings[0]).toMatchObject({ RecordState: 'ARCHIVED', Workflow: { Status: 'RESOLVED' }, CreatedAt: stored.firstSeen, FirstObservedAt: stored.firstSeen, LastObservedAt: stored.lastSeen });
    expect(Findings[1]).toMatchObject({ RecordState: 'ACTIVE', Workflow: { Status: 'NOTIFIED' } });
  });

  it('JSON and CSV of none and of several are well formed', () => {
    expect(JSON.parse(renderStored('json', [], info))).toEqual({ findings: [] });
    expect(JSON.parse(renderStored('ocsf', [], info))).toEqual([]);
    expect(JSON.parse(renderStored('json', [stored, stored], info)).findings).toHaveLength(2);
    const csv = renderStored('csv', [stored], info).split('\r\n');
    expect(csv[0]).toMatch(/^id,lifecycle,/);
    expect(csv[1]).toMatch(/^f1,resolved,2026-11-01T00:00:00.000Z,2026-11-02T00:00:00.000Z,2026-11-03T00:00:00.000Z,aws-ec2-sg-open-cifs-445,fail,high,/);
  });

  it('text matches the policies whose framework ids contain it', () => {
    const policies = [
      { id: 'a', frameworks: ['CIS-4.0:5.1.2', 'Prowler:x'] },
      { id: 'b', frameworks: ['CIS-4.0:5.2'] },
    ];
    expect(textMatchingPolicies(policies, 'cis-4.0:5.1')).toEqual(['a']);
    expect(textMatchingPolicies(policies, 'CIS-4.0')).toEqual(['a', 'b']);
    expect(textMatchingPolicies(policies, '  ')).toEqual([]);
  });
});
