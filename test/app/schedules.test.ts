/**
 * Schedules end to end: `schedules:` in mamori.yaml is validated with file:line, and a scheduled scan against the
 * local AWS endpoint records a run with the schedule's scope and, with `remediate`, applies the `auto` responses
 * in that scope only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/app/config.ts';
import { runScheduledScan, Scheduler } from '../../src/app/schedules.ts';
import { MamoriError } from '../../src/core/errors.ts';
import type { EstateDoc } from '../../src/sim/estates/index.ts';
import { CREDENTIALS, harness, MGMT, modelRules, PROD, type Harness } from '../remediation/helpers.ts';

const REGION = 'us-east-1';
const CIFS = 'aws-ec2-sg-open-cifs-445';

function configError(text: string): string {
  try {
    parseConfig(text, 'mamori.yaml');
  } catch (e) {
    if (e instanceof MamoriError) return `${e.code} ${e.format()}`;
    throw e;
  }
  throw new Error('expected an error');
}

describe('schedules: in mamori.yaml', () => {
  it('accepts a schedule with a five-field cron, a time zone, a scope of globs and remediate', () => {
    const c = parseConfig(
      `schedules:
  - name: nightly-prod
    cron: "30 2 * * 1-5"
    timezone: Europe/Berlin
    scope: { accounts: ["prod-*", 222222222222], regions: [eu-west-1], policies: ["aws-ec2-sg-open-*"] }
    remediate: true
  - name: hourly
    cron: "@hourly"
`,
      'mamori.yaml',
    );
    expect(c.schedules).toEqual([
      { name: 'nightly-prod', cron: '30 2 * * 1-5', timezone: 'Europe/Berlin', scope: { accounts: ['prod-*', '222222222222'], regions: ['eu-west-1'], policies: ['aws-ec2-sg-open-*'] }, remediate: true },
      { name: 'hourly', cron: '@hourly' },
    ]);
  });

  it('names a bad cron expression with file:line', () => {
    const text = 'schedules:\n  - name: ok\n    cron: "0 3 * * *"\n  - name: broken\n    cron: "61 * * * *"\n';
    expect(configError(text)).toMatch(/^CONFIG_INVALID mamori\.yaml:5:\d+: .*schedule "broken": invalid cron expression "61 \* \* \* \*".*minute/s);
  });

  it('refuses cron expressions that are not five fields, unknown time zones, duplicate names and unknown keys', () => {
    expect(configError('schedules:\n  - name: six\n    cron: "0 0 3 * * *"\n')).toMatch(/mamori\.yaml:3:\d+: .*has 6 fields; expected 5/s);
    expect(configError('schedules:\n  - name: tz\n    cron: "0 3 * * *"\n    timezone: Mars/Base\n')).toMatch(/mamori\.yaml:4:\d+: .*unknown time zone "Mars\/Base"/s);
    expect(configError('schedules:\n  - { name: a, cron: "0 3 * * *" }\n  - { name: a, cron: "0 4 * * *" }\n')).toMatch(/mamori\.yaml:3:\d+: .*"a" is used twice/s);
    expect(configError('schedules:\n  - { name: a, cron: "0 3 * * *", scope: { account: [x] } }\n')).toMatch(/unknown key "account" in schedule scope/);
    expect(configError('schedules:\n  - { name: "no spaces", cron: "0 3 * * *" }\n')).toMatch(/schedule name/);
    expect(configError('schedules:\n  - { name: r, cron: "0 3 * * *", scope: { regions: ["eu-*"] } }\n')).toMatch(/mamori\.yaml:2:\d+: .*a region name such as eu-west-1 \(no globs\)/s);
  });
});

const smb = (account: string, name: string) => ({ account, region: REGION, name, ingress: [{ proto: 'tcp', ports: '445', from: ['0.0.0.0/0'] }, { proto: 'tcp', ports: '22', from: ['10.0.0.0/8'] }] });
const estate: EstateDoc = {
  seed: 'schedules',
  regions: [REGION],
  accounts: [
    { id: MGMT, name: 'Management' },
    { id: PROD, name: 'Production' },
  ],
  securityGroups: [smb(MGMT, 'mgmt-smb'), smb(PROD, 'prod-smb')],
};

describe('a scheduled scan against the local endpoint', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(estate, { org: true, config: `responses: { ${CIFS}: auto }\nschedules:\n  - { name: prod-cifs, cron: "0 * * * *", scope: { accounts: ["Prod*"], policies: ["aws-ec2-sg-open-cifs-*"] }, remediate: true }\n` });
  });
  afterAll(() => h.close());

  const open445 = (account: string, name: string) =>
    modelRules(h.sim, account, REGION, h.groups[`${account}/${REGION}/${name}`]!.groupId).filter((r) => r.fromPort === 445 && r.cidrIpv4 === '0.0.0.0/0' && !r.isEgress);

  it('records a scan run with the schedule scope and fixes only what is in it', async () => {
    const schedule = h.config.schedules![0]!;
    const deps = { store: h.store, aws: { aws: h.aws, credentials: CREDENTIALS, targets: h.targets }, config: h.config, policies: async () => h.policies };
    const out = await runScheduledScan(deps, schedule, 'schedule');
    const run = await h.store.getRun(out.runId!);
    expect(run).toMatchObject({ kind: 'scan', status: 'succeeded', scope: { accounts: ['Prod*'], policies: [CIFS] }, meta: { schedule: 'prod-cifs', trigger: 'schedule' } });
    expect(out.remediation).toMatchObject({ fixed: 1, failed: 0 });
    expect(open445(PROD, 'prod-smb')).toEqual([]);
    expect(open445(MGMT, 'mgmt-smb')).toHaveLength(1);
    const findings = await h.store.listFindings({});
    expect(findings.findings.length).toBeGreaterThan(0);
    expect(findings.findings.every((f) => f.resource.account === PROD && f.policy === CIFS)).toBe(true);
  });

  it('a scheduler records the run id and status of the scan it ran', async () => {
    const schedule = h.config.schedules![0]!;
    const deps = { store: h.store, aws: { aws: h.aws, credentials: CREDENTIALS, targets: h.targets }, config: h.config, policies: async () => h.policies };
    const s = new Scheduler({ store: h.store, schedules: [schedule], execute: (sch, trigger) => runScheduledScan(deps, sch, trigger) });
    const { done } = await s.runNow('prod-cifs', 'alice');
    await done;
    const [view] = await s.list();
    expect(view!.nextRun).toMatch(/:00:00\.000Z$/);
    expect(view!.state).toMatchObject({ lastStatus: 'succeeded', lastTrigger: 'alice' });
    const run = await h.store.getRun(view!.state!.lastRunId!);
    expect(run?.meta).toMatchObject({ schedule: 'prod-cifs', trigger: 'alice' });
    await expect(s.runNow('nope', 'alice')).rejects.toThrow(/no schedule named "nope"/);
  });
});
