import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { IAMClient, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../server.ts';
import { clientConfig } from '../testing.ts';
import { addAccount, createWorld } from '../world.ts';

let sim: SimServer;
beforeAll(async () => {
  const world = createWorld({ managementAccountId: '111111111111' });
  addAccount(world, { id: '222222222222', name: 'Production', alias: 'acme-prod', roles: ['MamoriAudit'] });
  addAccount(world, { id: '333333333333', name: 'Locked', roles: ['MamoriAudit'], externalId: 'secret-ext' });
  sim = await startSim({ world });
});
afterAll(() => sim.stop());

describe('sts: identity and AssumeRole', () => {
  it('treats keys it did not issue as the management account', async () => {
    const sts = new STSClient(clientConfig(sim));
    const id = await sts.send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe('111111111111');
    expect(id.Arn).toContain('111111111111');
  });

  it('issues credentials that act as the target account', async () => {
    const sts = new STSClient(clientConfig(sim));
    const r = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/MamoriAudit', RoleSessionName: 'mamori' }));
    expect(r.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(r.Credentials?.Expiration).toBeInstanceOf(Date);
    expect(r.AssumedRoleUser?.Arn).toBe('arn:aws:sts::222222222222:assumed-role/MamoriAudit/mamori');
    const creds = { accessKeyId: r.Credentials!.AccessKeyId!, secretAccessKey: r.Credentials!.SecretAccessKey!, sessionToken: r.Credentials!.SessionToken! };
    const assumed = new STSClient(clientConfig(sim, { credentials: creds }));
    expect((await assumed.send(new GetCallerIdentityCommand({}))).Account).toBe('222222222222');
    const iam = new IAMClient(clientConfig(sim, { credentials: creds }));
    expect((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual(['acme-prod']);
  });

  it('refuses a role that does not exist, and a wrong external id, with AccessDenied', async () => {
    const sts = new STSClient(clientConfig(sim));
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/Nope', RoleSessionName: 'mamori' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::333333333333:role/MamoriAudit', RoleSessionName: 'm1', ExternalId: 'wrong' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    const ok = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::333333333333:role/MamoriAudit', RoleSessionName: 'm1', ExternalId: 'secret-ext' }));
    expect(ok.Credentials).toBeDefined();
  });

  it('returns an empty alias list for an account without alias', async () => {
    const iam = new IAMClient(clientConfig(sim));
    expect((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual([]);
  });
});
