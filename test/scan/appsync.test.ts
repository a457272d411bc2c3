/**
 * AppSync end to end: the local endpoint serves GraphQL APIs and their caches from the estate; the SDK
 * reads them; the collector normalizes them; the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import type { Finding } from '../../src/core/finding.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createGraphqlApi } from '../../src/sim/services/appsync/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-appsync-api-key-auth', 'aws-appsync-cache-unencrypted-at-rest', 'aws-appsync-cache-unencrypted-in-transit', 'aws-appsync-field-logging-off'];
let sim: SimServer;
let result: ScanResult;

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // The console's defaults: API key, no logging, a cache encrypted neither way.
  createGraphqlApi(world, ACCOUNT, 'us-east-1', { name: 'catalog', cache: {}, tags: { team: 'catalog' } });
  // Done right: Cognito with IAM, errors logged, cache encrypted both ways.
  createGraphqlApi(world, ACCOUNT, 'us-east-1', { name: 'orders', authenticationType: 'AMAZON_COGNITO_USER_POOLS', additionalAuthenticationProviders: ['AWS_IAM'], fieldLogLevel: 'ERROR', cache: { atRestEncryptionEnabled: true, transitEncryptionEnabled: true } });
  // IAM first but an API key as a second mode, logging set to NONE, no cache. Plus 25 more: two pages.
  createGraphqlApi(world, ACCOUNT, 'eu-west-1', { name: 'partners', authenticationType: 'AWS_IAM', additionalAuthenticationProviders: ['API_KEY'], fieldLogLevel: 'NONE' });
  for (let i = 0; i < 25; i++) createGraphqlApi(world, ACCOUNT, 'eu-west-1', { name: `svc${i}`, authenticationType: 'AWS_LAMBDA', fieldLogLevel: 'ALL' });
  sim = await startSim({ world });
  result = await runScan({ ...simScanSettings(sim), targets: {}, policies: loadBuiltinPolicies().filter((p) => POLICIES.includes(p.id)), globalExclusions: [], keepPassed: true });
});
afterAll(() => sim.stop());

const of = (policy: string, status: string): Finding[] => result.report.findings.filter((f) => f.policy === policy && f.status === status);
const failing = (policy: string) => of(policy, 'fail').map((f) => f.resource.name).sort();

describe('AppSync from the endpoint to the findings', () => {
  it('reads every API through every page, with its tags and cache', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const apis = result.resources.filter((r) => r.type === 'aws.appsync.graphql-api');
    expect(apis).toHaveLength(28);
    const catalog = apis.find((r) => r.name === 'catalog')!;
    expect(catalog.tags).toEqual({ team: 'catalog' });
    expect(catalog.arn).toBe(`arn:aws:appsync:us-east-1:${ACCOUNT}:apis/${catalog.id}`);
    expect(catalog.config).toMatchObject({ authenticationType: 'API_KEY', fieldLogLevel: null, cacheType: 'SMALL', cacheAtRestEncryption: false });
    expect(apis.find((r) => r.name === 'partners')!.config).toMatchObject({ cacheType: null, cacheAtRestEncryption: null, cacheTransitEncryption: null });
  });

  it('fails the APIs with an API key as primary or additional mode', () => {
    expect(failing('aws-appsync-api-key-auth')).toEqual(['catalog', 'partners']);
    expect(of('aws-appsync-api-key-auth', 'fail').find((f) => f.resource.name === 'partners')!.evidence.map((e) => e.id)).toEqual(['path:config.additionalAuthenticationTypes']);
  });

  it('fails the unencrypted cache both ways; APIs without a cache pass', () => {
    expect(failing('aws-appsync-cache-unencrypted-at-rest')).toEqual(['catalog']);
    expect(failing('aws-appsync-cache-unencrypted-in-transit')).toEqual(['catalog']);
    expect(of('aws-appsync-cache-unencrypted-at-rest', 'pass')).toHaveLength(27);
  });

  it('fails the APIs without field-level logging or with level NONE', () => {
    expect(failing('aws-appsync-field-logging-off')).toEqual(['catalog', 'partners']);
    expect(of('aws-appsync-field-logging-off', 'fail').find((f) => f.resource.name === 'partners')!.evidence[0]!.data).toMatchObject({ actual: 'NONE' });
  });

  it('lists 25 per page and reads one cache per API', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['appsync:ListGraphqlApis']).toBe(3);
    expect(calls['appsync:GetApiCache']).toBe(28);
  });

  it('turns a cache it cannot read into errors, never passes', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createGraphqlApi(world, ACCOUNT, 'us-east-1', { name: 'locked', authenticationType: 'AWS_IAM', fieldLogLevel: 'ERROR', cache: { atRestEncryptionEnabled: true, transitEncryptionEnabled: true } });
    world.accounts[ACCOUNT]!.deny = ['appsync:GetApiCache'];
    const denied = await startSim({ world });
    try {
      const r = await runScan({ ...simScanSettings(denied), targets: {}, policies: loadBuiltinPolicies().filter((p) => POLICIES.includes(p.id)), globalExclusions: [], keepPassed: true });
      expect(Object.fromEntries(r.report.findings.map((f) => [f.policy, f.status]))).toEqual({
        'aws-appsync-api-key-auth': 'pass',
        'aws-appsync-cache-unencrypted-at-rest': 'error',
        'aws-appsync-cache-unencrypted-in-transit': 'error',
        'aws-appsync-field-logging-off': 'pass',
      });
    } finally {
      await denied.stop();
    }
  });
});
