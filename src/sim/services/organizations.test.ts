import { DescribeAccountCommand, DescribeOrganizationCommand, ListAccountsCommand, OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../server.ts';
import { clientConfig } from '../testing.ts';
import { addAccount, createWorld } from '../world.ts';

let sim: SimServer;
beforeAll(async () => {
  const world = createWorld({ managementAccountId: '111111111111' });
  for (let i = 0; i < 45; i++) addAccount(world, { id: String(200000000000 + i), name: `Account ${i}` });
  world.accounts['200000000003']!.status = 'SUSPENDED';
  sim = await startSim({ world });
});
afterAll(() => sim.stop());

describe('organizations: accounts of the estate', () => {
  it('describes the organization', async () => {
    const org = new OrganizationsClient(clientConfig(sim));
    const r = await org.send(new DescribeOrganizationCommand({}));
    expect(r.Organization?.MasterAccountId).toBe('111111111111');
    expect(r.Organization?.Id).toMatch(/^o-[a-z0-9]{10}$/);
  });

  it('pages ListAccounts with MaxResults and NextToken to the end', async () => {
    const org = new OrganizationsClient(clientConfig(sim));
    const first = await org.send(new ListAccountsCommand({ MaxResults: 10 }));
    expect(first.Accounts).toHaveLength(10);
    expect(first.NextToken).toBeDefined();
    const all = [];
    for await (const page of paginateListAccounts({ client: org, pageSize: 7 }, {})) all.push(...(page.Accounts ?? []));
    expect(all).toHaveLength(46);
    expect(new Set(all.map((a) => a.Id)).size).toBe(46);
    expect(all.find((a) => a.Id === '200000000003')?.Status).toBe('SUSPENDED');
    expect(all[0]?.JoinedTimestamp).toBeInstanceOf(Date);
  });

  it('refuses MaxResults above 20 and a forged token', async () => {
    const org = new OrganizationsClient(clientConfig(sim));
    await expect(org.send(new ListAccountsCommand({ MaxResults: 21 }))).rejects.toMatchObject({ name: 'InvalidInputException' });
    await expect(org.send(new ListAccountsCommand({ NextToken: 'garbage!' }))).rejects.toMatchObject({ name: 'InvalidInputException' });
  });

  it('describes one account and reports a missing one', async () => {
    const org = new OrganizationsClient(clientConfig(sim));
    expect((await org.send(new DescribeAccountCommand({ AccountId: '200000000001' }))).Account?.Name).toBe('Account 1');
    await expect(org.send(new DescribeAccountCommand({ AccountId: '999999999999' }))).rejects.toMatchObject({ name: 'AccountNotFoundException' });
  });

  it('lets only the management account list accounts', async () => {
    const sts = new STSClient(clientConfig(sim));
    const r = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::200000000001:role/OrganizationAccountAccessRole', RoleSessionName: 'x1' }));
    const member = new OrganizationsClient(clientConfig(sim, { credentials: { accessKeyId: r.Credentials!.AccessKeyId!, secretAccessKey: r.Credentials!.SecretAccessKey!, sessionToken: r.Credentials!.SessionToken! } }));
    await expect(member.send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});
