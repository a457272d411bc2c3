/** `mamori serve` runs the watch loop in the console's process when `events.queueUrl` is configured. */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth.ts';
import { buildEstate } from '../../src/sim/estates/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { listRules } from '../../src/sim/services/ec2/model.ts';
import { openStore } from '../../src/store/index.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'mamori.js');
const MEMBER = '222222222222';
const creds = { accessKeyId: 'AKIAMAMORISERVE', secretAccessKey: 'serve' };

let sim: SimServer;
beforeAll(async () => {
  sim = await startSim({ world: buildEstate({ seed: 'watch-serve', regions: ['us-east-1'], accounts: [{ id: '111111111111', name: 'Management' }, { id: MEMBER, name: 'Member' }] }).world });
});
afterAll(() => sim.stop());

describe('mamori serve with events.queueUrl', () => {
  it('fixes a write in a member account from the console process, and stops cleanly on SIGINT', { timeout: 90_000 }, async () => {
    const client = { region: 'us-east-1', endpoint: sim.url, credentials: creds };
    const sqs = new SQSClient(client);
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'serve-events' }))).QueueUrl!;
    const role = await new STSClient(client).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER}:role/OrganizationAccountAccessRole`, RoleSessionName: 'dave' }));
    const ec2 = new EC2Client({ ...client, credentials: { accessKeyId: role.Credentials!.AccessKeyId!, secretAccessKey: role.Credentials!.SecretAccessKey!, sessionToken: role.Credentials!.SessionToken! } });
    const groupId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'shares', Description: 'shares' }))).GroupId!;
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [445, 22].map((p) => ({ IpProtocol: 'tcp', FromPort: p, ToPort: p, IpRanges: [{ CidrIp: p === 22 ? '10.0.0.0/8' : '0.0.0.0/0' }] })) }));

    const dir = mkdtempSync(join(tmpdir(), 'mamori-serve-watch-'));
    const store = await openStore({ dataDir: join(dir, 'data'), env: {} });
    await store.createUser({ username: 'admin', passwordHash: await hashPassword('a long enough password'), role: 'admin', mustChangePassword: false });
    await store.close();
    writeFileSync(join(dir, 'mamori.yaml'), `aws:\n  endpointUrl: ${sim.url}\n  org: true\n  regions: [us-east-1]\nevents:\n  queueUrl: ${queueUrl}\n  coalesceMs: 100\nresponses:\n  aws-ec2-sg-open-cifs-445: auto\n`);
    const env = { ...process.env, AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, AWS_PROFILE: '', MAMORI_DATA_DIR: join(dir, 'data') };
    const child = spawn(process.execPath, [BIN, 'serve', '--no-build', '--port', '0'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const waitFor = (re: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${re} in 30 s: ${err}`)), 30_000);
        const check = () => {
          if (!re.test(err)) return;
          clearTimeout(timer);
          resolve();
        };
        child.stderr.on('data', check);
        check();
        child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
      });
    try {
      await waitFor(/watch: .*serve-events/);
      const now = new Date().toISOString();
      const detail = { eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress', eventTime: now, eventID: randomUUID(), awsRegion: 'us-east-1', recipientAccountId: MEMBER, requestParameters: { groupId } };
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ version: '0', id: randomUUID(), 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.ec2', account: MEMBER, time: now, region: 'us-east-1', detail }) }));
      await waitFor(new RegExp(`${groupId} \\(AuthorizeSecurityGroupIngress\\): failing [^;]*aws-ec2-sg-open-cifs-445[^;]*; fixed 1 \\(verified\\)`));
      expect(listRules(sim.world, MEMBER, 'us-east-1', groupId).filter((r) => !r.isEgress).map((r) => `${r.fromPort} ${r.cidrIpv4}`)).toEqual(['22 10.0.0.0/8']);
    } finally {
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      sqs.destroy();
      ec2.destroy();
    }
  });
});
