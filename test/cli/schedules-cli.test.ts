/**
 * `mamori schedules` as a user runs it: list shows each schedule with its next and last run; `run NAME` scans the
 * schedule's scope now against the local endpoint and records the run; a bad cron is refused with its line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeIngress, createSecurityGroup } from '../../src/sim/services/ec2/model.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createWorld } from '../../src/sim/world.ts';
import { runCliWithKeys } from '../helpers/cli.ts';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const POLICY = 'aws-ec2-sg-open-cifs-445';

let sim: SimServer;
let dir: string;

beforeAll(async () => {
  const world = createWorld({ regions: [REGION], organization: false, managementAccountId: ACCOUNT });
  const sg = createSecurityGroup(world, ACCOUNT, REGION, { groupName: 'files', description: 'file shares' });
  authorizeIngress(world, ACCOUNT, REGION, sg.groupId, [{ IpProtocol: 'tcp', FromPort: 445, ToPort: 445, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
  sim = await startSim({ world });
  dir = mkdtempSync(join(tmpdir(), 'mamori-schedules-cli-'));
  writeFileSync(
    join(dir, 'mamori.yaml'),
    `aws: { endpointUrl: "${sim.url}", regions: [${REGION}] }\nschedules:\n  - name: cifs\n    cron: "0 3 * * *"\n    scope: { policies: ["${POLICY}"] }\n`,
  );
});
afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('mamori schedules', () => {
  it('lists a schedule that never ran with its next run', async () => {
    const r = await runCliWithKeys(['schedules', 'list', '--format', 'json'], { dir });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const [s] = JSON.parse(r.out).schedules;
    expect(s).toMatchObject({ name: 'cifs', cron: '0 3 * * *', nextRun: expect.stringMatching(/T03:00:00\.000Z$/) });
    expect(s.state?.lastStatus).toBeUndefined();
  });

  it('runs a schedule now and lists its last run with the run id', async () => {
    const r = await runCliWithKeys(['schedules', 'run', 'cifs'], { dir });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/schedule cifs finished: run \d+/);
    const runs = JSON.parse((await runCliWithKeys(['runs', '--format', 'json'], { dir })).out);
    const list = Array.isArray(runs) ? runs : runs.runs;
    expect(list[0]).toMatchObject({ kind: 'scan', status: 'succeeded', scope: { policies: [POLICY] }, meta: { schedule: 'cifs' } });
    const table = await runCliWithKeys(['schedules', 'list'], { dir });
    expect(table.out).toMatch(new RegExp(`cifs .*policies ${POLICY}.* succeeded .*\\(run ${list[0].id}\\)`));
  });

  it('refuses an unknown schedule and a bad cron with exit 2', async () => {
    const unknown = await runCliWithKeys(['schedules', 'run', 'nope'], { dir });
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/no schedule named "nope"/);
    const bad = mkdtempSync(join(tmpdir(), 'mamori-schedules-bad-'));
    try {
      writeFileSync(join(bad, 'mamori.yaml'), 'schedules:\n  - name: x\n    cron: "0 25 * * *"\n');
      const r = await runCliWithKeys(['schedules', 'list'], { dir: bad });
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/mamori\.yaml:3:\d+: .*invalid cron expression "0 25 \* \* \*"/s);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
