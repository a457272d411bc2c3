import { describe, expect, it } from 'vitest';
import { isMamoriError } from '../core/index.ts';
import { compile } from './compile.ts';
import { evaluate, evaluateEach } from './evaluate.ts';
import type { Finding } from '../core/index.ts';
import { matchExclusion, parseExclusions, parseExclusionsYaml } from './exclusions.ts';
import { parsePolicy } from './policy.ts';
import { ingress, securityGroup } from './test-helpers.ts';

// The walkthrough: SMB open to the world, except in the account named Test and on groups used by
// instances tagged CASB-Audit=No.
const CIFS = parsePolicy(
  `id: cifs
title: CIFS open
description: SMB open to the internet.
severity: high
resource: aws.ec2.security-group
condition: {matcher: ingress-open, ports: [445], protocols: [tcp, udp]}
exclusions:
  - id: test-account
    reason: Test accounts may expose SMB
    owner: secops@example.com
    match: {account: Test}
  - reason: Audited file servers
    expires: 2027-03-31
    match:
      related: {type: aws.ec2.instance, tags: {CASB-Audit: "No"}}
`,
  'cifs.yaml',
);
const compiled = compile([CIFS]);
const open445 = [ingress('sgr-1', 'tcp', 445, 445, { cidrIpv4: '0.0.0.0/0' }), ingress('sgr-2', 'tcp', 445, 445, { cidrIpv6: '::/0' })];
const NOW = new Date('2026-06-01T12:00:00Z');

describe('exclusions: a failing resource that an exclusion matches', () => {
  it('is excluded by account name, keeping its evidence and saying which criterion matched', () => {
    const sg = securityGroup(open445, { account: '210987654321', accountName: 'Test' });
    const [f] = evaluate(compiled, [sg], { now: NOW }).findings;
    expect(f?.status).toBe('excluded');
    expect(f?.evidence.map((e) => e.id)).toEqual(['sgr-1', 'sgr-2']);
    expect(f?.exclusion).toEqual({ id: 'test-account', scope: 'policy', reason: 'Test accounts may expose SMB', owner: 'secops@example.com', matched: 'account name Test' });
  });

  it('is excluded by the tags of a related instance', () => {
    const sg = securityGroup(open445, {
      related: [
        { type: 'aws.ec2.instance', id: 'i-0aaa', tags: { 'CASB-Audit': 'Yes' } },
        { type: 'aws.ec2.instance', id: 'i-0abc', tags: { 'CASB-Audit': 'No' }, relation: 'used-by' },
      ],
    });
    const [f] = evaluate(compiled, [sg], { now: NOW }).findings;
    expect(f?.status).toBe('excluded');
    expect(f?.exclusion).toMatchObject({ scope: 'policy', expires: '2027-03-31', matched: 'related aws.ec2.instance i-0abc tag CASB-Audit=No' });
    expect(f?.exclusion?.id).toMatch(/^x-[0-9a-f]{16}$/);
  });

  it('does not apply to other accounts or to related resources without the tag', () => {
    const sg = securityGroup(open445, { accountName: 'Production', related: [{ type: 'aws.ec2.instance', id: 'i-0aaa' }] });
    expect(evaluate(compiled, [sg], { now: NOW }).findings[0]?.status).toBe('fail');
  });

  it('leaves a passing resource as pass', () => {
    const sg = securityGroup([], { accountName: 'Test' });
    expect(evaluate(compiled, [sg], { now: NOW }).findings[0]).toMatchObject({ status: 'pass', evidence: [] });
    expect(evaluate(compiled, [sg], { now: NOW }).findings[0]?.exclusion).toBeUndefined();
  });
});

describe('exclusions: expiry', () => {
  const tagged = securityGroup(open445, { related: [{ type: 'aws.ec2.instance', id: 'i-0abc', tags: { 'CASB-Audit': 'No' } }] });

  it('applies through the whole expiry day (UTC)', () => {
    expect(evaluate(compiled, [tagged], { now: new Date('2027-03-31T23:59:59Z') }).findings[0]?.status).toBe('excluded');
  });

  it('stops applying after it and is reported with the findings it would have excluded', () => {
    const result = evaluate(compiled, [tagged, tagged], { now: new Date('2027-04-01T00:00:00Z') });
    expect(result.findings.map((f) => f.status)).toEqual(['fail', 'fail']);
    expect(result.expiredExclusions).toEqual([
      { id: expect.stringMatching(/^x-/), scope: 'policy', policy: 'cifs', reason: 'Audited file servers', expires: '2027-03-31', wouldHaveExcluded: 2 },
    ]);
  });
});

describe('exclusions: when passes are only counted', () => {
  it('hands over the same excluded and failing findings and reports the same expired exclusions', () => {
    const excluded = securityGroup(open445, { account: '210987654321', accountName: 'Test' });
    const tagged = securityGroup(open445, { related: [{ type: 'aws.ec2.instance', id: 'i-0abc', tags: { 'CASB-Audit': 'No' } }] });
    const inventory = [excluded, securityGroup([], { id: 'sg-pass' }), tagged, securityGroup([], { id: 'sg-pass-2', accountName: 'Test' })];
    const now = new Date('2027-04-01T00:00:00Z');
    const full = evaluate(compiled, inventory, { now });
    const kept: Finding[] = [];
    const counted = evaluateEach(compiled, inventory, (f) => kept.push(f), { now, passes: 'count' });
    expect(kept.map((f) => `${f.resource.id} ${f.status}`)).toEqual(['sg-0abc excluded', 'sg-0abc fail']);
    expect(kept).toEqual(full.findings.filter((f) => f.status !== 'pass'));
    expect(counted.passed).toBe(2);
    expect(counted.expiredExclusions).toEqual(full.expiredExclusions);
    expect(counted.expiredExclusions[0]?.wouldHaveExcluded).toBe(1);
  });
});

describe('exclusions: global', () => {
  const globals = parseExclusions(
    [
      { reason: 'sandbox', policies: ['aws-ec2-*'], match: { region: ['eu-west-1'], tags: { Env: ['dev', 'test*'] } } },
      { id: 'old', reason: 'old', expires: '2020-01-01', match: { resource: 'sg-*' } },
      { id: 'other-policies', reason: 'x', policies: 'aws-s3-*', expires: '2020-01-01', match: { account: 123 } },
    ],
    { scope: 'global' },
  );
  const sgPolicy = parsePolicy(
    'id: aws-ec2-sg-open-ssh-22\ntitle: SSH\ndescription: SSH open.\nseverity: high\nresource: aws.ec2.security-group\ncondition: {matcher: ingress-open, ports: [22]}\n',
    'p.yaml',
  );
  const c = compile([sgPolicy]);
  const ssh = [ingress('sgr-s', 'tcp', 22, 22, { cidrIpv4: '0.0.0.0/0' })];

  it('apply to the policies their globs name, with all criteria and any listed value', () => {
    const sg = securityGroup(ssh, { region: 'eu-west-1', tags: { Env: 'test-7' } });
    const { findings, expiredExclusions } = evaluate(c, [sg], { now: NOW, globalExclusions: globals });
    expect(findings[0]?.exclusion).toMatchObject({ scope: 'global', reason: 'sandbox', matched: 'region eu-west-1, tag Env=test-7' });
    // Only expired exclusions that cover an evaluated policy are reported.
    expect(expiredExclusions.map((e) => e.id)).toEqual(['old']);
  });

  it('need every criterion to match', () => {
    const sg = securityGroup(ssh, { region: 'us-east-1', tags: { Env: 'dev' } });
    expect(evaluate(c, [sg], { now: NOW, globalExclusions: globals }).findings[0]?.status).toBe('fail');
  });

  it('match resource ids or ARNs and account ids by glob', () => {
    const sg = securityGroup(ssh, { id: 'sg-0abc123' });
    expect(matchExclusion({ id: 'x', reason: 'r', match: { resource: ['sg-0abc*'] } }, sg)).toBe('resource sg-0abc123');
    expect(matchExclusion({ id: 'x', reason: 'r', match: { resource: ['arn:aws:ec2:*:security-group/sg-0abc123'] } }, sg)).toBe(
      'resource arn:aws:ec2:us-east-1:123456789012:security-group/sg-0abc123',
    );
    expect(matchExclusion({ id: 'x', reason: 'r', match: { account: ['1234*'] } }, sg)).toBe('account 123456789012');
  });
});

describe('exclusions: parsing', () => {
  it('normalizes scalars to lists, pads numeric account ids and derives a stable id', () => {
    const [a] = parseExclusions([{ reason: 'r', match: { account: 12345678901, region: 'eu-west-1', tags: { Env: 'dev' } } }], { scope: 'global' });
    expect(a?.match).toEqual({ account: ['012345678901'], region: ['eu-west-1'], tags: { Env: ['dev'] } });
    const [b] = parseExclusions([{ match: { tags: { Env: 'dev' }, region: ['eu-west-1'], account: '012345678901' }, reason: 'other words' }], { scope: 'global' });
    expect(b?.id).toBe(a?.id);
  });

  it('refuses an exclusion that matches everything', () => {
    expect(() => parseExclusions([{ reason: 'r', match: {} }], { scope: 'global' })).toThrow('expected at least one of account, region, resource, tags, related');
  });

  it('refuses duplicate ids', () => {
    expect(() => parseExclusions([{ id: 'a', reason: 'r', match: { region: 'x' } }, { id: 'a', reason: 'r', match: { region: 'y' } }], { scope: 'policy' })).toThrow(
      'duplicate exclusion id "a"',
    );
  });

  it('points at the offending node in a standalone file', () => {
    const text = `exclusions:
  - reason: sandbox
    expires: 2027-02-30
    match: {region: eu-west-1}
`;
    try {
      parseExclusionsYaml(text, 'exclusions.yaml');
      throw new Error('expected an error');
    } catch (e) {
      expect(isMamoriError(e) && e.code).toBe('CONFIG_INVALID');
      expect(isMamoriError(e) && e.format()).toBe(
        'exclusions.yaml:3:14: exclusions[0].expires: expected a date such as 2027-03-31 or an ISO date-time, got "2027-02-30"',
      );
    }
  });

  it('reports an unknown key inside related tags criteria at the key', () => {
    const text = `- reason: r\n  match:\n    related: {type: aws.ec2.instance, tag: {CASB-Audit: "No"}}\n`;
    expect(() => parseExclusionsYaml(text, 'g.yaml')).toThrow('unknown key "tag" in related criterion');
    try {
      parseExclusionsYaml(text, 'g.yaml');
    } catch (e) {
      expect(isMamoriError(e) && e.location).toEqual({ file: 'g.yaml', line: 3, column: 39 });
    }
  });
});
