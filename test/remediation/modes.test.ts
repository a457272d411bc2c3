/** Response modes as the runner sees them: the policy's own, overridden by `responses` and per account. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/app/config.ts';
import { modeResolver } from '../../src/app/remediate.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { changeRequests } from '../../src/remediation/requests.ts';
import type { Finding } from '../../src/core/finding.ts';

const policies = loadBuiltinPolicies();
const config = parseConfig(
  `
responses:
  aws-ec2-sg-open-*: approve
  aws-ec2-sg-open-ssh-22: off
accounts:
  - match: [Development]
    responses:
      aws-ec2-sg-open-*: auto
  - match: ["4444*"]
    responses:
      "*": off
`,
  'modes.yaml',
);
const finding = (policy: string, account: string, accountName?: string): Finding => ({
  policy,
  title: policy,
  status: 'fail',
  severity: 'high',
  resource: { type: 'aws.ec2.security-group', id: `sg-${account}`, arn: `arn:aws:ec2:us-east-1:${account}:security-group/sg-${account}`, account, ...(accountName ? { accountName } : {}), region: 'us-east-1', tags: {} },
  evidence: [{ id: 'sgr-1', kind: 'sg-rule', summary: '', data: {} }],
});

describe('response modes: policy, config, per account', () => {
  it('resolves the most specific rule and plans only the modes asked for', () => {
    const modeOf = modeResolver(config);
    const rdp = policies.find((p) => p.id === 'aws-ec2-sg-open-rdp-3389')!;
    const ssh = policies.find((p) => p.id === 'aws-ec2-sg-open-ssh-22')!;
    const rds = policies.find((p) => p.id === 'aws-rds-snapshot-public')!;
    expect(modeOf(rdp, { id: '111111111111' })).toBe('approve');
    expect(modeOf(ssh, { id: '111111111111' })).toBe('off');
    expect(modeOf(rdp, { id: '333333333333', name: 'Development' })).toBe('auto');
    expect(modeOf(rdp, { id: '444444444444' })).toBe('off');
    expect(modeOf(rds, { id: '111111111111' })).toBe('notify');

    const findings = [finding('aws-ec2-sg-open-rdp-3389', '111111111111'), finding('aws-ec2-sg-open-rdp-3389', '333333333333', 'Development'), finding('aws-ec2-sg-open-rdp-3389', '444444444444')];
    const auto = changeRequests(findings, policies, { modeOf, modes: ['auto'] });
    expect(auto.requests.map((r) => r.resource.account)).toEqual(['333333333333']);
    expect(auto.notPlanned.map((n) => [n.resource.account, n.reason, n.why])).toEqual([
      ['111111111111', 'mode', 'response mode approve'],
      ['444444444444', 'off', 'response mode off'],
    ]);
  });
});
