/**
 * `mamori fix` and `mamori undo` as a user runs them, for the Network Firewall, WAF v2 and Elastic Beanstalk actions
 * that need no parameter: the dry run prints the exact calls and what stays and changes nothing; `--apply --yes`
 * fixes and verifies; `undo` puts back exactly the before-state; `iam-policy --remediate` names the new calls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvironment, type BeanstalkEnvironment } from '../../src/sim/services/elasticbeanstalk/model.ts';
import { createFirewall, createFirewallPolicy, type Firewall } from '../../src/sim/services/networkfirewall/model.ts';
import { createWebAcl, rateRule, type WebAcl } from '../../src/sim/services/wafv2/model.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createWorld } from '../../src/sim/world.ts';
import { runCliWithKeys } from '../helpers/cli.ts';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const POLICIES = ['aws-networkfirewall-deletion-protection-off', 'aws-networkfirewall-subnet-change-protection-off', 'aws-wafv2-rule-metrics-off', 'aws-elasticbeanstalk-cloudwatch-logs-off'];

let sim: SimServer;
let dir: string;
let fw: Firewall;
let acl: WebAcl;
let env: BeanstalkEnvironment;

beforeAll(async () => {
  const world = createWorld({ regions: [REGION], organization: false, managementAccountId: ACCOUNT });
  const policy = createFirewallPolicy(world, ACCOUNT, REGION, { name: 'inspect' });
  fw = createFirewall(world, ACCOUNT, REGION, { name: 'egress', policyArn: policy.response.FirewallPolicyArn, logging: [{ LogType: 'FLOW', LogDestinationType: 'CloudWatchLogs', LogDestination: { logGroup: '/nfw/flow' } }] });
  acl = createWebAcl(world, ACCOUNT, REGION, { name: 'shop', rules: [rateRule('rate', 1, 1000, false)] });
  env = createEnvironment(world, ACCOUNT, REGION, { application: 'shop', name: 'shop-prod' });
  sim = await startSim({ world });
  dir = mkdtempSync(join(tmpdir(), 'mamori-misc-cli-'));
});
afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]) => runCliWithKeys(args, { dir });

const aws = () => ['--endpoint-url', sim.url, '--region', REGION];
const policyArgs = POLICIES.flatMap((p) => ['--policy', p]);
const state = () => {
  const { updateToken: _u, ...firewall } = structuredClone(fw);
  const { LockToken: _l, ...webAcl } = structuredClone(acl);
  return { firewall, webAcl, options: structuredClone(env.optionSettings) };
};

describe('mamori fix and undo over the Network Firewall, WAF v2 and Elastic Beanstalk actions', () => {
  it('plans, applies with verification, and undoes back to the before-state', async () => {
    const before = state();
    const dry = await run('fix', ...policyArgs, ...aws());
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain(`networkfirewall:UpdateFirewallDeleteProtection {"FirewallArn":"${fw.FirewallArn}","DeleteProtection":true,"UpdateToken":"${fw.updateToken}"}`);
    expect(dry.out).toContain('networkfirewall:UpdateSubnetChangeProtection');
    expect(dry.out).toContain(`wafv2:UpdateWebACL {"Scope":"REGIONAL","Name":"shop","Id":"${acl.Id}","DefaultAction":{"Allow":{}},"Rules":[{"Name":"rate"`);
    expect(dry.out).toContain(`"LockToken":"${acl.LockToken}"}`);
    expect(dry.out).toContain('elasticbeanstalk:UpdateEnvironment {"EnvironmentName":"shop-prod","OptionSettings":[{"Namespace":"aws:elasticbeanstalk:cloudwatch:logs","OptionName":"StreamLogs","Value":"true"}]}');
    expect(dry.out).toContain('aws:elasticbeanstalk:healthreporting:system:SystemType = enhanced');
    expect(state()).toEqual(before);

    const applied = await run('fix', '--apply', '--yes', ...policyArgs, ...aws());
    expect(applied.code, applied.err).toBe(0);
    expect(applied.out).toContain('Summary: 4 fixed, 0 skipped, 0 failed');
    expect(fw.DeleteProtection && fw.SubnetChangeProtection).toBe(true);
    expect(acl.Rules[0]!.VisibilityConfig.CloudWatchMetricsEnabled).toBe(true);
    expect(env.optionSettings.find((o) => o.OptionName === 'StreamLogs')!.Value).toBe('true');
    expect(fw.logging).toEqual(before.firewall.logging);

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
    expect(actions).toEqual(expect.arrayContaining(['network-firewall:UpdateFirewallDeleteProtection', 'network-firewall:UpdateSubnetChangeProtection', 'wafv2:UpdateWebACL', 'elasticbeanstalk:UpdateEnvironment']));
  });
});
