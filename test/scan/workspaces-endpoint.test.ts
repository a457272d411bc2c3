/**
 * WorkSpaces at the local endpoint, as the SDK would address it (awsJson 1.1): WorkSpaces from the estate
 * with their volume encryption, paged (Limit 1–25) and filtered as AWS documents, their tags through the
 * tagging API, every answer checked against the service model.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createWorkspace, workspaceArn, type Workspace } from '../../src/sim/services/workspaces/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';

const ACCOUNT = '111111111111';
let sim: SimServer;
let plain: Workspace;

/** One awsJson call to WorkSpaces or the tagging API, its answer checked against that service's model. */
const call = (service: 'workspaces' | 'resourcegroupstaggingapi', operation: string, input: Record<string, unknown>) => jsonCall(sim.url, loadModel(service), operation, input);

const ids = (body: Record<string, unknown>) => (body['Workspaces'] as { WorkspaceId: string }[]).map((w) => w.WorkspaceId);

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
  plain = createWorkspace(world, ACCOUNT, 'us-east-1', { userName: 'akira', tags: { team: 'support' } });
  createWorkspace(world, ACCOUNT, 'us-east-1', { userName: 'mei', rootVolumeEncrypted: true, userVolumeEncrypted: true });
  createWorkspace(world, ACCOUNT, 'us-east-1', { userName: 'ken', directoryId: 'd-90670000ff', userVolumeEncrypted: true });
  sim = await startSim({ world });
});
afterAll(() => sim.stop());

describe('WorkSpaces at the local endpoint', () => {
  it('describes WorkSpaces page by page (Limit 1–25, NextToken) with their volume encryption flags', async () => {
    const first = await call('workspaces', 'DescribeWorkspaces', { Limit: 2 });
    expect(ids(first.body)).toHaveLength(2);
    expect((first.body['Workspaces'] as Record<string, unknown>[])[0]).toMatchObject({ WorkspaceId: plain.WorkspaceId, UserName: 'akira', RootVolumeEncryptionEnabled: false, UserVolumeEncryptionEnabled: false });
    expect((first.body['Workspaces'] as Record<string, unknown>[])[0]!['VolumeEncryptionKey']).toBeUndefined();
    const second = await call('workspaces', 'DescribeWorkspaces', { Limit: 2, NextToken: first.body['NextToken'] });
    expect((second.body['Workspaces'] as Record<string, unknown>[]).map((w) => [w['UserName'], w['RootVolumeEncryptionEnabled'], w['UserVolumeEncryptionEnabled']])).toEqual([['ken', false, true]]);
    expect(second.body['NextToken']).toBeUndefined();
    expect(await call('workspaces', 'DescribeWorkspaces', { Limit: 26 })).toMatchObject({ status: 400, body: { __type: 'InvalidParameterValuesException' } });
    expect(await call('workspaces', 'DescribeWorkspaces', { NextToken: 'forged' })).toMatchObject({ status: 400, body: { __type: 'InvalidParameterValuesException' } });
  });

  it('filters by one of WorkspaceIds, DirectoryId (with UserName) or BundleId, never two at once', async () => {
    expect(ids((await call('workspaces', 'DescribeWorkspaces', { WorkspaceIds: [plain.WorkspaceId] })).body)).toEqual([plain.WorkspaceId]);
    expect((await call('workspaces', 'DescribeWorkspaces', { DirectoryId: 'd-90670000ff' })).body['Workspaces']).toMatchObject([{ UserName: 'ken' }]);
    expect((await call('workspaces', 'DescribeWorkspaces', { DirectoryId: 'd-9067a1b2c3', UserName: 'mei' })).body['Workspaces']).toMatchObject([{ UserName: 'mei' }]);
    expect(await call('workspaces', 'DescribeWorkspaces', { DirectoryId: 'd-9067a1b2c3', BundleId: 'wsb-bh8rsxt14' })).toMatchObject({ status: 400, body: { __type: 'InvalidParameterValuesException' } });
    expect(await call('workspaces', 'DescribeWorkspaces', { UserName: 'mei' })).toMatchObject({ status: 400, body: { __type: 'InvalidParameterValuesException' } });
  });

  it('gives the tags of tagged WorkSpaces through the tagging API, one call for the region', async () => {
    const tagged = await call('resourcegroupstaggingapi', 'GetResources', { ResourceTypeFilters: ['workspaces:workspace'] });
    expect(tagged.body['ResourceTagMappingList']).toEqual([{ ResourceARN: workspaceArn('us-east-1', ACCOUNT, plain.WorkspaceId), Tags: [{ Key: 'team', Value: 'support' }] }]);
  });
});
