/**
 * The demo's notification receiver: a webhook endpoint on 127.0.0.1 that `mamori serve --demo` starts, so that the
 * demo's `demo-inbox` channel delivers somewhere real without internet. It checks each message's HMAC-SHA256
 * signature as a receiver in production should, answers 204 (401 to a bad signature), and prints one line per
 * event on the terminal; the console's Notifications page lists the deliveries as sent.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { line } from '../notify/format.ts';
import { signature } from '../notify/channels.ts';
import type { NotificationEvent } from '../store/notifications.ts';

/** The environment variables the demo's channel reads its URL and signing key from (examples/demo/continuous.yaml). */
export const DEMO_INBOX_URL_ENV = 'MAMORI_DEMO_INBOX_URL';
export const DEMO_INBOX_SECRET_ENV = 'MAMORI_DEMO_INBOX_SECRET';
const MAX_BODY = 1024 * 1024;

export interface DemoInbox {
  url: string;
  /** The signing key, fresh for each start (never printed). */
  secret: string;
  /** Messages received with a valid signature, oldest first. */
  received: { delivery: string; events: NotificationEvent[] }[];
  close(): Promise<void>;
}

function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startDemoInbox(log: (line: string) => void): Promise<DemoInbox> {
  const secret = randomBytes(24).toString('hex');
  const received: DemoInbox['received'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const ts = String(req.headers['x-mamori-timestamp'] ?? '');
      const sent = String(req.headers['x-mamori-signature'] ?? '');
      const delivery = String(req.headers['x-mamori-delivery'] ?? '?');
      if (req.method !== 'POST' || size > MAX_BODY || !ts || !sameSignature(sent, signature(secret, ts, body))) {
        log(`Demo inbox: refused a message (delivery ${delivery}): ${req.method !== 'POST' ? `method ${req.method}` : size > MAX_BODY ? 'too large' : 'no valid X-Mamori-Signature'}`);
        res.statusCode = req.method !== 'POST' ? 405 : 401;
        res.end();
        return;
      }
      let events: NotificationEvent[] = [];
      try {
        events = (JSON.parse(body) as { events?: NotificationEvent[] }).events ?? [];
      } catch {
        log(`Demo inbox: delivery ${delivery} is not JSON`);
        res.statusCode = 400;
        res.end();
        return;
      }
      received.push({ delivery, events });
      for (const e of events) log(`Demo inbox: ${line(e)} (delivery ${delivery}, signature verified)`);
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mamori`,
    secret,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
