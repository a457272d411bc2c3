/**
 * CloudFront end to end: the local endpoint serves distributions (global, signed in us-east-1) and their
 * configurations; the SDK reads them; the collector normalizes them, asking S3 whether origin buckets
 * exist; the engine gives findings with evidence. Global: read once per account, in us-east-1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import type { Finding } from '../../src/core/finding.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createDistribution } from '../../src/sim/services/cloudfront/model.ts';
import { createBucket } from '../../src/sim/services/s3/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const CLOUDFRONT = loadBuiltinPolicies().filter((p) => p.resource === 'aws.cloudfront.distribution');
let sim: SimServer;
let result: ScanResult;
let legacyId: string;
let shopId: string;
let partialId: string;

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  createBucket(world, ACCOUNT, { name: 'legacy-static', region: 'eu-west-1' });
  // The old site: everything left at the first wizard's answers.
  legacyId = createDistribution(world, ACCOUNT, {
    origins: [
      { id: 'static', domainName: 'legacy-static.s3.dualstack.eu-west-1.amazonaws.com' },
      { id: 'old-api', domainName: 'old-api.example.com', protocolPolicy: 'match-viewer', sslProtocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] },
    ],
    defaultBehavior: { targetOriginId: 'static', viewerProtocolPolicy: 'allow-all' },
    behaviors: [{ pathPattern: '/api/*', targetOriginId: 'old-api', viewerProtocolPolicy: 'allow-all' }],
    tags: { team: 'web' },
  }).id;
  // The shop: done right, but on dedicated IPs with an older TLS policy, and its assets bucket was deleted.
  shopId = createDistribution(world, ACCOUNT, {
    origins: [
      { id: 'assets', domainName: 'shop-assets-gone.s3.us-east-1.amazonaws.com', originAccessControlId: 'E3OACEXAMPLE12' },
      { id: 'api', domainName: 'api.example.com' },
      { id: 'api-dr', domainName: 'api-dr.example.com' },
    ],
    originGroups: [{ id: 'api-failover', members: ['api', 'api-dr'] }],
    defaultBehavior: { targetOriginId: 'assets' },
    behaviors: [{ pathPattern: '/api/*', targetOriginId: 'api-failover', viewerProtocolPolicy: 'https-only' }],
    aliases: ['shop.example.com'],
    defaultRootObject: 'index.html',
    loggingBucket: 'shop-logs.s3.amazonaws.com',
    webAclId: 'd9f0a8a5-1b4c-4a2a-9d3e-000000000001',
    certificate: { acmCertificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/1`, sslSupportMethod: 'vip', minimumProtocolVersion: 'TLSv1.2_2019' },
  }).id;
  // Compliant, but its listing lacks the certificate's minimum protocol version: the TLS check cannot decide.
  const partial = createDistribution(world, ACCOUNT, {
    origins: [{ id: 'a', domainName: 'a.example.com' }, { id: 'b', domainName: 'b.example.com' }],
    originGroups: [{ id: 'ab', members: ['a', 'b'] }],
    defaultBehavior: { targetOriginId: 'ab' },
    loggingBucket: 'logs.s3.amazonaws.com',
    webAclId: 'd9f0a8a5-1b4c-4a2a-9d3e-000000000002',
    certificate: { acmCertificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/2`, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' },
  });
  delete (partial.config['ViewerCertificate'] as Record<string, unknown>)['MinimumProtocolVersion'];
  partialId = partial.id;
  sim = await startSim({ world });
  result = await runScan({ ...simScanSettings(sim), targets: {}, policies: CLOUDFRONT, globalExclusions: [], keepPassed: true });
});
afterAll(() => sim.stop());

const failing = (policy: string): string[] => result.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => f.resource.id).sort();
const finding = (policy: string, id: string): Finding => result.report.findings.find((f) => f.policy === policy && f.resource.id === id)!;

describe('CloudFront from the global endpoint to the findings', () => {
  it('covers all twelve catalog policies', () => {
    expect(CLOUDFRONT).toHaveLength(12);
  });

  it('reads each distribution once for the account, in us-east-1, with its tags', () => {
    const ds = result.resources.filter((r) => r.type === 'aws.cloudfront.distribution');
    expect(ds.map((r) => r.id).sort()).toEqual([legacyId, shopId, partialId].sort());
    expect(ds.every((r) => r.region === 'us-east-1')).toBe(true);
    expect(ds.find((r) => r.id === legacyId)!.tags).toEqual({ team: 'web' });
    expect(ds.find((r) => r.id === shopId)!.name).toBe('shop.example.com');
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['cloudfront:ListDistributions']).toBe(1);
    expect(calls['cloudfront:GetDistributionConfig']).toBe(3);
  });

  it('fails the legacy distribution on every mistake it carries', () => {
    for (const p of ['default-certificate', 'logging-off', 'no-default-root-object', 'no-origin-failover', 'no-waf', 'origin-deprecated-ssl', 'origin-http', 's3-origin-no-oac', 'viewer-http-allowed']) {
      expect(failing(`aws-cloudfront-${p}`), p).toEqual([legacyId]);
    }
    expect(finding('aws-cloudfront-viewer-http-allowed', legacyId).evidence[0]).toMatchObject({ id: 'path:config.viewerHttpBehaviors', data: { actual: ['*', '/api/*'] } });
    expect(finding('aws-cloudfront-origin-http', legacyId).evidence[0]!.data['actual']).toEqual(['old-api']);
    expect(finding('aws-cloudfront-s3-origin-no-oac', legacyId).evidence[0]!.data['actual']).toEqual(['static']);
    expect(finding('aws-cloudfront-logging-off', legacyId).evidence[0]).toMatchObject({ id: 'path:config.loggingEnabled', data: { actual: false } });
  });

  it('fails the shop on dedicated IPs, its TLS policy and its deleted origin bucket only', () => {
    expect(failing('aws-cloudfront-dedicated-ip-ssl')).toEqual([shopId]);
    expect(failing('aws-cloudfront-viewer-tls-policy-outdated')).toEqual([shopId]);
    expect(finding('aws-cloudfront-viewer-tls-policy-outdated', shopId).evidence.map((e) => e.data['actual'])).toEqual([false, 'TLSv1.2_2019']);
    expect(failing('aws-cloudfront-s3-origin-missing-bucket')).toEqual([shopId]);
    expect(finding('aws-cloudfront-s3-origin-missing-bucket', shopId).evidence[0]!.data['actual']).toEqual(['shop-assets-gone']);
    // The legacy site's bucket exists (in another region: HeadBucket follows the redirect).
    expect(finding('aws-cloudfront-s3-origin-missing-bucket', legacyId).status).toBe('pass');
    const shopFails = result.report.findings.filter((f) => f.resource.id === shopId && f.status === 'fail').map((f) => f.policy).sort();
    expect(shopFails).toEqual(['aws-cloudfront-dedicated-ip-ssl', 'aws-cloudfront-s3-origin-missing-bucket', 'aws-cloudfront-viewer-tls-policy-outdated']);
  });

  it('reports an error, never a pass, where the listing leaves the TLS policy unknown', () => {
    expect(finding('aws-cloudfront-viewer-tls-policy-outdated', partialId).status).toBe('error');
    expect(result.resources.find((r) => r.id === partialId)!.readErrors).toEqual({ minimumProtocolVersion: expect.stringContaining('MinimumProtocolVersion') });
    expect(result.report.findings.filter((f) => f.resource.id === partialId && f.status !== 'pass' && f.status !== 'error')).toEqual([]);
    expect(result.report.summary.coverageGaps.map((g) => [g.resourceType, g.region])).toEqual([['aws.cloudfront.distribution', 'us-east-1']]);
  });
});
