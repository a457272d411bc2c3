/**
 * `scan --distribute` with the embedded store: the same jobs as with workers, run in the scanning process. Its
 * report, exit code and stored findings are those of a one-process `scan` of the same estate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG_FILE } from '../../src/sim/estates/demo.ts';
import { buildEstate, demoEstate } from '../../src/sim/estates/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { openStore } from '../../src/store/index.ts';
import { runCli } from '../helpers/cli.ts';
import { comparable } from './helpers.ts';

let sim: SimServer;
let dir: string;

beforeAll(async () => {
  sim = await startSim({ world: buildEstate(demoEstate).world });
  process.env['AWS_ACCESS_KEY_ID'] = 'AKIAMAMORITEST';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'test';
  delete process.env['AWS_PROFILE'];
  dir = mkdtempSync(join(tmpdir(), 'mamori-distribute-'));
});
afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

const ORG = ['--org', '--role-name', 'MamoriAudit', '--config', DEMO_CONFIG_FILE, '--service', 'ec2,s3,rds,wafv2'];

async function storedFindings(dataDir: string) {
  const store = await openStore({ dataDir });
  try {
    const page = await store.listFindings({ limit: 10_000 });
    const slices = await store.db.execute('SELECT count(*)::int AS n FROM scan_slices');
    return { findings: page.findings.map((f) => ({ id: f.id, status: f.status, outcome: f.outcome, evidence: f.evidence })).sort((a, b) => a.id.localeCompare(b.id)), staging: slices };
  } finally {
    await store.close();
  }
}

describe('scan --distribute with the embedded store', () => {
  it('reports exactly what a one-process scan reports (findings, evidence, gaps, counts, exit code) and stores the same findings', { timeout: 180_000 }, async () => {
    const one = await runCli(['scan', '--endpoint-url', sim.url, ...ORG, '--format', 'json'], { env: { MAMORI_NO_STORE: '', MAMORI_DATA_DIR: join(dir, 'one') } });
    const dist = await runCli(['scan', '--distribute', '--job-concurrency', '3', '--endpoint-url', sim.url, ...ORG, '--format', 'json'], { env: { MAMORI_NO_STORE: '', MAMORI_DATA_DIR: join(dir, 'dist') } });
    expect(one.code).toBe(3);
    expect(dist.code).toBe(one.code);
    const a = JSON.parse(one.out);
    const b = JSON.parse(dist.out);
    expect(b.findings.length).toBeGreaterThan(10);
    expect(comparable(b)).toEqual(comparable(a));
    expect(dist.err).toMatch(/Jobs (\d+)\/\1 done/);

    const storedOne = await storedFindings(join(dir, 'one'));
    const storedDist = await storedFindings(join(dir, 'dist'));
    expect(storedDist.findings).toEqual(storedOne.findings);
  });

  it('refuses --distribute without a store (exit 2)', async () => {
    const r = await runCli(['scan', '--distribute', '--endpoint-url', sim.url]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--no-store');
  });
});

describe('mamori worker: what it needs', () => {
  it('with the embedded store there are no separate workers: it says so and exits 2', async () => {
    const r = await runCli(['worker', '--until-idle'], { env: { MAMORI_DATA_DIR: join(dir, 'w'), MAMORI_DATABASE_URL: '' } });
    expect(r.code).toBe(2);
    expect(r.err).toContain('workers need a PostgreSQL store');
    expect(r.err).toContain('scan --distribute` runs its jobs in its own process');
  });

  it('a database URL that is not PostgreSQL is a usage error naming the expected form (exit 2), without the password', async () => {
    const r = await runCli(['worker', '--database-url', 'mysql://u:secret@db:3306/x']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--database-url expects a PostgreSQL URL');
    expect(r.err).not.toContain('secret');
  });

  it('a bad --concurrency is a usage error (exit 2)', async () => {
    const r = await runCli(['worker', '--database-url', 'postgres://127.0.0.1:1/x', '--concurrency', '0']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--concurrency expects a whole number from 1 to 256, got "0"');
  });

  it('a database that cannot be reached is an error naming it (exit 1), not a stack trace', async () => {
    const r = await runCli(['worker', '--database-url', 'postgres://mamori:pw@127.0.0.1:1/nothing']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot open the PostgreSQL database');
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

