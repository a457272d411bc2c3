/** `mamori watch` as a user runs it: a child process in the foreground, stopped by SIGINT; bad usage is exit 2. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEstate } from '../../src/sim/estates/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { listRules } from '../../src/sim/services/ec2/model.ts';
import { runCli } from '../helpers/cli.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'mamori.js');
const MGMT = '111111111111';
const MEMBER = '222222222222';
const creds = { accessKeyId: 'AKIAMAMORIWATCH', secretAccessKey: 'watch' };

let sim: SimServer;
beforeAll(async () => {
  sim = await startSim({ world: buildEstate({ seed: 'watch-cli', regions: ['us-east-1'], accounts: [{ id: MGMT, name: 'Management' }, { id: MEMBER, name: 'Member' }] }).world });
});
afterAll(() => sim.stop());

describe('mamori watch: bad usage', () => {
  it('refuses to start without a queue, naming where to give one', async () => {
    const r = await runCli(['watch', '--endpoint-url', sim.url]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--queue-url.*MAMORI_QUEUE_URL.*events\.queueUrl/);
  });

  it('refuses a queue URL that is not one, and a bad --coalesce-ms', async () => {
    expect((await runCli(['watch', '--queue-url', 'my-queue'])).err).toMatch(/expects an SQS queue URL/);
    const r = await runCli(['watch', '--queue-url', 'https://sqs.us-east-1.amazonaws.com/111111111111/q', '--coalesce-ms', 'soon']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--coalesce-ms expects a whole number/);
  });
});

describe('mamori watch: in the foreground', () => {
  it('fixes a write in a member account, prints the result as JSON, and stops with exit 0 on SIGINT', async () => {
    const client = { region: 'us-east-1', endpoint: sim.url, credentials: creds };
    const sqs = new SQSClient(client);
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'events' }))).QueueUrl!;
    const role = await new STSClient(client).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER}:role/OrganizationAccountAccessRole`, RoleSessionName: 'bob' }));
    const ec2 = new EC2Client({ ...client, credentials: { accessKeyId: role.Credentials!.AccessKeyId!, secretAccessKey: role.Credentials!.SecretAccessKey!, sessionToken: role.Credentials!.SessionToken! } });
    const groupId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'files', Description: 'files' }))).GroupId!;
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [445, 80].map((p) => ({ IpProtocol: 'tcp', FromPort: p, ToPort: p, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })) }));

    const dir = mkdtempSync(join(tmpdir(), 'mamori-watch-'));
    writeFileSync(join(dir, 'mamori.yaml'), `events:\n  queueUrl: ${queueUrl}\n  coalesceMs: 100\nresponses:\n  aws-ec2-sg-open-cifs-445: auto\n`);
    const env = { ...process.env, AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, AWS_PROFILE: '', MAMORI_DATA_DIR: join(dir, 'data'), MAMORI_ACTOR: 'carol' };
    const child = spawn(process.execPath, [BIN, 'watch', '--endpoint-url', sim.url, '--org', '--region', 'us-east-1', '--policy', 'aws-ec2-sg-open-cifs-445', '--format', 'json'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const line = new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        child.on('exit', (code) => reject(new Error(`watch exited ${code}: ${err}`)));
      });
      const now = new Date().toISOString();
      const detail = { eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress', eventTime: now, eventID: randomUUID(), awsRegion: 'us-east-1', recipientAccountId: MEMBER, requestParameters: { groupId } };
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ version: '0', id: randomUUID(), 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.ec2', account: MEMBER, time: now, region: 'us-east-1', detail }) }));
      const result = JSON.parse(await line) as { outcome: string; fixed: number; id: string; totalMs: number };
      expect(result).toMatchObject({ outcome: 'fixed', fixed: 1, id: groupId });
      expect(listRules(sim.world, MEMBER, 'us-east-1', groupId).filter((r) => !r.isEgress).map((r) => r.fromPort)).toEqual([80]);
      expect(err).toMatch(new RegExp(`${MEMBER} us-east-1 aws.ec2.security-group ${groupId} \\(AuthorizeSecurityGroupIngress\\): failing aws-ec2-sg-open-cifs-445; fixed 1 \\(verified\\)`));
    } finally {
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      sqs.destroy();
      ec2.destroy();
    }
  });
});
