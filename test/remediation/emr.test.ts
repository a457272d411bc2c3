/**
 * emr-block-public-access end to end through the local endpoint and the real SDK: scan → `mamori fix` plan → apply →
 * verified; only the ports beyond SSH go; regions that comply are untouched; `mamori undo` restores the previous
 * configuration exactly. Plus the narrowing itself, over random permitted ranges.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { narrowToSsh } from '../../src/remediation/actions/emr/emr-block-public-access.ts';
import { peekEmrState, setBlockPublicAccess } from '../../src/sim/services/emr/model.ts';
import { harness, MGMT, type Harness } from './helpers.ts';

const IDS = ['aws-emr-block-public-access-off'];
const ALL_MODES = ['notify', 'approve', 'auto'] as const;

let h: Harness;
beforeAll(async () => {
  h = await harness({ seed: 'emr-actions', regions: ['us-east-1', 'eu-west-1', 'ap-northeast-1'], accounts: [{ id: MGMT, name: 'Management' }] });
  // us-east-1: on, but a notebook port and a wide range besides SSH; eu-west-1: off; ap-northeast-1: AWS's default.
  setBlockPublicAccess(h.sim.world, MGMT, 'us-east-1', true, [{ MinRange: 22, MaxRange: 22 }, { MinRange: 8888, MaxRange: 8888 }, { MinRange: 9000, MaxRange: 9100 }]);
  setBlockPublicAccess(h.sim.world, MGMT, 'eu-west-1', false, [{ MinRange: 0, MaxRange: 1024 }]);
});
afterAll(() => h.close());

const conf = (region: string) => structuredClone(peekEmrState(h.sim.world, MGMT, region)?.blockPublicAccess?.BlockPublicAccessConfiguration);

describe('emr-block-public-access: fix, verify, undo', () => {
  it('blocks public rules and keeps SSH only where it violates; undo restores each region exactly', async () => {
    const before = { us: conf('us-east-1'), eu: conf('eu-west-1'), ap: conf('ap-northeast-1') };
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => [p.resource.region, p.outcome, p.plan!.calls.map((c) => c.params)]).sort()).toEqual([
      ['eu-west-1', 'ready', [{ BlockPublicAccessConfiguration: { BlockPublicSecurityGroupRules: true, PermittedPublicSecurityGroupRuleRanges: [{ MinRange: 22, MaxRange: 22 }] } }]],
      ['us-east-1', 'ready', [{ BlockPublicAccessConfiguration: { BlockPublicSecurityGroupRules: true, PermittedPublicSecurityGroupRuleRanges: [{ MinRange: 22, MaxRange: 22 }] } }]],
    ]);
    const us = plan.prepared.find((p) => p.resource.region === 'us-east-1')!;
    expect(us.plan!.removes).toEqual(['ports permitted from anywhere: 22, 8888, 9000-9100 (becomes [{"MinRange":22,"MaxRange":22}])']);
    expect(us.plan!.keeps).toEqual(expect.arrayContaining(['BlockPublicSecurityGroupRules = true']));

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(2);
    expect(conf('us-east-1')).toEqual({ BlockPublicSecurityGroupRules: true, PermittedPublicSecurityGroupRuleRanges: [{ MinRange: 22, MaxRange: 22 }] });
    expect(conf('eu-west-1')).toEqual({ BlockPublicSecurityGroupRules: true, PermittedPublicSecurityGroupRuleRanges: [{ MinRange: 22, MaxRange: 22 }] });
    // The compliant region was never written.
    expect(conf('ap-northeast-1')).toEqual(before.ap);
    expect((await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES)).prepared).toEqual([]);

    for (const o of summary.fixed) {
      const preview = await previewUndo(h.store, h.conn.access, o.entryId!);
      expect(preview.changedSince).toEqual([]);
      const r = await undo(h.session(), preview);
      expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    }
    expect({ us: conf('us-east-1'), eu: conf('eu-west-1'), ap: conf('ap-northeast-1') }).toEqual(before);
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['elasticmapreduce:GetBlockPublicAccessConfiguration', 'elasticmapreduce:PutBlockPublicAccessConfiguration']));
  });
});

describe('narrowing the permitted ranges to SSH', () => {
  it('keeps port 22 exactly when some range admitted it, and nothing else', () => {
    const range = fc.tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 })).map(([a, b]) => ({ MinRange: Math.min(a, b), MaxRange: Math.max(a, b) }));
    fc.assert(
      fc.property(fc.array(fc.oneof(range, fc.constant({ MinRange: 22, MaxRange: 22 })), { maxLength: 6 }), (ranges) => {
        const admitted22 = ranges.some((r) => r.MinRange <= 22 && 22 <= r.MaxRange);
        const out = narrowToSsh(ranges);
        expect(out).toEqual(admitted22 ? [{ MinRange: 22, MaxRange: 22 }] : []);
        // Narrowing never opens a port that was closed, and is idempotent.
        for (const r of out) expect(ranges.some((x) => x.MinRange <= r.MinRange && r.MaxRange <= x.MaxRange)).toBe(true);
        expect(narrowToSsh(out)).toEqual(out);
      }),
      { numRuns: 300 },
    );
  });
});
