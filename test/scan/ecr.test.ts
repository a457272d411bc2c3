/**
 * ECR end to end: the local endpoint serves repositories, lifecycle policies, the registry's scanning
 * configuration and tags from the estate; the SDK reads them; the collector normalizes them; the engine
 * gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { registryScanFrequency } from '../../src/collectors/ecr/repository.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createRepository, putRegistryScanning } from '../../src/sim/services/ecr/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const ECR = ['aws-ecr-repo-no-lifecycle', 'aws-ecr-repo-scan-on-push-off', 'aws-ecr-repo-tags-mutable'];
const LIFECYCLE = { rules: [{ rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 }, action: { type: 'expire' } }] };
let sim: SimServer;
let result: ScanResult;

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // Created with the defaults: mutable tags, no scanning, no lifecycle policy.
  createRepository(world, ACCOUNT, 'us-east-1', { name: 'shop/web', tags: { team: 'shop' } });
  // Done right at the repository level.
  createRepository(world, ACCOUNT, 'us-east-1', { name: 'platform/base', imageTagMutability: 'IMMUTABLE', scanOnPush: true, lifecyclePolicy: LIFECYCLE });
  // Scanned by the registry's continuous rule for data/* though its own setting is off; a MANUAL rule does not count.
  createRepository(world, ACCOUNT, 'eu-west-1', { name: 'data/etl', imageTagMutability: 'IMMUTABLE', lifecyclePolicy: LIFECYCLE });
  createRepository(world, ACCOUNT, 'eu-west-1', { name: 'tools/ci', imageTagMutability: 'IMMUTABLE', lifecyclePolicy: LIFECYCLE });
  putRegistryScanning(world, ACCOUNT, 'eu-west-1', {
    scanType: 'ENHANCED',
    rules: [
      { scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: 'data/*', filterType: 'WILDCARD' }] },
      { scanFrequency: 'MANUAL', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] },
    ],
  });
  sim = await startSim({ world });
  result = await runScan({ ...simScanSettings(sim), targets: {}, policies: loadBuiltinPolicies().filter((p) => ECR.includes(p.id)), globalExclusions: [], keepPassed: true });
});
afterAll(() => sim.stop());

const of = (policy: string, status: string): string[] => result.report.findings.filter((f) => f.policy === policy && f.status === status).map((f) => f.resource.id).sort();

describe('ECR from the endpoint to the findings', () => {
  it('reads every repository completely, with its tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const repos = result.resources.filter((r) => r.type === 'aws.ecr.repository');
    expect(repos.map((r) => r.id).sort()).toEqual(['data/etl', 'platform/base', 'shop/web', 'tools/ci']);
    const shop = repos.find((r) => r.id === 'shop/web')!;
    expect(shop.tags).toEqual({ team: 'shop' });
    expect(shop.arn).toBe(`arn:aws:ecr:us-east-1:${ACCOUNT}:repository/shop/web`);
    expect(shop.config).toMatchObject({ imageTagMutability: 'MUTABLE', scanOnPush: false, registryScanType: 'BASIC', registryScanFrequency: null, lifecyclePolicy: null, encryptionType: 'AES256' });
    expect(repos.every((r) => r.readErrors === undefined)).toBe(true);
  });

  it('fails the repository without a lifecycle policy', () => {
    expect(of('aws-ecr-repo-no-lifecycle', 'fail')).toEqual(['shop/web']);
    expect(of('aws-ecr-repo-no-lifecycle', 'pass')).toEqual(['data/etl', 'platform/base', 'tools/ci']);
  });

  it('fails the repositories scanned neither by their own setting nor by a registry rule, with both as evidence', () => {
    expect(of('aws-ecr-repo-scan-on-push-off', 'fail')).toEqual(['shop/web', 'tools/ci']);
    expect(of('aws-ecr-repo-scan-on-push-off', 'pass')).toEqual(['data/etl', 'platform/base']);
    const f = result.report.findings.find((x) => x.policy === 'aws-ecr-repo-scan-on-push-off' && x.resource.id === 'tools/ci')!;
    expect(f.evidence.map((e) => e.id)).toEqual(['path:config.scanOnPush', 'path:config.registryScanFrequency']);
  });

  it('fails the repository with mutable tags', () => {
    expect(of('aws-ecr-repo-tags-mutable', 'fail')).toEqual(['shop/web']);
  });

  it('reads the registry configuration once per region and one lifecycle policy per repository', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['ecr:DescribeRepositories']).toBe(2);
    expect(calls['ecr:GetRegistryScanningConfiguration']).toBe(2);
    expect(calls['ecr:GetLifecyclePolicy']).toBe(4);
    expect(calls['resourcegroupstaggingapi:GetResources']).toBe(2);
  });

  it('matches registry rules by wildcard, only for automatic frequencies', () => {
    const rules = [
      { scanFrequency: 'MANUAL' as const, repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' as const }] },
      { scanFrequency: 'SCAN_ON_PUSH' as const, repositoryFilters: [{ filter: 'prod-*', filterType: 'WILDCARD' as const }] },
    ];
    expect(registryScanFrequency(rules, 'prod-api')).toBe('SCAN_ON_PUSH');
    expect(registryScanFrequency(rules, 'dev-api')).toBeNull();
    expect(registryScanFrequency(rules, 'prod.api')).toBeNull();
  });

  it('turns what it cannot read into errors, never passes', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createRepository(world, ACCOUNT, 'us-east-1', { name: 'locked', imageTagMutability: 'IMMUTABLE', lifecyclePolicy: LIFECYCLE });
    world.accounts[ACCOUNT]!.deny = ['ecr:GetLifecyclePolicy', 'ecr:GetRegistryScanningConfiguration'];
    const denied = await startSim({ world });
    try {
      const r = await runScan({ ...simScanSettings(denied), targets: {}, policies: loadBuiltinPolicies().filter((p) => ECR.includes(p.id)), globalExclusions: [], keepPassed: true });
      const byPolicy = Object.fromEntries(r.report.findings.filter((f) => f.resource.id === 'locked').map((f) => [f.policy, f.status]));
      expect(byPolicy).toEqual({ 'aws-ecr-repo-no-lifecycle': 'error', 'aws-ecr-repo-scan-on-push-off': 'error', 'aws-ecr-repo-tags-mutable': 'pass' });
    } finally {
      await denied.stop();
    }
  });
});
