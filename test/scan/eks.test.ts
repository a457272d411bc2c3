/**
 * EKS end to end: the local endpoint serves clusters from the estate; the SDK reads them; the collector
 * normalizes them (support calendar, endpoint access, logging); the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import type { Finding } from '../../src/core/finding.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { eksStandardSupport } from '../../src/resources/aws/eks/cluster.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createCluster } from '../../src/sim/services/eks/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const EKS = ['aws-eks-audit-logging-off', 'aws-eks-endpoint-public', 'aws-eks-unsupported-version'];
let sim: SimServer;
let result: ScanResult;

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // The usual mistake: created with the defaults years ago and never upgraded.
  createCluster(world, ACCOUNT, 'us-east-1', { name: 'shop', version: '1.29', tags: { team: 'shop' } });
  // Done right: a version newer than the calendar, private endpoint, audit log on.
  createCluster(world, ACCOUNT, 'us-east-1', { name: 'platform', version: '1.99', endpointPublicAccess: false, endpointPrivateAccess: true, enabledLogTypes: ['api', 'audit'] });
  // Public but only from the office: not open to the internet; logs other than audit.
  createCluster(world, ACCOUNT, 'eu-west-1', { name: 'data', version: '1.99', publicAccessCidrs: ['203.0.113.0/24'], endpointPrivateAccess: true, enabledLogTypes: ['api', 'authenticator'] });
  sim = await startSim({ world });
  result = await runScan({ ...simScanSettings(sim), targets: {}, policies: loadBuiltinPolicies().filter((p) => EKS.includes(p.id)), globalExclusions: [], keepPassed: true });
});
afterAll(() => sim.stop());

const of = (policy: string, status: string): string[] => result.report.findings.filter((f: Finding) => f.policy === policy && f.status === status).map((f) => f.resource.id).sort();

describe('EKS from the endpoint to the findings', () => {
  it('reads every cluster completely, with its tags and ARN', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const clusters = result.resources.filter((r) => r.type === 'aws.eks.cluster');
    expect(clusters.map((r) => r.id).sort()).toEqual(['data', 'platform', 'shop']);
    const shop = clusters.find((r) => r.id === 'shop')!;
    expect(shop.tags).toEqual({ team: 'shop' });
    expect(shop.arn).toBe(`arn:aws:eks:us-east-1:${ACCOUNT}:cluster/shop`);
    expect(shop.config).toMatchObject({ endpointPublicAccess: true, endpointPrivateAccess: false, publicAccessCidrs: ['0.0.0.0/0'], enabledLogTypes: [], inStandardSupport: false, standardSupportEnd: '2025-03-23' });
    expect(shop.readErrors).toBeUndefined();
  });

  it('fails the clusters without the audit log, with the log types as evidence', () => {
    expect(of('aws-eks-audit-logging-off', 'fail')).toEqual(['data', 'shop']);
    expect(of('aws-eks-audit-logging-off', 'pass')).toEqual(['platform']);
    const f = result.report.findings.find((x) => x.policy === 'aws-eks-audit-logging-off' && x.resource.id === 'data')!;
    expect(f.evidence.map((e) => e.id)).toEqual(['path:config.enabledLogTypes']);
  });

  it('fails only the endpoint open to 0.0.0.0/0', () => {
    expect(of('aws-eks-endpoint-public', 'fail')).toEqual(['shop']);
    expect(of('aws-eks-endpoint-public', 'pass')).toEqual(['data', 'platform']);
    const f = result.report.findings.find((x) => x.policy === 'aws-eks-endpoint-public' && x.status === 'fail')!;
    expect(f.evidence.map((e) => e.id)).toEqual(['path:config.endpointPublicAccess', 'path:config.publicAccessCidrs']);
  });

  it('fails the version out of standard support', () => {
    expect(of('aws-eks-unsupported-version', 'fail')).toEqual(['shop']);
    expect(of('aws-eks-unsupported-version', 'pass')).toEqual(['data', 'platform']);
  });

  it('reads with one listing per region and one DescribeCluster per cluster', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['eks:ListClusters']).toBe(2);
    expect(calls['eks:DescribeCluster']).toBe(3);
  });

  it('dates standard support by the calendar', () => {
    expect(eksStandardSupport('1.34', new Date('2026-12-01T12:00:00Z'))).toEqual({ inStandardSupport: true, standardSupportEnd: '2026-12-02' });
    expect(eksStandardSupport('1.34', new Date('2026-12-02T00:00:00Z'))).toEqual({ inStandardSupport: false, standardSupportEnd: '2026-12-02' });
    expect(eksStandardSupport('1.22', new Date('2026-01-01T00:00:00Z'))).toEqual({ inStandardSupport: false, standardSupportEnd: null });
    expect(eksStandardSupport('latest', new Date())).toBeUndefined();
  });

  it('turns a cluster it cannot describe into errors, never passes', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createCluster(world, ACCOUNT, 'us-east-1', { name: 'locked', version: '1.99', endpointPublicAccess: false, endpointPrivateAccess: true, enabledLogTypes: ['audit'] });
    world.accounts[ACCOUNT]!.deny = ['eks:DescribeCluster'];
    const denied = await startSim({ world });
    try {
      const r = await runScan({ ...simScanSettings(denied), targets: {}, policies: loadBuiltinPolicies().filter((p) => EKS.includes(p.id)), globalExclusions: [], keepPassed: true });
      const byPolicy = Object.fromEntries(r.report.findings.filter((f) => f.resource.id === 'locked').map((f) => [f.policy, f.status]));
      expect(byPolicy).toEqual({ 'aws-eks-audit-logging-off': 'error', 'aws-eks-endpoint-public': 'error', 'aws-eks-unsupported-version': 'error' });
    } finally {
      await denied.stop();
    }
  });
});
