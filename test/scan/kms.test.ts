/**
 * KMS end to end: the local endpoint serves keys; the SDK lists them, describes each and reads its policy, and
 * the rotation status of enabled symmetric customer managed keys only; the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createKmsKey, defaultKeyPolicy } from '../../src/sim/services/kms/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-kms-key-pending-deletion', 'aws-kms-key-public', 'aws-kms-key-rotation-disabled'];
let sim: SimServer;
let result: ScanResult;
const ids: Record<string, string> = {};

const model = loadModel('kms');
const call = (operation: string, input: Record<string, unknown>) => jsonCall(sim.url, model, operation, input);
const scan = (s: SimServer, only = POLICIES) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => only.includes(p.id)), globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]).sort();

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  const root = defaultKeyPolicy(ACCOUNT)['Statement'] as Record<string, unknown>[];
  ids['good'] = createKmsKey(world, ACCOUNT, 'us-east-1', { alias: 'orders', rotation: true, tags: { team: 'shop' } }).metadata.KeyId;
  ids['partner'] = createKmsKey(world, ACCOUNT, 'us-east-1', { alias: 'partner', rotation: true, policy: { Version: '2012-10-17', Statement: [...root, { Sid: 'PartnerAccount', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'kms:*', Resource: '*' }] } }).metadata.KeyId;
  ids['open'] = createKmsKey(world, ACCOUNT, 'us-east-1', { alias: 'shared', policy: { Version: '2012-10-17', Statement: [...root, { Sid: 'EveryoneDecrypts', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }] } }).metadata.KeyId;
  ids['doomed'] = createKmsKey(world, ACCOUNT, 'eu-west-1', { alias: 'old', state: 'PendingDeletion', pendingWindowDays: 7 }).metadata.KeyId;
  ids['rsa'] = createKmsKey(world, ACCOUNT, 'eu-west-1', { alias: 'signing', spec: 'RSA_2048' }).metadata.KeyId;
  ids['aws'] = createKmsKey(world, ACCOUNT, 'eu-west-1', { manager: 'AWS', service: 's3' }).metadata.KeyId;
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('KMS from the endpoint to the findings', () => {
  it('reads every key with its metadata, policy, rotation where it applies, and tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const keys = result.resources.filter((r) => r.type === 'aws.kms.key');
    expect(keys).toHaveLength(6);
    const good = keys.find((r) => r.id === ids['good'])!;
    expect(good.arn).toBe(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${ids['good']}`);
    expect(good.tags).toEqual({ team: 'shop' });
    expect(good.config).toMatchObject({ keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', keyState: 'Enabled', rotationEnabled: true, deletionDate: null });
    expect(keys.find((r) => r.id === ids['aws'])!.config).toMatchObject({ keyManager: 'AWS', rotationEnabled: null });
    expect(keys.find((r) => r.id === ids['rsa'])!.config).toMatchObject({ keySpec: 'RSA_2048', rotationEnabled: null });
    expect(keys.find((r) => r.id === ids['doomed'])!.config['deletionDate']).toMatch(/^\d{4}-/);
  });

  it('fails the open key (not the one granting a named account kms:*), the doomed one and the unrotated one', () => {
    expect(failing(result, 'aws-kms-key-public')).toEqual([[ids['open'], ['statement:EveryoneDecrypts']]]);
    expect(failing(result, 'aws-kms-key-pending-deletion')).toEqual([[ids['doomed'], ['path:config.keyState']]]);
    expect(failing(result, 'aws-kms-key-rotation-disabled')).toEqual([[ids['open'], ['path:config.rotationEnabled']]]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('reads the rotation status only of enabled symmetric customer managed keys', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['kms:ListKeys']).toBe(2);
    expect(calls['kms:DescribeKey']).toBe(6);
    expect(calls['kms:GetKeyPolicy']).toBe(6);
    expect(calls['kms:GetKeyRotationStatus']).toBe(3);
  });

  it('pages ListKeys with Marker and answers KMS errors as the API reference documents them', async () => {
    const first = await call('ListKeys', { Limit: 2 });
    expect(first.body).toMatchObject({ Truncated: true });
    const second = await call('ListKeys', { Limit: 2, Marker: first.body['NextMarker'] });
    expect((second.body['Keys'] as unknown[]).length).toBe(1);
    expect((await call('ListKeys', { Limit: 0 })).body['__type']).toMatch(/ValidationException/);
    expect((await call('DescribeKey', { KeyId: 'alias/orders' })).body).toMatchObject({ KeyMetadata: { KeyId: ids['good'] } });
    expect((await call('DescribeKey', { KeyId: 'alias/nope' })).body['__type']).toMatch(/NotFoundException/);
    expect((await call('GetKeyPolicy', { KeyId: ids['good'], PolicyName: 'other' })).body['__type']).toMatch(/NotFoundException/);
    expect((await call('EnableKeyRotation', { KeyId: ids['rsa'] })).status).toBe(400);
    expect((await call('CancelKeyDeletion', { KeyId: ids['good'] })).body['__type']).toMatch(/KMSInvalidStateException/);
    expect((await call('PutKeyPolicy', { KeyId: ids['good'], Policy: 'not json' })).body['__type']).toMatch(/MalformedPolicyDocumentException/);
  });

  it('turns a policy it may not read into an error for the public check only', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createKmsKey(world, ACCOUNT, 'us-east-1', { alias: 'locked', rotation: true });
    world.accounts[ACCOUNT]!.deny = ['kms:GetKeyPolicy'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.map((f) => [f.policy, f.status]).sort()).toEqual([
        ['aws-kms-key-pending-deletion', 'pass'],
        ['aws-kms-key-public', 'error'],
        ['aws-kms-key-rotation-disabled', 'pass'],
      ]);
    } finally {
      await denied.stop();
    }
  });
});
