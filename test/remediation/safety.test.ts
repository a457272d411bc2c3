/**
 * The safety rules, against the local endpoint: excluded resources are never changed; a resource that drifted
 * between scan, plan and apply is skipped; the guard stops at its cap; a second run changes nothing; one
 * resource's failure does not stop the others; an approved plan for a resource excluded since is skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanAndRecord } from '../../src/app/record.ts';
import { applyFix, approve, planFix, remediateAfterScan } from '../../src/app/remediate.ts';
import { parseConfig } from '../../src/app/config.ts';
import type { EstateDoc } from '../../src/sim/estates/index.ts';
import { authorizeIngress, revokeByIds } from '../../src/sim/services/ec2/model.ts';
import { getBucket, putBucketPolicy } from '../../src/sim/services/s3/model.ts';
import { CREDENTIALS, harness, MGMT, modelRules, PROD, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const CIFS = 'aws-ec2-sg-open-cifs-445';
const MODES = ['notify', 'approve', 'auto'] as const;
const smb = (account: string, name: string, tags?: Record<string, string>) => ({ account, region: REGION, name, ...(tags ? { tags } : {}), ingress: [{ proto: 'tcp', ports: '445', from: ['0.0.0.0/0'] }, { proto: 'tcp', ports: '22', from: ['10.0.0.0/8'] }] });

const estate: EstateDoc = {
  seed: 'safety',
  regions: [REGION],
  accounts: [
    { id: MGMT, name: 'Management' },
    { id: PROD, name: 'Production' },
  ],
  securityGroups: [
    smb(MGMT, 'excluded-by-tag', { Keep: 'yes' }),
    smb(MGMT, 'drift-gone'),
    smb(MGMT, 'drift-later'),
    ...['g1', 'g2', 'g3', 'g4', 'g5'].map((n) => smb(MGMT, n)),
    smb(MGMT, 'mgmt-ok'),
    smb(PROD, 'denied'),
    smb(PROD, 'prod-ok'),
  ],
  buckets: [
    {
      account: MGMT,
      name: 'drifting-policy',
      region: REGION,
      legacy: true,
      encryption: { sseAlgorithm: 'AES256' },
      policy: { Version: '2012-10-17', Statement: [{ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::drifting-policy/*' }] },
    },
  ],
};

const CONFIG = `
exclusions:
  - id: keep-tagged
    policies: [${CIFS}]
    reason: tagged Keep=yes by the owners
    match:
      tags: { Keep: "yes" }
`;

let h: Harness;
const gid = (account: string, name: string) => h.groups[`${account}/${REGION}/${name}`]!.groupId;
const openLines = (account: string, name: string) => modelRules(h.sim, account, REGION, gid(account, name)).filter((r) => r.cidrIpv4 === '0.0.0.0/0' && !r.isEgress);

beforeAll(async () => {
  h = await harness(estate, { config: CONFIG, org: true });
});
afterAll(() => h.close());

describe('excluded and drifted resources are never changed', () => {
  it('an excluded group is listed as not planned, with the exclusion, and left alone', async () => {
    const before = modelRules(h.sim, MGMT, REGION, gid(MGMT, 'excluded-by-tag'));
    const scan = await h.scan([CIFS]);
    const plan = await planFix(h.conn.access, scan, h.select([CIFS]), h.config, MODES);
    expect(plan.prepared.some((p) => p.resource.id === gid(MGMT, 'excluded-by-tag'))).toBe(false);
    expect(plan.notPlanned).toContainEqual(expect.objectContaining({ reason: 'excluded', policy: CIFS, why: expect.stringContaining('keep-tagged') }));
    // Only the groups of the other test cases go through here.
    const only = { prepared: plan.prepared.filter((p) => ['drift-gone', 'drift-later'].includes(p.resource.name ?? '')), notPlanned: plan.notPlanned };
    // drift-gone: its open line is revoked by someone else after the scan → skipped at plan time.
    // drift-later: its open line is changed between the plan and the apply → skipped at apply time.
    revokeByIds(h.sim.world, MGMT, REGION, gid(MGMT, 'drift-gone'), false, openLines(MGMT, 'drift-gone').map((r) => r.securityGroupRuleId));
    const replanned = await planFix(h.conn.access, scan, h.select([CIFS]), h.config, MODES);
    expect(replanned.prepared.find((p) => p.resource.name === 'drift-gone')).toMatchObject({ outcome: 'skipped', why: expect.stringMatching(/^drifted: rule line sgr-\w+ .* is no longer in the group/) });

    const later = gid(MGMT, 'drift-later');
    const [line] = openLines(MGMT, 'drift-later');
    revokeByIds(h.sim.world, MGMT, REGION, later, false, [line!.securityGroupRuleId]);
    authorizeIngress(h.sim.world, MGMT, REGION, later, [{ IpProtocol: 'tcp', FromPort: 445, ToPort: 445, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 're-added by hand' }] }]);
    const laterBefore = modelRules(h.sim, MGMT, REGION, later);
    const summary = await applyFix(h.session(), { prepared: only.prepared.filter((p) => p.resource.name === 'drift-later'), notPlanned: [] });
    expect(summary.fixed).toEqual([]);
    expect(summary.skipped).toEqual([expect.objectContaining({ why: expect.stringMatching(/^drifted: rule line .* is no longer in the group/) })]);
    expect(modelRules(h.sim, MGMT, REGION, later)).toEqual(laterBefore);
    expect(modelRules(h.sim, MGMT, REGION, gid(MGMT, 'excluded-by-tag'))).toEqual(before);
    expect(await h.store.listJournalEntries({ resourceArn: plan.prepared.find((p) => p.resource.id === later)!.resource.arn })).toEqual([]);
  });

  it('a bucket policy rewritten between plan and apply is skipped, and the new statement stays', async () => {
    const scan = await h.scan(['aws-s3-bucket-world-readable']);
    const plan = await planFix(h.conn.access, scan, h.select(['aws-s3-bucket-world-readable']), h.config, MODES);
    const mine = { prepared: plan.prepared.filter((p) => p.resource.id === 'drifting-policy'), notPlanned: [] };
    expect(mine.prepared.map((p) => p.outcome)).toEqual(['ready']);
    const doc = JSON.parse(getBucket(h.sim.world, 'drifting-policy')!.policy!) as { Statement: unknown[] };
    doc.Statement.push({ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PROD}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::drifting-policy/*' });
    putBucketPolicy(h.sim.world, MGMT, 'drifting-policy', doc, { force: true });
    const summary = await applyFix(h.session(), mine);
    expect(summary.skipped).toEqual([expect.objectContaining({ why: 'drifted: the bucket policy changed since the scan' })]);
    expect(JSON.parse(getBucket(h.sim.world, 'drifting-policy')!.policy!)).toEqual(doc);
  });
});

describe('the guard, idempotence and failure isolation', () => {
  it('stops at --max-changes: the first N are fixed, the rest skipped with the guard as reason', async () => {
    const names = ['g1', 'g2', 'g3', 'g4', 'g5'];
    const scan = await h.scan([CIFS]);
    const plan = await planFix(h.conn.access, scan, h.select([CIFS]), h.config, MODES);
    const mine = { prepared: plan.prepared.filter((p) => names.includes(p.resource.name ?? '')), notPlanned: [] };
    expect(mine.prepared).toHaveLength(5);
    const summary = await applyFix(h.session({ maxChanges: 2 }), mine);
    expect(summary.fixed).toHaveLength(2);
    expect(summary.skipped).toHaveLength(3);
    for (const s of summary.skipped) expect(s.why).toMatch(/^guard: at most 2 changes per run/);
    expect(names.filter((n) => openLines(MGMT, n).length === 0)).toHaveLength(2);

    // The next run fixes the rest; the one after changes nothing at all.
    const s2 = await applyFix(h.session({ maxChanges: 10 }), mine);
    expect(s2.fixed).toHaveLength(3);
    expect(s2.skipped.map((s) => s.why)).toEqual([expect.stringMatching(/^drifted/), expect.stringMatching(/^drifted/)]);
    h.sim.resetStats();
    const again = await h.scan([CIFS]);
    const plan3 = await planFix(h.conn.access, again, h.select([CIFS]), h.config, MODES);
    const s3 = await applyFix(h.session(), { prepared: plan3.prepared.filter((p) => names.includes(p.resource.name ?? '')), notPlanned: [] });
    expect(s3.fixed.length + s3.failed.length + s3.skipped.length).toBe(0);
    expect(Object.keys(h.sim.stats.calls).filter((k) => /Revoke|Authorize|Put|Modify|Delete/.test(k))).toEqual([]);
  });

  it('one account refusing the change does not stop the others; the refusal is reported with why', async () => {
    h.sim.world.accounts[PROD]!.deny = ['ec2:RevokeSecurityGroupIngress'];
    try {
      const scan = await h.scan([CIFS]);
      const plan = await planFix(h.conn.access, scan, h.select([CIFS]), h.config, MODES);
      // The denied account's group comes first; the other account's group is still fixed after it.
      const mine = { prepared: ['denied', 'mgmt-ok'].map((n) => plan.prepared.find((p) => p.resource.name === n)!), notPlanned: [] };
      const summary = await applyFix(h.session(), mine);
      expect(summary.failed).toEqual([expect.objectContaining({ resource: expect.objectContaining({ name: 'denied' }), why: expect.stringContaining('UnauthorizedOperation') })]);
      expect(summary.failed[0]!.why).toContain('nothing was changed');
      expect(summary.fixed.map((f) => f.resource.name)).toEqual(['mgmt-ok']);
      expect(openLines(PROD, 'denied')).toHaveLength(1);
      expect(openLines(MGMT, 'mgmt-ok')).toHaveLength(0);
      expect(await h.store.getJournalEntry(summary.failed[0]!.entryId!)).toMatchObject({ status: 'failed', error: expect.stringContaining('UnauthorizedOperation') });
    } finally {
      h.sim.world.accounts[PROD]!.deny = [];
    }
    const scan = await h.scan([CIFS]);
    const plan = await planFix(h.conn.access, scan, h.select([CIFS]), h.config, MODES);
    const summary = await applyFix(h.session(), { prepared: plan.prepared.filter((p) => p.resource.account === PROD), notPlanned: [] });
    expect(summary.fixed.map((f) => f.resource.name).sort()).toEqual(['denied', 'prod-ok']);
  });
});

describe('approve mode', () => {
  it('a plan approved after its resource became excluded is skipped, not applied', async () => {
    const name = 'late-exclusion';
    const vpcGroup = (await import('../../src/sim/services/ec2/model.ts')).createSecurityGroup(h.sim.world, MGMT, REGION, { groupName: name, description: name, vpcId: (await import('../../src/sim/services/ec2/model.ts')).defaultVpc(h.sim.world, MGMT, REGION).vpcId });
    authorizeIngress(h.sim.world, MGMT, REGION, vpcGroup.groupId, [{ IpProtocol: 'tcp', FromPort: 445, ToPort: 445, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
    const approveConfig = { ...h.config, responses: { [CIFS]: 'approve' as const } };
    const req = { aws: h.aws, credentials: CREDENTIALS, targets: h.targets, policies: h.select([CIFS]), globalExclusions: h.config.exclusions };
    const scan = await scanAndRecord(req, h.store);
    const { summary } = await remediateAfterScan(h.session(), scan, h.select([CIFS]), approveConfig);
    const pending = summary.pending.find((p) => p.resource.id === vpcGroup.groupId)!;
    expect(pending.entryId).toBeDefined();
    expect((await h.store.getJournalEntry(pending.entryId!))!.status).toBe('planned');

    // The owners exclude the group; the next scan records the finding as excluded.
    const excluded = parseConfig(`exclusions:\n  - id: lab\n    reason: lab group\n    match:\n      resource: ['${vpcGroup.groupId}']\n`, 'x');
    await scanAndRecord({ ...req, globalExclusions: excluded.exclusions }, h.store);
    const r = await approve(h.session({ actor: 'bob' }), [pending.entryId!]);
    expect(r.skipped).toEqual([expect.objectContaining({ entryId: pending.entryId, why: expect.stringContaining('excluded since the plan was made') })]);
    expect(modelRules(h.sim, MGMT, REGION, vpcGroup.groupId).filter((x) => x.cidrIpv4 === '0.0.0.0/0' && !x.isEgress)).toHaveLength(1);
    expect((await h.store.getJournalEntry(pending.entryId!))).toMatchObject({ status: 'skipped', approvedBy: 'bob' });
  });
});
