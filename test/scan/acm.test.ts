/**
 * ACM and AWS Private CA end to end: the local endpoint serves certificates and certificate authorities
 * (awsJson, every answer checked against the model); the SDK reads them; the collectors normalize them
 * (tags through the tagging API); the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createCertificate } from '../../src/sim/services/acm/model.ts';
import { createPrivateCa } from '../../src/sim/services/acmpca/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const TYPES = ['aws.acm.certificate', 'aws.acm-pca.certificate-authority'];
const POLICIES = loadBuiltinPolicies().filter((p) => TYPES.includes(p.resource));
const acmModel = loadModel('acm');
let sim: SimServer;
let result: ScanResult;
const arns: Record<string, string> = {};
const idOf = (name: string) => arns[name]!.split('/').pop()!;
const ALB = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/shop/50dc6c495c0c9188`;

const scan = (s: SimServer) => runScan({ ...simScanSettings(s), targets: {}, policies: POLICIES, globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]);

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
  const cert = (name: string, o: Omit<Parameters<typeof createCertificate>[3], 'domainName'>) => (arns[name] = createCertificate(world, ACCOUNT, 'us-east-1', { domainName: `${name}.example.com`, ...o }).CertificateArn);
  // An old imported certificate, weak and about to lapse, still on the shop's load balancer.
  cert('legacy', { type: 'IMPORTED', keyAlgorithm: 'RSA_1024', expiresInDays: 9, inUseBy: [ALB], tags: { owner: 'web' } });
  cert('expired', { expiresInDays: -2, inUseBy: [ALB] });
  cert('unused', { expiresInDays: 4 });
  cert('shop', { keyAlgorithm: 'EC_prime256v1', inUseBy: [ALB] });
  cert('api', { keyAlgorithm: 'RSA_4096', expiresInDays: 200, inUseBy: [ALB] });
  cert('pending', { status: 'PENDING_VALIDATION' });
  arns['root'] = createPrivateCa(world, ACCOUNT, 'us-east-1', { commonName: 'Example Root CA', type: 'ROOT', tags: { pki: 'root' } }).Arn;
  arns['offline-root'] = createPrivateCa(world, ACCOUNT, 'us-east-1', { commonName: 'Example Offline Root', type: 'ROOT', status: 'DISABLED' }).Arn;
  arns['issuing'] = createPrivateCa(world, ACCOUNT, 'us-east-1', { commonName: 'Example Issuing CA', type: 'SUBORDINATE' }).Arn;
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('ACM and Private CA from the endpoint to the findings', () => {
  it('reads every certificate of every key type and every authority, with their tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    expect(result.resources.filter((r) => r.type === 'aws.acm.certificate').length).toBe(6);
    const legacy = result.resources.find((r) => r.arn === arns['legacy'])!;
    expect(legacy.id).toBe(idOf('legacy'));
    expect(legacy.tags).toEqual({ owner: 'web' });
    expect(legacy.config).toMatchObject({ domainName: 'legacy.example.com', type: 'IMPORTED', keyAlgorithm: 'RSA_1024', inUse: true });
    // Nine days from the build, counted in whole days from the scan a moment later.
    expect(legacy.config['daysToExpiry']).toBeOneOf([8, 9]);
    expect(result.resources.find((r) => r.arn === arns['pending'])!.config).toMatchObject({ notAfter: null, daysToExpiry: null });
    const root = result.resources.find((r) => r.arn === arns['root'])!;
    expect(root.tags).toEqual({ pki: 'root' });
    expect(root.config).toMatchObject({ type: 'ROOT', status: 'ACTIVE', subjectCommonName: 'Example Root CA', keyAlgorithm: 'RSA_2048' });
  });

  it('fails exactly the certificates and authorities with each mistake, with the settings as evidence', () => {
    expect(failing(result, 'aws-acm-certificate-expiring').sort()).toEqual(
      [
        [idOf('legacy'), ['path:config.inUse', 'path:config.daysToExpiry']],
        [idOf('expired'), ['path:config.inUse', 'path:config.daysToExpiry']],
      ].sort(),
    );
    expect(failing(result, 'aws-acm-certificate-weak-key')).toEqual([[idOf('legacy'), ['path:config.keyAlgorithm']]]);
    expect(failing(result, 'aws-acm-pca-root-ca-enabled')).toEqual([[idOf('root'), ['path:config.type', 'path:config.status']]]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('reads the summaries only: no DescribeCertificate', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['acm:ListCertificates']).toBe(1);
    expect(calls['acm:DescribeCertificate']).toBeUndefined();
    expect(calls['acmpca:ListCertificateAuthorities']).toBe(1);
  });
});

describe('ACM at the local endpoint', () => {
  it('lists only RSA 1024 and 2048 certificates unless other key types are included, as AWS does', async () => {
    const plain = await jsonCall(sim.url, acmModel, 'ListCertificates', {});
    const domains = (plain.body['CertificateSummaryList'] as { DomainName: string }[]).map((c) => c.DomainName).sort();
    expect(domains).toEqual(['expired.example.com', 'legacy.example.com', 'pending.example.com', 'unused.example.com']);
    const all = await jsonCall(sim.url, acmModel, 'ListCertificates', { Includes: { keyTypes: ['RSA_1024', 'RSA_2048', 'RSA_4096', 'EC_prime256v1'] }, MaxItems: 4 });
    expect((all.body['CertificateSummaryList'] as unknown[]).length).toBe(4);
    const rest = await jsonCall(sim.url, acmModel, 'ListCertificates', { Includes: { keyTypes: ['RSA_1024', 'RSA_2048', 'RSA_4096', 'EC_prime256v1'] }, MaxItems: 4, NextToken: all.body['NextToken'] });
    expect((rest.body['CertificateSummaryList'] as unknown[]).length).toBe(2);
    const bad = await jsonCall(sim.url, acmModel, 'ListCertificates', { MaxItems: 1001 });
    expect([bad.status, bad.body['__type']]).toEqual([400, 'ValidationException']);
  });
});
