/**
 * The S3 data & storage actions end to end through the local endpoint and the real SDK: scan → `mamori fix` plan →
 * apply → verified; what no policy flagged unchanged; `mamori undo` gives back exactly the before-state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { secureTransportStatement } from '../../src/remediation/actions/s3/s3-deny-insecure-transport.ts';
import { accountState, createBucket, getBucket, putAccountPublicAccessBlock, putBucketPolicy } from '../../src/sim/services/s3/model.ts';
import { harness, MGMT, PROD, type Harness, undoEach } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const ACCOUNT_PAB = 'aws-s3-account-public-access-block-disabled';
const LOGGING = 'aws-s3-bucket-access-logging-disabled';
const IDS = [ACCOUNT_PAB, LOGGING];

/** The logging policy needs its log bucket: as a user's copy of the policy would give it. */
const policies: Policy[] = loadBuiltinPolicies().map((p) => (p.id === LOGGING ? { ...p, response: { ...p.response, params: { logBucket: 'central-logs' } } } : p));

let h: Harness;
beforeAll(async () => {
  h = await harness({ seed: 's3-data-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }, { id: PROD, name: 'Production', roles: ['OrganizationAccountAccessRole'] }] }, { policies, org: true });
  const w = h.sim.world;
  createBucket(w, MGMT, { name: 'central-logs', region: REGION });
  createBucket(w, MGMT, { name: 'orders', region: REGION });
  createBucket(w, PROD, { name: 'prod-shop', region: REGION });
  // central-logs logs to itself already: nothing to do there.
  getBucket(w, 'central-logs')!.logging = { TargetBucket: 'central-logs', TargetPrefix: 'self/' };
  // Production has two of the four account settings on.
  putAccountPublicAccessBlock(w, PROD, { BlockPublicAcls: true, IgnorePublicAcls: true });
});
afterAll(() => h.close());

const state = () => ({
  accounts: [MGMT, PROD].map((a) => structuredClone(accountState(h.sim.world, a).publicAccessBlock ?? null)),
  logging: ['central-logs', 'orders', 'prod-shop'].map((b) => structuredClone(getBucket(h.sim.world, b)!.logging ?? null)),
});

describe('S3 data actions: fix, verify, undo', () => {
  it('turns on account Block Public Access and access logging, leaves the rest, and undo restores the before-state', async () => {
    const before = state();
    const scan = await h.scan(IDS);
    const plan = await planFix(h.conn.access, scan, h.select(IDS), h.config, ALL_MODES);
    const ready = plan.prepared.filter((p) => p.outcome === 'ready');
    expect(ready.map((p) => `${p.resource.id} ${p.action}`).sort()).toEqual([
      `${MGMT} s3-account-block-public-access`,
      `${PROD} s3-account-block-public-access`,
      'orders s3-enable-access-logging',
      'prod-shop s3-enable-access-logging',
    ]);
    // prod-shop is in another account than the log bucket: planned, but S3 refuses it and the fix fails with nothing changed.
    const prod = plan.prepared.find((p) => p.resource.id === 'prod-shop');
    expect(prod?.plan?.calls.map((c) => c.params)).toEqual([{ Bucket: 'prod-shop', BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'central-logs', TargetPrefix: 'prod-shop/' } } }]);
    const prodPab = ready.find((p) => p.resource.id === PROD)!;
    expect(prodPab.plan!.calls).toEqual([
      { service: 's3control', operation: 'PutPublicAccessBlock', params: { AccountId: PROD, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }, purpose: expect.any(String) },
    ]);

    const summary = await applyFix(h.session(), plan);
    expect(summary.fixed.map((o) => o.resource?.id ?? '').sort()).toEqual([MGMT, PROD, 'orders'].sort());
    expect(summary.failed.map((o) => o.resource?.id)).toEqual(['prod-shop']);
    const after = state();
    const ALL = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
    expect(after.accounts).toEqual([ALL, ALL]);
    expect(after.logging).toEqual([before.logging[0], { TargetBucket: 'central-logs', TargetPrefix: 'orders/' }, null]);

    await undoEach(h, summary.fixed);
    // The management account had no configuration: undo deletes it again rather than leaving four settings off.
    expect(state()).toEqual(before);
  });

  it('appends the plain-HTTP Deny, keeping every other statement, and undo restores the policy (or its absence)', async () => {
    const TRANSPORT = 'aws-s3-bucket-insecure-transport-allowed';
    const w = h.sim.world;
    const partner = { Sid: 'PartnerRead', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PROD}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::orders/*' };
    putBucketPolicy(w, MGMT, 'orders', { Version: '2012-10-17', Id: 'orders-policy', Statement: [partner] });
    const BUCKETS = ['central-logs', 'orders', 'prod-shop'];
    const before = BUCKETS.map((b) => getBucket(w, b)!.policy ?? null);
    const scan = await h.scan([TRANSPORT]);
    const plan = await planFix(h.conn.access, scan, h.select([TRANSPORT]), h.config, ALL_MODES);
    expect(plan.prepared.filter((p) => p.outcome === 'ready').map((p) => p.resource.id).sort()).toEqual(BUCKETS);
    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    const orders = JSON.parse(getBucket(w, 'orders')!.policy!) as { Id: string; Statement: unknown[] };
    expect(orders).toEqual({ Version: '2012-10-17', Id: 'orders-policy', Statement: [partner, secureTransportStatement('orders', 'DenyInsecureTransport')] });
    expect(JSON.parse(getBucket(w, 'central-logs')!.policy!)).toEqual({ Version: '2012-10-17', Statement: [secureTransportStatement('central-logs', 'DenyInsecureTransport')] });
    const again = await planFix(h.conn.access, await h.scan([TRANSPORT]), h.select([TRANSPORT]), h.config, ALL_MODES);
    expect(again.prepared).toEqual([]);
    for (const o of [...summary.fixed].reverse()) {
      const r = await undo(h.session(), await previewUndo(h.store, h.conn.access, o.entryId!));
      expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    }
    expect(BUCKETS.map((b) => getBucket(w, b)!.policy ?? null)).toEqual(before);
  });

  it('takes only the admin actions out of the partner statement, refuses a wildcard, and undo restores the policy', async () => {
    const ADMIN = 'aws-s3-bucket-policy-cross-account-admin-actions';
    const w = h.sim.world;
    createBucket(w, MGMT, { name: 'exchange', region: REGION });
    createBucket(w, MGMT, { name: 'wild', region: REGION });
    const res = (b: string) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`];
    const own = { Sid: 'Ops', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MGMT}:role/ops` }, Action: 's3:PutBucketPolicy', Resource: res('exchange') };
    const partner = { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PROD}:root` }, Action: ['s3:GetObject', 's3:PutObjectAcl', 's3:PutBucketPolicy'], Resource: res('exchange') };
    putBucketPolicy(w, MGMT, 'exchange', { Version: '2012-10-17', Statement: [own, partner] });
    putBucketPolicy(w, MGMT, 'wild', { Version: '2012-10-17', Statement: [{ Sid: 'PartnerAll', Effect: 'Allow', Principal: { AWS: PROD }, Action: 's3:*', Resource: res('wild') }] });
    const before = ['exchange', 'wild'].map((b) => getBucket(w, b)!.policy);
    const plan = await planFix(h.conn.access, await h.scan([ADMIN]), h.select([ADMIN]), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => [p.resource.id, p.outcome]).sort()).toEqual([
      ['exchange', 'ready'],
      ['wild', 'failed'],
    ]);
    expect(plan.prepared.find((p) => p.resource.id === 'wild')!.why).toMatch(/PartnerAll grants s3:\* to another account/);
    const summary = await applyFix(h.session(), plan);
    expect(summary.fixed).toHaveLength(1);
    expect(JSON.parse(getBucket(w, 'exchange')!.policy!)).toEqual({ Version: '2012-10-17', Statement: [own, { ...partner, Action: ['s3:GetObject'] }] });
    expect(getBucket(w, 'wild')!.policy).toBe(before[1]);
    const r = await undo(h.session(), await previewUndo(h.store, h.conn.access, summary.fixed[0]!.entryId!));
    expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    expect(['exchange', 'wild'].map((b) => getBucket(w, b)!.policy)).toEqual(before);
  });

  it('refuses to plan access logging without a log bucket, naming the parameter', async () => {
    const scan = await h.scan([LOGGING]);
    const plan = await planFix(h.conn.access, scan, h.select([LOGGING]).map((p) => ({ ...p, response: { ...p.response, params: {} } })), h.config, ALL_MODES);
    expect([...new Set(plan.prepared.map((p) => p.outcome))]).toEqual(['failed']);
    expect(plan.prepared[0]!.why).toMatch(/needs the parameter logBucket/);
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['s3:GetAccountPublicAccessBlock', 's3:PutAccountPublicAccessBlock', 's3:GetBucketLogging', 's3:PutBucketLogging']));
    const transport = iamPolicy({ remediate: true, policies: h.select(['aws-s3-bucket-insecure-transport-allowed']) }).Statement.flatMap((s) => s.Action);
    expect(transport).toEqual(expect.arrayContaining(['s3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy']));
  });
});
