/**
 * The Elastic Beanstalk actions end to end through the local endpoint and the real SDK: scan → `mamori fix` plan →
 * apply → verified with only the options they change; `mamori undo` gives back exactly the before-state; an
 * environment without a service role is refused at plan time unless the role is given; environment properties are
 * never journaled; the endpoint refuses what AWS refuses.
 */
import { ElasticBeanstalkClient, UpdateEnvironmentCommand } from '@aws-sdk/client-elastic-beanstalk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { beanstalkState, createEnvironment, type BeanstalkEnvironment } from '../../src/sim/services/elasticbeanstalk/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const LOGS = 'aws-elasticbeanstalk-cloudwatch-logs-off';
const HEALTH = 'aws-elasticbeanstalk-enhanced-health-off';
const IDS = [LOGS, HEALTH];
const ROLE = `arn:aws:iam::${MGMT}:role/eb-service`;

const withParams = (params: Record<string, unknown>) => (p: Policy): Policy => (p.id === HEALTH ? { ...p, response: { ...p.response, params } } : p);
const policies = loadBuiltinPolicies().map(withParams({ serviceRole: ROLE }));

let h: Harness;
let shop: BeanstalkEnvironment;
let legacy: BeanstalkEnvironment;
let fine: BeanstalkEnvironment;
beforeAll(async () => {
  h = await harness({ seed: 'eb-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] }, { policies });
  const w = h.sim.world;
  shop = createEnvironment(w, MGMT, REGION, { application: 'shop', name: 'shop-prod', options: { 'aws:elasticbeanstalk:healthreporting:system:SystemType': 'basic', 'aws:elasticbeanstalk:application:environment:DB_PASSWORD': 'hunter2' } });
  // An older environment without a service role: enhanced health needs one.
  legacy = createEnvironment(w, MGMT, REGION, { application: 'shop', name: 'shop-legacy', options: { 'aws:elasticbeanstalk:healthreporting:system:SystemType': 'basic', 'aws:elasticbeanstalk:cloudwatch:logs:StreamLogs': 'true' } });
  legacy.optionSettings = legacy.optionSettings.filter((o) => o.OptionName !== 'ServiceRole');
  fine = createEnvironment(w, MGMT, REGION, { application: 'shop', name: 'shop-fine', options: { 'aws:elasticbeanstalk:cloudwatch:logs:StreamLogs': 'true' } });
});
afterAll(() => h.close());

const options = (e: BeanstalkEnvironment) => structuredClone(e.optionSettings);
const value = (e: BeanstalkEnvironment, ns: string, name: string) => e.optionSettings.find((o) => o.Namespace === ns && o.OptionName === name)?.Value;

describe('Elastic Beanstalk actions: fix, verify, undo', () => {
  it('streams logs and turns on enhanced health, sets a service role only where there is none, and undo restores the options', async () => {
    const before = { shop: options(shop), legacy: options(legacy), fine: options(fine) };
    const scan = await h.scan(IDS);
    const plan = await planFix(h.conn.access, scan, h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`).sort()).toEqual([
      'shop-legacy elasticbeanstalk-enable-enhanced-health ready',
      'shop-prod elasticbeanstalk-enable-enhanced-health ready',
      'shop-prod elasticbeanstalk-enable-log-streaming ready',
    ]);
    const health = (id: string) => plan.prepared.find((p) => p.resource.id === id && p.action === 'elasticbeanstalk-enable-enhanced-health')!.plan!.calls[0]!.params;
    expect(health('shop-prod')).toEqual({ EnvironmentName: 'shop-prod', OptionSettings: [{ Namespace: 'aws:elasticbeanstalk:healthreporting:system', OptionName: 'SystemType', Value: 'enhanced' }] });
    expect(health('shop-legacy')).toEqual({
      EnvironmentName: 'shop-legacy',
      OptionSettings: [
        { Namespace: 'aws:elasticbeanstalk:healthreporting:system', OptionName: 'SystemType', Value: 'enhanced' },
        { Namespace: 'aws:elasticbeanstalk:environment', OptionName: 'ServiceRole', Value: ROLE },
      ],
    });
    // Environment properties may hold secrets: neither planned nor kept nor journaled.
    expect(JSON.stringify(plan.prepared)).not.toContain('hunter2');

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(3);
    expect(value(shop, 'aws:elasticbeanstalk:cloudwatch:logs', 'StreamLogs')).toBe('true');
    expect(value(shop, 'aws:elasticbeanstalk:healthreporting:system', 'SystemType')).toBe('enhanced');
    expect(value(legacy, 'aws:elasticbeanstalk:environment', 'ServiceRole')).toBe(ROLE);
    const changedKeys = (b: typeof before.shop, a: typeof before.shop) => a.filter((o) => b.find((x) => x.Namespace === o.Namespace && x.OptionName === o.OptionName)?.Value !== o.Value).map((o) => `${o.Namespace}:${o.OptionName}`).sort();
    expect(changedKeys(before.shop, options(shop))).toEqual(['aws:elasticbeanstalk:cloudwatch:logs:StreamLogs', 'aws:elasticbeanstalk:healthreporting:system:SystemType']);
    expect(options(fine)).toEqual(before.fine);
    const journal = await h.store.listJournalEntries({ limit: 100 });
    expect(JSON.stringify(journal)).not.toContain('hunter2');

    for (const o of summary.fixed) {
      const preview = await previewUndo(h.store, h.conn.access, o.entryId!);
      const r = await undo(h.session(), preview);
      expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    }
    expect({ shop: options(shop), legacy: options(legacy), fine: options(fine) }).toEqual(before);
  });

  it('refuses to plan enhanced health for an environment without a service role unless the role is given, naming the parameter', async () => {
    const scan = await h.scan([HEALTH]);
    const plan = await planFix(h.conn.access, scan, loadBuiltinPolicies().filter((p) => p.id === HEALTH), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.outcome} ${p.why ?? ''}`.trim()).sort()).toEqual([expect.stringMatching(/^shop-legacy failed .*needs the parameter serviceRole/), 'shop-prod ready']);
  });

  it('is refused by the endpoint as AWS refuses it: enhanced health without a service role, a value not allowed, an unknown environment', async () => {
    const client = new ElasticBeanstalkClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const before = options(legacy);
    await expect(client.send(new UpdateEnvironmentCommand({ EnvironmentName: 'shop-legacy', OptionSettings: [{ Namespace: 'aws:elasticbeanstalk:healthreporting:system', OptionName: 'SystemType', Value: 'enhanced' }] }))).rejects.toThrow(/requires a service role/);
    await expect(client.send(new UpdateEnvironmentCommand({ EnvironmentName: 'shop-legacy', OptionSettings: [{ Namespace: 'aws:elasticbeanstalk:cloudwatch:logs', OptionName: 'RetentionInDays', Value: '8' }] }))).rejects.toThrow(/Invalid option value: '8'/);
    await expect(client.send(new UpdateEnvironmentCommand({ EnvironmentName: 'nope', OptionSettings: [] }))).rejects.toThrow(/No Environment found for EnvironmentName = 'nope'/);
    await expect(client.send(new UpdateEnvironmentCommand({ OptionSettings: [] }))).rejects.toMatchObject({ name: 'MissingRequiredParameter' });
    expect(options(legacy)).toEqual(before);
    expect(beanstalkState(h.sim.world, MGMT, REGION).environments).toHaveLength(3);
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['elasticbeanstalk:DescribeConfigurationSettings', 'elasticbeanstalk:UpdateEnvironment', 'iam:PassRole']));
  });
});
