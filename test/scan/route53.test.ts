/**
 * Route 53 end to end: the local endpoint serves hosted zones and the account's query logging
 * configurations (global, signed in us-east-1); the SDK reads them; the collector joins them; the engine
 * gives findings with evidence. Global: read once per account, in us-east-1, whatever the regions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createHostedZone } from '../../src/sim/services/route53/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = loadBuiltinPolicies().filter((p) => p.resource === 'aws.route53.hosted-zone');
let sim: SimServer;
let result: ScanResult;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  ids['logged'] = createHostedZone(world, ACCOUNT, { name: 'shop.example.com', queryLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/route53/shop.example.com` }).id;
  ids['campaign'] = createHostedZone(world, ACCOUNT, { name: 'campaign.example.com', tags: { Team: 'marketing' } }).id;
  ids['internal'] = createHostedZone(world, ACCOUNT, { name: 'internal.example', privateZone: true }).id;
  // More zones than one ListHostedZones page (100): the collector must follow NextMarker.
  for (let i = 0; i < 101; i++) createHostedZone(world, ACCOUNT, { name: `branch-${i}.example.com`, queryLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/route53/branch-${i}` });
  sim = await startSim({ world });
  result = await runScan({ ...simScanSettings(sim), targets: {}, policies: POLICIES, globalExclusions: [], keepPassed: true });
});
afterAll(() => sim.stop());

const of = (status: string) => result.report.findings.filter((f) => f.policy === 'aws-route53-query-logging-off' && f.status === status).map((f) => f.resource.id);

describe('Route 53 hosted zones from the global endpoint to the findings', () => {
  it('reads every zone once for the account, in us-east-1, with tags in bulk', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const zones = result.resources.filter((r) => r.type === 'aws.route53.hosted-zone');
    expect(zones).toHaveLength(104);
    expect(zones.every((z) => z.region === 'us-east-1')).toBe(true);
    const campaign = zones.find((z) => z.id === ids['campaign'])!;
    expect(campaign).toMatchObject({ arn: `arn:aws:route53:::hostedzone/${ids['campaign']}`, name: 'campaign.example.com.', tags: { Team: 'marketing' } });
    expect(campaign.config).toMatchObject({ privateZone: false, queryLogGroupArn: null, recordSetCount: 2 });
  });

  it('fails only the public zone without query logging, with the zone kind and the absent log group as evidence', () => {
    expect(of('fail')).toEqual([ids['campaign']]);
    const f = result.report.findings.find((x) => x.status === 'fail')!;
    expect(f.evidence.map((e) => e.id)).toEqual(['path:config.privateZone', 'path:config.queryLogGroupArn']);
    expect(of('pass')).toContain(ids['logged']);
    expect(of('pass')).toContain(ids['internal']);
    expect(of('error')).toEqual([]);
  });

  it('lists the query logging configurations for the account, not one call per zone', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['route53:ListHostedZones']).toBe(2);
    expect(calls['route53:ListQueryLoggingConfigs']).toBe(2);
    // The tagging API lists only tagged zones: one page.
    expect(calls['resourcegroupstaggingapi:GetResources']).toBe(1);
  });

  it('reports an error, never a pass, when the query logging configurations cannot be listed', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createHostedZone(world, ACCOUNT, { name: 'shop.example.com' });
    world.accounts[ACCOUNT]!.deny = ['route53:ListQueryLoggingConfigs'];
    const denied = await startSim({ world });
    try {
      const r = await runScan({ ...simScanSettings(denied), targets: {}, policies: POLICIES, globalExclusions: [], keepPassed: true });
      expect(r.report.findings.map((f) => f.status)).toEqual(['error']);
      expect(r.resources[0]!.readErrors?.['queryLogGroupArn']).toMatch(/AccessDenied/);
    } finally {
      denied.stop();
    }
  });
});
