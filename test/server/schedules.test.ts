/**
 * Schedules in the console's API: everyone signed in sees the schedules with their next and last run; operators
 * "Run now" (audited), which records a scan run with the schedule's scope; a second "Run now" while the first is
 * going is a conflict; viewers cannot run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/app/config.ts';
import { DEMO_CONFIG } from '../../src/sim/estates/index.ts';
import { signIn, startTestConsole, type Client, type TestConsole } from './helpers.ts';

const CIFS = 'aws-ec2-sg-open-cifs-445';
let t: TestConsole;
let viewer: Client;
let operator: Client;

beforeAll(async () => {
  const config = parseConfig(`${DEMO_CONFIG}\nschedules:\n  - name: nightly-cifs\n    cron: "0 3 * * *"\n    timezone: Europe/Berlin\n    scope: { policies: [${CIFS}] }\n`, 'mamori.yaml');
  t = await startTestConsole({ config });
  viewer = await signIn(t, 'vera');
  operator = await signIn(t, 'otto');
});
afterAll(() => t.close());

interface View {
  name: string;
  nextRun?: string;
  running: boolean;
  lastStatus?: string;
  lastRunId?: number;
  lastTrigger?: string;
}

async function schedule(c: Client): Promise<View> {
  const r = await c.call('GET', '/api/schedules');
  expect(r.status).toBe(200);
  return (r.body as { schedules: View[] }).schedules[0]!;
}

describe('/api/schedules', () => {
  it('lists the schedules with their next run to anyone signed in', async () => {
    const s = await schedule(viewer);
    expect(s).toMatchObject({ name: 'nightly-cifs', cron: '0 3 * * *', timezone: 'Europe/Berlin', running: false });
    // 03:00 in Berlin is 01:00 or 02:00 UTC.
    expect(s.nextRun).toMatch(/T0[12]:00:00\.000Z$/);
  });

  it('refuses "Run now" to a viewer and for an unknown schedule', async () => {
    expect((await viewer.call('POST', '/api/schedules/nightly-cifs/run')).status).toBe(403);
    expect((await operator.call('POST', '/api/schedules/nope/run')).status).toBe(404);
  });

  it('runs a schedule now for an operator (audited), refuses a second run meanwhile, and shows the last run', async () => {
    const first = await operator.call('POST', '/api/schedules/nightly-cifs/run');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({ name: 'nightly-cifs', started: true });
    const again = await operator.call('POST', '/api/schedules/nightly-cifs/run');
    expect(again.status).toBe(409);
    let s = await schedule(viewer);
    for (let i = 0; i < 300 && s.running; i++) {
      await new Promise((r) => setTimeout(r, 100));
      s = await schedule(viewer);
    }
    expect(s).toMatchObject({ running: false, lastStatus: 'succeeded', lastTrigger: 'otto' });
    const run = await t.store.getRun(s.lastRunId!);
    expect(run).toMatchObject({ kind: 'scan', status: 'succeeded', scope: { policies: [CIFS] }, meta: { schedule: 'nightly-cifs', trigger: 'otto' } });
    const audit = await t.store.listAudit({});
    expect(audit.some((a) => a.action === 'schedule.run' && a.actor === 'otto' && a.targetId === 'nightly-cifs')).toBe(true);
  });
});
