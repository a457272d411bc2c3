import { describe, expect, it } from 'vitest';
import type { Resource } from '../core/index.ts';
import { compile, requiredResourceTypes } from './compile.ts';
import { evaluate, evaluateEach } from './evaluate.ts';
import { parsePolicy } from './policy.ts';
import type { Policy } from './policy.ts';
import { selectPolicies } from './select.ts';
import { bucket, ingress, securityGroup, snapshot } from './test-helpers.ts';

function policy(id: string, resource: string, condition: string, severity = 'high'): Policy {
  return parsePolicy(`id: ${id}\ntitle: ${id}\ndescription: test\nseverity: ${severity}\nresource: ${resource}\ncondition:\n${condition}`, `${id}.yaml`);
}
const SG = 'aws.ec2.security-group';
const one = (p: Policy, r: Resource) => {
  const { findings } = evaluate(compile([p]), [r]);
  expect(findings).toHaveLength(1);
  return findings[0] as NonNullable<(typeof findings)[0]>;
};

describe('evaluate: one finding per policy and resource of its type', () => {
  it('pairs every policy with every resource of its type and skips other types', () => {
    const policies = [
      policy('ssh', SG, '  {matcher: ingress-open, ports: [22]}'),
      policy('rdp', SG, '  {matcher: ingress-open, ports: [3389]}'),
      policy('snap', 'aws.rds.db-snapshot', '  {matcher: rds-snapshot-public}'),
    ];
    const resources = [securityGroup([ingress('sgr-1', 'tcp', 22, 22, { cidrIpv4: '0.0.0.0/0' })]), securityGroup([], { id: 'sg-2' }), bucket(), snapshot(['all'])];
    const { findings } = evaluate(compile(policies), resources);
    expect(findings.map((f) => `${f.policy} ${f.resource.id} ${f.status}`)).toEqual([
      'ssh sg-0abc fail',
      'rdp sg-0abc pass',
      'ssh sg-2 pass',
      'rdp sg-2 pass',
      'snap snap-1 fail',
    ]);
    expect(findings[0]).toMatchObject({ title: 'ssh', severity: 'high', resource: { type: SG, id: 'sg-0abc', account: '123456789012', region: 'us-east-1' } });
  });

  it('streams findings without keeping them', () => {
    let n = 0;
    evaluateEach(compile([policy('ssh', SG, '  {matcher: ingress-open, ports: [22]}')]), [securityGroup([]), securityGroup([])], () => n++);
    expect(n).toBe(2);
  });

  it('turns a check that throws into an error finding and goes on', () => {
    const p = policy('ssh', SG, '  {matcher: ingress-open, ports: [22]}');
    const broken = securityGroup([null as never]);
    const { findings } = evaluate(compile([p]), [broken, securityGroup([])]);
    expect(findings.map((f) => f.status)).toEqual(['error', 'pass']);
    expect(findings[0]?.error).toMatch(/^matcher ingress-open failed: /);
  });

  it('lists the resource types the policies need', () => {
    const ps = [policy('a', SG, '  {matcher: ingress-open}'), policy('b', 'aws.s3.bucket', '  {matcher: s3-public-acl}'), policy('c', SG, '  {matcher: ingress-open}')];
    expect(requiredResourceTypes(ps)).toEqual(['aws.ec2.security-group', 'aws.s3.bucket']);
    expect(requiredResourceTypes(compile(ps))).toEqual(['aws.ec2.security-group', 'aws.s3.bucket']);
  });
});

describe('evaluate: generic filters', () => {
  const f = (cond: string, r: Resource, type = SG) => one(policy('f', type, cond), r);

  it('gives a setting evidence item for the path', () => {
    const finding = f('  {path: config.groupName, op: equals, value: default}', securityGroup([], { config: { groupName: 'default' } }));
    expect(finding.status).toBe('fail');
    expect(finding.evidence).toEqual([
      { id: 'path:config.groupName', kind: 'setting', summary: 'config.groupName = "default"', data: { path: 'config.groupName', op: 'equals', expected: 'default', actual: 'default' } },
    ]);
  });

  it.each([
    ['equals', 'value: web', true],
    ['not-equals', 'value: web', false],
    ['in', 'value: [db, web]', true],
    ['not-in', 'value: [db]', true],
    ['exists', '', true],
    ['absent', '', false],
    ['contains', 'value: e', true],
    ['not-contains', 'value: x', true],
    ['matches', 'value: "^w.b$"', true],
    ['gt', 'value: wea', true],
    ['lte', 'value: wea', false],
    ['empty', '', false],
    ['not-empty', '', true],
  ])('op %s on a string', (op, value, fails) => {
    const finding = f(`  path: config.groupName\n  op: ${op}\n  ${value}\n`, securityGroup([]));
    expect(finding.status).toBe(fails ? 'fail' : 'pass');
  });

  it('compares numbers and lists', () => {
    const r = securityGroup([ingress('sgr-1', 'tcp', 22, 22, { cidrIpv4: '10.0.0.0/8' })]);
    expect(f('  {path: config.ingress.0.fromPort, op: lt, value: 1024}', r).status).toBe('fail');
    expect(f('  {path: config.ingress.0.fromPort, op: gte, value: "22"}', r).status).toBe('pass');
    expect(f('  {path: config.egress, op: empty}', r).status).toBe('fail');
    const s = snapshot(['111122223333'], 'aws.rds.db-snapshot');
    expect(f('  {path: config.restore, op: contains, value: "111122223333"}', s, 'aws.rds.db-snapshot').status).toBe('fail');
  });

  it('reads tags and top-level fields; a missing tag is absent, not unknown', () => {
    const r = securityGroup([], { tags: { Env: 'prod' }, region: 'eu-west-1' });
    expect(f('  {path: tags.Env, op: equals, value: prod}', r).status).toBe('fail');
    expect(f('  {path: tags.Owner, op: absent}', r).evidence[0]?.summary).toBe('tags.Owner is absent');
    expect(f('  {path: region, op: matches, value: "^eu-"}', r).status).toBe('fail');
  });

  it('is an error, never a pass, when the config field is unknown', () => {
    const unread = securityGroup([], { readErrors: { vpcId: 'UnauthorizedOperation: ec2:DescribeSecurityGroups' } });
    expect(f('  {path: config.vpcId, op: absent}', unread)).toMatchObject({ status: 'error', error: 'config.vpcId unknown: UnauthorizedOperation: ec2:DescribeSecurityGroups' });
    const missing = securityGroup([], { config: { description: undefined } });
    expect(f('  {path: config.description, op: exists}', missing)).toMatchObject({ status: 'error', error: 'config.description unknown: not collected' });
  });

  it('treats null (absent in AWS) as absent', () => {
    expect(f('  {path: config.encryption.rules, op: absent}', bucket({ encryption: null }), 'aws.s3.bucket').status).toBe('fail');
  });
});

describe('evaluate: all, any and not', () => {
  const open22 = securityGroup([ingress('sgr-22', 'tcp', 22, 22, { cidrIpv4: '0.0.0.0/0' })], { tags: { Env: 'prod' } });
  const unread = securityGroup([], { readErrors: { ingress: 'AccessDenied' }, tags: { Env: 'prod' } });
  const ssh = '{matcher: ingress-open, ports: [22]}';

  it('all: fails with the union of evidence when every branch fails', () => {
    const p = policy('a', SG, `  all:\n    - ${ssh}\n    - {path: tags.Env, op: equals, value: prod}\n`);
    expect(one(p, open22).evidence.map((e) => e.id)).toEqual(['sgr-22', 'path:tags.Env']);
  });

  it('all: a known-false branch passes even if another branch is an error', () => {
    const p = policy('a', SG, `  all:\n    - ${ssh}\n    - {path: tags.Env, op: equals, value: dev}\n`);
    expect(one(p, unread).status).toBe('pass');
    const q = policy('a', SG, `  all:\n    - ${ssh}\n    - {path: tags.Env, op: equals, value: prod}\n`);
    expect(one(q, unread)).toMatchObject({ status: 'error', error: 'config.ingress unknown: AccessDenied' });
  });

  it('any: fails with the evidence of the failing branches, even if another is an error', () => {
    const p = policy('a', SG, `  any:\n    - ${ssh}\n    - {path: tags.Env, op: equals, value: prod}\n    - {path: tags.Env, op: equals, value: dev}\n`);
    expect(one(p, open22).evidence.map((e) => e.id)).toEqual(['sgr-22', 'path:tags.Env']);
    expect(one(p, unread).evidence.map((e) => e.id)).toEqual(['path:tags.Env']);
    const q = policy('a', SG, `  any:\n    - ${ssh}\n    - {path: tags.Env, op: equals, value: dev}\n`);
    expect(one(q, unread).status).toBe('error');
  });

  it('not: fails with one synthetic evidence item when the inner condition holds no evidence', () => {
    const p = policy('a', SG, `  not: {path: tags.Owner, op: exists}\n`);
    const finding = one(p, open22);
    expect(finding.status).toBe('fail');
    expect(finding.evidence).toEqual([expect.objectContaining({ id: 'not:tags.Owner exists', kind: 'condition', summary: 'not (tags.Owner exists)' })]);
    expect(one(p, securityGroup([], { tags: { Owner: 'me' } })).status).toBe('pass');
    expect(one(policy('b', SG, `  not: ${ssh}\n`), unread).status).toBe('error');
  });
});

describe('selectPolicies', () => {
  const ps = [
    policy('aws-ec2-sg-open-ssh-22', SG, '  {matcher: ingress-open}', 'high'),
    policy('aws-ec2-sg-open-dns-53', SG, '  {matcher: ingress-open}', 'medium'),
    policy('aws-s3-bucket-unencrypted', 'aws.s3.bucket', '  {matcher: s3-no-default-encryption}', 'high'),
    policy('aws-rds-snapshot-public', 'aws.rds.db-snapshot', '  {matcher: rds-snapshot-public}', 'critical'),
  ];
  const ids = (sel: Parameters<typeof selectPolicies>[1]) => selectPolicies(ps, sel).map((p) => p.id);

  it('filters by id globs, minimum severity, service and their combination', () => {
    expect(ids({ ids: ['aws-ec2-sg-open-*'] })).toEqual(['aws-ec2-sg-open-ssh-22', 'aws-ec2-sg-open-dns-53']);
    expect(ids({ minSeverity: 'high' })).toEqual(['aws-ec2-sg-open-ssh-22', 'aws-s3-bucket-unencrypted', 'aws-rds-snapshot-public']);
    expect(ids({ services: ['s3', 'RDS'] })).toEqual(['aws-s3-bucket-unencrypted', 'aws-rds-snapshot-public']);
    expect(ids({ ids: ['aws-ec2-*'], minSeverity: 'high', excludeIds: ['*-22'] })).toEqual([]);
    expect(ids({})).toHaveLength(4);
  });
});
