/**
 * A console server for tests: an in-memory store, the demo estate on the local AWS endpoint, users of each role,
 * and small HTTP helpers that sign in and send the CSRF header. Everything listens on 127.0.0.1.
 */
import { parseConfig } from '../../src/app/config.ts';
import { createConsole, type Console } from '../../src/server/app.ts';
import { hashPassword } from '../../src/server/auth.ts';
import type { ConsoleOptions } from '../../src/server/context.ts';
import { buildEstate, DEMO_CONFIG, demoEstate } from '../../src/sim/estates/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { openStore, type Role, type Store } from '../../src/store/index.ts';

export const PASSWORD = 'correct horse battery';
export const USERS: Record<Role, string> = { viewer: 'vera', operator: 'otto', admin: 'ada' };

export interface TestConsole {
  console: Console;
  store: Store;
  sim: SimServer;
  built: ReturnType<typeof buildEstate>;
  /** http://127.0.0.1:port */
  url: string;
  close(): Promise<void>;
}

export async function startTestConsole(opts: Partial<ConsoleOptions> & { listen?: boolean } = {}): Promise<TestConsole> {
  const store = await openStore({ inMemory: true });
  const built = buildEstate(demoEstate);
  const sim = await startSim({ world: built.world });
  const hash = await hashPassword(PASSWORD);
  for (const [role, username] of Object.entries(USERS)) await store.createUser({ username, passwordHash: hash, role: role as Role });
  const c = await createConsole({
    store,
    aws: {
      aws: { endpointUrl: sim.url, homeRegion: 'us-east-1', maxAttempts: 5, concurrencyPerService: 8 },
      credentials: async () => ({ accessKeyId: 'AKIAMAMORITEST', secretAccessKey: 'test' }),
      targets: { org: true, roleName: 'MamoriAudit' },
    },
    config: parseConfig(DEMO_CONFIG, 'demo mamori.yaml'),
    demo: true,
    ...opts,
  });
  let url = '';
  if (opts.listen !== false) url = await c.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    console: c,
    store,
    sim,
    built,
    url,
    async close() {
      await c.close();
      await sim.stop();
      await store.close();
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read by the tests as they come
type Json = any;

export interface Client {
  csrf: string;
  cookie: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Json; headers: Record<string, string | string[] | number | undefined> }>;
}

/** Signs in through the API (inject, no sockets) and returns a client that sends the cookie and CSRF header. */
export async function signIn(t: TestConsole, username: string, password = PASSWORD): Promise<Client> {
  const res = await t.console.app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress: '127.0.0.9' });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  const setCookie = String(res.headers['set-cookie'] ?? '');
  const cookie = setCookie.split(';')[0]!;
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return {
    csrf,
    cookie,
    async call(method, path, body, headers = {}) {
      const r = await t.console.app.inject({
        method: method as 'GET',
        url: path,
        headers: { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': csrf }), ...headers },
        ...(body !== undefined ? { payload: body as object } : {}),
      });
      let parsed: unknown = r.body;
      try {
        parsed = r.json();
      } catch {
        // not JSON
      }
      return { status: r.statusCode, body: parsed, headers: r.headers };
    },
  };
}
