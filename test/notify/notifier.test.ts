import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationsSchema, type NotificationsConfig } from '../../src/notify/config.ts';
import { Notifier, routeEvents } from '../../src/notify/notifier.ts';
import type { NotificationEvent } from '../../src/store/notifications.ts';
import { finding, scan } from '../store/helpers/fixtures.ts';
import { useStore } from '../store/helpers/store.ts';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * An HTTP receiver on 127.0.0.1 that answers a path with the next status scripted for it (then 200): per path, so
 * that deliveries sent side by side get their own answers whatever order they arrive in.
 */
async function receiver(): Promise<{ url: string; got: Received[]; script: Record<string, number[]>; close(): Promise<void> }> {
  const got: Received[] = [];
  const script: Record<string, number[]> = {};
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body });
      res.statusCode = script[req.url ?? '']?.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, got, script, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function event(o: Partial<NotificationEvent> = {}): NotificationEvent {
  return {
    id: 1,
    kind: 'finding.new',
    at: new Date().toISOString(),
    policy: 'aws-ec2-sg-open-cifs',
    title: 'Security group allows CIFS from the internet',
    severity: 'high',
    account: '111111111111',
    accountName: 'Prod',
    region: 'eu-west-1',
    resource: { arn: 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-1', type: 'aws.ec2.security-group', id: 'sg-1' },
    ...o,
  };
}

function config(raw: unknown): NotificationsConfig {
  return notificationsSchema.parse(raw);
}

describe('routing events to channels', () => {
  const cfg = config({
    channels: { a: { type: 'webhook', url: 'http://127.0.0.1:1/' }, b: { type: 'webhook', url: 'http://127.0.0.1:2/' } },
    routes: [
      { channels: ['a'], events: ['finding.new', 'finding.reopened'], severity: 'high', policies: ['aws-ec2-*'], accounts: ['Prod*', '222222222222'] },
      { channels: ['a', 'b'], events: ['fix.failed'], digest: '1h' },
    ],
  });

  it('sends an event only where kind, severity, policy glob and account id or name all match; immediate routes one message per event', () => {
    const out = routeEvents(cfg, [
      event({ id: 1 }),
      event({ id: 2, severity: 'critical', accountName: undefined, account: '222222222222' }),
      event({ id: 3, severity: 'medium' }),
      event({ id: 4, policy: 'aws-s3-bucket-unencrypted' }),
      event({ id: 5, accountName: 'Test', account: '333333333333' }),
      event({ id: 6, kind: 'finding.resolved' }),
    ]);
    expect(out.map((d) => [d.channel, d.route, d.events.map((e) => e.id)])).toEqual([
      ['a', 0, [1]],
      ['a', 0, [2]],
    ]);
  });

  it('a digest route makes one delivery per channel with all its events and a window', () => {
    const out = routeEvents(cfg, [event({ id: 7, kind: 'fix.failed', severity: 'low' }), event({ id: 8, kind: 'fix.failed' })]);
    expect(out.map((d) => [d.channel, d.digestMs, d.events.length])).toEqual([
      ['a', 3_600_000, 2],
      ['b', 3_600_000, 2],
    ]);
  });
});

describe('the configuration', () => {
  it('refuses a secret written in the file, an unknown channel in a route and a bad window, naming where', () => {
    const r = notificationsSchema.safeParse({
      channels: { s: { type: 'slack', webhookUrl: 'https://hooks.slack.com/services/T/B/secret' } },
      routes: [{ channels: ['nope'], digest: '1 hour' }],
    });
    expect(r.success).toBe(false);
    const messages = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^channels\.s\.webhookUrl: expected a secret reference, \{ env: VARIABLE \} or \{ file: PATH \}/),
        expect.stringMatching(/^routes\.0\.digest: /),
      ]),
    );
    const r2 = notificationsSchema.safeParse({ channels: { a: { type: 'webhook', url: 'http://x.example/' } }, routes: [{ channels: ['nope'] }] });
    expect(r2.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['routes.0.channels.0: no channel named "nope" (have: a)']);
  });
});

describe('delivering through real channels from the store', () => {
  const t = useStore('pglite');
  let http: Awaited<ReturnType<typeof receiver>>;
  let smtp: SMTPServer;
  let smtpPort = 0;
  const mails: { from: string; to: string[]; raw: string; user?: string }[] = [];

  beforeAll(async () => {
    http = await receiver();
    smtp = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      authOptional: false,
      onAuth(auth, _session, cb) {
        if (auth.username === 'mamori' && auth.password === 'smtp-pass') cb(null, { user: auth.username });
        else cb(new Error('Invalid username or password'));
      },
      onData(stream, session, cb) {
        let raw = '';
        stream.on('data', (d: Buffer) => (raw += d.toString()));
        stream.on('end', () => {
          mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, user: String(session.user) });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    smtpPort = (smtp.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await http?.close();
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  const env = { HOOK_SECRET: 'shh-hmac', SLACK_URL: '', SMTP_PASSWORD: 'smtp-pass' };

  function notifier(raw: unknown, published: unknown[] = []): Notifier {
    return new Notifier(t.store.notifications, config(raw), {
      env: { ...env, SLACK_URL: `${http.url}/slack/T000/B000/token` },
      snsPublish: async (m) => void published.push(m),
    });
  }

  it('a new finding reaches a signed webhook, Slack, SNS and email; the signature verifies with the shared secret', async () => {
    const published: unknown[] = [];
    const n = notifier(
      {
        channels: {
          hook: { type: 'webhook', url: `${http.url}/hook`, secret: { env: 'HOOK_SECRET' } },
          slack: { type: 'slack', webhookUrl: { env: 'SLACK_URL' } },
          topic: { type: 'sns', topicArn: 'arn:aws:sns:eu-west-1:111111111111:mamori' },
          mail: { type: 'email', from: 'mamori@example.com', to: ['secops@example.com'], smtp: { host: '127.0.0.1', port: smtpPort, user: 'mamori', password: { env: 'SMTP_PASSWORD' } } },
        },
        routes: [{ channels: ['hook', 'slack', 'topic', 'mail'], events: ['finding.new'] }],
      },
      published,
    );
    await n.enable();
    http.got.length = 0;
    await scan(t.store, [finding('aws-ec2-sg-open-cifs', 'sg-1', { severity: 'critical' })]);
    const r = await n.pump();
    expect(r).toMatchObject({ events: 1, sent: 4, retried: 0, dead: 0 });

    const hook = http.got.find((g) => g.path === '/hook')!;
    const body = JSON.parse(hook.body);
    expect(body).toMatchObject({ type: 'mamori.notification', digest: false, events: [{ kind: 'finding.new', policy: 'aws-ec2-sg-open-cifs', severity: 'critical', resource: { id: 'sg-1' } }] });
    const ts = String(hook.headers['x-mamori-timestamp']);
    const expected = `v1=${createHmac('sha256', 'shh-hmac').update(`${ts}.${hook.body}`).digest('hex')}`;
    expect(hook.headers['x-mamori-signature']).toBe(expected);
    expect(hook.headers['x-mamori-delivery']).toBe(body.deliveryId);

    const slack = JSON.parse(http.got.find((g) => g.path.startsWith('/slack/'))!.body);
    expect(slack.text).toMatch(/New finding \[critical\]/);
    expect(slack.blocks[0]).toMatchObject({ type: 'header' });
    expect(JSON.stringify(slack.blocks)).toContain('aws-ec2-sg-open-cifs');

    expect(published).toEqual([expect.objectContaining({ topicArn: 'arn:aws:sns:eu-west-1:111111111111:mamori', subject: expect.stringMatching(/^mamori: New finding/), message: expect.stringContaining('sg-1') })]);

    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ from: 'mamori@example.com', to: ['secops@example.com'], user: 'mamori' });
    expect(mails[0]!.raw).toMatch(/Subject: mamori: New finding/);
    expect(mails[0]!.raw).toMatch(/text\/plain/);
    expect(mails[0]!.raw).toMatch(/text\/html/);
    expect((await t.store.notifications.counts()).sent).toBe(4);
  });

  it('retries a 503 with backoff, keeps a 404 as a dead letter at once, and a dead letter can be sent again', async () => {
    const n = notifier({
      channels: {
        flaky: { type: 'webhook', url: `${http.url}/flaky`, retry: { attempts: 3, backoff: '10ms' } },
        gone: { type: 'webhook', url: `${http.url}/gone` },
      },
      routes: [{ channels: ['flaky'], policies: ['p-flaky'] }, { channels: ['gone'], policies: ['p-gone'] }],
    });
    await n.enable();
    await scan(t.store, [finding('p-flaky', 'sg-1'), finding('p-gone', 'sg-2')]);
    http.got.length = 0;
    http.script['/flaky'] = [503];
    http.script['/gone'] = [404];
    const first = await n.pump();
    expect(first).toMatchObject({ sent: 0, retried: 1, dead: 1 });
    await new Promise((r) => setTimeout(r, 60));
    const second = await n.pump();
    expect(second).toMatchObject({ sent: 1 });
    expect(http.got.filter((g) => g.path === '/flaky')).toHaveLength(2);
    const dead = await t.store.notifications.list({ status: 'dead' });
    expect(dead.map((d) => [d.channel, d.lastError])).toEqual([['gone', expect.stringMatching(/answered HTTP 404$/)]]);
    await t.store.notifications.retry(dead[0]!.id);
    expect(await n.pump()).toMatchObject({ sent: 1 });
  });

  it('gives up after the configured attempts, and never prints a secret: a token in a URL, an unset variable', async () => {
    const logs: string[] = [];
    const n = new Notifier(
      t.store.notifications,
      config({
        channels: {
          down: { type: 'webhook', url: { env: 'DOWN_URL' }, retry: { attempts: 2, backoff: '1ms' }, timeout: '500ms' },
          unset: { type: 'slack', webhookUrl: { env: 'NOT_SET_ANYWHERE' } },
        },
        routes: [{ channels: ['down', 'unset'] }],
      }),
      { env: { DOWN_URL: 'http://127.0.0.1:1/services/super-secret-token' }, log: (m) => logs.push(m) },
    );
    await n.enable();
    await scan(t.store, [finding('p1', 'sg-1')]);
    await n.pump();
    await new Promise((r) => setTimeout(r, 20));
    await n.pump();
    const dead = await t.store.notifications.list({ status: 'dead' });
    expect(dead.map((d) => [d.channel, d.attempts]).sort()).toEqual([
      ['down', 2],
      ['unset', 1],
    ]);
    const text = [...logs, ...dead.map((d) => d.lastError)].join('\n');
    expect(text).toContain('could not reach 127.0.0.1:1');
    expect(text).toContain('notifications.channels.unset.webhookUrl: environment variable NOT_SET_ANYWHERE is not set');
    expect(text).not.toContain('super-secret-token');
  });

  it('"send a test" reaches the channel at once, outside the queue, and reports a failure plainly', async () => {
    const n = notifier({ channels: { hook: { type: 'webhook', url: `${http.url}/test` }, mail: { type: 'email', from: 'm@example.com', to: ['x@example.com'], smtp: { host: '127.0.0.1', port: smtpPort, user: 'mamori', password: { env: 'WRONG' } } } } });
    http.got.length = 0;
    expect(await n.test('hook')).toEqual({ ok: true });
    expect(JSON.parse(http.got.find((g) => g.path === '/test')!.body).events[0].title).toMatch(/Test message from mamori/);
    const bad = await n.test('mail');
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/environment variable WRONG is not set/) });
    expect(await n.test('nope')).toMatchObject({ ok: false, error: 'no channel named "nope" (have: hook, mail)' });
  });
});
