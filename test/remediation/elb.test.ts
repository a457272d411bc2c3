/**
 * The Classic Load Balancer actions end to end through the local endpoint and the real SDK: scan → `mamori fix` plan
 * → apply → verified; the attribute blocks no policy flagged are unchanged; `mamori undo` of every change gives back
 * exactly the before-state; the endpoint refuses what AWS refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix } from '../../src/app/remediate.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createClassicLoadBalancer, type ClassicLoadBalancer } from '../../src/sim/services/elb/model.ts';
import { createBucket } from '../../src/sim/services/s3/model.ts';
import { harness, MGMT, type Harness, undoEach } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-elb-classic-access-logs-off', 'aws-elb-classic-connection-draining-off', 'aws-elb-classic-cross-zone-off', 'aws-elb-classic-desync-mitigation-weak'];
const LISTENERS = [{ Protocol: 'HTTP' as const, LoadBalancerPort: 80, InstanceProtocol: 'HTTP' as const, InstancePort: 8080 }];

const policies: Policy[] = loadBuiltinPolicies().map((p) => (p.id === 'aws-elb-classic-access-logs-off' ? { ...p, response: { ...p.response, params: { bucket: 'legacy-logs', prefix: 'legacy' } } } : p));

let h: Harness;
let legacy: ClassicLoadBalancer;
let other: ClassicLoadBalancer;
beforeAll(async () => {
  h = await harness({ seed: 'elb-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] }, { policies });
  const w = h.sim.world;
  createBucket(w, MGMT, { name: 'legacy-logs', region: REGION });
  // Every Classic mistake at once (the API's defaults plus monitor mode), next to a non-default idle timeout.
  legacy = createClassicLoadBalancer(w, MGMT, REGION, { name: 'legacy', listeners: LISTENERS, desyncMitigationMode: 'monitor' });
  legacy.attributes.ConnectionSettings.IdleTimeout = 350;
  legacy.attributes.ConnectionDraining.Timeout = 120;
  other = createClassicLoadBalancer(w, MGMT, REGION, { name: 'other', listeners: LISTENERS, crossZone: true, connectionDraining: 300 });
});
afterAll(() => h.close());

describe('Classic Load Balancer actions: fix, verify, undo', () => {
  it('fixes exactly the violating blocks, leaves the rest, and undo restores the before-state', async () => {
    const before = structuredClone(legacy.attributes);
    const otherBefore = structuredClone(other.attributes);
    const scan = await h.scan(IDS);
    const plan = await planFix(h.conn.access, scan, h.select(IDS), h.config, ALL_MODES);
    const mine = { prepared: plan.prepared.filter((p) => p.resource.id === 'legacy'), notPlanned: [] };
    expect(mine.prepared.map((p) => `${p.action} ${p.outcome}`).sort()).toEqual(['elb-enable-access-logs ready', 'elb-enable-connection-draining ready', 'elb-enable-cross-zone ready', 'elb-set-desync-mitigation ready']);
    const draining = mine.prepared.find((p) => p.action === 'elb-enable-connection-draining')!;
    // The block is sent whole, with the timeout that was set; no other block.
    expect(draining.plan!.calls.map((c) => c.params)).toEqual([{ LoadBalancerName: 'legacy', LoadBalancerAttributes: { ConnectionDraining: { Enabled: true, Timeout: 120 } } }]);
    expect(draining.plan!.keeps).toEqual(expect.arrayContaining(['ConnectionDraining.Timeout = 120', 'ConnectionSettings.IdleTimeout = 350']));

    const summary = await applyFix(h.session(), mine);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(4);
    expect(legacy.attributes).toEqual({
      ...before,
      CrossZoneLoadBalancing: { Enabled: true },
      AccessLog: { Enabled: true, S3BucketName: 'legacy-logs', EmitInterval: 60, S3BucketPrefix: 'legacy' },
      ConnectionDraining: { Enabled: true, Timeout: 120 },
      AdditionalAttributes: [{ Key: 'elb.http.desyncmitigationmode', Value: 'defensive' }],
    });
    expect(other.attributes).toEqual(otherBefore);

    await undoEach(h, summary.fixed);
    expect(legacy.attributes).toEqual(before);
  });

  it('fails with nothing changed when the access-log bucket does not exist', async () => {
    const before = structuredClone(other.attributes);
    const policy = { ...policies.find((p) => p.id === 'aws-elb-classic-access-logs-off')!, response: { mode: 'notify' as const, action: 'elb-enable-access-logs', params: { bucket: 'no-such-bucket' } } };
    const scan = await h.scan(['aws-elb-classic-access-logs-off']);
    const plan = await planFix(h.conn.access, scan, [policy], h.config, ALL_MODES);
    const mine = { prepared: plan.prepared.filter((p) => p.resource.id === 'other'), notPlanned: [] };
    const summary = await applyFix(h.session(), mine);
    expect(summary.failed.map((f) => f.why)).toEqual([expect.stringMatching(/InvalidConfigurationRequest.*no-such-bucket.*nothing was changed/)]);
    expect(other.attributes).toEqual(before);
  });

  it('refuses invalid parameters with the parameter named', () => {
    const a = h.select(['aws-elb-classic-connection-draining-off'])[0]!;
    const bad = { ...a, response: { ...a.response, params: { timeout: 7200 } } };
    return expect(planFix(h.conn.access, { report: { findings: [{ policy: a.id, status: 'fail', severity: 'medium', resource: { type: 'aws.elb.load-balancer', id: 'legacy', arn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/legacy', account: MGMT, region: REGION, tags: {} }, evidence: [] }] } as never, resources: [] }, [bad], h.config, ALL_MODES)).resolves.toMatchObject({
      prepared: [{ outcome: 'failed', why: expect.stringMatching(/invalid parameters for action elb-enable-connection-draining: timeout/) }],
    });
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['elasticloadbalancing:DescribeLoadBalancerAttributes', 'elasticloadbalancing:ModifyLoadBalancerAttributes']));
  });
});
