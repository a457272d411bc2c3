/**
 * The EC2 network actions end to end through the local endpoint and the real SDK: scan → `mamori fix` plan → apply →
 * verified (subnets stop assigning public IPv4, default groups are emptied, VPCs without a flow log get one); what no
 * policy flagged is unchanged (a private subnet, a VPC's existing flow log, a non-default group); `mamori undo` gives
 * back exactly the before-state; a flow log without a destination is refused at plan time naming the parameter; the
 * endpoint refuses what AWS refuses and answers in the model's shapes. Property tests over the two structured states.
 */
import { CreateFlowLogsCommand, DeleteFlowLogsCommand, EC2Client, ModifySubnetAttributeCommand } from '@aws-sdk/client-ec2';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import type { ResourceRef } from '../../src/core/resource.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import type { Policy } from '../../src/engine/policy.ts';
import type { SgRule } from '../../src/resources/configs.ts';
import { ec2DefaultSgRevokeAll, type DefaultSgState } from '../../src/remediation/actions/ec2/ec2-default-sg-revoke-all.ts';
import { ec2VpcCreateFlowLogs, type FlowLogLine, type VpcFlowLogState } from '../../src/remediation/actions/ec2/ec2-vpc-create-flow-logs.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createSecurityGroup, createSubnet, createVpc, ec2State, findDefaultVpc, runInstance, authorizeIngress, type Vpc } from '../../src/sim/services/ec2/model.ts';
import { createFlowLog, networkState } from '../../src/sim/services/ec2/network.ts';
import { CREDENTIALS, harness, MGMT, modelRules, sortedLines, type Harness } from './helpers.ts';
import { startRecordingProxy, type Exchange, type RecordingProxy } from '../helpers/recording-proxy.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const BUCKET = 'arn:aws:s3:::kumo-flow-logs/vpc/';
const IDS = ['aws-ec2-subnet-auto-public-ip', 'aws-ec2-default-sg-allows-traffic', 'aws-ec2-vpc-flow-logs-disabled'];
const FLOW_PARAMS = { logDestinationType: 's3', s3BucketArn: BUCKET };

const policies: Policy[] = loadBuiltinPolicies().map((p) => (p.id === 'aws-ec2-vpc-flow-logs-disabled' ? { ...p, response: { ...p.response, params: FLOW_PARAMS } } : p));

let h: Harness;
let ec2: EC2Client;
let proxy: RecordingProxy;
let logged: Vpc;
let bare: Vpc;
let appGroupId: string;
let instanceId: string;
let exchanges: Exchange[] = [];


beforeAll(async () => {
  h = await harness({ seed: 'ec2-network', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] }, { policies });
  const w = h.sim.world;
  proxy = await startRecordingProxy(h.sim.url);
  exchanges = proxy.exchanges;
  ec2 = new EC2Client({ endpoint: proxy.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
  // The default VPC (public default subnets, default group with its two rules, no flow log) beside a VPC that is
  // already logged and has a private subnet, and a bare VPC with nothing.
  findDefaultVpc(w, MGMT, REGION);
  logged = createVpc(w, MGMT, REGION, { cidrBlock: '10.1.0.0/16', tags: { Name: 'logged' } });
  createSubnet(w, MGMT, REGION, { vpcId: logged.vpcId, cidrBlock: '10.1.1.0/24', availabilityZone: `${REGION}a`, mapPublicIpOnLaunch: false });
  createFlowLog(w, MGMT, REGION, { resourceId: logged.vpcId, trafficType: 'ALL' });
  bare = createVpc(w, MGMT, REGION, { cidrBlock: '10.2.0.0/16', tags: { Name: 'bare' } });
  // A non-default group with an open rule: no policy here is about it.
  appGroupId = createSecurityGroup(w, MGMT, REGION, { groupName: 'app', description: 'app', vpcId: findDefaultVpc(w, MGMT, REGION)!.vpcId }).groupId;
  authorizeIngress(w, MGMT, REGION, appGroupId, [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
  instanceId = runInstance(w, MGMT, REGION, { tags: { Name: 'in-default-group' } }).instanceId;
});
afterAll(async () => {
  ec2.destroy();
  await proxy.stop();
  await h.close();
});

/** Everything the actions may touch, as the endpoint holds it (rule lines by content: an undo gives new ids). */
function estate() {
  const w = h.sim.world;
  const state = ec2State(w, MGMT, REGION);
  return structuredClone({
    subnets: Object.values(state.subnets)
      .map((s) => ({ id: s.subnetId, vpc: s.vpcId, map: s.mapPublicIpOnLaunch }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    groups: Object.values(state.groups)
      .map((g) => ({ id: g.groupId, name: g.groupName, lines: sortedLines(modelRules(h.sim, MGMT, REGION, g.groupId)) }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    flowLogs: networkState(w, MGMT, REGION).flowLogs,
  });
}

describe('EC2 network actions: fix, verify, undo', () => {
  it('fixes exactly the violating subnets, default groups and VPCs, leaves the rest, and undo restores the before-state', async () => {
    const before = estate();
    const publicSubnets = before.subnets.filter((s) => s.map).map((s) => s.id);
    const defaults = before.groups.filter((g) => g.name === 'default');
    expect(publicSubnets.length).toBeGreaterThan(0);
    expect(defaults).toHaveLength(3);
    expect(defaults.every((g) => g.lines.length === 2)).toBe(true);

    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    const ready = plan.prepared.filter((p) => p.outcome === 'ready');
    expect(plan.prepared.filter((p) => p.outcome !== 'ready')).toEqual([]);
    const of = (action: string) => ready.filter((p) => p.action === action);
    expect(of('ec2-subnet-disable-public-ip').map((p) => p.resource.id).sort()).toEqual([...publicSubnets].sort());
    expect(of('ec2-default-sg-revoke-all').map((p) => p.resource.id).sort()).toEqual(defaults.map((g) => g.id).sort());
    expect(of('ec2-vpc-create-flow-logs').map((p) => p.resource.id).sort()).toEqual([findDefaultVpc(h.sim.world, MGMT, REGION)!.vpcId, bare.vpcId].sort());

    const subnetPlan = of('ec2-subnet-disable-public-ip')[0]!.plan!;
    expect(subnetPlan.calls.map((c) => [c.operation, c.params])).toEqual([['ModifySubnetAttribute', { SubnetId: of('ec2-subnet-disable-public-ip')[0]!.resource.id, MapPublicIpOnLaunch: { Value: false } }]]);
    expect(subnetPlan.notes.join(' ')).toMatch(/already have a public IPv4 address keep it/);

    const defaultVpcGroup = findDefaultVpc(h.sim.world, MGMT, REGION)!.defaultGroupId;
    const sgPlan = of('ec2-default-sg-revoke-all').find((p) => p.resource.id === defaultVpcGroup)!.plan!;
    expect(sgPlan.calls.map((c) => c.operation)).toEqual(['RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress']);
    for (const c of sgPlan.calls) expect((c.params['SecurityGroupRuleIds'] as string[]).length).toBe(1);
    expect(sgPlan.notes.join(' ')).toContain(instanceId);

    const flowPlan = of('ec2-vpc-create-flow-logs').find((p) => p.resource.id === bare.vpcId)!.plan!;
    expect(flowPlan.calls.map((c) => [c.operation, c.params])).toEqual([['CreateFlowLogs', { ResourceType: 'VPC', ResourceIds: [bare.vpcId], TrafficType: 'REJECT', LogDestinationType: 's3', LogDestination: BUCKET }]]);

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(ready.length);

    const after = estate();
    expect(after.subnets).toEqual(before.subnets.map((s) => ({ ...s, map: false })));
    expect(after.groups).toEqual(before.groups.map((g) => (g.name === 'default' ? { ...g, lines: [] } : g)));
    expect(after.flowLogs.slice(0, before.flowLogs.length)).toEqual(before.flowLogs);
    expect(after.flowLogs.slice(before.flowLogs.length).map((f) => [f.ResourceId, f.TrafficType, f.LogDestinationType, f.LogDestination, f.FlowLogStatus]).sort()).toEqual(
      [findDefaultVpc(h.sim.world, MGMT, REGION)!.vpcId, bare.vpcId].sort().map((v) => [v, 'REJECT', 's3', BUCKET, 'ACTIVE']),
    );

    // Idempotent: a second scan finds nothing left to fix.
    const again = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(again.prepared).toEqual([]);

    for (const o of [...summary.fixed].reverse()) {
      const preview = await previewUndo(h.store, h.conn.access, o.entryId!);
      expect(preview.changedSince).toEqual([]);
      const r = await undo(h.session(), preview);
      expect(r.summary.failed).toEqual([]);
      expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    }
    expect(estate()).toEqual(before);
  });

  it('refuses to plan a flow log without its destination, naming the parameter', async () => {
    const ids = ['aws-ec2-vpc-flow-logs-disabled'];
    const scan = await h.scan(ids);
    const withParams = (params: Record<string, unknown>) => h.select(ids).map((p) => ({ ...p, response: { ...p.response, params } }));
    const whys = async (params: Record<string, unknown>) => (await planFix(h.conn.access, scan, withParams(params), h.config, ALL_MODES)).prepared.map((p) => [p.outcome, p.why]);
    expect(await whys({})).toEqual([
      ['failed', expect.stringMatching(/needs the parameter logDestinationType .*response\.params\.logDestinationType/)],
      ['failed', expect.stringMatching(/needs the parameter logDestinationType/)],
    ]);
    expect((await whys({ logDestinationType: 'cloud-watch-logs', logGroupName: '/vpc/flow' }))[0]).toEqual(['failed', expect.stringMatching(/needs the parameter deliverLogsPermissionArn/)]);
    expect((await whys({ logDestinationType: 's3' }))[0]).toEqual(['failed', expect.stringMatching(/needs the parameter s3BucketArn/)]);
    expect(networkState(h.sim.world, MGMT, REGION).flowLogs).toHaveLength(1);
  });

  it('creates a flow log to CloudWatch Logs with its role, verifies it, and undo deletes only that one', async () => {
    const ids = ['aws-ec2-vpc-flow-logs-disabled'];
    const role = `arn:aws:iam::${MGMT}:role/flow-logs`;
    const selected = h.select(ids).map((p) => ({ ...p, response: { ...p.response, params: { trafficType: 'ALL', logDestinationType: 'cloud-watch-logs', logGroupName: '/vpc/flow', deliverLogsPermissionArn: role } } }));
    const before = estate();
    const plan = await planFix(h.conn.access, await h.scan(ids), selected, h.config, ALL_MODES);
    const mine = { prepared: plan.prepared.filter((p) => p.resource.id === bare.vpcId), notPlanned: [] };
    expect(mine.prepared[0]!.plan!.calls.map((c) => c.params)).toEqual([{ ResourceType: 'VPC', ResourceIds: [bare.vpcId], TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs', LogGroupName: '/vpc/flow', DeliverLogsPermissionArn: role }]);
    const summary = await applyFix(h.session(), mine);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(1);
    const created = estate().flowLogs.slice(before.flowLogs.length);
    expect(created.map((f) => [f.ResourceId, f.TrafficType, f.LogDestinationType, f.LogDestination])).toEqual([[bare.vpcId, 'ALL', 'cloud-watch-logs', `arn:aws:logs:${REGION}:${MGMT}:log-group:/vpc/flow`]]);
    // Someone adds another flow log meanwhile: undo (forced past that change) deletes only the one the fix created.
    const other = createFlowLog(h.sim.world, MGMT, REGION, { resourceId: bare.vpcId, trafficType: 'ACCEPT' });
    const preview = await previewUndo(h.store, h.conn.access, summary.fixed[0]!.entryId!);
    expect(preview.plan.calls.map((c) => [c.operation, c.params])).toEqual([['DeleteFlowLogs', { FlowLogIds: [created[0]!.FlowLogId] }]]);
    expect(preview.changedSince).toEqual([expect.stringContaining(`flow log not expected: ${other.FlowLogId}`)]);
    const r = await undo(h.session(), preview, { force: true });
    expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    expect(networkState(h.sim.world, MGMT, REGION).flowLogs).toEqual([...before.flowLogs, other]);
    networkState(h.sim.world, MGMT, REGION).flowLogs.pop();
  });

  it('does not empty a default group that gained rule lines since the scan', async () => {
    const ids = ['aws-ec2-default-sg-allows-traffic'];
    const plan = await planFix(h.conn.access, await h.scan(ids), h.select(ids), h.config, ALL_MODES);
    const mine = { prepared: plan.prepared.filter((p) => p.resource.id === bare.defaultGroupId), notPlanned: [] };
    expect(mine.prepared).toHaveLength(1);
    const added = authorizeIngress(h.sim.world, MGMT, REGION, bare.defaultGroupId, [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }]);
    const linesBefore = sortedLines(modelRules(h.sim, MGMT, REGION, bare.defaultGroupId));
    const summary = await applyFix(h.session(), mine);
    expect(summary.fixed).toEqual([]);
    expect([...summary.skipped, ...summary.failed].map((o) => o.why).join(' ')).toContain(added[0]!.securityGroupRuleId);
    expect(sortedLines(modelRules(h.sim, MGMT, REGION, bare.defaultGroupId))).toEqual(linesBefore);
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(
      expect.arrayContaining(['ec2:ModifySubnetAttribute', 'ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress', 'ec2:AuthorizeSecurityGroupEgress', 'ec2:DescribeNetworkInterfaces', 'ec2:CreateFlowLogs', 'ec2:DeleteFlowLogs', 'iam:PassRole']),
    );
  });

  it('serves the writes with AWS validation and errors, in the model shapes', async () => {
    const subnet = createSubnet(h.sim.world, MGMT, REGION, { vpcId: bare.vpcId, cidrBlock: '10.2.9.0/24', availabilityZone: `${REGION}b`, mapPublicIpOnLaunch: true });
    const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { name?: string }) => e.name);
    expect(await code(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: 'subnet-00000000000000000', MapPublicIpOnLaunch: { Value: false } })))).toBe('InvalidSubnetID.NotFound');
    expect(await code(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnet.subnetId, MapPublicIpOnLaunch: { Value: false }, AssignIpv6AddressOnCreation: { Value: false } })))).toBe('InvalidParameterCombination');
    expect(await code(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnet.subnetId, MapPublicIpOnLaunch: { Value: false } })))).toBe('ok');
    expect(subnet.mapPublicIpOnLaunch).toBe(false);

    const base = { ResourceType: 'VPC' as const, ResourceIds: [bare.vpcId], TrafficType: 'ALL' as const };
    expect(await code(ec2.send(new CreateFlowLogsCommand({ ...base, LogGroupName: '/vpc/flow' })))).toBe('MissingParameter');
    expect(await code(ec2.send(new CreateFlowLogsCommand({ ...base, LogDestinationType: 's3', LogDestination: BUCKET, DeliverLogsPermissionArn: `arn:aws:iam::${MGMT}:role/flow` })))).toBe('InvalidParameter');
    expect(await code(ec2.send(new CreateFlowLogsCommand({ ...base, LogDestinationType: 's3', LogDestination: 'my-bucket' })))).toBe('InvalidParameterValue');
    expect(await code(ec2.send(new CreateFlowLogsCommand({ ResourceType: 'VPC', ResourceIds: [bare.vpcId], LogDestinationType: 's3', LogDestination: BUCKET })))).toBe('MissingParameter');
    const made = await ec2.send(new CreateFlowLogsCommand({ ...base, ResourceIds: [bare.vpcId, 'vpc-00000000000000000'], LogGroupName: '/vpc/flow', DeliverLogsPermissionArn: `arn:aws:iam::${MGMT}:role/flow` }));
    expect(made.FlowLogIds).toHaveLength(1);
    expect(made.Unsuccessful).toEqual([{ ResourceId: 'vpc-00000000000000000', Error: { Code: 'InvalidVpcID.NotFound', Message: expect.any(String) } }]);
    const dup = await ec2.send(new CreateFlowLogsCommand({ ...base, LogGroupName: '/vpc/flow', DeliverLogsPermissionArn: `arn:aws:iam::${MGMT}:role/flow` }));
    expect(dup.FlowLogIds).toEqual([]);
    expect(dup.Unsuccessful?.[0]?.Error?.Code).toBe('FlowLogAlreadyExists');
    const del = await ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: [made.FlowLogIds![0]!, 'fl-00000000000000000'] }));
    expect(del.Unsuccessful).toEqual([{ ResourceId: 'fl-00000000000000000', Error: { Code: 'InvalidFlowLogId.NotFound', Message: expect.any(String) } }]);
    expect(networkState(h.sim.world, MGMT, REGION).flowLogs.some((f) => f.FlowLogId === made.FlowLogIds![0])).toBe(false);

    const ok = new Set(exchanges.filter((e) => e.status < 300).map((e) => e.key));
    for (const op of ['ModifySubnetAttribute', 'CreateFlowLogs', 'DeleteFlowLogs']) expect(ok, op).toContain(`ec2:${op}`);
    expect(exchanges.filter((e) => e.status >= 300).length).toBeGreaterThan(4);
    expect(exchanges.filter((e) => e.problems.length)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over the touched states

const ref = (type: string, id: string): ResourceRef => ({ type, id, arn: `arn:aws:ec2:${REGION}:${MGMT}:x/${id}`, account: MGMT, region: REGION, tags: {} });

const ruleArb = (direction: 'ingress' | 'egress') =>
  fc.record({
    id: fc.stringMatching(/^sgr-[0-9a-f]{17}$/),
    protocol: fc.constantFrom('tcp', 'udp', '-1'),
    port: fc.integer({ min: 1, max: 65535 }),
    cidr: fc.constantFrom('0.0.0.0/0', '10.0.0.0/8', '192.168.1.0/24'),
    description: fc.option(fc.constantFrom('web', 'ssh'), { nil: undefined }),
  }).map(({ id, protocol, port, cidr, description }): SgRule => ({
    id,
    direction,
    protocol,
    ...(protocol === '-1' ? {} : { fromPort: port, toPort: port }),
    cidrIpv4: cidr,
    ...(description ? { description } : {}),
  }));

const sgStateArb: fc.Arbitrary<DefaultSgState> = fc
  .record({ ingress: fc.uniqueArray(ruleArb('ingress'), { selector: (r) => r.id, maxLength: 5 }), egress: fc.uniqueArray(ruleArb('egress'), { selector: (r) => r.id, maxLength: 5 }), name: fc.constantFrom('default', 'default', 'web') })
  .map(({ ingress, egress, name }) => ({ groupId: 'sg-0123456789abcdef0', groupName: name, ingress, egress, usedBy: [] }));

describe('ec2-default-sg-revoke-all: properties', () => {
  it('revokes exactly the lines of a default group (every one of them, by id) and nothing of another group', () => {
    fc.assert(
      fc.property(sgStateArb, (s) => {
        const plan = ec2DefaultSgRevokeAll.plan(s, [], {}, ref('aws.ec2.security-group', s.groupId));
        const revoked = plan.calls.flatMap((c) => c.params['SecurityGroupRuleIds'] as string[]);
        expect(revoked.sort()).toEqual(s.groupName === 'default' ? [...s.ingress, ...s.egress].map((r) => r.id).sort() : []);
        const expected = ec2DefaultSgRevokeAll.expected(s, [], {}) as DefaultSgState;
        expect(expected).toEqual(s.groupName === 'default' ? { ...s, ingress: [], egress: [] } : s);
      }),
    );
  });

  it('undo after fix re-creates exactly the removed lines (undo∘fix = identity by content)', () => {
    fc.assert(
      fc.property(sgStateArb, (s) => {
        const after = ec2DefaultSgRevokeAll.expected(s, [], {}) as DefaultSgState;
        const undone = ec2DefaultSgRevokeAll.expectedUndo!(s, after, after) as DefaultSgState;
        expect(ec2DefaultSgRevokeAll.diff(undone, s, { ignoreIds: true })).toEqual([]);
        const plan = ec2DefaultSgRevokeAll.undo!(s, after, after, ref('aws.ec2.security-group', s.groupId));
        const restored = plan.calls.reduce((n, c) => n + (c.params['IpPermissions'] as unknown[]).length, 0);
        expect(restored).toBe(s.groupName === 'default' ? s.ingress.length + s.egress.length : 0);
      }),
    );
  });
});

const flowLogArb: fc.Arbitrary<FlowLogLine> = fc.record({
  id: fc.stringMatching(/^fl-[0-9a-f]{17}$/),
  status: fc.constantFrom('ACTIVE', 'ACTIVE', 'FAILED'),
  trafficType: fc.constantFrom('ACCEPT', 'REJECT', 'ALL'),
  destinationType: fc.constantFrom('s3', 'cloud-watch-logs'),
  destination: fc.constantFrom('arn:aws:s3:::other', `arn:aws:logs:${REGION}:${MGMT}:log-group:x`),
});
const vpcStateArb: fc.Arbitrary<VpcFlowLogState> = fc.uniqueArray(flowLogArb, { selector: (f) => f.id, maxLength: 3 }).map((flowLogs) => ({ vpcId: 'vpc-0123456789abcdef0', flowLogs }));

describe('ec2-vpc-create-flow-logs: properties', () => {
  const p = { trafficType: 'REJECT' as const, logDestinationType: 's3' as const, s3BucketArn: BUCKET };
  it('creates one flow log exactly when none is active, keeping every existing one', () => {
    fc.assert(
      fc.property(vpcStateArb, (s) => {
        const plan = ec2VpcCreateFlowLogs.plan(s, [], p, ref('aws.ec2.vpc', s.vpcId));
        const none = !s.flowLogs.some((f) => f.status === 'ACTIVE');
        expect(plan.calls.map((c) => c.operation)).toEqual(none ? ['CreateFlowLogs'] : []);
        const expected = ec2VpcCreateFlowLogs.expected(s, [], p) as VpcFlowLogState;
        expect(expected.flowLogs.slice(0, s.flowLogs.length)).toEqual(s.flowLogs);
        expect(expected.flowLogs.length - s.flowLogs.length).toBe(none ? 1 : 0);
      }),
    );
  });

  it('undo deletes only the flow log the fix created (undo∘fix = identity)', () => {
    fc.assert(
      fc.property(vpcStateArb, (s) => {
        const created: FlowLogLine = { id: 'fl-0ffffffffffffffff', status: 'ACTIVE', trafficType: 'REJECT', destinationType: 's3', destination: BUCKET };
        const after = { ...s, flowLogs: [...s.flowLogs, created] };
        const plan = ec2VpcCreateFlowLogs.undo!(s, after, after, ref('aws.ec2.vpc', s.vpcId));
        expect(plan.calls.map((c) => c.params)).toEqual([{ FlowLogIds: [created.id] }]);
        expect(ec2VpcCreateFlowLogs.expectedUndo!(s, after, after)).toEqual(s);
      }),
    );
  });
});
