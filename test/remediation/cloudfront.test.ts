/**
 * The CloudFront actions end to end through the local endpoint and the real SDK: scan → `mamori fix` plan → apply →
 * verified, every field no policy flagged unchanged, `mamori undo` of every change → exactly the before-state; the
 * endpoint refuses a stale ETag (PreconditionFailed) and a missing one (InvalidIfMatchVersion) as AWS does.
 */
import { CloudFrontClient, GetDistributionConfigCommand, UpdateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix } from '../../src/app/remediate.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createDistribution, type Distribution } from '../../src/sim/services/cloudfront/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness, undoEach } from './helpers.ts';

const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-cloudfront-dedicated-ip-ssl', 'aws-cloudfront-logging-off', 'aws-cloudfront-no-default-root-object', 'aws-cloudfront-origin-deprecated-ssl', 'aws-cloudfront-viewer-http-allowed', 'aws-cloudfront-viewer-tls-policy-outdated'];
const PARAMS: Record<string, Record<string, unknown>> = { 'aws-cloudfront-logging-off': { bucket: 'kumo-logs.s3.amazonaws.com', prefix: 'cdn/' }, 'aws-cloudfront-no-default-root-object': { object: 'index.html' } };
const policies: Policy[] = loadBuiltinPolicies().map((p) => {
  const params = PARAMS[p.id];
  return params ? { ...p, response: { ...p.response, params } } : p;
});

let h: Harness;
let legacy: Distribution;
let fine: Distribution;
beforeAll(async () => {
  h = await harness({ seed: 'cloudfront-actions', regions: ['us-east-1'], accounts: [{ id: MGMT, name: 'Management' }] }, { policies });
  const w = h.sim.world;
  // Every fixable mistake at once, beside settings no policy flags (aliases, comment, an OAC, a https-only behavior, a TLS 1.2 origin).
  legacy = createDistribution(w, MGMT, {
    origins: [
      { id: 'assets', domainName: 'legacy-assets.s3.us-east-1.amazonaws.com', originAccessControlId: 'E3OACEXAMPLE12' },
      { id: 'api', domainName: 'api.example.com', sslProtocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] },
      { id: 'old', domainName: 'old.example.com', sslProtocols: ['SSLv3'] },
      { id: 'ok', domainName: 'ok.example.com' },
    ],
    defaultBehavior: { targetOriginId: 'assets', viewerProtocolPolicy: 'allow-all' },
    behaviors: [
      { pathPattern: '/api/*', targetOriginId: 'api', viewerProtocolPolicy: 'https-only' },
      { pathPattern: '/old/*', targetOriginId: 'old', viewerProtocolPolicy: 'allow-all' },
    ],
    aliases: ['legacy.example.com'],
    comment: 'legacy site',
    webAclId: 'd9f0a8a5-1b4c-4a2a-9d3e-000000000001',
    certificate: { acmCertificateArn: `arn:aws:acm:us-east-1:${MGMT}:certificate/1`, sslSupportMethod: 'vip', minimumProtocolVersion: 'TLSv1' },
  });
  fine = createDistribution(w, MGMT, {
    origins: [{ id: 'a', domainName: 'a.example.com' }],
    defaultBehavior: { targetOriginId: 'a' },
    loggingBucket: 'kumo-logs.s3.amazonaws.com',
    certificate: { acmCertificateArn: `arn:aws:acm:us-east-1:${MGMT}:certificate/2`, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' },
  });
});
afterAll(() => h.close());

const items = (l: unknown) => (l as { Items: Record<string, unknown>[] }).Items;

describe('CloudFront actions: fix, verify, undo', () => {
  it('fixes exactly the violating fields with one UpdateDistribution each, keeps the rest, and undo restores the before-state', async () => {
    const before = structuredClone(legacy.config);
    const fineBefore = structuredClone(fine.config);
    const scan = await h.scan(IDS);
    const plan = await planFix(h.conn.access, scan, h.select(IDS), h.config, ALL_MODES);
    const mine = { prepared: plan.prepared.filter((p) => p.resource.id === legacy.id), notPlanned: [] };
    expect(mine.prepared.map((p) => `${p.action} ${p.outcome}`).sort()).toEqual([
      'cloudfront-enable-logging ready',
      'cloudfront-origin-tls12 ready',
      'cloudfront-redirect-http-to-https ready',
      'cloudfront-set-default-root-object ready',
      'cloudfront-set-viewer-tls-policy ready',
      'cloudfront-use-sni ready',
    ]);
    expect(plan.prepared.filter((p) => p.resource.id === fine.id)).toEqual([]);
    const sni = mine.prepared.find((p) => p.action === 'cloudfront-use-sni')!;
    const call = sni.plan!.calls[0]!;
    expect(call.operation).toBe('UpdateDistribution');
    expect(call.params['IfMatch']).toBe(legacy.etag);
    // The whole configuration goes back as read, with only SSLSupportMethod changed.
    expect(call.params['DistributionConfig']).toEqual({ ...before, ViewerCertificate: { ...(before['ViewerCertificate'] as object), SSLSupportMethod: 'sni-only' } });
    expect(sni.plan!.keeps).toContain('every other field of the distribution configuration, sent back as read');

    const summary = await applyFix(h.session(), mine);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(6);
    const after = legacy.config;
    expect(after['ViewerCertificate']).toMatchObject({ SSLSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021', ACMCertificateArn: `arn:aws:acm:us-east-1:${MGMT}:certificate/1` });
    expect(after['Logging']).toEqual({ Enabled: true, IncludeCookies: false, Bucket: 'kumo-logs.s3.amazonaws.com', Prefix: 'cdn/' });
    expect(after['DefaultRootObject']).toBe('index.html');
    expect(items(after['Origins']).map((o) => [o['Id'], (o['CustomOriginConfig'] as { OriginSslProtocols?: { Items: string[] } } | undefined)?.OriginSslProtocols?.Items ?? null])).toEqual([
      ['assets', null],
      ['api', ['TLSv1.2']],
      ['old', ['TLSv1.2']],
      ['ok', ['TLSv1.2']],
    ]);
    expect((after['DefaultCacheBehavior'] as Record<string, unknown>)['ViewerProtocolPolicy']).toBe('redirect-to-https');
    expect(items(after['CacheBehaviors']).map((b) => [b['PathPattern'], b['ViewerProtocolPolicy']])).toEqual([
      ['/api/*', 'https-only'],
      ['/old/*', 'redirect-to-https'],
    ]);
    // Untouched: everything no policy flagged.
    for (const k of ['Aliases', 'Comment', 'WebACLId', 'CallerReference', 'PriceClass', 'Restrictions', 'OriginGroups', 'HttpVersion']) expect(after[k], k).toEqual(before[k]);
    expect(items(after['Origins'])[0]).toEqual(items(before['Origins'])[0]);
    expect(fine.config).toEqual(fineBefore);

    await undoEach(h, summary.fixed);
    expect(legacy.config).toEqual(before);
  });

  it('refuses at plan time a policy whose action lacks its parameter, naming it', async () => {
    const bare = loadBuiltinPolicies().filter((p) => p.id === 'aws-cloudfront-no-default-root-object');
    const scan = await h.scan(['aws-cloudfront-no-default-root-object']);
    const plan = await planFix(h.conn.access, scan, bare, h.config, ALL_MODES);
    expect(plan.prepared.map((p) => [p.outcome, p.why])).toEqual([['failed', expect.stringMatching(/needs the parameter object/)]]);
  });

  it('answers a stale ETag with PreconditionFailed and a missing one with InvalidIfMatchVersion, changing nothing', async () => {
    const client = new CloudFrontClient({ endpoint: h.sim.url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
    const read = await client.send(new GetDistributionConfigCommand({ Id: fine.id }));
    const before = structuredClone(fine.config);
    await expect(client.send(new UpdateDistributionCommand({ Id: fine.id, IfMatch: 'ESTALE0000000', DistributionConfig: { ...read.DistributionConfig!, Comment: 'x' } }))).rejects.toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
    await expect(client.send(new UpdateDistributionCommand({ Id: fine.id, DistributionConfig: read.DistributionConfig! }))).rejects.toMatchObject({ name: 'InvalidIfMatchVersion' });
    await expect(client.send(new UpdateDistributionCommand({ Id: fine.id, IfMatch: read.ETag!, DistributionConfig: { ...read.DistributionConfig!, CallerReference: 'other' } }))).rejects.toMatchObject({ name: 'IllegalUpdate' });
    await expect(
      client.send(new UpdateDistributionCommand({ Id: fine.id, IfMatch: read.ETag!, DistributionConfig: { ...read.DistributionConfig!, ViewerCertificate: { ...read.DistributionConfig!.ViewerCertificate!, MinimumProtocolVersion: 'TLSv9' as never } } })),
    ).rejects.toMatchObject({ name: 'InvalidMinimumProtocolVersion' });
    expect(fine.config).toEqual(before);
    // A good update with the current ETag is accepted and gets a new one.
    const ok = await client.send(new UpdateDistributionCommand({ Id: fine.id, IfMatch: read.ETag!, DistributionConfig: read.DistributionConfig! }));
    expect(ok.ETag).not.toBe(read.ETag);
    expect(fine.config).toEqual(before);
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['cloudfront:GetDistributionConfig', 'cloudfront:UpdateDistribution']));
  });
});
