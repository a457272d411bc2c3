/**
 * Every action against the local endpoint, through the real SDK: scan → plan → apply → verify → undo → equals the
 * original. Each asserts what stays: other grants, other statements, KMS configurations, shared account ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo, type FixPlan } from '../../src/app/remediate.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import type { EstateDoc } from '../../src/sim/estates/index.ts';
import { getBucket, canonicalUserId, putBucketAcl, ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY, type Grant } from '../../src/sim/services/s3/model.ts';
import { rdsState } from '../../src/sim/services/rds/model.ts';
import { ACTIONS } from '../../src/remediation/registry.ts';
import { harness, MGMT, modelRules, sortedLines, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const OTHER = '333333333333';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;

/** A built-in policy answered by another action (and params), as a user's own policy would. */
function variant(base: Policy, id: string, action: string, params: Record<string, unknown> = {}): Policy {
  return { ...base, id, response: { mode: 'notify', action, params } };
}

const builtin = loadBuiltinPolicies();
const readable = builtin.find((p) => p.id === 'aws-s3-bucket-world-readable')!;
const policies: Policy[] = [
  ...builtin,
  variant(readable, 'test-acl-only', 's3-remove-public-acl-grants'),
  variant(readable, 'test-statements-only', 's3-remove-public-policy-statements'),
  variant(readable, 'test-block-public-access', 's3-block-public-access'),
  variant(readable, 'test-remove-and-block', 's3-remove-public-access', { blockPublicAccess: true }),
];

const estate: EstateDoc = {
  seed: 'actions',
  regions: [REGION],
  accounts: [{ id: MGMT, name: 'Management' }],
  securityGroups: [
    {
      account: MGMT,
      region: REGION,
      name: 'mixed',
      ingress: [
        { proto: '-1', from: ['0.0.0.0/0'], description: 'everything (oops)' },
        { proto: 'tcp', ports: '3389', from: ['::/0'] },
        { proto: 'tcp', ports: '3389', from: ['192.0.2.0/24'], description: 'RDP from the office' },
      ],
      egress: [{ proto: 'tcp', ports: '443', from: ['0.0.0.0/0'] }],
    },
  ],
  buckets: [
    { account: MGMT, name: 'acl-bucket', region: REGION, legacy: true, encryption: { sseAlgorithm: 'AES256' } },
    {
      account: MGMT,
      name: 'policy-bucket',
      region: REGION,
      legacy: true,
      encryption: { sseAlgorithm: 'AES256' },
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::policy-bucket/*' },
          { Sid: 'CiDeploy', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MGMT}:role/ci` }, Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::policy-bucket/*' },
          { Sid: 'Mixed', Effect: 'Allow', Principal: { AWS: ['*', `arn:aws:iam::${OTHER}:root`] }, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::policy-bucket' },
        ],
      },
    },
    {
      account: MGMT,
      name: 'only-public-policy',
      region: REGION,
      legacy: true,
      encryption: { sseAlgorithm: 'AES256' },
      policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::only-public-policy/*' }] },
    },
    { account: MGMT, name: 'unencrypted', region: REGION, legacy: true, cannedAcl: 'private', encryption: null },
    { account: MGMT, name: 'kms-bucket', region: REGION, legacy: true, encryption: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:us-east-1:111111111111:key/0000' } },
    { account: MGMT, name: 'bpa-bucket', region: REGION, legacy: true, cannedAcl: 'public-read', encryption: { sseAlgorithm: 'AES256' } },
    { account: MGMT, name: 'combo-bucket', region: REGION, legacy: true, cannedAcl: 'public-read', encryption: { sseAlgorithm: 'AES256' } },
  ],
  dbSnapshots: [{ account: MGMT, region: REGION, id: 'orders-snap', source: 'orders', restore: ['all', OTHER, '444444444444'] }],
  clusterSnapshots: [{ account: MGMT, region: REGION, id: 'aurora-snap', source: 'aurora', restore: ['all', OTHER] }],
};

let h: Harness;
beforeAll(async () => {
  h = await harness(estate, { policies });
  // An ACL with a public read grant next to grants that must stay: the owner, another account, log delivery.
  const grants: Grant[] = [
    { Grantee: { Type: 'CanonicalUser', ID: canonicalUserId(MGMT) }, Permission: 'FULL_CONTROL' },
    { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' },
    { Grantee: { Type: 'Group', URI: AUTHENTICATED_USERS }, Permission: 'READ_ACP' },
    { Grantee: { Type: 'CanonicalUser', ID: canonicalUserId(OTHER) }, Permission: 'READ' },
    { Grantee: { Type: 'Group', URI: LOG_DELIVERY }, Permission: 'WRITE' },
  ];
  putBucketAcl(h.sim.world, MGMT, 'acl-bucket', { grants }, { force: true });
});
afterAll(() => h.close());

async function fix(policyIds: string[], resourceId: string): Promise<{ plan: FixPlan; entryId: number }> {
  const scan = await h.scan(policyIds);
  const all = await planFix(h.conn.access, scan, h.select(policyIds), h.config, ALL_MODES);
  const plan = { prepared: all.prepared.filter((p) => p.resource.id === resourceId), notPlanned: [] };
  expect(plan.prepared.map((p) => [p.outcome, p.why ?? ''])).toEqual([['ready', '']]);
  const summary = await applyFix(h.session(), plan);
  expect(summary.failed).toEqual([]);
  expect(summary.fixed).toHaveLength(1);
  return { plan, entryId: summary.fixed[0]!.entryId! };
}

async function undoIt(entryId: number): Promise<void> {
  const preview = await previewUndo(h.store, h.conn.access, entryId);
  expect(preview.changedSince).toEqual([]);
  const r = await undo(h.session(), preview);
  expect(r.summary.failed).toEqual([]);
  expect(r.outcome?.outcome).toBe('fixed');
}

const grantKeys = (grants: readonly Grant[] | undefined) => (grants ?? []).map((g) => `${g.Grantee.Type} ${g.Grantee.ID ?? g.Grantee.URI} ${g.Permission}`).sort();

describe('the action registry', () => {
  it('every action declares permissions, parameters and reversibility; irreversible ones say why', () => {
    for (const a of ACTIONS.values()) {
      expect(a.permissions.length, a.id).toBeGreaterThan(0);
      expect(typeof a.reversible, a.id).toBe('boolean');
      if (!a.reversible) expect(a.irreversibleBecause, a.id).toBeTruthy();
      else expect(a.undo, a.id).toBeDefined();
      expect(a.params.safeParse({}).success, a.id).toBe(true);
    }
  });
});

describe('revoke-open-ingress: all-traffic and IPv6 lines', () => {
  it('revokes the open lines only, keeps the office line and egress; undo restores them', async () => {
    const groupId = h.groups[`${MGMT}/${REGION}/mixed`]!.groupId;
    const original = modelRules(h.sim, MGMT, REGION, groupId);
    const { entryId } = await fix(['aws-ec2-sg-open-rdp-3389'], groupId);
    const after = modelRules(h.sim, MGMT, REGION, groupId);
    expect(sortedLines(after)).toEqual(sortedLines(original.filter((r) => r.isEgress || r.cidrIpv4 === '192.0.2.0/24')));
    await undoIt(entryId);
    expect(sortedLines(modelRules(h.sim, MGMT, REGION, groupId))).toEqual(sortedLines(original));
  });
});

describe('s3-remove-public-acl-grants: other grants kept', () => {
  it('removes the AllUsers and AuthenticatedUsers grants only; undo puts them back', async () => {
    const original = grantKeys(getBucket(h.sim.world, 'acl-bucket')!.grants);
    const { plan, entryId } = await fix(['test-acl-only'], 'acl-bucket');
    expect(plan.prepared[0]!.plan!.calls.map((c) => c.operation)).toEqual(['PutBucketAcl']);
    expect(grantKeys(getBucket(h.sim.world, 'acl-bucket')!.grants)).toEqual(original.filter((g) => !g.includes('global/AllUsers') && !g.includes('global/AuthenticatedUsers')));
    expect(grantKeys(getBucket(h.sim.world, 'acl-bucket')!.grants)).toHaveLength(3);
    await undoIt(entryId);
    expect(grantKeys(getBucket(h.sim.world, 'acl-bucket')!.grants)).toEqual(original);
  });
});

describe('s3-remove-public-policy-statements: other statements kept', () => {
  it('removes the public statement and only the "*" principal of a mixed one; undo restores the policy', async () => {
    const original = getBucket(h.sim.world, 'policy-bucket')!.policy!;
    const { entryId } = await fix(['test-statements-only'], 'policy-bucket');
    const now = JSON.parse(getBucket(h.sim.world, 'policy-bucket')!.policy!) as { Statement: { Sid: string; Principal: unknown }[] };
    expect(now.Statement.map((s) => s.Sid)).toEqual(['CiDeploy', 'Mixed']);
    expect(now.Statement[1]!.Principal).toEqual({ AWS: [`arn:aws:iam::${OTHER}:root`] });
    const orig = JSON.parse(original) as { Statement: unknown[] };
    expect(now.Statement[0]).toEqual(orig.Statement[1]);
    await undoIt(entryId);
    expect(JSON.parse(getBucket(h.sim.world, 'policy-bucket')!.policy!)).toEqual(orig);
  });

  it('deletes the policy when no statement is left; undo puts it back', async () => {
    const original = getBucket(h.sim.world, 'only-public-policy')!.policy!;
    const { plan, entryId } = await fix(['aws-s3-bucket-policy-unrestricted-access'], 'only-public-policy');
    expect(plan.prepared[0]!.plan!.calls).toEqual([{ service: 's3', operation: 'DeleteBucketPolicy', params: { Bucket: 'only-public-policy' }, purpose: expect.any(String) }]);
    expect(getBucket(h.sim.world, 'only-public-policy')!.policy).toBeUndefined();
    await undoIt(entryId);
    expect(JSON.parse(getBucket(h.sim.world, 'only-public-policy')!.policy!)).toEqual(JSON.parse(original));
  });
});

describe('s3-enable-default-encryption: AES256 when none, KMS untouched', () => {
  it('sets SSE-S3 on the unencrypted bucket, leaves the KMS bucket alone, and refuses undo (irreversible)', async () => {
    const kmsBefore = structuredClone(getBucket(h.sim.world, 'kms-bucket')!.encryption);
    const { plan, entryId } = await fix(['aws-s3-bucket-unencrypted'], 'unencrypted');
    expect(plan.prepared[0]!.reversible).toBe(false);
    expect(getBucket(h.sim.world, 'unencrypted')!.encryption).toEqual([{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }]);
    expect(getBucket(h.sim.world, 'kms-bucket')!.encryption).toEqual(kmsBefore);
    await expect(previewUndo(h.store, h.conn.access, entryId)).rejects.toMatchObject({ code: 'REMEDIATION_REFUSED', message: expect.stringContaining('cannot be undone') });
  });

  it('plans nothing for a bucket with SSE-KMS even when asked directly', async () => {
    const { prepareChange } = await import('../../src/remediation/runner.ts');
    const ref = { type: 'aws.s3.bucket', id: 'kms-bucket', arn: 'arn:aws:s3:::kms-bucket', account: MGMT, region: REGION, tags: {} };
    const p = await prepareChange({ aws: h.conn.access }, { action: 's3-enable-default-encryption', mode: 'notify', policies: ['x'], severity: 'high', resource: ref, evidence: [], params: {} });
    expect(p.outcome).toBe('skipped');
    expect(p.why).toContain('never replaced');
  });
});

describe('s3-block-public-access (optional)', () => {
  it('turns on bucket-level Block Public Access; undo removes it again', async () => {
    expect(getBucket(h.sim.world, 'bpa-bucket')!.publicAccessBlock).toBeUndefined();
    const { entryId } = await fix(['test-block-public-access'], 'bpa-bucket');
    expect(getBucket(h.sim.world, 'bpa-bucket')!.publicAccessBlock).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    await undoIt(entryId);
    expect(getBucket(h.sim.world, 'bpa-bucket')!.publicAccessBlock).toBeUndefined();
  });

  it('with s3-remove-public-access: grants removed then BPA on; undo restores BPA first so that S3 accepts the public ACL again', async () => {
    const original = grantKeys(getBucket(h.sim.world, 'combo-bucket')!.grants);
    const { plan, entryId } = await fix(['test-remove-and-block'], 'combo-bucket');
    expect(plan.prepared[0]!.plan!.calls.map((c) => c.operation)).toEqual(['PutBucketAcl', 'PutPublicAccessBlock']);
    expect(grantKeys(getBucket(h.sim.world, 'combo-bucket')!.grants)).toEqual([]); // owner-only ACL is stored as the default
    const preview = await previewUndo(h.store, h.conn.access, entryId);
    expect(preview.plan.calls.map((c) => c.operation)).toEqual(['DeletePublicAccessBlock', 'PutBucketAcl']);
    expect(preview.plan.notes.join('\n')).toContain('Block Public Access is restored first');
    await undoIt(entryId);
    expect(grantKeys(getBucket(h.sim.world, 'combo-bucket')!.grants)).toEqual(original);
    expect(getBucket(h.sim.world, 'combo-bucket')!.publicAccessBlock).toBeUndefined();
  });
});

describe('rds-snapshot-remove-public and rds-cluster-snapshot-remove-public: account ids kept', () => {
  it('removes "all" from a DB snapshot and keeps both accounts; undo adds it back', async () => {
    const snap = () => rdsState(h.sim.world, MGMT, REGION).snapshots.find((s) => s.id === 'orders-snap')!;
    const { entryId } = await fix(['aws-rds-snapshot-public'], 'orders-snap');
    expect([...snap().restore].sort()).toEqual([OTHER, '444444444444']);
    await undoIt(entryId);
    expect([...snap().restore].sort()).toEqual(['444444444444', OTHER, 'all'].sort());
  });

  it('removes "all" from a cluster snapshot and keeps the account; undo adds it back', async () => {
    const snap = () => rdsState(h.sim.world, MGMT, REGION).clusterSnapshots.find((s) => s.id === 'aurora-snap')!;
    const { entryId } = await fix(['aws-rds-cluster-snapshot-public'], 'aurora-snap');
    expect(snap().restore).toEqual([OTHER]);
    await undoIt(entryId);
    expect([...snap().restore].sort()).toEqual([OTHER, 'all']);
  });
});
