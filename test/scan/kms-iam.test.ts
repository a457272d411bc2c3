/**
 * KMS decryption in IAM policies end to end: the local endpoint serves users, groups, roles and customer managed
 * policies through GetAccountAuthorizationDetails (documents URL-encoded, as IAM sends them); both IAM collectors
 * share one sweep per account; the engine names the statements that decrypt with every key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { decryptAllStatements } from '../../src/resources/aws/iam/kms-decrypt.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createManagedPolicy, putInlinePolicy } from '../../src/sim/services/iam.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-kms-inline-policy-decrypt-all-keys', 'aws-kms-managed-policy-decrypt-all-keys'];
let sim: SimServer;
let result: ScanResult;

const scan = (s: SimServer) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => POLICIES.includes(p.id)), globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => f.resource.id).sort();
const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement });
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1a2b3c4d-0000-4000-8000-123456789abc`;

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  putInlinePolicy(world, ACCOUNT, { kind: 'role', owner: 'batch', name: 'decrypt-everything', document: doc({ Sid: 'All', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }) });
  putInlinePolicy(world, ACCOUNT, { kind: 'role', owner: 'batch', name: 'orders-key', document: doc({ Effect: 'Allow', Action: 'kms:*', Resource: KEY }) });
  putInlinePolicy(world, ACCOUNT, { kind: 'user', owner: 'ci', name: 'deploy', document: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) });
  putInlinePolicy(world, ACCOUNT, { kind: 'group', owner: 'analysts', name: 'read', document: doc({ Effect: 'Allow', Action: ['s3:GetObject', 'kms:DescribeKey'], Resource: '*' }) });
  createManagedPolicy(world, ACCOUNT, { name: 'KumoDataWide', document: doc({ Sid: 'Reencrypt', Effect: 'Allow', Action: 'kms:ReEncrypt*', Resource: 'arn:aws:kms:*:*:key/*' }) });
  createManagedPolicy(world, ACCOUNT, { name: 'KumoOrdersKey', document: doc({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: KEY, Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } }) });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('KMS decryption in IAM policies, from the endpoint to the findings', () => {
  it('reads every inline and customer managed policy once per account, in the global scope', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const inline = result.resources.filter((r) => r.type === 'aws.iam.inline-policy');
    expect(inline.map((r) => r.id).sort()).toEqual(['group/analysts/read', 'role/batch/decrypt-everything', 'role/batch/orders-key', 'user/ci/deploy']);
    expect(inline.every((r) => r.region === 'us-east-1')).toBe(true);
    expect(inline.find((r) => r.id === 'role/batch/decrypt-everything')!.arn).toBe(`arn:aws:iam::${ACCOUNT}:role/batch#decrypt-everything`);
    const managed = result.resources.filter((r) => r.type === 'aws.iam.policy');
    expect(managed.find((r) => r.id === 'KumoDataWide')!.config).toMatchObject({ defaultVersionId: 'v1', decryptAllStatements: [{ index: 0, sid: 'Reencrypt', actions: ['kms:ReEncrypt*'], resources: ['arn:aws:kms:*:*:key/*'] }] });
    // One sweep shared by both types, for the one account.
    expect(result.report.summary.apiCalls.byOperation['iam:GetAccountAuthorizationDetails']).toBe(1);
  });

  it('fails the policies that decrypt with every key, and not those naming a key', () => {
    expect(failing(result, 'aws-kms-inline-policy-decrypt-all-keys')).toEqual(['role/batch/decrypt-everything', 'user/ci/deploy']);
    expect(failing(result, 'aws-kms-managed-policy-decrypt-all-keys')).toEqual(['KumoDataWide']);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('reads wildcards, NotAction and NotResource as IAM does', () => {
    const one = (st: Record<string, unknown>) => decryptAllStatements(doc(st), ACCOUNT).length;
    expect(one({ Effect: 'Allow', Action: '*', Resource: '*' })).toBe(1);
    expect(one({ Effect: 'Allow', Action: 'KMS:DECRYPT', Resource: '*' })).toBe(1);
    expect(one({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:*:${ACCOUNT}:key/*` })).toBe(1);
    expect(one({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/*` })).toBe(0);
    expect(one({ Effect: 'Allow', NotAction: 'kms:*', Resource: '*' })).toBe(0);
    expect(one({ Effect: 'Allow', Action: 'kms:Decrypt', NotResource: 'arn:aws:s3:::*' })).toBe(1);
    expect(one({ Effect: 'Allow', Action: 'kms:Decrypt', NotResource: 'arn:aws:kms:*' })).toBe(0);
    expect(one({ Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' })).toBe(0);
    expect(() => decryptAllStatements([], ACCOUNT)).toThrow(/not a JSON object/);
  });

  it('turns a sweep it may not make into a coverage gap, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    putInlinePolicy(world, ACCOUNT, { kind: 'role', owner: 'batch', name: 'p', document: doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }) });
    world.accounts[ACCOUNT]!.deny = ['iam:GetAccountAuthorizationDetails'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.filter((f) => f.status === 'pass')).toEqual([]);
      expect(r.report.summary.coverageGaps.map((g) => g.resourceType).sort()).toEqual(['aws.iam.inline-policy', 'aws.iam.policy']);
    } finally {
      await denied.stop();
    }
  });
});
