/**
 * ECS end to end: the local endpoint serves task definitions from the estate; the SDK reads them; the
 * collector keeps the latest ACTIVE revision per family; the engine gives findings naming containers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import type { Finding } from '../../src/core/finding.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createCluster, createService, registerTaskDefinition } from '../../src/sim/services/ecs/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const TASKDEF = [
  'aws-ecs-taskdef-env-secrets',
  'aws-ecs-taskdef-host-network-root',
  'aws-ecs-taskdef-host-pid',
  'aws-ecs-taskdef-no-logging',
  'aws-ecs-taskdef-privileged',
  'aws-ecs-taskdef-writable-root-fs',
];
const logs = { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/app', 'awslogs-region': 'us-east-1' } };
let sim: SimServer;
let result: ScanResult;

const scan = (s: SimServer, ids: string[]) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => ids.includes(p.id)), globalExclusions: [], keepPassed: true });

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // Revision 1 was bad; revision 2 fixed it: only revision 2 counts.
  registerTaskDefinition(world, ACCOUNT, 'us-east-1', { family: 'web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], containerDefinitions: [{ name: 'app', image: 'web:1', privileged: false }] });
  registerTaskDefinition(world, ACCOUNT, 'us-east-1', {
    family: 'web',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    containerDefinitions: [{ name: 'app', image: 'web:2', readonlyRootFilesystem: true, user: '1000', logConfiguration: logs }],
    tags: { team: 'shop' },
  });
  // A newer revision that was deregistered: INACTIVE, so revision 2 stays the latest ACTIVE one.
  registerTaskDefinition(world, ACCOUNT, 'us-east-1', { family: 'web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], containerDefinitions: [{ name: 'app', image: 'web:3' }], inactive: true });
  // The node agent: host network and pid namespace, root, privileged exporter, keys in the environment.
  registerTaskDefinition(world, ACCOUNT, 'us-east-1', {
    family: 'node-agent',
    networkMode: 'host',
    pidMode: 'host',
    requiresCompatibilities: ['EC2'],
    containerDefinitions: [
      { name: 'collector', image: 'agent:7', logConfiguration: logs, environment: [{ name: 'AWS_ACCESS_KEY_ID', value: 'AKIAEXAMPLEEXAMPLE12' }, { name: 'AWS_SECRET_ACCESS_KEY', value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, { name: 'LOG_LEVEL', value: 'info' }] },
      { name: 'exporter', image: 'exporter:1', privileged: true, user: 'nobody', readonlyRootFilesystem: true },
    ],
  });
  registerTaskDefinition(world, ACCOUNT, 'eu-west-1', { family: 'batch', networkMode: 'bridge', requiresCompatibilities: ['EC2'], containerDefinitions: [{ name: 'job', image: 'batch:1', readonlyRootFilesystem: true, logConfiguration: logs }] });
  sim = await startSim({ world });
  result = await scan(sim, TASKDEF);
});
afterAll(() => sim.stop());

const of = (policy: string, status: string): Finding[] => result.report.findings.filter((f) => f.policy === policy && f.status === status);
const failing = (policy: string) => Object.fromEntries(of(policy, 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]));

describe('ECS task definitions from the endpoint to the findings', () => {
  it('reads the latest ACTIVE revision of each family, with its tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const tds = result.resources.filter((r) => r.type === 'aws.ecs.task-definition');
    expect(tds.map((r) => r.id).sort()).toEqual(['batch:1', 'node-agent:1', 'web:2']);
    const web = tds.find((r) => r.id === 'web:2')!;
    expect(web.tags).toEqual({ team: 'shop' });
    expect(web.arn).toBe(`arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:2`);
  });

  it('keeps environment variable names and never their values', () => {
    const agent = result.resources.find((r) => r.id === 'node-agent:1')!;
    const text = JSON.stringify(agent);
    expect(text).toContain('AWS_SECRET_ACCESS_KEY');
    expect(text).not.toContain('wJalrXUtnFEMI');
    expect(text).not.toContain('AKIAEXAMPLEEXAMPLE12');
    const f = of('aws-ecs-taskdef-env-secrets', 'fail')[0]!;
    expect(JSON.stringify(f)).not.toContain('wJalrXUtnFEMI');
    expect(f.evidence[0]!.data).toEqual({ container: 'collector', checks: ['env-credentials'], variables: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] });
  });

  it('names each offending container as evidence', () => {
    expect(failing('aws-ecs-taskdef-env-secrets')).toEqual({ 'node-agent:1': ['container:collector'] });
    expect(failing('aws-ecs-taskdef-privileged')).toEqual({ 'node-agent:1': ['container:exporter'] });
    expect(failing('aws-ecs-taskdef-host-network-root')).toEqual({ 'node-agent:1': ['container:collector', 'container:exporter'] });
    expect(failing('aws-ecs-taskdef-no-logging')).toEqual({ 'node-agent:1': ['container:exporter'] });
    expect(failing('aws-ecs-taskdef-writable-root-fs')).toEqual({ 'node-agent:1': ['container:collector'] });
    expect(failing('aws-ecs-taskdef-host-pid')).toEqual({ 'node-agent:1': ['path:config.pidMode'] });
  });

  it('passes the fixed latest revision and the clean family in the other region', () => {
    for (const id of TASKDEF) expect(of(id, 'pass').map((f) => f.resource.id).sort(), id).toEqual(['batch:1', 'web:2']);
  });

  it('reads with one listing per region and one describe per family', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['ecs:ListTaskDefinitions']).toBe(2);
    expect(calls['ecs:DescribeTaskDefinition']).toBe(3);
  });

  it('pages through more task definitions than one page holds', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    for (let i = 0; i < 120; i++) registerTaskDefinition(world, ACCOUNT, 'us-east-1', { family: `svc${String(i).padStart(3, '0')}`, containerDefinitions: [{ name: 'app', image: 'x', privileged: i === 7 }] });
    const many = await startSim({ world });
    try {
      const r = await scan(many, ['aws-ecs-taskdef-privileged']);
      expect(r.resources.filter((x) => x.type === 'aws.ecs.task-definition')).toHaveLength(120);
      expect(r.report.summary.apiCalls.byOperation['ecs:ListTaskDefinitions']).toBe(2);
      expect(r.report.findings.filter((f) => f.status === 'fail').map((f) => f.resource.id)).toEqual(['svc007:1']);
    } finally {
      await many.stop();
    }
  });

  it('turns task definitions it cannot describe into errors, never passes', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    registerTaskDefinition(world, ACCOUNT, 'us-east-1', { family: 'locked', containerDefinitions: [{ name: 'app', image: 'x', readonlyRootFilesystem: true, logConfiguration: logs }] });
    world.accounts[ACCOUNT]!.deny = ['ecs:DescribeTaskDefinition'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied, TASKDEF);
      const byPolicy = Object.fromEntries(r.report.findings.filter((f) => f.resource.id === 'locked:1').map((f) => [f.policy, f.status]));
      expect(byPolicy).toEqual(Object.fromEntries(TASKDEF.map((id) => [id, 'error'])));
    } finally {
      await denied.stop();
    }
  });
});

describe('ECS services and clusters from the endpoint to the findings', () => {
  const SERVICE = ['aws-ecs-service-public-ip', 'aws-ecs-fargate-old-platform', 'aws-ecs-cluster-container-insights-off'];
  let env: SimServer;
  let r: ScanResult;
  const fails = (policy: string) => Object.fromEntries(r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]));
  const passes = (policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'pass').map((f) => f.resource.id).sort();

  beforeAll(async () => {
    const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
    const web = registerTaskDefinition(world, ACCOUNT, 'us-east-1', { family: 'web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], containerDefinitions: [{ name: 'app', image: 'web:1' }] });
    const legacy = registerTaskDefinition(world, ACCOUNT, 'us-east-1', { family: 'legacy', networkMode: 'bridge', containerDefinitions: [{ name: 'app', image: 'legacy:1' }] });
    const shop = createCluster(world, ACCOUNT, 'us-east-1', { name: 'shop', tags: { team: 'shop' } });
    // The quick start: public subnet, public IP, pinned to an old platform version.
    createService(world, shop, { name: 'storefront', taskDefinition: web, launchType: 'FARGATE', platformVersion: '1.3.0', assignPublicIp: 'ENABLED', securityGroups: ['sg-0aaa'], tags: { team: 'shop' } });
    createService(world, shop, { name: 'checkout', taskDefinition: web, launchType: 'FARGATE' });
    createService(world, shop, { name: 'reports', taskDefinition: legacy, launchType: 'EC2' });
    // 12 more services: DescribeServices takes at most 10 per call.
    for (let i = 0; i < 12; i++) createService(world, shop, { name: `worker${String(i).padStart(2, '0')}`, taskDefinition: web, launchType: 'FARGATE', platformVersion: '1.4.0' });
    createCluster(world, ACCOUNT, 'eu-west-1', { name: 'analytics', containerInsights: 'enhanced' });
    env = await startSim({ world });
    r = await scan(env, SERVICE);
  });
  afterAll(() => env.stop());

  it('reads every service of every cluster and the clusters, with their tags', () => {
    expect(r.report.summary.coverageGaps).toEqual([]);
    const services = r.resources.filter((x) => x.type === 'aws.ecs.service');
    expect(services).toHaveLength(15);
    const storefront = services.find((x) => x.id === 'shop/storefront')!;
    expect(storefront.tags).toEqual({ team: 'shop' });
    expect(storefront.arn).toBe(`arn:aws:ecs:us-east-1:${ACCOUNT}:service/shop/storefront`);
    expect(storefront.related).toContainEqual({ type: 'aws.ecs.task-definition', id: 'web:1', relation: 'runs' });
    expect(r.resources.filter((x) => x.type === 'aws.ecs.cluster').map((x) => [x.id, x.tags]).sort()).toEqual([['analytics', {}], ['shop', { team: 'shop' }]]);
  });

  it('fails the service that assigns public IPs and the one on an old platform version', () => {
    expect(fails('aws-ecs-service-public-ip')).toEqual({ 'shop/storefront': ['path:config.assignPublicIp'] });
    expect(fails('aws-ecs-fargate-old-platform')).toEqual({ 'shop/storefront': ['path:config.launchType', 'path:config.platformVersion'] });
    expect(passes('aws-ecs-fargate-old-platform')).toContain('shop/checkout');
    expect(passes('aws-ecs-fargate-old-platform')).toContain('shop/reports');
  });

  it('fails the cluster without Container Insights', () => {
    expect(fails('aws-ecs-cluster-container-insights-off')).toEqual({ shop: ['path:config.containerInsights'] });
    expect(passes('aws-ecs-cluster-container-insights-off')).toEqual(['analytics']);
  });

  it('describes services 10 at a time and clusters in one call per region', () => {
    const calls = r.report.summary.apiCalls.byOperation;
    expect(calls['ecs:ListServices']).toBe(2);
    expect(calls['ecs:DescribeServices']).toBe(2);
    expect(calls['ecs:DescribeClusters']).toBe(2);
  });

  it('turns services and clusters it cannot describe into errors, never passes', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    const td = registerTaskDefinition(world, ACCOUNT, 'us-east-1', { family: 'web', networkMode: 'awsvpc', containerDefinitions: [{ name: 'app', image: 'web:1' }] });
    const c = createCluster(world, ACCOUNT, 'us-east-1', { name: 'locked', containerInsights: 'enabled' });
    createService(world, c, { name: 'api', taskDefinition: td, launchType: 'FARGATE' });
    world.accounts[ACCOUNT]!.deny = ['ecs:DescribeServices', 'ecs:DescribeClusters'];
    const denied = await startSim({ world });
    try {
      const d = await scan(denied, SERVICE);
      expect(Object.fromEntries(d.report.findings.map((f) => [`${f.policy} ${f.resource.id}`, f.status]))).toEqual({
        'aws-ecs-service-public-ip locked/api': 'error',
        'aws-ecs-fargate-old-platform locked/api': 'error',
        'aws-ecs-cluster-container-insights-off locked': 'error',
      });
    } finally {
      await denied.stop();
    }
  });
});
