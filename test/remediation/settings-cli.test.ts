/**
 * `mamori fix` and `mamori undo` as a user runs them, for the settings actions of ELBv2, Classic Load Balancing and
 * Auto Scaling: the dry run prints the exact call and what stays and changes nothing; `--apply --yes` fixes and
 * verifies; `undo` puts back exactly the before-state; `iam-policy --remediate` names the new calls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAutoScalingGroup, createLaunchConfiguration, type AutoScalingGroup } from '../../src/sim/services/autoscaling/model.ts';
import { createClassicLoadBalancer, type ClassicLoadBalancer } from '../../src/sim/services/elb/model.ts';
import { createListener, createLoadBalancer, type LoadBalancer } from '../../src/sim/services/elbv2/model.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createWorld } from '../../src/sim/world.ts';
import { runCliWithKeys } from '../helpers/cli.ts';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const POLICIES = ['aws-elbv2-deletion-protection-off', 'aws-elbv2-http-not-redirected', 'aws-elb-classic-cross-zone-off', 'aws-autoscaling-elb-health-check-off'];

let sim: SimServer;
let dir: string;
let alb: LoadBalancer;
let clb: ClassicLoadBalancer;
let asg: AutoScalingGroup;

beforeAll(async () => {
  const world = createWorld({ regions: [REGION], organization: false, managementAccountId: ACCOUNT });
  alb = createLoadBalancer(world, ACCOUNT, REGION, { name: 'web', attributes: { 'idle_timeout.timeout_seconds': '90' } });
  createListener(world, alb, { port: 80, protocol: 'HTTP', defaultActions: [{ Type: 'forward', TargetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/web/1` }] });
  clb = createClassicLoadBalancer(world, ACCOUNT, REGION, { name: 'legacy', listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 }] });
  createLaunchConfiguration(world, ACCOUNT, REGION, { name: 'lc' });
  asg = createAutoScalingGroup(world, ACCOUNT, REGION, { name: 'workers', launchConfigurationName: 'lc', loadBalancerNames: ['legacy'], healthCheckGracePeriod: 60 });
  sim = await startSim({ world });
  dir = mkdtempSync(join(tmpdir(), 'mamori-settings-cli-'));
});
afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]) => runCliWithKeys(args, { dir });

const aws = () => ['--endpoint-url', sim.url, '--region', REGION];
const policyArgs = POLICIES.flatMap((p) => ['--policy', p]);
const state = () => structuredClone({ attributes: alb.attributes, listeners: alb.listeners, classic: clb.attributes, group: asg });

describe('mamori fix and undo over the settings actions', () => {
  it('plans, applies with verification, and undoes back to the before-state', async () => {
    const before = state();
    const dry = await run('fix', ...policyArgs, ...aws());
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('elasticloadbalancingv2:ModifyLoadBalancerAttributes {"LoadBalancerArn":"' + alb.arn + '","Attributes":[{"Key":"deletion_protection.enabled","Value":"true"}]}');
    expect(dry.out).toContain('elasticloadbalancing:ModifyLoadBalancerAttributes {"LoadBalancerName":"legacy","LoadBalancerAttributes":{"CrossZoneLoadBalancing":{"Enabled":true}}}');
    expect(dry.out).toContain('autoscaling:UpdateAutoScalingGroup {"AutoScalingGroupName":"workers","HealthCheckType":"ELB"}');
    expect(dry.out).toContain('idle_timeout.timeout_seconds = 90');
    expect(state()).toEqual(before);

    const applied = await run('fix', '--apply', '--yes', ...policyArgs, ...aws());
    expect(applied.code, applied.err).toBe(0);
    expect(applied.out).toContain('Summary: 4 fixed, 0 skipped, 0 failed');
    expect(alb.attributes['deletion_protection.enabled']).toBe('true');
    expect(alb.listeners[0]!.defaultActions[0]!.Type).toBe('redirect');
    expect(clb.attributes.CrossZoneLoadBalancing.Enabled).toBe(true);
    expect(asg.healthCheckType).toBe('ELB');

    const again = await run('fix', ...policyArgs, ...aws());
    expect(again.out).toContain('Nothing to change.');

    const { entries } = JSON.parse((await run('history', '--format', 'json')).out) as { entries: { id: number; status: string }[] };
    expect(entries.map((e) => e.status)).toEqual(['verified', 'verified', 'verified', 'verified']);
    for (const e of entries) {
      const u = await run('undo', String(e.id), '--yes', ...aws());
      expect(u.code, u.out + u.err).toBe(0);
    }
    expect(state()).toEqual(before);
  });

  it('names the new calls in iam-policy --remediate', async () => {
    const r = await run('iam-policy', '--remediate', ...policyArgs);
    expect(r.code, r.err).toBe(0);
    const actions = (JSON.parse(r.out) as { Statement: { Action: string[] }[] }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['elasticloadbalancing:ModifyLoadBalancerAttributes', 'elasticloadbalancing:ModifyListener', 'autoscaling:UpdateAutoScalingGroup']));
  });
});
