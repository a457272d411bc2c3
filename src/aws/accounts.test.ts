import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../sim/server.ts';
import { addAccount, createWorld } from '../sim/world.ts';
import { resolveTargets } from './accounts.ts';
import { ClientFactory } from './clients.ts';

let sim: SimServer;
const creds = async () => ({ accessKeyId: 'AKIAMAMORITEST', secretAccessKey: 'x' });
const factory = () => new ClientFactory({ endpointUrl: sim.url, homeRegion: 'us-east-1', maxAttempts: 3, concurrencyPerService: 4 });

beforeAll(async () => {
  const world = createWorld({ managementAccountId: '111111111111', managementAccountName: 'Root', regions: ['us-east-1', 'eu-west-1'] });
  world.accounts['111111111111']!.alias = 'root-alias';
  addAccount(world, { id: '222222222222', name: 'Prod', roles: ['Audit'] });
  addAccount(world, { id: '333333333333', name: 'Locked', roles: ['SomethingElse'] });
  addAccount(world, { id: '444444444444', name: 'Gone', status: 'SUSPENDED', roles: ['Audit'] });
  sim = await startSim({ world });
});
afterAll(() => sim.stop());

describe('resolveTargets', () => {
  it('without --org: the caller account, its name, every enabled region', async () => {
    const r = await resolveTargets(factory(), creds, {});
    expect(r.targets.map((t) => [t.id, t.name, t.regions])).toEqual([['111111111111', 'Root', ['eu-west-1', 'us-east-1']]]);
  });

  it('--org: active accounts only; one that cannot be assumed is a coverage gap, the others go on', async () => {
    const r = await resolveTargets(factory(), creds, { org: true, roleName: 'Audit', regions: ['us-east-1'] });
    expect(r.targets.map((t) => t.id)).toEqual(['111111111111', '222222222222']);
    expect(r.gaps).toHaveLength(1);
    expect(r.gaps[0]).toMatchObject({ kind: 'assume-role', account: '333333333333', accountName: 'Locked', code: 'AccessDenied' });
  });

  it('--account limits by id or name and refuses an unknown one', async () => {
    const r = await resolveTargets(factory(), creds, { org: true, roleName: 'Audit', accounts: ['prod'] });
    expect(r.targets.map((t) => t.id)).toEqual(['222222222222']);
    await expect(resolveTargets(factory(), creds, { org: true, roleName: 'Audit', accounts: ['Nope'] })).rejects.toThrow(/--account Nope/);
  });
});
