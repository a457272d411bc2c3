/**
 * The Auto Scaling action end to end through the local endpoint and the real SDK: scan → `mamori fix` plan → apply →
 * verified; sizes, load balancers and the groups no policy flagged unchanged; `mamori undo` gives back exactly the
 * before-state; the endpoint refuses what AWS refuses.
 */
import { AutoScalingClient, UpdateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createAutoScalingGroup, createLaunchConfiguration, type AutoScalingGroup } from '../../src/sim/services/autoscaling/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-autoscaling-elb-health-check-off'];
const TG = `arn:aws:elasticloadbalancing:${REGION}:${MGMT}:targetgroup/web/1`;

let h: Harness;
let web: AutoScalingGroup;
let booting: AutoScalingGroup;
let fine: AutoScalingGroup;
beforeAll(async () => {
  h = await harness({ seed: 'asg-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] });
  const w = h.sim.world;
  createLaunchConfiguration(w, MGMT, REGION, { name: 'web-lc' });
  web = createAutoScalingGroup(w, MGMT, REGION, { name: 'web', launchConfigurationName: 'web-lc', minSize: 2, maxSize: 6, desiredCapacity: 3, targetGroupArns: [TG], healthCheckType: 'EC2', healthCheckGracePeriod: 120 });
  // Created through the API without a grace period: switching to ELB checks alone would replace booting instances.
  booting = createAutoScalingGroup(w, MGMT, REGION, { name: 'booting', launchConfigurationName: 'web-lc', loadBalancerNames: ['legacy'], healthCheckType: 'EC2,EBS', healthCheckGracePeriod: 0 });
  fine = createAutoScalingGroup(w, MGMT, REGION, { name: 'fine', launchConfigurationName: 'web-lc', targetGroupArns: [TG], healthCheckType: 'ELB', healthCheckGracePeriod: 300 });
});
afterAll(() => h.close());

describe('autoscaling-enable-elb-health-check: fix, verify, undo', () => {
  it('adds ELB to the health check types, a grace period only where there is none, and undo restores the groups', async () => {
    const before = structuredClone({ web, booting, fine });
    const scan = await h.scan(IDS);
    const plan = await planFix(h.conn.access, scan, h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.outcome}`).sort()).toEqual(['booting ready', 'web ready']);
    expect(plan.prepared.map((p) => p.plan!.calls[0]!.params).sort((a, b) => String(a['AutoScalingGroupName']).localeCompare(String(b['AutoScalingGroupName'])))).toEqual([
      { AutoScalingGroupName: 'booting', HealthCheckType: 'ELB,EBS', HealthCheckGracePeriod: 300 },
      { AutoScalingGroupName: 'web', HealthCheckType: 'ELB' },
    ]);
    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(2);
    expect(web).toEqual({ ...before.web, healthCheckType: 'ELB' });
    expect(booting).toEqual({ ...before.booting, healthCheckType: 'ELB,EBS', healthCheckGracePeriod: 300 });
    expect(fine).toEqual(before.fine);

    for (const o of summary.fixed) {
      const preview = await previewUndo(h.store, h.conn.access, o.entryId!);
      const r = await undo(h.session(), preview);
      expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    }
    expect({ web, booting, fine }).toEqual(before);
  });

  it('is refused by the endpoint as AWS refuses it: unknown type, negative grace period, unknown group', async () => {
    const client = new AutoScalingClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    await expect(client.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'web', HealthCheckType: 'TCP' }))).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(client.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'web', HealthCheckGracePeriod: -1 }))).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(client.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'nope', HealthCheckType: 'ELB' }))).rejects.toThrow(/AutoScalingGroup name not found - nope/);
    await expect(client.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'web', DesiredCapacity: 9 }))).rejects.toThrow(/Desired capacity:9 must be between/);
    expect(web.healthCheckType).toBe('EC2');
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['autoscaling:DescribeAutoScalingGroups', 'autoscaling:UpdateAutoScalingGroup']));
  });
});
