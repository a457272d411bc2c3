/**
 * Transfer Family end to end: the local endpoint serves servers and connectors from the estate; the SDK
 * reads them; the collectors normalize them; the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createConnector, createServer, type TransferConnector, type TransferServer } from '../../src/sim/services/transfer/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-transfer-server-ftp', 'aws-transfer-connector-logging-off'];
let sim: SimServer;
let result: ScanResult;
let ftp: TransferServer;
let sftp: TransferServer;
let bank: TransferConnector;
let partner: TransferConnector;

const scan = (s: SimServer) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => POLICIES.includes(p.id)), globalExclusions: [], keepPassed: true });
const outcomes = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy).map((f) => [f.resource.id, f.status, f.evidence.map((e) => e.id)]).sort();

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
  sftp = createServer(world, ACCOUNT, 'us-east-1', { tags: { team: 'partners' } });
  ftp = createServer(world, ACCOUNT, 'us-east-1', { protocols: ['SFTP', 'FTP'], endpointType: 'VPC' });
  partner = createConnector(world, ACCOUNT, 'us-east-1', { loggingRole: `arn:aws:iam::${ACCOUNT}:role/transfer-logging`, tags: { partner: 'acme' } });
  bank = createConnector(world, ACCOUNT, 'us-east-1', { url: 'sftp://bank.example.com' });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('Transfer Family from the endpoint to the findings', () => {
  it('reads servers and connectors completely, with their tags from the descriptions', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const servers = result.resources.filter((r) => r.type === 'aws.transfer.server');
    expect(servers.map((r) => r.id).sort()).toEqual([ftp.ServerId, sftp.ServerId].sort());
    expect(servers.find((r) => r.id === sftp.ServerId)!.tags).toEqual({ team: 'partners' });
    expect(servers.find((r) => r.id === ftp.ServerId)!.config).toMatchObject({ protocols: ['SFTP', 'FTP'], endpointType: 'VPC', loggingRole: null });
    const connectors = result.resources.filter((r) => r.type === 'aws.transfer.connector');
    expect(connectors.find((r) => r.id === partner.ConnectorId)!).toMatchObject({ tags: { partner: 'acme' }, config: { kind: 'SFTP', loggingRole: `arn:aws:iam::${ACCOUNT}:role/transfer-logging` } });
  });

  it('fails the FTP server and the connector without a logging role, with the setting as evidence', () => {
    expect(outcomes(result, 'aws-transfer-server-ftp')).toEqual(
      [
        [ftp.ServerId, 'fail', ['path:config.protocols']],
        [sftp.ServerId, 'pass', []],
      ].sort(),
    );
    expect(outcomes(result, 'aws-transfer-connector-logging-off')).toEqual(
      [
        [bank.ConnectorId, 'fail', ['path:config.loggingRole']],
        [partner.ConnectorId, 'pass', []],
      ].sort(),
    );
  });

  it('reads one listing per type and one description per resource', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect([calls['transfer:ListServers'], calls['transfer:DescribeServer'], calls['transfer:ListConnectors'], calls['transfer:DescribeConnector']]).toEqual([1, 2, 1, 2]);
  });

  it('turns a description it may not read into an error, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createServer(world, ACCOUNT, 'us-east-1', {});
    createConnector(world, ACCOUNT, 'us-east-1', { loggingRole: `arn:aws:iam::${ACCOUNT}:role/l` });
    world.accounts[ACCOUNT]!.deny = ['transfer:Describe*'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.map((f) => [f.policy, f.status]).sort()).toEqual([
        ['aws-transfer-connector-logging-off', 'error'],
        ['aws-transfer-server-ftp', 'error'],
      ]);
    } finally {
      await denied.stop();
    }
  });
});
