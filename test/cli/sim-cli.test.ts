import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';

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
