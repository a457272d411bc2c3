/**
 * Transfer Family at the local endpoint, as the SDK would address it (awsJson 1.1): servers and connectors
 * from the estate, paged and refused as AWS documents, every answer checked against the service model.
 *
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createConnector, createServer, type TransferServer } from '../../src/sim/services/transfer/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';

const ACCOUNT = '111111111111';
const model = loadModel('transfer');
let sim: SimServer;
let ftp: TransferServer;

/** One awsJson call, its answer checked against the model. */
const call = (operation: string, input: Record<string, unknown>) => jsonCall(sim.url, model, operation, input);

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
  createServer(world, ACCOUNT, 'us-east-1', { tags: { team: 'partners' }, loggingRole: `arn:aws:iam::${ACCOUNT}:role/transfer-logging` });
  ftp = createServer(world, ACCOUNT, 'us-east-1', { protocols: ['SFTP', 'FTP'], endpointType: 'VPC' });
  createServer(world, ACCOUNT, 'us-east-1', { structuredLogDestinations: [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/transfer/s3:*`] });
  createConnector(world, ACCOUNT, 'us-east-1', { loggingRole: `arn:aws:iam::${ACCOUNT}:role/transfer-logging` });
  createConnector(world, ACCOUNT, 'us-east-1', { url: 'sftp://bank.example.com' });
  sim = await startSim({ world });
});
afterAll(() => sim.stop());

describe('Transfer Family at the local endpoint', () => {
  it('lists servers page by page (MaxResults 1–1000, NextToken), a forged token refused', async () => {
    const first = await call('ListServers', { MaxResults: 2 });
    expect((first.body['Servers'] as unknown[]).length).toBe(2);
    const second = await call('ListServers', { MaxResults: 2, NextToken: first.body['NextToken'] });
    expect((second.body['Servers'] as { ServerId: string; EndpointType: string }[]).map((s) => [s.ServerId, s.EndpointType])).toEqual([[expect.stringMatching(/^s-/), 'PUBLIC']]);
    expect(second.body['NextToken']).toBeUndefined();
    expect(await call('ListServers', { MaxResults: 1001 })).toMatchObject({ status: 400, body: { __type: 'ValidationException' } });
    expect(await call('ListServers', { NextToken: 'forged' })).toMatchObject({ status: 400, body: { __type: 'InvalidNextTokenException' } });
  });

  it('describes a server with its protocols, endpoint type and logging, and refuses unknown or malformed ids', async () => {
    const s = await call('DescribeServer', { ServerId: ftp.ServerId });
    expect(s.body['Server']).toMatchObject({ ServerId: ftp.ServerId, Protocols: ['SFTP', 'FTP'], EndpointType: 'VPC', Tags: [] });
    expect((s.body['Server'] as Record<string, unknown>)['LoggingRole']).toBeUndefined();
    expect(await call('DescribeServer', { ServerId: 's-00000000000000000' })).toMatchObject({ status: 400, body: { __type: 'ResourceNotFoundException' } });
    expect(await call('DescribeServer', { ServerId: 'nope' })).toMatchObject({ status: 400, body: { __type: 'ValidationException' } });
    expect(await call('DescribeServer', {})).toMatchObject({ status: 400, body: { __type: 'ValidationException' } });
  });

  it('lists and describes connectors with or without a logging role', async () => {
    const list = await call('ListConnectors', {});
    const ids = (list.body['Connectors'] as { ConnectorId: string }[]).map((c) => c.ConnectorId);
    expect(ids).toHaveLength(2);
    expect((await call('DescribeConnector', { ConnectorId: ids[0] })).body['Connector']).toMatchObject({ LoggingRole: `arn:aws:iam::${ACCOUNT}:role/transfer-logging` });
    const bank = (await call('DescribeConnector', { ConnectorId: ids[1] })).body['Connector'] as Record<string, unknown>;
    expect(bank).toMatchObject({ Url: 'sftp://bank.example.com' });
    expect(bank['LoggingRole']).toBeUndefined();
    expect(await call('DescribeConnector', { ConnectorId: 'c-00000000000000000' })).toMatchObject({ status: 400, body: { __type: 'ResourceNotFoundException' } });
  });

  it('refuses a public FTP server as AWS does', () => {
    expect(() => createServer(sim.world, ACCOUNT, 'us-east-1', { protocols: ['FTP'] })).toThrow(/FTP is not supported for PUBLIC/);
  });
});
