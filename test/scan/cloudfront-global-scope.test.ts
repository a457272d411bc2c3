/**
 * Global services in a scan: read once per account from us-east-1 (the region their endpoints sign in,
 * where Security Hub and Prowler report them), only when us-east-1 is in the scan's scope; so a scan of
 * other regions neither repeats nor resolves their findings in the store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanAndRecord } from '../../src/app/record.ts';
import { runScan, type ScanRequest } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createDistribution } from '../../src/sim/services/cloudfront/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { useStore } from '../store/helpers/store.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
let sim: SimServer;
let req: ScanRequest;

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1', 'ap-northeast-1'], organization: false, managementAccountId: ACCOUNT });
  createDistribution(world, ACCOUNT, { origins: [{ id: 'web', domainName: 'web.example.com' }], defaultBehavior: { targetOriginId: 'web', viewerProtocolPolicy: 'allow-all' } });
  sim = await startSim({ world });
  const policies = loadBuiltinPolicies().filter((p) => p.id === 'aws-cloudfront-viewer-http-allowed' || p.id === 'aws-elbv2-deletion-protection-off');
  req = { ...simScanSettings(sim), targets: {}, policies, globalExclusions: [], keepPassed: false };
});
afterAll(() => sim.stop());

describe('a global resource type in a scan', () => {
  it('is read once per account whatever the number of regions, and placed in us-east-1', async () => {
    const r = await runScan({ ...req, targets: { regions: ['us-east-1', 'eu-west-1', 'ap-northeast-1'] } });
    expect(r.report.summary.apiCalls.byOperation['cloudfront:ListDistributions']).toBe(1);
    expect(r.report.summary.apiCalls.byOperation['elasticloadbalancingv2:DescribeLoadBalancers']).toBe(3);
    const f = r.report.findings.filter((x) => x.policy === 'aws-cloudfront-viewer-http-allowed');
    expect(f.map((x) => x.resource.region)).toEqual(['us-east-1']);
    expect(r.scope.collected).toContain(`${ACCOUNT}|us-east-1|aws.cloudfront.distribution`);
    expect(r.scope.collected).not.toContain(`${ACCOUNT}|eu-west-1|aws.cloudfront.distribution`);
  });

  it('is not read by a scan whose regions leave out us-east-1', async () => {
    const r = await runScan({ ...req, targets: { regions: ['eu-west-1'] } });
    expect(r.report.summary.apiCalls.byOperation['cloudfront:ListDistributions']).toBeUndefined();
    expect(r.resources.filter((x) => x.type === 'aws.cloudfront.distribution')).toEqual([]);
    expect(r.report.summary.coverageGaps).toEqual([]);
  });
});

describe('global findings in the store', () => {
  const t = useStore('pglite');

  it('are neither resolved nor duplicated by scans of other regions, and resolved by a us-east-1 scan', async () => {
    await scanAndRecord(req, t.store);
    const open = async () => (await t.store.listFindings({ policy: 'aws-cloudfront-viewer-http-allowed', status: ['new', 'open'] })).findings;
    expect((await open()).map((f) => f.resource.region)).toEqual(['us-east-1']);

    await scanAndRecord({ ...req, targets: { regions: ['eu-west-1'] } }, t.store);
    expect(await open()).toHaveLength(1);

    await scanAndRecord({ ...req, targets: { regions: ['us-east-1', 'eu-west-1'] } }, t.store);
    expect(await open()).toHaveLength(1);
    expect((await t.store.listFindings({ policy: 'aws-cloudfront-viewer-http-allowed' })).findings).toHaveLength(1);

    // Fixed: the next scan that covers us-east-1 resolves it.
    for (const d of (sim.world.services['cloudfront']![ACCOUNT]!['global'] as { distributions: { config: { DefaultCacheBehavior: { ViewerProtocolPolicy: string } } }[] }).distributions) {
      d.config.DefaultCacheBehavior.ViewerProtocolPolicy = 'redirect-to-https';
    }
    await scanAndRecord({ ...req, targets: { regions: ['us-east-1'] } }, t.store);
    expect(await open()).toEqual([]);
  });
});
