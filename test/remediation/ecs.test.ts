/**
 * The ECS actions end to end through the local endpoint and the real SDK — Container Insights on a cluster, and a new
 * task definition revision with read-only root filesystems — plus properties of the task definition action over
 * random container lists: the new revision differs from the flagged one only in the flagged containers' flag, and
 * undo∘fix is the identity on what a deployment sees.
 */
import { DeregisterTaskDefinitionCommand, ECSClient, RegisterTaskDefinitionCommand, UpdateClusterSettingsCommand } from '@aws-sdk/client-ecs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import type { Evidence } from '../../src/core/finding.ts';
import type { ResourceRef } from '../../src/core/resource.ts';
import { ecsTaskdefReadonlyRootFs, type TaskDefinitionState } from '../../src/remediation/actions/ecs/ecs-taskdef-readonly-root-fs.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import type { RemediationAction } from '../../src/remediation/types.ts';
import { createCluster, createService, ecsState, registerTaskDefinition, type Cluster, type TaskDefinition } from '../../src/sim/services/ecs/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const INSIGHTS = ['aws-ecs-cluster-container-insights-off'];
const ROOT_FS = ['aws-ecs-taskdef-writable-root-fs'];

let h: Harness;
let shop: Cluster;
let enhanced: Cluster;
let api: TaskDefinition;
beforeAll(async () => {
  h = await harness({ seed: 'ecs-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] });
  const w = h.sim.world;
  registerTaskDefinition(w, MGMT, REGION, { family: 'api', containerDefinitions: [{ name: 'app', image: 'shop/api:1' }], inactive: true });
  api = registerTaskDefinition(w, MGMT, REGION, {
    family: 'api',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    containerDefinitions: [
      { name: 'app', image: 'shop/api:2', essential: true, portMappings: [{ containerPort: 8080, protocol: 'tcp' }], mountPoints: [{ sourceVolume: 'tmp', containerPath: '/tmp' }] },
      { name: 'envoy', image: 'envoy:1.31', readonlyRootFilesystem: true },
      { name: 'log-router', image: 'fluent-bit:3', readonlyRootFilesystem: false, user: '1000' },
    ],
    extra: { cpu: '512', memory: '1024', taskRoleArn: `arn:aws:iam::${MGMT}:role/api-task`, executionRoleArn: `arn:aws:iam::${MGMT}:role/api-exec`, volumes: [{ name: 'tmp' }] },
    tags: { team: 'shop' },
  });
  shop = createCluster(w, MGMT, REGION, { name: 'shop', tags: { team: 'shop' } });
  enhanced = createCluster(w, MGMT, REGION, { name: 'batch', containerInsights: 'enhanced' });
  createService(w, shop, { name: 'api', taskDefinition: api, launchType: 'FARGATE', desiredCount: 2 });
});
afterAll(() => h.close());

describe('ecs-enable-container-insights: fix, verify, undo', () => {
  it('sets containerInsights to enabled on the flagged cluster only, and undo gives back the previous value', async () => {
    const before = structuredClone({ shop, enhanced });
    const plan = await planFix(h.conn.access, await h.scan(INSIGHTS), h.select(INSIGHTS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.outcome}`)).toEqual(['shop ready']);
    expect(plan.prepared[0]!.plan!.calls.map((c) => c.params)).toEqual([{ cluster: shop.arn, settings: [{ name: 'containerInsights', value: 'enabled' }] }]);
    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(shop).toEqual({ ...before.shop, containerInsights: 'enabled' });
    expect(enhanced).toEqual(before.enhanced);
    const r = await undo(h.session(), await previewUndo(h.store, h.conn.access, summary.fixed[0]!.entryId!));
    expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    expect(shop.containerInsights).toBe('disabled');
    expect({ ...shop, containerInsights: undefined }).toEqual({ ...before.shop, containerInsights: undefined });
  });

  it('is refused by the endpoint as AWS refuses it: an unknown setting or value, an unknown cluster', async () => {
    const client = new ECSClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    await expect(client.send(new UpdateClusterSettingsCommand({ cluster: 'shop', settings: [{ name: 'containerInsights', value: 'on' }] }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(client.send(new UpdateClusterSettingsCommand({ cluster: 'shop', settings: [{ name: 'other' as 'containerInsights', value: 'enabled' }] }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(client.send(new UpdateClusterSettingsCommand({ cluster: 'nope', settings: [{ name: 'containerInsights', value: 'enabled' }] }))).rejects.toMatchObject({ name: 'ClusterNotFoundException' });
    expect(shop.containerInsights).toBe('disabled');
    client.destroy();
  });
});

describe('ecs-taskdef-readonly-root-fs: fix, verify, undo', () => {
  it('registers a copy with read-only roots for the flagged containers only; services keep the old revision; undo deregisters the copy', async () => {
    const before = structuredClone(ecsState(h.sim.world, MGMT, REGION));
    const plan = await planFix(h.conn.access, await h.scan(ROOT_FS), h.select(ROOT_FS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`)).toEqual(['api:2 ecs-taskdef-readonly-root-fs ready']);
    const p = plan.prepared[0]!;
    expect(p.reversible).toBe(true);
    expect(p.plan!.removes).toEqual(['container app: readonlyRootFilesystem not set (true in the new revision)', 'container log-router: readonlyRootFilesystem false (true in the new revision)']);
    expect(p.plan!.notes.join(' ')).toMatch(/services and tasks that name api:2 keep running it until someone updates them/);
    const call = p.plan!.calls[0]!;
    expect(call.operation).toBe('RegisterTaskDefinition');
    expect(call.params).toMatchObject({ family: 'api', cpu: '512', memory: '1024', networkMode: 'awsvpc', taskRoleArn: `arn:aws:iam::${MGMT}:role/api-task`, tags: [{ key: 'team', value: 'shop' }] });

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(1);
    const tds = ecsState(h.sim.world, MGMT, REGION).taskDefinitions;
    expect(tds.slice(0, 2)).toEqual(before.taskDefinitions);
    const added = tds[2]!;
    expect(added).toMatchObject({ family: 'api', revision: 3, status: 'ACTIVE', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], extra: api.extra, tags: { team: 'shop' } });
    expect(added.containerDefinitions).toEqual([
      { ...api.containerDefinitions[0], readonlyRootFilesystem: true },
      api.containerDefinitions[1],
      { ...api.containerDefinitions[2], readonlyRootFilesystem: true },
    ]);
    // The service is not touched: it runs the old revision until someone updates it.
    expect(shop.services[0]!.taskDefinition).toBe(api.arn);
    expect((await planFix(h.conn.access, await h.scan(ROOT_FS), h.select(ROOT_FS), h.config, ALL_MODES)).prepared).toEqual([]);

    const preview = await previewUndo(h.store, h.conn.access, summary.fixed[0]!.entryId!);
    expect(preview.changedSince).toEqual([]);
    expect(preview.plan.calls).toEqual([expect.objectContaining({ operation: 'DeregisterTaskDefinition', params: { taskDefinition: added.arn } })]);
    const r = await undo(h.session(), preview);
    expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    // AWS keeps the deregistered revision, INACTIVE; the family's latest ACTIVE revision is the flagged one again.
    expect(tds.map((t) => `${t.revision} ${t.status}`)).toEqual(['1 INACTIVE', '2 ACTIVE', '3 INACTIVE']);
    expect(tds.slice(0, 2)).toEqual(before.taskDefinitions);
    const again = await planFix(h.conn.access, await h.scan(ROOT_FS), h.select(ROOT_FS), h.config, ALL_MODES);
    expect(again.prepared.map((x) => x.resource.id)).toEqual(['api:2']);
  });

  it('is refused by the endpoint as AWS refuses it', async () => {
    const client = new ECSClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    await expect(client.send(new RegisterTaskDefinitionCommand({ family: 'api', containerDefinitions: [] }))).rejects.toMatchObject({ name: 'ClientException' });
    await expect(client.send(new RegisterTaskDefinitionCommand({ family: 'api', containerDefinitions: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] }))).rejects.toMatchObject({ name: 'ClientException' });
    await expect(client.send(new RegisterTaskDefinitionCommand({ family: 'api', containerDefinitions: [{ name: 'a' }] }))).rejects.toMatchObject({ name: 'ClientException' });
    await expect(client.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'api:99' }))).rejects.toMatchObject({ name: 'ClientException' });
    await expect(client.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'api' }))).rejects.toMatchObject({ name: 'ClientException' });
    expect(ecsState(h.sim.world, MGMT, REGION).taskDefinitions).toHaveLength(3);
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select([...INSIGHTS, ...ROOT_FS]) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(
      expect.arrayContaining(['ecs:DescribeClusters', 'ecs:UpdateClusterSettings', 'ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition', 'ecs:DeregisterTaskDefinition', 'ecs:TagResource']),
    );
  });
});

describe('ecs-taskdef-readonly-root-fs over random container lists', () => {
  const action = ecsTaskdefReadonlyRootFs as unknown as RemediationAction<TaskDefinitionState, Record<string, never>>;
  const target: ResourceRef = { type: 'aws.ecs.task-definition', id: 'f:4', arn: 'arn:aws:ecs:us-east-1:111111111111:task-definition/f:4', account: '111111111111', region: 'us-east-1', tags: {} };
  const containers = fc.uniqueArray(fc.record({ name: fc.constantFrom('a', 'b', 'c', 'd', 'e'), ro: fc.constantFrom(true, false, undefined), cpu: fc.constantFrom(0, 128) }), { minLength: 1, maxLength: 5, selector: (c) => c.name });
  const arb = containers.chain((cs) => fc.tuple(fc.constant(cs), fc.subarray(cs.filter((c) => c.ro !== true).map((c): string => c.name))));
  const stateOf = (cs: { name: string; ro: boolean | undefined; cpu: number }[]): TaskDefinitionState => {
    const flagged = {
      arn: target.arn,
      revision: 4,
      status: 'ACTIVE',
      definition: { family: 'f', cpu: '256', containerDefinitions: cs.map((c) => ({ name: c.name, image: `i/${c.name}`, cpu: c.cpu, ...(c.ro === undefined ? {} : { readonlyRootFilesystem: c.ro }) })) },
    };
    return { flagged, latest: flagged };
  };
  const evidenceOf = (names: string[]): Evidence[] => names.map((n) => ({ id: `container:${n}`, kind: 'container-definition', summary: n, data: { container: n, checks: ['writable-root-fs'] } }));

  it('changes only readonlyRootFilesystem of the flagged containers, and undo∘fix is the identity', () => {
    fc.assert(
      fc.property(arb, ([cs, names]) => {
        const before = stateOf(cs);
        const evidence = evidenceOf(names);
        const plan = action.plan(before, evidence, {}, target);
        if (!names.length) {
          expect(plan.calls).toEqual([]);
          return;
        }
        expect(action.drift(before, evidence, undefined)).toBeUndefined();
        const def = plan.calls[0]!.params as { containerDefinitions: Record<string, unknown>[] };
        const old = before.flagged.definition['containerDefinitions'] as Record<string, unknown>[];
        expect({ ...plan.calls[0]!.params, containerDefinitions: undefined }).toEqual({ ...before.flagged.definition, containerDefinitions: undefined });
        def.containerDefinitions.forEach((c, i) => expect(c).toEqual(names.includes(String(c['name'])) ? { ...old[i], readonlyRootFilesystem: true } : old[i]));
        // What AWS would hold after the call: a newer revision with exactly that definition.
        const after: TaskDefinitionState = { flagged: before.flagged, latest: { arn: `${target.arn.replace(/:4$/, ':5')}`, revision: 5, status: 'ACTIVE', definition: def } };
        expect(action.diff(after, action.expected(before, evidence, {}))).toEqual([]);
        expect(action.drift(after, evidence, undefined)).toMatch(/f:5 is now the family's latest revision/);
        const undo = action.undo!(before, after, after, target);
        expect(undo.calls.map((c) => c.params)).toEqual([{ taskDefinition: after.latest!.arn }]);
        expect(action.diff(action.expectedUndo!(before, after, after), before)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
