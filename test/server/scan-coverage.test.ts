import { afterEach, describe, expect, it } from 'vitest';
import { signIn, startTestConsole, USERS, type TestConsole } from './helpers.ts';

let t: TestConsole | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function scanOnce(targets: { org?: boolean; roleName?: string }) {
  t = await startTestConsole({ listen: false });
  const aws = t.console.ctx.opts.aws;
  aws.targets = targets;
  const operator = await signIn(t, USERS.operator);
  const job = await operator.call('POST', '/api/scans', { policies: ['aws-ec2-sg-open-cifs-445'] });
  expect(job.status).toBe(202);
  await t.console.scans.wait(job.body.id);
  return (await operator.call('GET', `/api/scans/${job.body.id}`)).body;
}

describe('a console scan says what it covered', () => {
  it('an organization scan: every account and region, no hint', async () => {
    const job = await scanOnce({ org: true, roleName: 'MamoriAudit' });
    expect(job.state).toBe('succeeded');
    expect(job.coverage.covered).toMatch(/^Covered 5 accounts × 3 regions: 111111111111 Management, 222222222222 Production/);
    expect(job.coverage.hint).toBeUndefined();
  });

  it('the management account alone: says the members were not scanned and how to start the server to scan them', async () => {
    const job = await scanOnce({});
    expect(job.state).toBe('succeeded');
    expect(job.coverage.covered).toBe('Covered 1 account × 3 regions: 111111111111 Management; ap-northeast-1, eu-west-1, us-east-1');
    expect(job.coverage.hint).toContain('the other 4 accounts were not. To scan them: start mamori serve with --org --role-name ROLE');
  });
});
