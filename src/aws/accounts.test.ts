import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../sim/server.ts';
import { addAccount, createWorld } from '../sim/world.ts';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { assumeRoleCredentials, resolveTargets } from './accounts.ts';
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

  it('without --org from the management account: says how many active accounts its organization has', async () => {
    const r = await resolveTargets(factory(), creds, {});
    // Four accounts, one suspended.
    expect(r.organization).toEqual({ activeAccounts: 3 });
    expect((await resolveTargets(factory(), creds, { org: true, roleName: 'Audit' })).organization).toBeUndefined();
  });

  it('without --org from a member account: no organization hint (a member cannot list the accounts)', async () => {
    const f = factory();
    const member = assumeRoleCredentials(f, { id: '111111111111', credentials: creds }, 'arn:aws:iam::222222222222:role/Audit');
    const r = await resolveTargets(f, member, {});
    expect(r.targets.map((t) => t.id)).toEqual(['222222222222']);
    expect(r.organization).toBeUndefined();
  });

  it('an endpoint where nothing listens fails after three attempts, naming it', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    const f = new ClientFactory({ endpointUrl: `http://127.0.0.1:${closed}`, homeRegion: 'us-east-1', maxAttempts: 10, concurrencyPerService: 4 });
    const err = await resolveTargets(f, creds, {}).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toBe(`cannot reach AWS at http://127.0.0.1:${closed}: ECONNREFUSED, connection refused (nothing listens there) (tried 3 times); check --endpoint-url / AWS_ENDPOINT_URL`);
    expect(f.counter.retryStrategy.retries).toBe(2);
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

  it('https to a plain-http endpoint is a TLS error, named at once and not retried', async () => {
    const http = createHttpServer((_req, res) => res.end('plain')).listen(0, '127.0.0.1');
    await new Promise((r) => http.once('listening', r));
    const port = (http.address() as { port: number }).port;
    try {
      const f = new ClientFactory({ endpointUrl: `https://127.0.0.1:${port}`, homeRegion: 'us-east-1', maxAttempts: 10, concurrencyPerService: 4 });
      const err = await resolveTargets(f, creds, {}).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err?.message).toMatch(new RegExp(`^cannot reach AWS at https://127\\.0\\.0\\.1:${port}: TLS error EPROTO, wrong version number; check --endpoint-url / AWS_ENDPOINT_URL$`));
      expect(f.counter.retryStrategy.retries).toBe(0);
    } finally {
      http.close();
    }
  });
});
