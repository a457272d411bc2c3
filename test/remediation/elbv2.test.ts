/**
 * The ELBv2 actions end to end through the local endpoint and the real SDK: scan → `mamori fix` plan → apply →
 * verified; the attributes and listeners no policy flagged are unchanged; `mamori undo` of every change gives back
 * exactly the before-state; the endpoint refuses what AWS refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createBucket } from '../../src/sim/services/s3/model.ts';
import { createListener, createLoadBalancer, type LoadBalancer } from '../../src/sim/services/elbv2/model.ts';
import { harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const TG = `arn:aws:elasticloadbalancing:${REGION}:${MGMT}:targetgroup/shop/1`;
const IDS = ['aws-elbv2-access-logs-off', 'aws-elbv2-deletion-protection-off', 'aws-elbv2-desync-mitigation-weak', 'aws-elbv2-invalid-headers-kept', 'aws-elbv2-http-not-redirected', 'aws-elbv2-outdated-tls-policy'];

const builtin = loadBuiltinPolicies();
/** The access-log policy needs the bucket for the logs: here as a user's copy of the policy would give it. */
const policies: Policy[] = builtin.map((p) => (p.id === 'aws-elbv2-access-logs-off' ? { ...p, response: { ...p.response, params: { bucket: 'shop-logs' } } } : p));

let h: Harness;
let shop: LoadBalancer;
let bare: LoadBalancer;
beforeAll(async () => {
  h = await harness({ seed: 'elbv2-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] }, { policies });
  const w = h.sim.world;
  createBucket(w, MGMT, { name: 'shop-logs', region: REGION });
  // Every ELBv2 mistake at once, next to settings no policy is about (idle timeout, HTTP/2 off, a TLS 1.3 listener).
  shop = createLoadBalancer(w, MGMT, REGION, {
    name: 'shop',
    attributes: { 'routing.http.desync_mitigation_mode': 'monitor', 'idle_timeout.timeout_seconds': '120', 'routing.http2.enabled': 'false', 'access_logs.s3.prefix': 'shop' },
  });
  createListener(w, shop, { port: 80, protocol: 'HTTP', defaultActions: [{ Type: 'forward', TargetGroupArn: TG }] });
  createListener(w, shop, { port: 443, protocol: 'HTTPS', certificateArns: [`arn:aws:acm:${REGION}:${MGMT}:certificate/1`], defaultActions: [{ Type: 'forward', TargetGroupArn: TG }] });
  createListener(w, shop, { port: 8443, protocol: 'HTTPS', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', certificateArns: [`arn:aws:acm:${REGION}:${MGMT}:certificate/2`], defaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }] });
  // A load balancer whose access-log bucket does not exist: AWS refuses to turn logging on.
  bare = createLoadBalancer(w, MGMT, REGION, { name: 'bare', attributes: { 'deletion_protection.enabled': 'true', 'routing.http.drop_invalid_header_fields.enabled': 'true' } });
});
afterAll(() => h.close());

const snapshot = (lb: LoadBalancer) => structuredClone({ attributes: lb.attributes, listeners: lb.listeners });

describe('ELBv2 actions: fix, verify, undo', () => {
  it('fixes exactly the violating attributes and listeners, leaves the rest, and undo restores the before-state', async () => {
    const before = snapshot(shop);
    const scan = await h.scan(IDS);
    const plan = await planFix(h.conn.access, scan, h.select(IDS), h.config, ALL_MODES);
    const mine = { prepared: plan.prepared.filter((p) => p.resource.arn.includes('/shop/')), notPlanned: [] };
    expect(mine.prepared.map((p) => `${p.action} ${p.outcome}`).sort()).toEqual(
      ['elbv2-drop-invalid-headers', 'elbv2-enable-access-logs', 'elbv2-enable-deletion-protection', 'elbv2-redirect-http-to-https', 'elbv2-set-desync-mitigation', 'elbv2-set-tls-policy'].map((a) => `${a} ready`),
    );
    // The plan sends only the keys it changes.
    const logs = mine.prepared.find((p) => p.action === 'elbv2-enable-access-logs')!;
    expect(logs.plan!.calls).toEqual([
      { service: 'elasticloadbalancingv2', operation: 'ModifyLoadBalancerAttributes', params: { LoadBalancerArn: shop.arn, Attributes: [{ Key: 'access_logs.s3.enabled', Value: 'true' }, { Key: 'access_logs.s3.bucket', Value: 'shop-logs' }] }, purpose: expect.any(String) },
    ]);
    expect(logs.plan!.keeps).toEqual(expect.arrayContaining(['access_logs.s3.prefix = shop', 'idle_timeout.timeout_seconds = 120', 'routing.http2.enabled = false']));
    const tls = mine.prepared.find((p) => p.action === 'elbv2-set-tls-policy')!;
    expect(tls.plan!.calls.map((c) => c.params)).toEqual([{ ListenerArn: shop.listeners[1]!.arn, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }]);

    const summary = await applyFix(h.session(), mine);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(6);
    expect(shop.attributes).toEqual({
      ...before.attributes,
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.bucket': 'shop-logs',
      'deletion_protection.enabled': 'true',
      'routing.http.desync_mitigation_mode': 'defensive',
      'routing.http.drop_invalid_header_fields.enabled': 'true',
    });
    expect(shop.listeners[0]!.defaultActions).toEqual([{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', Host: '#{host}', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_301' } }]);
    expect({ ...shop.listeners[1]!, sslPolicy: undefined }).toEqual({ ...before.listeners[1]!, sslPolicy: undefined });
    expect(shop.listeners[1]!.sslPolicy).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    expect(shop.listeners[2]).toEqual(before.listeners[2]);

    // Idempotent: a second scan finds nothing to fix on this load balancer.
    const again = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(again.prepared.filter((p) => p.resource.arn.includes('/shop/'))).toEqual([]);

    for (const o of [...summary.fixed].reverse()) {
      const preview = await previewUndo(h.store, h.conn.access, o.entryId!);
      expect(preview.changedSince).toEqual([]);
      const r = await undo(h.session(), preview);
      expect(r.summary.failed).toEqual([]);
      expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    }
    expect(snapshot(shop)).toEqual(before);
  });

  it('fails with nothing changed when the access-log bucket does not exist (AWS refuses it)', async () => {
    const policy = { ...policies.find((p) => p.id === 'aws-elbv2-access-logs-off')!, response: { mode: 'notify' as const, action: 'elbv2-enable-access-logs', params: { bucket: 'no-such-bucket' } } };
    const before = snapshot(bare);
    const scan = await h.scan(['aws-elbv2-access-logs-off']);
    const plan = await planFix(h.conn.access, scan, [policy], h.config, ALL_MODES);
    const mine = { prepared: plan.prepared.filter((p) => p.resource.arn === bare.arn), notPlanned: [] };
    expect(mine.prepared.map((p) => p.outcome)).toEqual(['ready']);
    const summary = await applyFix(h.session(), mine);
    expect(summary.failed.map((f) => f.why)).toEqual([expect.stringMatching(/InvalidConfigurationRequest.*no-such-bucket.*nothing was changed/)]);
    expect(snapshot(bare)).toEqual(before);
  });

  it('refuses to plan access logs without a bucket, naming the parameter', async () => {
    const scan = await h.scan(['aws-elbv2-access-logs-off']);
    const plan = await planFix(h.conn.access, scan, h.select(['aws-elbv2-access-logs-off']).map((p) => ({ ...p, response: { ...p.response, params: {} } })), h.config, ALL_MODES);
    const mine = plan.prepared.filter((p) => p.resource.arn === bare.arn);
    expect(mine.map((p) => [p.outcome, p.why])).toEqual([['failed', expect.stringMatching(/needs the parameter bucket.*response\.params\.bucket/)]]);
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const doc = iamPolicy({ remediate: true, policies: h.select(IDS) });
    const actions = doc.Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['elasticloadbalancing:DescribeLoadBalancerAttributes', 'elasticloadbalancing:ModifyLoadBalancerAttributes', 'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:ModifyListener']));
  });
});
