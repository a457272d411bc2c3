/**
 * The Route 53 query logging action end to end through the local endpoint and the real SDK: scan → `mamori fix` plan
 * → apply → verified (a query logging configuration exists for the zone), the other zones untouched, `mamori undo` →
 * the configuration it created is deleted; the endpoint refuses what Route 53 refuses.
 */
import { CreateQueryLoggingConfigCommand, DeleteQueryLoggingConfigCommand, Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createHostedZone, type HostedZone } from '../../src/sim/services/route53/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness } from './helpers.ts';

const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const ID = 'aws-route53-query-logging-off';
const LOG_GROUP = `arn:aws:logs:us-east-1:${MGMT}:log-group:/aws/route53/campaign.example.com`;
const withParams = (params: Record<string, unknown>): Policy[] => loadBuiltinPolicies().filter((p) => p.id === ID).map((p) => ({ ...p, response: { ...p.response, params } }));

let h: Harness;
let campaign: HostedZone;
let logged: HostedZone;
let internal: HostedZone;
beforeAll(async () => {
  h = await harness({ seed: 'route53-actions', regions: ['us-east-1'], accounts: [{ id: MGMT, name: 'Management' }] }, { policies: withParams({ logGroupArn: LOG_GROUP }) });
  const w = h.sim.world;
  campaign = createHostedZone(w, MGMT, { name: 'campaign.example.com' });
  logged = createHostedZone(w, MGMT, { name: 'shop.example.com', queryLogGroupArn: `arn:aws:logs:us-east-1:${MGMT}:log-group:/aws/route53/shop.example.com` });
  internal = createHostedZone(w, MGMT, { name: 'internal.example', privateZone: true });
});
afterAll(() => h.close());

describe('Route 53 query logging action: fix, verify, undo', () => {
  it('creates a query logging configuration for the public zone only, and undo deletes exactly it', async () => {
    const others = structuredClone([logged, internal]);
    const scan = await h.scan([ID]);
    const plan = await planFix(h.conn.access, scan, h.select([ID]), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`)).toEqual([`${campaign.id} route53-enable-query-logging ready`]);
    expect(plan.prepared[0]!.plan!.calls).toEqual([
      { service: 'route53', operation: 'CreateQueryLoggingConfig', params: { HostedZoneId: campaign.id, CloudWatchLogsLogGroupArn: LOG_GROUP }, purpose: `log the zone's DNS queries to ${LOG_GROUP}` },
    ]);

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(1);
    expect(campaign.queryLogGroupArn).toBe(LOG_GROUP);
    const created = campaign.queryLoggingConfigId!;
    expect(created).toMatch(/^[0-9a-f-]{36}$/);
    expect([logged, internal]).toEqual(others);
    // Fixed: the next scan passes the zone.
    const rescan = await h.scan([ID]);
    expect(rescan.report.findings.filter((f) => f.status === 'fail')).toEqual([]);

    const preview = await previewUndo(h.store, h.conn.access, summary.fixed[0]!.entryId!);
    expect(preview.changedSince).toEqual([]);
    expect(preview.plan?.calls.map((c) => [c.operation, c.params])).toEqual([['DeleteQueryLoggingConfig', { Id: created }]]);
    const r = await undo(h.session(), preview);
    expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    expect(campaign.queryLogGroupArn).toBeUndefined();
    expect(campaign.queryLoggingConfigId).toBeUndefined();
    expect([logged, internal]).toEqual(others);
  });

  it('refuses at plan time without the log group parameter, or with one outside us-east-1, naming it', async () => {
    const scan = await h.scan([ID]);
    const none = await planFix(h.conn.access, scan, withParams({}), h.config, ALL_MODES);
    expect(none.prepared.map((p) => [p.outcome, p.why])).toEqual([['failed', expect.stringMatching(/needs the parameter logGroupArn/)]]);
    const elsewhere = await planFix(h.conn.access, scan, withParams({ logGroupArn: `arn:aws:logs:eu-west-1:${MGMT}:log-group:/dns` }), h.config, ALL_MODES);
    expect(elsewhere.prepared.map((p) => [p.outcome, p.why])).toEqual([['failed', expect.stringMatching(/logGroupArn.*us-east-1/)]]);
  });

  it("answers as Route 53 does: a second configuration, a private zone, another Region's log group, an unknown id", async () => {
    const client = new Route53Client({ endpoint: h.sim.url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
    const create = (zone: string, arn: string) => client.send(new CreateQueryLoggingConfigCommand({ HostedZoneId: zone, CloudWatchLogsLogGroupArn: arn }));
    await expect(create(logged.id, LOG_GROUP)).rejects.toMatchObject({ name: 'QueryLoggingConfigAlreadyExists', $metadata: { httpStatusCode: 409 } });
    await expect(create(internal.id, LOG_GROUP)).rejects.toMatchObject({ name: 'InvalidInput' });
    await expect(create(campaign.id, `arn:aws:logs:eu-west-1:${MGMT}:log-group:/dns`)).rejects.toMatchObject({ name: 'InvalidInput' });
    await expect(create('ZNOSUCHZONE', LOG_GROUP)).rejects.toMatchObject({ name: 'NoSuchHostedZone', $metadata: { httpStatusCode: 404 } });
    await expect(client.send(new DeleteQueryLoggingConfigCommand({ Id: 'no-such-config' }))).rejects.toMatchObject({ name: 'NoSuchQueryLoggingConfig', $metadata: { httpStatusCode: 404 } });
    expect(campaign.queryLoggingConfigId).toBeUndefined();
    // Accepted: 201 with the new configuration and its Location.
    const ok = await create(campaign.id, LOG_GROUP);
    expect(ok.QueryLoggingConfig).toEqual({ Id: campaign.queryLoggingConfigId, HostedZoneId: campaign.id, CloudWatchLogsLogGroupArn: LOG_GROUP });
    expect(ok.Location).toContain(`/2013-04-01/queryloggingconfig/${campaign.queryLoggingConfigId}`);
    await client.send(new DeleteQueryLoggingConfigCommand({ Id: ok.QueryLoggingConfig!.Id! }));
    expect(campaign.queryLoggingConfigId).toBeUndefined();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select([ID]) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['route53:CreateQueryLoggingConfig', 'route53:DeleteQueryLoggingConfig', 'route53:ListQueryLoggingConfigs']));
  });
});
