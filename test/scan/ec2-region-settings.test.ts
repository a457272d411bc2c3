/**
 * EC2 Region settings end to end: one resource per account and Region from GetEbsEncryptionByDefault
 * (served model-driven on the EC2 endpoint), findings per Region, unreadable settings as errors.
 */
import { describe, expect, it } from 'vitest';
import { runScan } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim } from '../../src/sim/server.ts';
import { ebsState } from '../../src/sim/services/ec2/ebs.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICY = 'aws-ec2-ebs-default-encryption-off';

async function scan(setup: (world: ReturnType<typeof createWorld>) => void) {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  setup(world);
  const sim = await startSim({ world });
  try {
    return await runScan({ ...simScanSettings(sim), targets: {}, policies: loadBuiltinPolicies().filter((p) => p.id === POLICY), globalExclusions: [], keepPassed: true });
  } finally {
    await sim.stop();
  }
}

describe('EC2 Region settings from the endpoint to the findings', () => {
  it('gives one finding per Region: off fails with the setting as evidence, on passes', async () => {
    const r = await scan((w) => {
      ebsState(w, ACCOUNT, 'eu-west-1').encryptionByDefault = true;
    });
    expect(r.report.summary.coverageGaps).toEqual([]);
    const byRegion = Object.fromEntries(r.report.findings.map((f) => [f.resource.region, f.status]));
    expect(byRegion).toEqual({ 'us-east-1': 'fail', 'eu-west-1': 'pass' });
    const fail = r.report.findings.find((f) => f.status === 'fail')!;
    expect(fail.resource.id).toBe(`${ACCOUNT}/us-east-1`);
    expect(fail.evidence.map((e) => e.id)).toEqual(['path:config.ebsEncryptionByDefault']);
    expect(r.report.summary.apiCalls.byOperation['ec2:GetEbsEncryptionByDefault']).toBe(2);
  });

  it('turns a setting it cannot read into an error, never a pass', async () => {
    const r = await scan((w) => {
      ebsState(w, ACCOUNT, 'us-east-1').encryptionByDefault = true;
      w.accounts[ACCOUNT]!.deny = ['ec2:GetEbsEncryptionByDefault'];
    });
    expect(r.report.findings.map((f) => f.status)).toEqual(['error', 'error']);
    expect(r.report.findings[0]!.error).toMatch(/ebsEncryptionByDefault unknown/);
  });
});
