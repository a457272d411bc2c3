/**
 * The WAF v2 action end to end through the local endpoint and the real SDK: scan → `mamori fix` plan → apply →
 * verified with only the metrics flags changed and everything else of the web ACL as it was; `mamori undo` gives back
 * exactly the before-state; a web ACL changed after the plan is drift; the endpoint enforces the LockToken.
 */
import { GetWebACLCommand, UpdateWebACLCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createWebAcl, managedRule, rateRule, type WebAcl } from '../../src/sim/services/wafv2/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-wafv2-rule-metrics-off'];

let h: Harness;
let shop: WebAcl;
let edge: WebAcl;
let fine: WebAcl;
beforeAll(async () => {
  h = await harness({ seed: 'wafv2-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] });
  const w = h.sim.world;
  // A byte match rule (its SearchString a blob on the wire) with metrics off, beside rules that have them on.
  const byteMatch = {
    Name: 'block-admin',
    Priority: 3,
    Statement: { ByteMatchStatement: { SearchString: 'L2FkbWlu', FieldToMatch: { UriPath: {} }, TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }], PositionalConstraint: 'STARTS_WITH' } },
    Action: { Block: {} },
    VisibilityConfig: { SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: 'block-admin' },
  };
  shop = createWebAcl(w, MGMT, REGION, { name: 'shop', rules: [managedRule('AWSManagedRulesCommonRuleSet', 1, false), rateRule('rate', 2), byteMatch], description: 'storefront' });
  edge = createWebAcl(w, MGMT, REGION, { name: 'edge', scope: 'CLOUDFRONT', metrics: false, rules: [rateRule('rate', 1)] });
  fine = createWebAcl(w, MGMT, REGION, { name: 'fine', rules: [rateRule('rate', 1)] });
});
afterAll(() => h.close());

const snapshot = (a: WebAcl) => {
  const { LockToken: _t, ...rest } = structuredClone(a);
  return rest;
};

describe('wafv2-enable-rule-metrics: fix, verify, undo', () => {
  it('turns on metrics only where they are off, re-sends the rest as read, and undo restores the web ACLs', async () => {
    const before = { shop: snapshot(shop), edge: snapshot(edge), fine: snapshot(fine) };
    const scan = await h.scan(IDS);
    const plan = await planFix(h.conn.access, scan, h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.name ?? p.resource.id} ${p.outcome}`).sort()).toEqual(['edge ready', 'shop ready']);
    const p = plan.prepared.find((x) => x.resource.arn === shop.ARN)!;
    expect(p.plan!.removes).toEqual(['rule AWSManagedRulesCommonRuleSet: CloudWatch metrics off (becomes on)', 'rule block-admin: CloudWatch metrics off (becomes on)']);
    expect(p.plan!.calls[0]!.params).toMatchObject({ Name: 'shop', Scope: 'REGIONAL', Id: shop.Id, LockToken: shop.LockToken, Description: 'storefront' });

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(2);
    const on = (r: WebAcl['Rules'][number]) => ({ ...r, VisibilityConfig: { ...r.VisibilityConfig, CloudWatchMetricsEnabled: true } });
    expect(snapshot(shop)).toEqual({ ...before.shop, Rules: before.shop.Rules.map(on) });
    // The blob came back as it went in.
    expect(shop.Rules[2]!.Statement).toEqual(before.shop.Rules[2]!.Statement);
    expect(snapshot(edge)).toEqual({ ...before.edge, VisibilityConfig: { ...before.edge.VisibilityConfig, CloudWatchMetricsEnabled: true } });
    expect(snapshot(fine)).toEqual(before.fine);

    for (const o of summary.fixed) {
      const preview = await previewUndo(h.store, h.conn.access, o.entryId!);
      const r = await undo(h.session(), preview);
      expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    }
    expect({ shop: snapshot(shop), edge: snapshot(edge), fine: snapshot(fine) }).toEqual(before);
  });

  it('skips a web ACL changed after the plan as drifted, and changes nothing', async () => {
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    const mine = { prepared: plan.prepared.filter((p) => p.resource.arn === shop.ARN), notPlanned: [] };
    expect(mine.prepared.map((p) => p.outcome)).toEqual(['ready']);
    // Someone else edits the web ACL (a new rule) between the plan and the apply.
    const client = new WAFV2Client({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const got = await client.send(new GetWebACLCommand({ Name: 'shop', Scope: 'REGIONAL', Id: shop.Id }));
    await client.send(new UpdateWebACLCommand({ Name: 'shop', Scope: 'REGIONAL', Id: shop.Id, DefaultAction: { Allow: {} }, VisibilityConfig: got.WebACL!.VisibilityConfig!, Rules: [...got.WebACL!.Rules!, rateRule('rate-2', 9)], LockToken: got.LockToken! }));
    const changed = snapshot(shop);
    const summary = await applyFix(h.session(), mine);
    expect(summary.skipped.map((s) => s.why)).toEqual([expect.stringMatching(/drifted: the web ACL changed since the plan/)]);
    expect(snapshot(shop)).toEqual(changed);
    client.destroy();
  });

  it('fails with nothing changed when the web ACL changes between the re-read and the write (WAFOptimisticLockException)', async () => {
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    const mine = { prepared: plan.prepared.filter((p) => p.resource.arn === edge.ARN), notPlanned: [] };
    expect(mine.prepared.map((p) => p.outcome)).toEqual(['ready']);
    let changed: ReturnType<typeof snapshot> | undefined;
    // Journaled, not yet called: someone else's edit lands now and draws a new lock token.
    const onJournaled = () => {
      edge.Rules.push(rateRule('rate-late', 7));
      edge.LockToken = '99999999-0000-4000-8000-000000000000';
      changed = snapshot(edge);
    };
    const summary = await applyFix(h.session({ hooks: { onJournaled } }), mine);
    expect(summary.failed.map((f) => f.why)).toEqual([expect.stringMatching(/WAFOptimisticLockException.*nothing was changed/)]);
    expect(snapshot(edge)).toEqual(changed);
  });

  it('is refused by the endpoint as AWS refuses it: a stale lock token, a rule group reference with an Action', async () => {
    const client = new WAFV2Client({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const got = await client.send(new GetWebACLCommand({ Name: 'fine', Scope: 'REGIONAL', Id: fine.Id }));
    const base = { Name: 'fine', Scope: 'REGIONAL' as const, Id: fine.Id, DefaultAction: { Allow: {} }, VisibilityConfig: got.WebACL!.VisibilityConfig! };
    const before = snapshot(fine);
    await expect(client.send(new UpdateWebACLCommand({ ...base, Rules: [], LockToken: '00000000-0000-4000-8000-000000000000' }))).rejects.toMatchObject({ name: 'WAFOptimisticLockException' });
    const bad = { ...managedRule('AWSManagedRulesCommonRuleSet', 1), OverrideAction: undefined, Action: { Block: {} } };
    await expect(client.send(new UpdateWebACLCommand({ ...base, Rules: [bad], LockToken: got.LockToken! }))).rejects.toMatchObject({ name: 'WAFInvalidParameterException' });
    expect(snapshot(fine)).toEqual(before);
    expect(fine.LockToken).toBe(got.LockToken);
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['wafv2:GetWebACL', 'wafv2:UpdateWebACL']));
  });
});
