/**
 * Route 53 on the local endpoint, read over the wire as the SDK addresses it, every answer checked
 * against the AWS model: hosted zones page by page, query logging configurations for the account or one zone, and the documented errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkError, checkResponse } from '../../models/check.ts';
import { loadModel } from '../../models/index.ts';
import { startSim, type SimServer } from '../../server.ts';
import { createWorld } from '../../world.ts';
import { createHostedZone } from './model.ts';

const ACCOUNT = '111111111111';
const model = loadModel('route53');
let sim: SimServer;
let logged: string;

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
  logged = createHostedZone(world, ACCOUNT, { name: 'kumo-retail.example', queryLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/route53/kumo-retail.example` }).id;
  createHostedZone(world, ACCOUNT, { name: 'campaign.example', tags: { Team: 'marketing' } });
  createHostedZone(world, ACCOUNT, { name: 'internal.kumo', privateZone: true });
  sim = await startSim({ world });
});
afterAll(() => sim.stop());

async function get(path: string, operation: string): Promise<{ status: number; body: string; problems: string[] }> {
  const res = await fetch(`${sim.url}${path}`, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIAMAMORITEST/20261206/us-east-1/route53/aws4_request, SignedHeaders=host, Signature=0' } });
  const body = await res.text();
  const wire = { status: res.status, headers: Object.fromEntries(res.headers), body };
  return { status: res.status, body, problems: res.status < 300 ? checkResponse(model, operation, wire) : checkError(model, wire) };
}

describe('Route 53 on the local endpoint', () => {
  it('lists hosted zones page by page, public and private, with the model\'s shapes', async () => {
    const first = await get('/2013-04-01/hostedzone?maxitems=2', 'ListHostedZones');
    expect(first.problems).toEqual([]);
    expect(first.body).toContain('<IsTruncated>true</IsTruncated>');
    const next = /<NextMarker>([^<]+)<\/NextMarker>/.exec(first.body)![1]!;
    const second = await get(`/2013-04-01/hostedzone?maxitems=2&marker=${next}`, 'ListHostedZones');
    expect(second.problems).toEqual([]);
    expect(second.body).toContain('<IsTruncated>false</IsTruncated>');
    expect(second.body).toContain('<PrivateZone>true</PrivateZone>');
    expect([...`${first.body}${second.body}`.matchAll(/<Name>([^<]+)<\/Name>/g)].map((m) => m[1])).toEqual(['kumo-retail.example.', 'campaign.example.', 'internal.kumo.']);
  });

  it('lists the query logging configurations of the account in one call, or of one zone', async () => {
    const all = await get('/2013-04-01/queryloggingconfig', 'ListQueryLoggingConfigs');
    expect(all.problems).toEqual([]);
    expect([...all.body.matchAll(/<HostedZoneId>([^<]+)<\/HostedZoneId>/g)].map((m) => m[1])).toEqual([logged]);
    const one = await get(`/2013-04-01/queryloggingconfig?hostedzoneid=${logged}`, 'ListQueryLoggingConfigs');
    expect(one.body).toContain('/aws/route53/kumo-retail.example');
  });

  it('answers an unknown zone and a forged marker with Route 53\'s errors', async () => {
    const missing = await get('/2013-04-01/queryloggingconfig?hostedzoneid=ZNOTTHERE', 'ListQueryLoggingConfigs');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('<Code>NoSuchHostedZone</Code>');
    expect(missing.problems).toEqual([]);
    const forged = await get('/2013-04-01/queryloggingconfig?nexttoken=forged', 'ListQueryLoggingConfigs');
    expect(forged.status).toBe(400);
    expect(forged.body).toContain('<Code>InvalidPaginationToken</Code>');
  });
});
