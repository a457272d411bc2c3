/**
 * The DataSync action end to end through the local endpoint and the real SDK: scan → `mamori fix` plan → apply →
 * verified; the tasks no policy flagged and the other options unchanged; `mamori undo` gives back exactly the
 * before-state (the log group removed again where there was none); the plan is refused without the log group
 * parameter; the endpoint refuses what AWS refuses.
 */
import { DataSyncClient, UpdateTaskCommand } from '@aws-sdk/client-datasync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createDatasyncTask, datasyncState, type DatasyncTask } from '../../src/sim/services/datasync/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const ID = 'aws-datasync-task-logging-off';
const LOG_GROUP = `arn:aws:logs:${REGION}:${MGMT}:log-group:/aws/datasync:*`;
const withParams = (params: Record<string, unknown>): Policy[] => loadBuiltinPolicies().filter((p) => p.id === ID).map((p) => ({ ...p, response: { ...p.response, params } }));

let h: Harness;
let silent: DatasyncTask;
let quiet: DatasyncTask;
let logged: DatasyncTask;
beforeAll(async () => {
  h = await harness({ seed: 'datasync-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] }, { policies: withParams({ logGroupArn: LOG_GROUP }) });
  const w = h.sim.world;
  silent = createDatasyncTask(w, MGMT, REGION, { name: 'nas-to-s3' });
  quiet = createDatasyncTask(w, MGMT, REGION, { name: 'archive', logGroup: '/aws/datasync-archive', logLevel: 'OFF' });
  logged = createDatasyncTask(w, MGMT, REGION, { name: 'efs-copy', logGroup: '/aws/datasync', logLevel: 'TRANSFER' });
});
afterAll(() => h.close());

describe('datasync-task-enable-logging: fix, verify, undo', () => {
  it('sends only what is missing — the log group, the level or both — and undo puts back exactly what was there', async () => {
    const before = structuredClone(datasyncState(h.sim.world, MGMT, REGION).tasks);
    const plan = await planFix(h.conn.access, await h.scan([ID]), h.select([ID]), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.name} ${p.action} ${p.outcome}`).sort()).toEqual(['archive datasync-task-enable-logging ready', 'nas-to-s3 datasync-task-enable-logging ready']);
    const callOf = (name: string) => plan.prepared.find((p) => p.resource.name === name)!.plan!.calls;
    expect(callOf('nas-to-s3')).toEqual([{ service: 'datasync', operation: 'UpdateTask', params: { TaskArn: silent.TaskArn, CloudWatchLogGroupArn: LOG_GROUP, Options: { LogLevel: 'BASIC' } }, purpose: expect.any(String) }]);
    // The archive task keeps its own log group: only the level changes.
    expect(callOf('archive')).toEqual([{ service: 'datasync', operation: 'UpdateTask', params: { TaskArn: quiet.TaskArn, Options: { LogLevel: 'BASIC' } }, purpose: expect.any(String) }]);

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed.map((o) => o.resource.name).sort()).toEqual(['archive', 'nas-to-s3']);
    expect(silent).toEqual({ ...before[0]!, CloudWatchLogGroupArn: LOG_GROUP, Options: { ...before[0]!.Options, LogLevel: 'BASIC' } });
    expect(quiet).toEqual({ ...before[1]!, Options: { ...before[1]!.Options, LogLevel: 'BASIC' } });
    expect(logged).toEqual(before[2]);

    // Idempotent: nothing is left to fix.
    expect((await planFix(h.conn.access, await h.scan([ID]), h.select([ID]), h.config, ALL_MODES)).prepared).toEqual([]);

    for (const fixed of summary.fixed) {
      const preview = await previewUndo(h.store, h.conn.access, fixed.entryId!);
      expect(preview.changedSince).toEqual([]);
      const r = await undo(h.session(), preview);
      expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    }
    expect(datasyncState(h.sim.world, MGMT, REGION).tasks).toEqual(before);
    expect(silent.CloudWatchLogGroupArn).toBeUndefined();
  });

  it('refuses at plan time without the log group parameter for a task that names none, naming the parameter', async () => {
    const scan = await h.scan([ID]);
    const none = await planFix(h.conn.access, scan, withParams({}), h.config, ALL_MODES);
    const why = Object.fromEntries(none.prepared.map((p) => [p.resource.name, [p.outcome, p.why]]));
    expect(why['nas-to-s3']).toEqual(['failed', expect.stringMatching(/needs the parameter logGroupArn/)]);
    // The archive task names its own log group: it needs no parameter.
    expect(why['archive']![0]).toBe('ready');
  });

  it('is refused by the endpoint as AWS refuses it: an unknown task, a malformed log group, an unknown level', async () => {
    const client = new DataSyncClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const before = structuredClone(silent);
    await expect(client.send(new UpdateTaskCommand({ TaskArn: `arn:aws:datasync:${REGION}:${MGMT}:task/task-00000000000000000`, Options: { LogLevel: 'BASIC' } }))).rejects.toMatchObject({ name: 'InvalidRequestException' });
    await expect(client.send(new UpdateTaskCommand({ TaskArn: silent.TaskArn, CloudWatchLogGroupArn: 'arn:aws:s3:::logs', Options: { LogLevel: 'BASIC' } }))).rejects.toMatchObject({ name: 'InvalidRequestException' });
    await expect(client.send(new UpdateTaskCommand({ TaskArn: silent.TaskArn, CloudWatchLogGroupArn: LOG_GROUP, Options: { LogLevel: 'LOUD' as 'BASIC' } }))).rejects.toMatchObject({ name: 'InvalidRequestException' });
    expect(silent).toEqual(before);
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select([ID]) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['datasync:DescribeTask', 'datasync:UpdateTask']));
  });
});
