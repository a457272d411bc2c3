import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { runCli } from '../helpers/cli.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'mamori.js');

/** A fresh directory with the given files (text, or bytes). */
function workdir(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-pol-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const POLICY = (id: string, extra = '') => `id: ${id}
title: Public bucket
description: Test policy.
severity: high
resource: aws.s3.bucket
condition:
  matcher: s3-public-acl
${extra}`;

describe('mamori policies', () => {
  it('lists every built-in policy', async () => {
    const r = await runCli(['policies', 'list', '--format', 'json']);
    expect(r.code).toBe(0);
    const { policies } = JSON.parse(r.out) as { policies: { id: string; resource: string }[] };
    const builtin = loadBuiltinPolicies();
    expect(policies.map((p) => p.id).sort()).toEqual(builtin.map((p) => p.id).sort());
    expect(policies.filter((p) => p.resource === 'aws.ec2.security-group')).toHaveLength(builtin.filter((p) => p.resource === 'aws.ec2.security-group').length);
  });

  it('filters by severity and service', async () => {
    const r = await runCli(['policies', 'list', '--severity', 'critical', '--service', 'rds']);
    expect(r.out).toContain('aws-rds-snapshot-public');
    expect(r.out).not.toContain('aws-ec2-');
    expect(r.out).toContain('aws-rds-instance-public');
    expect(r.out).toContain('3 policies');
  });

  it('refuses a service no policy is about, naming the services that have policies and the near miss', async () => {
    const r = await runCli(['policies', 'list', '--service', 'lamda']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--service: no policy is about "lamda" \(the services with policies: [a-z0-9, -]*\blambda\b[a-z0-9, -]*\); did you mean "lambda"\?/);
  });

  it('shows one policy as YAML, and refuses an unknown id', async () => {
    const r = await runCli(['policies', 'show', 'aws-ec2-sg-open-cifs-445']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('matcher: ingress-open');
    const bad = await runCli(['policies', 'show', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown policy "nope"');
  });

  it('validates the built-in catalog', async () => {
    const r = await runCli(['policies', 'validate', 'src/policies/aws']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${loadBuiltinPolicies().length} policies valid`);
  });
});

describe('mamori policies and scan: bad paths are usage errors naming the path (exit 2)', () => {
  it('scan --policies-dir: a missing directory, a file, /proc/self, and scan.policiesDirs in mamori.yaml', async () => {
    const dir = workdir({ 'file.yaml': 'x: 1\n', 'mamori.yaml': 'scan:\n  policiesDirs: [./nope]\n' });
    const missing = await runCli(['scan', '--policies-dir', '/nonexistent']);
    expect([missing.code, missing.err]).toEqual([2, 'mamori: policies directory /nonexistent: no such file or directory\n']);
    const file = await runCli(['scan', '--policies-dir', join(dir, 'file.yaml')]);
    expect([file.code, file.err]).toEqual([2, `mamori: policies directory ${join(dir, 'file.yaml')}: not a directory\n`]);
    const proc = await runCli(['scan', '--policies-dir', '/proc/self']);
    expect(proc.code).toBe(2);
    expect(proc.err).toMatch(/^mamori: policies directory \/proc\/self: /);
    expect(proc.err).not.toContain('internal error');
    const fromConfig = await runCli(['scan'], { cwd: dir });
    expect([fromConfig.code, fromConfig.err]).toEqual([2, 'mamori: policies directory ./nope: no such file or directory\n']);
  });

  it('scan --config on a directory', async () => {
    const r = await runCli(['scan', '--config', '/etc']);
    expect([r.code, r.err]).toEqual([2, 'mamori: /etc: a configuration file expected, but this is a directory\n']);
  });

  it('policies validate: a dangling symlink named like a policy, a directory without policies', async () => {
    const dir = workdir({ 'ok/readme.txt': 'hi' });
    symlinkSync(join(dir, 'gone'), join(dir, 'ok', 'dangling-note'));
    const empty = await runCli(['policies', 'validate', join(dir, 'ok')]);
    expect([empty.code, empty.err]).toEqual([2, `mamori: no policy files (*.yaml, *.yml) under ${join(dir, 'ok')}\n`]);
    symlinkSync(join(dir, 'gone.yaml'), join(dir, 'ok', 'broken.yaml'));
    const r = await runCli(['policies', 'validate', join(dir, 'ok')]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`mamori: policies directory ${join(dir, 'ok')}: broken.yaml: broken symbolic link (no such file or directory)\n`);
  });

  it('a policy file that is not UTF-8 is named with its position, not "missing required key"', async () => {
    const dir = workdir({ 'latin1.yaml': Buffer.concat([Buffer.from('id: latin1\ntitle: S'), Buffer.from([0xe9]), Buffer.from('curit\xe9\n', 'latin1')]) });
    const r = await runCli(['policies', 'validate', join(dir, 'latin1.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/latin1\.yaml:2:9: not UTF-8 text \(byte 0xe9\); save the file as UTF-8\n$/);
  });

  it('an alias bomb is exit 2 with a located message, never an internal error', async () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
    const dir = workdir({ 'bomb.yaml': bomb, 'mamori.yaml': bomb });
    const r = await runCli(['policies', 'validate', join(dir, 'bomb.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bomb\.yaml:4:\d+: more than 2,000 values once aliases are expanded \(the limit for a policy\)\n$/);
    const config = await runCli(['policies', 'list'], { cwd: dir });
    expect(config.code).toBe(2);
    expect(config.err).not.toContain('internal error');
    expect(config.err).toMatch(/^mamori: mamori\.yaml:\d+:\d+: /);
  });

  it('policies list | head exits quietly when the reader goes away (no EPIPE stack trace)', async () => {
    for (let i = 0; i < 3; i++) {
      const child = spawn(process.execPath, [BIN, 'policies', 'list'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      // Like `head -1`: read the first chunk, then close the pipe.
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(err).toBe('');
      expect(code).toBe(0);
    }
  });
});

describe('mamori policies validate: accepted but wrong is refused', () => {
  it('a misspelt grantee is refused with the closest valid value', async () => {
    const dir = workdir({ 'typo-grantee.yaml': POLICY('typo-grantee', '  grantees: [AllUser]\n') });
    const r = await runCli(['policies', 'validate', join(dir, 'typo-grantee.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/typo-grantee\.yaml:8:14: condition\.grantees\[0\]: expected one of AllUsers, AuthenticatedUsers, LogDelivery .*got "AllUser"; did you mean "AllUsers"\?\n$/);
  });

  it('a misspelt protocol and access are refused with suggestions', async () => {
    const dir = workdir({
      'typo-proto.yaml': POLICY('typo-proto').replace('aws.s3.bucket', 'aws.ec2.security-group').replace('s3-public-acl', 'ingress-open\n  protocols: [tpc]'),
      'typo-access.yaml': POLICY('typo-access', '  access: raed\n'),
    });
    const proto = await runCli(['policies', 'validate', join(dir, 'typo-proto.yaml')]);
    expect(proto.code).toBe(2);
    expect(proto.err).toContain('condition.protocols[0]: expected a protocol name (tcp, udp, icmp, icmpv6, all, -1) or number 0-255, got "tpc"; did you mean "tcp"?');
    const access = await runCli(['policies', 'validate', join(dir, 'typo-access.yaml')]);
    expect(access.err).toContain('typo-access.yaml:8:11: condition.access: expected one of read, write, any, got "raed"; did you mean "read"?');
  });

  it('action parameters are checked when policies load: validate and scan refuse them before any scan', async () => {
    const bad = POLICY('auto-bad-params', 'response:\n  mode: auto\n  action: s3-remove-public-access\n  params:\n    blockPublicAccess: "yes please"\n');
    const dir = workdir({ 'pols/auto-bad-params.yaml': bad });
    const v = await runCli(['policies', 'validate', join(dir, 'pols')]);
    expect(v.code).toBe(2);
    expect(v.err).toMatch(/auto-bad-params\.yaml:12:24: response\.params\.blockPublicAccess: expected true or false, got "yes please"\n$/);
    // The endpoint is never reached: the scan stops while loading policies.
    const scan = await runCli(['scan', '--policies-dir', join(dir, 'pols'), '--endpoint-url', 'http://127.0.0.1:9']);
    expect(scan.code).toBe(2);
    expect(scan.err).toContain('response.params.blockPublicAccess: expected true or false');
  });

  it('unknown actions, unknown action parameters, actions for another resource type and params without an action', async () => {
    const dir = workdir({
      'a1.yaml': POLICY('a1', 'response:\n  action: s3-remove-public-acces\n'),
      'a2.yaml': POLICY('a2', 'response:\n  action: s3-remove-public-access\n  params: {blockPublicAcess: true}\n'),
      'a3.yaml': POLICY('a3', 'response:\n  action: revoke-open-ingress\n'),
      'a4.yaml': POLICY('a4', 'response:\n  params: {wholeStatement: true}\n'),
    });
    const err = async (f: string) => (await runCli(['policies', 'validate', join(dir, f)])).err;
    expect(await err('a1.yaml')).toMatch(/a1\.yaml:9:11: response\.action: unknown remediation action "s3-remove-public-acces" .*did you mean "s3-remove-public-access"\?\n$/);
    expect(await err('a2.yaml')).toMatch(/a2\.yaml:10:12: response\.params: unknown parameter "blockPublicAcess" for action s3-remove-public-access\n$/);
    expect(await err('a3.yaml')).toMatch(/a3\.yaml:9:11: response\.action: action revoke-open-ingress fixes aws\.ec2\.security-group, not aws\.s3\.bucket\n$/);
    expect(await err('a4.yaml')).toMatch(/a4\.yaml:9:11: response\.params: params are for an action; this response names none\n$/);
  });

  it('__proto__, constructor and prototype keys are refused where they are written', async () => {
    const dir = workdir({ 'proto.yaml': POLICY('proto', 'response:\n  __proto__: {mode: auto}\n'), 'mamori.yaml': 'responses:\n  __proto__: auto\n' });
    const r = await runCli(['policies', 'validate', join(dir, 'proto.yaml')]);
    expect(r.err).toMatch(/proto\.yaml:9:3: the key "__proto__" is not allowed/);
    const c = await runCli(['policies', 'list'], { cwd: dir });
    expect([c.code, c.err]).toEqual([2, 'mamori: mamori.yaml:2:3: the key "__proto__" is not allowed (it names a JavaScript object internal)\n']);
  });
});
