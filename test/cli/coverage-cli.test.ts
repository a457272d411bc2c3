import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEstate, demoEstate } from '../../src/sim/estates/index.ts';
import { DEMO_CONFIG_FILE } from '../../src/sim/estates/demo.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { runCli } from '../helpers/cli.ts';

let sim: SimServer;

beforeAll(async () => {
  sim = await startSim({ world: buildEstate(demoEstate).world });
  process.env['AWS_ACCESS_KEY_ID'] = 'AKIAMAMORITEST';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'test';
  delete process.env['AWS_PROFILE'];
});
afterAll(() => sim.stop());

const CIFS = ['--policy', 'aws-ec2-sg-open-cifs-445'];

describe('scan and fix say what they covered', () => {
  it('fix from the management account alone: "nothing to change" says only that account was covered, and how to scan the members', async () => {
    const r = await runCli(['fix', '--endpoint-url', sim.url, ...CIFS]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Nothing to change');
    expect(r.out).toContain('Covered 1 account × 3 regions: 111111111111 Management; ap-northeast-1, eu-west-1, us-east-1');
    expect(r.out).toContain('Only 111111111111 Management was scanned, but it can list an organization of 5 active accounts: the other 4 accounts were not. To scan them: add --org --role-name ROLE');
  });

  it('fix with --org: finds the CIFS group in the member accounts, covers all five, no hint', async () => {
    const r = await runCli(['fix', '--endpoint-url', sim.url, '--org', '--role-name', 'MamoriAudit', '--config', DEMO_CONFIG_FILE, ...CIFS]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('file-share');
    expect(r.out).toContain('1 change planned');
    expect(r.out).toContain('Covered 5 accounts × 3 regions: 111111111111 Management, 222222222222 Production, 333333333333 Development, 444444444444 Test, 555555555555 Security; ap-northeast-1, eu-west-1, us-east-1');
    expect(r.out).not.toContain('To scan them');
  });

  it('scan --format json: the coverage and the hint on stderr, the hint in the JSON summary', async () => {
    const r = await runCli(['scan', '--endpoint-url', sim.url, '--format', 'json', ...CIFS]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('Covered 1 account × 3 regions');
    expect(r.err).toContain('--org --role-name ROLE');
    expect(JSON.parse(r.out).summary.organizationNotScanned).toEqual({ activeAccounts: 5 });
  });

  it('scan in a table: the coverage just above the summary line', async () => {
    const r = await runCli(['scan', '--endpoint-url', sim.url, '--org', '--role-name', 'MamoriAudit', '--config', DEMO_CONFIG_FILE, ...CIFS]);
    expect(r.code).toBe(3);
    const lines = r.out.trimEnd().split('\n');
    expect(lines.at(-2)).toMatch(/^Covered 5 accounts × 3 regions: /);
    expect(lines.at(-1)).toMatch(/^Summary: 1 failing \(1 high\), 2 excluded/);
  });
});

describe('an endpoint that cannot be reached', () => {
  it('fails after three attempts with exit 1, naming the endpoint URL', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    // "tried 3 times" in the message is the check that it gave up soon: a patient retry (10 attempts with growing
    // backoff) took 27-35 s; the delay between the attempts is bounded in src/aws/retry.test.ts.
    const child = spawn(process.execPath, [join(import.meta.dirname, '..', '..', 'bin', 'mamori.js'), 'scan', '--no-store', '--endpoint-url', `http://127.0.0.1:${port}`], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(err.trim()).toBe(`mamori: cannot reach AWS at http://127.0.0.1:${port}: ECONNREFUSED, connection refused (nothing listens there) (tried 3 times); check --endpoint-url / AWS_ENDPOINT_URL`);
    expect(code).toBe(1);
  });
});
