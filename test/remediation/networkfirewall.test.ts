/**
 * The Network Firewall actions end to end through the local endpoint and the real SDK: scan → `mamori fix` plan →
 * apply → verified; the firewall no policy flagged unchanged; `mamori undo` gives back exactly the before-state; the
 * endpoint refuses what AWS refuses (a stale UpdateToken, two logging changes in one call, a missing bucket).
 */
import { NetworkFirewallClient, UpdateFirewallDeleteProtectionCommand, UpdateLoggingConfigurationCommand } from '@aws-sdk/client-network-firewall';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix } from '../../src/app/remediate.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createFirewall, createFirewallPolicy, type Firewall } from '../../src/sim/services/networkfirewall/model.ts';
import { createBucket } from '../../src/sim/services/s3/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness, undoEach } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-networkfirewall-deletion-protection-off', 'aws-networkfirewall-subnet-change-protection-off', 'aws-networkfirewall-logging-off'];
const LOGGING = 'aws-networkfirewall-logging-off';

/** The logging policy needs a destination: here as a user's copy of the policy would give it. */
const policies: Policy[] = loadBuiltinPolicies().map((p) => (p.id === LOGGING ? { ...p, response: { ...p.response, params: { bucket: 'fw-logs', prefix: 'edge' } } } : p));

let h: Harness;
let edge: Firewall;
let guarded: Firewall;
beforeAll(async () => {
  h = await harness({ seed: 'nfw-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] }, { policies });
  const w = h.sim.world;
  createBucket(w, MGMT, { name: 'fw-logs', region: REGION });
  const policy = createFirewallPolicy(w, MGMT, REGION, { name: 'inspect' });
  // Every mistake at once, beside a setting no policy is about (policy change protection on).
  edge = createFirewall(w, MGMT, REGION, { name: 'edge', policyArn: policy.response.FirewallPolicyArn });
  edge.FirewallPolicyChangeProtection = true;
  guarded = createFirewall(w, MGMT, REGION, {
    name: 'guarded',
    policyArn: policy.response.FirewallPolicyArn,
    deleteProtection: true,
    subnetChangeProtection: true,
    logging: [{ LogType: 'ALERT', LogDestinationType: 'CloudWatchLogs', LogDestination: { logGroup: '/nfw/alerts' } }],
  });
});
afterAll(() => h.close());

const snapshot = (f: Firewall) => {
  const { updateToken: _t, ...rest } = structuredClone(f);
  return rest;
};

describe('Network Firewall actions: fix, verify, undo', () => {
  it('turns on both protections and flow and alert logs, leaves the rest, and undo restores the before-state', async () => {
    const before = { edge: snapshot(edge), guarded: snapshot(guarded) };
    const scan = await h.scan(IDS);
    const plan = await planFix(h.conn.access, scan, h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`).sort()).toEqual([
      'edge networkfirewall-enable-deletion-protection ready',
      'edge networkfirewall-enable-logging ready',
      'edge networkfirewall-enable-subnet-change-protection ready',
    ]);
    const protection = plan.prepared.find((p) => p.action === 'networkfirewall-enable-deletion-protection')!;
    expect(protection.plan!.calls).toEqual([{ service: 'networkfirewall', operation: 'UpdateFirewallDeleteProtection', params: { FirewallArn: edge.FirewallArn, DeleteProtection: true, UpdateToken: expect.any(String) }, purpose: expect.any(String) }]);
    expect(protection.plan!.keeps).toEqual(expect.arrayContaining(['SubnetChangeProtection = false', 'FirewallPolicyChangeProtection = true']));
    // One destination change per call, as AWS requires.
    const logging = plan.prepared.find((p) => p.action === 'networkfirewall-enable-logging')!;
    const dest = { LogDestinationType: 'S3', LogDestination: { bucketName: 'fw-logs', prefix: 'edge' } };
    expect(logging.plan!.calls.map((c) => c.params)).toEqual([
      { FirewallArn: edge.FirewallArn, LoggingConfiguration: { LogDestinationConfigs: [{ LogType: 'FLOW', ...dest }] } },
      { FirewallArn: edge.FirewallArn, LoggingConfiguration: { LogDestinationConfigs: [{ LogType: 'FLOW', ...dest }, { LogType: 'ALERT', ...dest }] } },
    ]);

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(3);
    expect(snapshot(edge)).toEqual({ ...before.edge, DeleteProtection: true, SubnetChangeProtection: true, logging: [{ LogType: 'FLOW', ...dest }, { LogType: 'ALERT', ...dest }] });
    expect(snapshot(guarded)).toEqual(before.guarded);

    const again = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(again.prepared).toEqual([]);

    await undoEach(h, summary.fixed);
    expect({ edge: snapshot(edge), guarded: snapshot(guarded) }).toEqual(before);
  });

  it('refuses to plan logging without a destination, naming the parameters', async () => {
    const scan = await h.scan([LOGGING]);
    const plan = await planFix(h.conn.access, scan, h.select([LOGGING]).map((p) => ({ ...p, response: { ...p.response, params: {} } })), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => [p.outcome, p.why])).toEqual([['failed', expect.stringMatching(/needs a destination.*bucket, logGroup or deliveryStream/)]]);
  });

  it('is refused by the endpoint as AWS refuses it: a stale token, two logging changes at once, a missing bucket', async () => {
    const client = new NetworkFirewallClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const before = snapshot(edge);
    await expect(client.send(new UpdateFirewallDeleteProtectionCommand({ FirewallName: 'edge', DeleteProtection: true, UpdateToken: '00000000-0000-4000-8000-000000000000' }))).rejects.toMatchObject({ name: 'InvalidTokenException' });
    const flow = { LogType: 'FLOW' as const, LogDestinationType: 'S3' as const, LogDestination: { bucketName: 'fw-logs' } };
    await expect(client.send(new UpdateLoggingConfigurationCommand({ FirewallName: 'edge', LoggingConfiguration: { LogDestinationConfigs: [flow, { ...flow, LogType: 'ALERT' }] } }))).rejects.toThrow(/only add, remove or change one log destination/);
    await expect(client.send(new UpdateLoggingConfigurationCommand({ FirewallName: 'edge', LoggingConfiguration: { LogDestinationConfigs: [{ ...flow, LogDestination: { bucketName: 'no-such-bucket' } }] } }))).rejects.toThrow(/no-such-bucket does not exist/);
    await expect(client.send(new UpdateLoggingConfigurationCommand({ FirewallName: 'guarded', LoggingConfiguration: { LogDestinationConfigs: [{ LogType: 'ALERT', LogDestinationType: 'S3', LogDestination: { bucketName: 'fw-logs' } }] } }))).rejects.toThrow(/can't change the LogDestinationType/);
    expect(snapshot(edge)).toEqual(before);
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(
      expect.arrayContaining(['network-firewall:DescribeFirewall', 'network-firewall:UpdateFirewallDeleteProtection', 'network-firewall:UpdateSubnetChangeProtection', 'network-firewall:DescribeLoggingConfiguration', 'network-firewall:UpdateLoggingConfiguration', 'logs:CreateLogDelivery', 's3:PutBucketPolicy']),
    );
  });
});
