import { describe, expect, it } from 'vitest';
import { MamoriError } from '../core/errors.ts';
import { parseConfig, responseModeFor } from './config.ts';

function formatted(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof MamoriError) return e.format();
    throw e;
  }
  throw new Error('expected an error');
}

describe('mamori.yaml', () => {
  it('parses every section and the global exclusions', () => {
    const c = parseConfig(
      `aws: { regions: [eu-west-1], org: true, maxAttempts: 5 }
scan: { severity: high }
exclusions:
  - id: t
    reason: test
    policies: [aws-ec2-*]
    match: { account: [Test] }
responses: { "aws-ec2-*": approve, aws-rds-snapshot-public: auto }
accounts:
  - match: [Dev*]
    responses: { "*": auto }
remediation: { maxChanges: 3 }
`,
      'mamori.yaml',
    );
    expect(c.aws?.regions).toEqual(['eu-west-1']);
    expect(c.exclusions[0]).toMatchObject({ id: 't', policies: ['aws-ec2-*'], match: { account: ['Test'] } });
    expect(c.remediation?.maxChanges).toBe(3);
  });

  it('names file:line:column for a bad value inside an exclusion', () => {
    expect(formatted(() => parseConfig('exclusions:\n  - reason: r\n    match: { acount: [x] }\n', 'm.yaml'))).toMatch(/m\.yaml:3:14: .*unknown key "acount"/);
  });

  it('refuses an unknown response mode', () => {
    expect(formatted(() => parseConfig('responses: { x: sometimes }\n', 'm.yaml'))).toMatch(/m\.yaml:1:17: .*expected one of off, notify, approve, auto/);
  });
});

describe('responseModeFor: the most specific setting wins', () => {
  const config = parseConfig('responses: { "aws-ec2-*": approve, aws-ec2-sg-open-ssh-22: off }\naccounts:\n  - match: [Development]\n    responses: { "*": auto }\n', 'm.yaml');
  it('exact policy id over glob, config over the policy default', () => {
    expect(responseModeFor(config, 'aws-ec2-sg-open-ssh-22', 'notify')).toBe('off');
    expect(responseModeFor(config, 'aws-ec2-sg-open-rdp-3389', 'notify')).toBe('approve');
    expect(responseModeFor(config, 'aws-s3-bucket-unencrypted', 'notify')).toBe('notify');
  });
  it('per-account entries over the global ones, matched by account name', () => {
    expect(responseModeFor(config, 'aws-ec2-sg-open-rdp-3389', 'notify', { id: '3', name: 'Development' })).toBe('auto');
    expect(responseModeFor(config, 'aws-ec2-sg-open-rdp-3389', 'notify', { id: '2', name: 'Production' })).toBe('approve');
  });
});
