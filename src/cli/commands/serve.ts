import { watch } from '../../app/watch.ts';
import { MamoriError } from '../../core/errors.ts';
import { DEFAULT_MAX_CHANGES } from '../../remediation/guards.ts';
import { createConsole } from '../../server/app.ts';
import { hashPassword, randomSecret } from '../../server/auth.ts';
import type { ConsoleOptions } from '../../server/context.ts';
import { buildWeb, WEB_DIST, webBuildStale } from '../../server/web.ts';
import { buildEstate, demoEstate } from '../../sim/estates/index.ts';
import { startSim, type SimServer } from '../../sim/server.ts';
import { bool, list, str, type Command } from '../command.ts';
import { AWS_OPTIONS, AWS_USAGE, CONFIG_OPTIONS, resolveAws, resolveConfig } from '../options.ts';
import { openCliStore, STORE_OPTIONS, STORE_USAGE } from '../store.ts';
import { demoConfig, demoStoreDir, shellQuote } from './demo.ts';

export const serveCommand: Command = {
  name: 'serve',
  usage: `[--port 8080] [--host 127.0.0.1] [--demo] [options]

Serves the console (web/dist, built on first start if missing) and the API under /api/ over the store.
Sign in with a local user: create the first admin with \`mamori users add --admin <name>\`
(there is no default user or password). Scans started from the console run in this process with the
AWS options below. See docs/console.md. The schedules of mamori.yaml's \`schedules:\` run in this process
(docs/continuous.md).

Server:
  --port N                port (8080)                                             [MAMORI_PORT]
  --host ADDR             address to listen on (127.0.0.1)                        [MAMORI_HOST]
  --demo                  start the local AWS endpoint with the demo estate and scan it (no AWS account
                          needed) with the demo's configuration (examples/demo/mamori.yaml); its own store
                          in demo/ under the data directory (~/.mamori/demo); prints a one-time admin password
                          when that store has no user yet
  --secure-cookies        always mark the session cookie Secure (behind a TLS-terminating proxy)
  --trust-proxy           trust X-Forwarded-For/-Proto from a reverse proxy
  --policies-dir DIR      custom policies from DIR, repeatable                    [MAMORI_POLICIES_DIR]
  --no-build              do not build the console when web/dist is missing or stale
  --keep-audit-days N     delete audit entries older than N days (365)   [MAMORI_KEEP_AUDIT_DAYS, store.keepAuditDays]

${AWS_USAGE}

${STORE_USAGE}`,
  options: {
    ...AWS_OPTIONS,
    ...CONFIG_OPTIONS,
    ...STORE_OPTIONS,
    port: { type: 'string' },
    host: { type: 'string' },
    demo: { type: 'boolean' },
    'secure-cookies': { type: 'boolean' },
    'trust-proxy': { type: 'boolean' },
    'policies-dir': { type: 'string', multiple: true },
    'no-build': { type: 'boolean' },
    'keep-audit-days': { type: 'string' },
  },
  async run({ values, io }) {
    const port = Number(str(values, 'port') ?? io.env['MAMORI_PORT'] ?? 8080);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new MamoriError('USAGE', '--port expects a port number');
    const host = str(values, 'host') ?? io.env['MAMORI_HOST'] ?? '127.0.0.1';
    const demo = bool(values, 'demo');
    const keepText = str(values, 'keep-audit-days') ?? io.env['MAMORI_KEEP_AUDIT_DAYS'];
    const keepAuditDays = keepText === undefined ? undefined : Number(keepText);
    if (keepAuditDays !== undefined && !(Number.isInteger(keepAuditDays) && keepAuditDays >= 1)) throw new MamoriError('USAGE', `--keep-audit-days expects a positive whole number of days, got "${keepText}"`);

    if (!bool(values, 'no-build') && webBuildStale()) buildWeb((l) => io.err(`${l}\n`));

    let sim: SimServer | undefined;
    let aws: ConsoleOptions['aws'];
    let config;
    const demoDir = demoStoreDir(values, io);
    const store = demo
      ? await openCliStore({ 'data-dir': demoDir }, { ...io.env, MAMORI_DATABASE_URL: undefined, MAMORI_DATA_DIR: undefined }, { exclusions: [] })
      : await openCliStore(values, io.env, (config = resolveConfig(values, io.env, io.cwd)));
    try {
      if (demo) {
        config = demoConfig();
        sim = await startSim({ world: buildEstate(demoEstate).world });
        aws = { aws: { endpointUrl: sim.url, homeRegion: 'us-east-1', maxAttempts: 5, concurrencyPerService: 8 }, credentials: async () => ({ accessKeyId: 'AKIAMAMORIDEMO', secretAccessKey: 'demo' }), targets: { org: true, roleName: 'MamoriAudit' } };
        if ((await store.listUsers()).length === 0) {
          const password = randomSecret().slice(0, 20);
          await store.createUser({ username: 'admin', passwordHash: await hashPassword(password), role: 'admin', mustChangePassword: true });
          await store.recordAudit({ actor: 'mamori serve --demo', action: 'user.create', targetType: 'user', targetId: 'admin', details: { role: 'admin', demo: true } });
          io.err(
            `Demo: created the user "admin" with the one-time password ${password}\n` +
              '      The console asks you to choose your own password at the first sign-in.\n' +
              `      Or, with this server stopped: npx mamori users passwd admin --data-dir ${shellQuote(demoDir)}\n`,
          );
        }
      } else {
        config = config!;
        aws = resolveAws(values, io.env, config);
        if ((await store.listUsers()).length === 0) throw new MamoriError('USAGE', 'no console users yet: create the first admin with `mamori users add --admin <name>` (same --data-dir/--database-url), then start mamori serve again');
      }
      const policiesDirs = list(values, 'policies-dir') ?? io.env['MAMORI_POLICIES_DIR']?.split(',').filter(Boolean) ?? config.scan?.policiesDirs ?? [];
      const c = await createConsole({
        store,
        aws,
        config,
        policiesDirs,
        demo,
        secureCookies: bool(values, 'secure-cookies') ? 'always' : 'auto',
        ...(keepAuditDays !== undefined || config.store?.keepAuditDays !== undefined ? { keepAuditDays: keepAuditDays ?? config.store!.keepAuditDays! } : {}),
        trustProxy: bool(values, 'trust-proxy'),
        webDir: WEB_DIST,
      });
      const url = await c.app.listen({ host, port });
      io.err(`mamori console on ${url} (store: ${store.location}${demo ? `; demo estate on ${sim!.url}` : ''})\n`);
      if (demo && (await store.listRuns({ kind: 'scan', limit: 1 })).length === 0) {
        c.scans.start({}, 'mamori serve --demo');
        io.err('Demo: scanning the demo estate in the background ...\n');
      }
      // Event-driven protection in this process when a queue is configured (docs/continuous.md, "Watching").
      const watching = new AbortController();
      const events = config.events;
      const watched = events?.queueUrl
        ? watch({
            queueUrl: events.queueUrl,
            ...c.ctx.opts.aws,
            policies: (await c.ctx.basePolicies()).policies,
            config,
            store,
            actor: 'mamori serve (watch)',
            maxChanges: config.remediation?.maxChanges ?? DEFAULT_MAX_CHANGES,
            ...(events.coalesceMs !== undefined ? { coalesceMs: events.coalesceMs } : {}),
            ...(events.maxReceives !== undefined ? { maxReceives: events.maxReceives } : {}),
            ...(events.visibilityTimeout !== undefined ? { visibilityTimeout: events.visibilityTimeout } : {}),
            log: (l) => io.err(`${l}\n`),
            pump: async () => c.ctx.pokeNotifications(),
            signal: watching.signal,
          }).catch((e: Error) => io.err(`mamori: watching ${events.queueUrl} stopped: ${(e as { format?: () => string }).format?.() ?? e.message}\n`))
        : undefined;
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      io.err('Stopping ...\n');
      watching.abort();
      await watched;
      await c.close();
      return 0;
    } finally {
      await sim?.stop();
      await store.close();
    }
  },
};
