/**
 * The CloudFront answers of the local endpoint, successes and errors, checked against the AWS model of
 * their operations: a real SDK client reads the demo estate through a pass-through proxy that records
 * every response (as test/scan/eks-ecr-lambda-shapes.test.ts does for EKS, ECR and Lambda).
 */
import { CloudFrontClient, GetDistributionConfigCommand, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEstate, demoEstate } from '../../src/sim/estates/index.ts';
import { PRODUCTION } from '../../src/sim/estates/demo.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { clientConfig } from '../../src/sim/testing.ts';
import { startRecordingProxy, type RecordingProxy } from '../helpers/recording-proxy.ts';

let sim: SimServer;
let proxy: RecordingProxy;
let proxyUrl = '';
let exchanges: RecordingProxy['exchanges'] = [];

beforeAll(async () => {
  sim = await startSim({ world: buildEstate(demoEstate).world });
  proxy = await startRecordingProxy(sim.url);
  proxyUrl = proxy.url;
  exchanges = proxy.exchanges;
});

afterAll(async () => {
  await proxy.stop();
  await sim.stop();
});

describe('CloudFront answers with the shapes of the AWS model', () => {
  it('for the demo estate, page by page, and for its documented errors', async () => {
    const r = await new STSClient(clientConfig({ url: sim.url })).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PRODUCTION}:role/MamoriAudit`, RoleSessionName: 'shapes' }));
    const credentials = { accessKeyId: r.Credentials!.AccessKeyId!, secretAccessKey: r.Credentials!.SecretAccessKey!, sessionToken: r.Credentials!.SessionToken! };
    // CloudFront signs in us-east-1 whatever the caller's region.
    const cf = new CloudFrontClient(clientConfig({ url: proxyUrl }, { region: 'us-east-1', credentials, maxAttempts: 1 }));
    const ids: string[] = [];
    let marker: string | undefined;
    do {
      const page = (await cf.send(new ListDistributionsCommand({ MaxItems: 1, ...(marker ? { Marker: marker } : {}) }))).DistributionList!;
      expect(page.Quantity).toBe(page.Items?.length ?? 0);
      ids.push(...(page.Items ?? []).map((d) => d.Id!));
      marker = page.IsTruncated ? page.NextMarker : undefined;
    } while (marker);
    expect(ids).toHaveLength(2);
    for (const id of ids) {
      const c = await cf.send(new GetDistributionConfigCommand({ Id: id }));
      expect(c.ETag).toMatch(/^E[0-9A-F]+$/);
      expect(c.DistributionConfig?.Origins?.Quantity).toBeGreaterThan(0);
    }
    await expect(cf.send(new GetDistributionConfigCommand({ Id: 'EMISSING' }))).rejects.toMatchObject({ name: 'NoSuchDistribution', $metadata: { httpStatusCode: 404 } });
    await expect(cf.send(new ListDistributionsCommand({ MaxItems: 1001 }))).rejects.toMatchObject({ name: 'InvalidArgument', $metadata: { httpStatusCode: 400 } });

    expect(exchanges.map((e) => e.problems).flat()).toEqual([]);
    const ok = new Set(exchanges.filter((e) => e.status < 300).map((e) => e.key));
    const failed = new Set(exchanges.filter((e) => e.status >= 300).map((e) => e.key));
    for (const k of ['cloudfront:ListDistributions', 'cloudfront:GetDistributionConfig']) {
      expect(ok, `no successful ${k} was checked`).toContain(k);
      expect(failed, `no failing ${k} was checked`).toContain(k);
    }
  });
});
