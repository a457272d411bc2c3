/**
 * MSK Connect end to end: the local endpoint serves connectors (REST-JSON, every answer checked against the
 * model); the SDK reads them with ListConnectors alone and their tags in bulk; the collector normalizes
 * them; the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { checkError, checkResponse } from '../../src/sim/models/check.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createConnector } from '../../src/sim/services/kafkaconnect/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-msk-connect-plaintext', 'aws-msk-connector-logging-off'];
const model = loadModel('kafkaconnect');
let sim: SimServer;
let result: ScanResult;

const scan = (s: SimServer) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => POLICIES.includes(p.id)), globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]);

/** One REST-JSON ListConnectors call as the SDK sends it, its answer checked against the model. */
async function list(query: string, region = 'us-east-1'): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sim.url}/v1/connectors${query}`, { headers: { authorization: `AWS4-HMAC-SHA256 Credential=AKIAMAMORIEXAMPLE1/20260101/${region}/kafkaconnect/aws4_request, SignedHeaders=host, Signature=0` } });
  const text = await res.text();
  const wire = { status: res.status, headers: Object.fromEntries(res.headers), body: text };
  expect(res.status < 300 ? checkResponse(model, 'ListConnectors', wire) : checkError(model, wire)).toEqual([]);
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // Created without the encryption block nor log delivery: both defaults are the mistakes.
  createConnector(world, ACCOUNT, 'us-east-1', { name: 'legacy-sink', tags: { team: 'data' } });
  createConnector(world, ACCOUNT, 'us-east-1', { name: 's3-sink', encryption: 'PLAINTEXT', logs: ['s3'] });
  createConnector(world, ACCOUNT, 'us-east-1', { name: 'cdc-source', encryption: 'TLS', logs: ['cloudwatch', 'firehose'] });
  createConnector(world, ACCOUNT, 'eu-west-1', { name: 'quiet', encryption: 'TLS' });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('MSK Connect connectors from the endpoint to the findings', () => {
  it('reads every connector completely, with its tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const connectors = result.resources.filter((r) => r.type === 'aws.msk.connector');
    expect(connectors.map((r) => r.id).sort()).toEqual(['cdc-source', 'legacy-sink', 'quiet', 's3-sink']);
    const legacy = connectors.find((r) => r.id === 'legacy-sink')!;
    expect(legacy.arn).toMatch(new RegExp(`^arn:aws:kafkaconnect:us-east-1:${ACCOUNT}:connector/legacy-sink/[0-9a-f-]+$`));
    expect(legacy.tags).toEqual({ team: 'data' });
    expect(legacy.config).toEqual({ connectorName: 'legacy-sink', connectorState: 'RUNNING', kafkaConnectVersion: '2.7.1', encryptionInTransit: 'PLAINTEXT', authentication: 'NONE', logDestinations: [] });
    expect(connectors.find((r) => r.id === 'cdc-source')!.config).toMatchObject({ encryptionInTransit: 'TLS', authentication: 'IAM', logDestinations: ['cloudwatch', 'firehose'] });
  });

  it('fails exactly the connectors with each mistake, with the setting as evidence', () => {
    expect(failing(result, 'aws-msk-connect-plaintext').sort()).toEqual([
      ['legacy-sink', ['path:config.encryptionInTransit']],
      ['s3-sink', ['path:config.encryptionInTransit']],
    ]);
    expect(failing(result, 'aws-msk-connector-logging-off').sort()).toEqual([
      ['legacy-sink', ['path:config.logDestinations']],
      ['quiet', ['path:config.logDestinations']],
    ]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('reads one listing per region and nothing per connector (ListConnectors carries both settings)', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(Object.entries(calls).filter(([k]) => k.startsWith('kafkaconnect:'))).toEqual([['kafkaconnect:ListConnectors', 2]]);
  });

  it('turns a listing it may not read into a coverage gap, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createConnector(world, ACCOUNT, 'us-east-1', { name: 'hidden', encryption: 'TLS', logs: ['s3'] });
    world.accounts[ACCOUNT]!.deny = ['kafkaconnect:ListConnectors'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.filter((f) => f.status === 'pass')).toEqual([]);
      expect(r.report.summary.coverageGaps.map((g) => g.resourceType)).toContain('aws.msk.connector');
    } finally {
      await denied.stop();
    }
  });

  it('pages ListConnectors within 1 to 100, filters by name prefix, and refuses bad limits and forged tokens', async () => {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await list(`?maxResults=1${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`);
      const got = page.body['connectors'] as { connectorName: string }[];
      expect(got.length).toBeLessThanOrEqual(1);
      names.push(...got.map((c) => c.connectorName));
      token = page.body['nextToken'] as string | undefined;
    } while (token);
    expect(names.sort()).toEqual(['cdc-source', 'legacy-sink', 's3-sink']);
    expect(((await list('?connectorNamePrefix=s3')).body['connectors'] as { connectorName: string }[]).map((c) => c.connectorName)).toEqual(['s3-sink']);
    expect((await list('?maxResults=0')).status).toBe(400);
    expect((await list('?maxResults=101')).status).toBe(400);
    expect((await list('?nextToken=forged')).status).toBe(400);
  });
});
