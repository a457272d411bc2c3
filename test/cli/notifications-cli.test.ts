/**
 * Notifications as a user configures them: mamori.yaml routes a new CIFS finding and the fix's verification to a
 * signed webhook; `mamori scan` and `mamori fix --apply` send them before exiting; `mamori notifications` lists
 * deliveries, sends a test and retries dead letters; a secret written in the file is refused with its line.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeIngress, createSecurityGroup } from '../../src/sim/services/ec2/model.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createWorld } from '../../src/sim/world.ts';
import { runCliWithKeys } from '../helpers/cli.ts';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const POLICY = 'aws-ec2-sg-open-cifs-445';

let sim: SimServer;
let dir: string;
let hook: Server;
let hookUrl: string;
let groupId: string;
const got: { path: string; headers: IncomingMessage['headers']; body: string }[] = [];
const answers: number[] = [];

beforeAll(async () => {
  const world = createWorld({ regions: [REGION], organization: false, managementAccountId: ACCOUNT });
  const sg = createSecurityGroup(world, ACCOUNT, REGION, { groupName: 'files', description: 'file shares' });
  groupId = sg.groupId;
  authorizeIngress(world, ACCOUNT, REGION, sg.groupId, [
    { IpProtocol: 'tcp', FromPort: 445, ToPort: 445, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
    { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
  ]);
  sim = await startSim({ world });
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body });
      res.statusCode = answers.shift() ?? 204;
      res.end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'mamori-notify-cli-'));
  process.env['MAMORI_TEST_HOOK_SECRET'] = 'cli-hmac-secret';
  writeFileSync(
    join(dir, 'mamori.yaml'),
    [
      'responses:',
      `  ${POLICY}: auto`,
      'notifications:',
      '  channels:',
      '    soc:',
      '      type: webhook',
      `      url: ${hookUrl}/soc`,
      '      secret: { env: MAMORI_TEST_HOOK_SECRET }',
      '      retry: { attempts: 2, backoff: 10ms }',
      '  routes:',
      '    - channels: [soc]',
      '      events: [finding.new, fix.verified, finding.resolved]',
      '      severity: high',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await sim.stop();
  await new Promise<void>((r) => hook.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
  delete process.env['MAMORI_TEST_HOOK_SECRET'];
});

const run = (...args: string[]) => runCliWithKeys(args, { dir });
const aws = () => ['--endpoint-url', sim.url, '--region', REGION];

function events(): { kind: string; policy: string; resource: { id: string } }[] {
  return got.flatMap((g) => (JSON.parse(g.body) as { events: { kind: string; policy: string; resource: { id: string } }[] }).events);
}

describe('notifications from the CLI', () => {
  it('a scan sends the new finding to the webhook, signed, before it exits', async () => {
    const r = await run('scan', '--policy', POLICY, ...aws());
    expect(r.code, r.err).toBe(3);
    expect(r.err).toContain('Notifications: 1 sent');
    expect(events()).toEqual([expect.objectContaining({ kind: 'finding.new', policy: POLICY, resource: expect.objectContaining({ id: groupId }) })]);
    const m = got[0]!;
    const ts = String(m.headers['x-mamori-timestamp']);
    expect(m.headers['x-mamori-signature']).toBe(`v1=${createHmac('sha256', 'cli-hmac-secret').update(`${ts}.${m.body}`).digest('hex')}`);
    // The same finding again is not news.
    const again = await run('scan', '--policy', POLICY, ...aws());
    expect(again.err).not.toContain('Notifications:');
    expect(got).toHaveLength(1);
  });

  it('fix --apply sends the verified fix and the resolved finding (fix.planned is not routed)', async () => {
    got.length = 0;
    const r = await run('fix', '--apply', '--yes', '--policy', POLICY, ...aws());
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('Notifications: 2 sent');
    expect(events().map((e) => `${e.kind} ${e.resource.id}`).sort()).toEqual([`finding.resolved ${groupId}`, `fix.verified ${groupId}`]);
  });

  it('lists deliveries, reports a test message the receiver refused, and retries only dead letters', async () => {
    const listed = JSON.parse((await run('notifications', 'list', '--format', 'json')).out) as { counts: Record<string, number>; deliveries: { id: number; status: string }[] };
    expect(listed.counts).toEqual({ pending: 0, sent: 3, dead: 0 });

    answers.push(410);
    const test = await run('notifications', 'test', 'soc');
    expect(test.code).toBe(1);
    expect(test.err).toContain(`the test message to soc did not arrive: 127.0.0.1:${(hook.address() as AddressInfo).port} answered HTTP 410`);
    const ok = await run('notifications', 'test', 'soc');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toBe('Sent a test message to soc.\n');

    const table = await run('notifications', 'list');
    expect(table.out).toMatch(/ID\s+CHANNEL\s+STATUS/);
    expect(table.out).toContain(`fix.verified ${POLICY} ${groupId}`);

    const bad = await run('notifications', 'retry', '1');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('notification delivery 1 is sent; only a dead letter can be retried');
  });

  it('refuses a secret written in mamori.yaml, naming the file and line', async () => {
    const other = mkdtempSync(join(tmpdir(), 'mamori-notify-bad-'));
    try {
      writeFileSync(join(other, 'mamori.yaml'), ['notifications:', '  channels:', '    chat:', '      type: slack', '      webhookUrl: https://hooks.slack.com/services/T0/B0/XYZ', ''].join('\n'));
      const r = await runCliWithKeys(['notifications', 'list'], { dir: other });
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/mamori\.yaml:5:\d+: .*expected a secret reference, \{ env: VARIABLE \} or \{ file: PATH \}/);
      expect(r.err).not.toContain('XYZ');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
