import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'mamori.js');

describe('mamori sim: the local endpoint in the foreground', () => {
  it('serves the demo estate on 127.0.0.1, answers the SDK, and saves its state on SIGTERM', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'mamori-sim-')), 'state.json');
    const child = spawn(process.execPath, [BIN, 'sim', '--port', '0', '--estate', 'demo', '--state', state], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`sim exited ${code}: ${err}`)));
    });
    expect(err).toContain('5 accounts');
    const sts = new STSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe('111111111111');
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(state)).toBe(true);
    expect(JSON.parse(readFileSync(state, 'utf8')).version).toBe(1);
  });

  it('refuses a bad fault spec with a usage error', async () => {
    const child = spawn(process.execPath, [BIN, 'sim', '--port', '0', '--faults', 'throttle=2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err.trim()).toBe('mamori: faults: throttle is a share between 0 and 1, got "2"');
  });
});

describe('mamori sim --truth', () => {
  it('writes the ground truth of a generated estate', async () => {
    const truth = join(mkdtempSync(join(tmpdir(), 'mamori-truth-')), 'truth.json');
    const child = spawn(process.execPath, [BIN, 'sim', '--port', '0', '--estate', 'generate:seed=3,accounts=2,regions=1,groups=20,buckets=5,snapshots=4', '--truth', truth], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('listening on')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`sim exited ${code}: ${err}`)));
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    await exited;
    const doc = JSON.parse(readFileSync(truth, 'utf8')) as { findings: { policy: string; arn: string; evidence: string[] }[] };
    expect(doc.findings.length).toBeGreaterThan(0);
    expect(doc.findings[0]).toEqual(expect.objectContaining({ policy: expect.any(String), arn: expect.stringMatching(/^arn:aws:/), evidence: expect.any(Array) }));
  });
});

describe('mamori sim: bad estates are usage errors (exit 2), never a hang or an internal error', () => {
  it('refuses a generated estate larger than the machine can hold, naming the limit', async () => {
    // Refused from the counts alone, before anything is generated: the message names the limit, and a generator that
    // started would run out of memory long before the test's timeout.
    const r = await runCli(['sim', '--port', '0', '--estate', 'generate:accounts=999999999,groups=999999999']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^mamori: estate generator: [\d,]+ resources is more than this machine can hold \(the limit is [\d,]+: half the Node\.js heap at about 4 KB each\)\n$/);
    // Many accounts with nothing in them are still accounts to hold.
    expect((await runCli(['sim', '--estate', 'generate:accounts=999999999,groups=0,buckets=0,snapshots=0'])).code).toBe(2);
    const frac = await runCli(['sim', '--estate', 'generate:groups=1.5']);
    expect([frac.code, frac.err]).toEqual([2, 'mamori: estate generator: groups expects a whole number, got "1.5"\n']);
  });

  it('locates a wrong type, an unknown key, a bad reference and a model error in an estate file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-estate-'));
    const base = 'regions: [us-east-1]\naccounts:\n  - {id: "111111111111", name: Main}\n';
    const cases: [string, RegExp][] = [
      [`${base}buckets:\n  - {account: "111111111111", name: b-1, region: us-east-1, legacy: "yes"}\n`, /e\.yaml:5:69: buckets\[0\]\.legacy: expected boolean, got \"yes\"\n$/],
      [`${base}buckets:\n  - {account: "111111111111", name: b-1, region: us-east-1, colour: red}\n`, /e\.yaml:5:\d+: buckets\[0\]: unknown key "colour"\n$/],
      [`${base}securityGroups:\n  - {account: "222222222222", region: us-east-1, name: g, ingress: []}\n`, /e\.yaml:5:15: securityGroups\[0\]\.account: account 222222222222 is not one of the estate's accounts\n$/],
      [`${base}securityGroups:\n  - {account: "111111111111", region: us-east-1, name: g, ingress: [{proto: tcp, ports: "22", from: ["sg:nope"]}]}\n`, /e\.yaml:5:5: securityGroups\[0\]: security group g refers to unknown group nope\n$/],
      [`${base}x: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n`, /e\.yaml:4:1: unknown key "x"\n$/],
    ];
    for (const [i, [text, want]] of cases.entries()) {
      const file = join(dir, `${i}e.yaml`);
      writeFileSync(file, text);
      const r = await runCli(['sim', '--port', '0', '--estate', file]);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(want);
    }
    const latin1 = join(dir, 'latin1.yaml');
    writeFileSync(latin1, Buffer.concat([Buffer.from(`${base}# caf`), Buffer.from([0xe9]), Buffer.from('\n')]));
    const r = await runCli(['sim', '--estate', latin1]);
    expect([r.code, r.err]).toEqual([2, `mamori: ${latin1}:4:6: not UTF-8 text (byte 0xe9); save the file as UTF-8\n`]);
  });
});
