import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { applySetup, connectEvents, planSetup } from '../../app/events-setup.ts';
import { startNotifications } from '../../app/notifications.ts';
import { queueRegion } from '../../app/watch.ts';
import { MamoriError } from '../../core/errors.ts';
import type { Policy } from '../../engine/policy.ts';
import { createConsole } from '../../server/app.ts';
import { hashPassword, randomSecret } from '../../server/auth.ts';
import { startConsoleWatch, type ConsoleWatch, type WatchedQueue } from '../../server/continuous.ts';
import type { AwsTargetSettings, ConsoleOptions } from '../../server/context.ts';
import { DEMO_INBOX_SECRET_ENV, DEMO_INBOX_URL_ENV, startDemoInbox, type DemoInbox } from '../../server/demo-inbox.ts';
import { buildWeb, WEB_DIST, webBuildStale } from '../../server/web.ts';
import { buildEstate, demoEstate } from '../../sim/estates/index.ts';
import { startSim, type SimServer } from '../../sim/server.ts';
import { bool, list, str, type Command } from '../command.ts';
import { AWS_OPTIONS, AWS_USAGE, CONFIG_OPTIONS, resolveAws, resolveConfig } from '../options.ts';
import { openCliStore, STORE_OPTIONS, STORE_USAGE, storeOptions } from '../store.ts';
import { openScanRecorder, type OpenedRecorder } from '../../app/scan-recorder.ts';
import { DEMO_OPEN_SMB_SCRIPT, demoServeConfig, demoStoreDir, shellQuote } from './demo.ts';

export const serveCommand: Command = {
  name: 'serve',
  usage: `[--port 8080] [--host 127.0.0.1] [--demo] [options]

Serves the console (web/dist, built on first start if missing) and the API under /api/ over the store.
Sign in with a local user: create the first admin with \`mamori users add --admin <name>\`
(there is no default user or password). Scans started from the console run in this process with the
AWS options below. See docs/console.md. The schedules of mamori.yaml's \`schedules:\` run in this process, and
with \`events.queueUrl\` the \`mamori watch\` loop too (docs/continuous.md).

Server:
  --port N                port (8080)                                             [MAMORI_PORT]
  --host ADDR             address to listen on (127.0.0.1)                        [MAMORI_HOST]
  --demo                  start the local AWS endpoint with the demo estate and scan it (no AWS account
                          needed) with the demo's configuration (examples/demo/mamori.yaml); its own store
                          in demo/ under the data directory (~/.mamori/demo); prints a one-time admin password
                          when that store has no user yet. Continuous protection on: event delivery set up in
                          every demo account and region, watched, CIFS in auto in Development, a local
                          notification inbox (examples/demo/continuous.yaml); prints how to try it
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
    let inbox: DemoInbox | undefined;
    let watching: ConsoleWatch | undefined;
    let recorder: OpenedRecorder | undefined;
    let aws: ConsoleOptions['aws'];
    let config;
    const demoDir = demoStoreDir(values, io);
    const store = demo
      ? await openCliStore({ 'data-dir': demoDir }, { ...io.env, MAMORI_DATABASE_URL: undefined, MAMORI_DATA_DIR: undefined }, { exclusions: [] })
      : await openCliStore(values, io.env, (config = resolveConfig(values, io.env, io.cwd)));
    try {
      if (demo) {
        config = demoServeConfig();
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
      // The demo's notification channel delivers to a receiver of its own on 127.0.0.1, with a fresh signing key.
      let notifier: ConsoleOptions['notifier'];
      if (demo && config.notifications) {
        inbox = await startDemoInbox((l) => io.err(`${l}\n`));
        notifier = await startNotifications(store, config, { env: { ...process.env, [DEMO_INBOX_URL_ENV]: inbox.url, [DEMO_INBOX_SECRET_ENV]: inbox.secret }, aws: aws.aws, log: (m) => io.err(`mamori serve: ${m}\n`) });
      }
      // Console and scheduled scans: in this process, or as jobs for `mamori worker` processes (workers.scans).
      recorder = await openScanRecorder(config, store, demo ? undefined : storeOptions(values, io.env, config).databaseUrl, (e) => io.err(`mamori serve: job queue: ${e.message}\n`));
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
        ...(notifier ? { notifier } : {}),
        ...(recorder.mode === 'workers' ? { recordScan: recorder.record } : {}),
      });
      // Listening for SIGINT/SIGTERM before the slower start (the demo's event setup, the watch loops): a stop asked
      // for while they run is a clean stop too, not the default kill.
      const stopped = new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      const url = await c.app.listen({ host, port });
      io.err(`mamori console on ${url} (store: ${store.location}${demo ? `; demo estate on ${sim!.url}` : ''}${recorder.mode === 'workers' ? '; scans run by `mamori worker` processes' : ''})\n`);
      // Event-driven protection in this process (docs/continuous.md, "Watching"): the configured queue, or in the demo
      // the queues that `mamori events setup --org` makes on the demo endpoint.
      let queues: WatchedQueue[] = [];
      if (demo) {
        // The demo without continuous protection is still the demo: say why it is off rather than stop.
        queues = await setUpDemoEvents({ ...aws, credentials: aws.credentials! }, await c.ctx.effectivePolicies(), (l) => io.err(`${l}\n`)).catch((e: Error) => {
          io.err(`Demo: continuous protection is off: event delivery could not be set up: ${(e as { format?: () => string }).format?.() ?? e.message}\n`);
          return [];
        });
      } else if (config.events?.queueUrl) queues = [{ url: config.events.queueUrl, region: queueRegion(config.events.queueUrl, aws.aws.homeRegion) }];
      watching = await startConsoleWatch(c.ctx, { queues, log: (l) => io.err(`${l}\n`) });
      if (demo && (await store.listRuns({ kind: 'scan', limit: 1 })).length === 0) {
        c.scans.start({}, 'mamori serve --demo');
        io.err('Demo: scanning the demo estate in the background ...\n');
      }
      if (demo && queues.length) io.err(tryContinuous(sim!.url));
      await stopped;
      io.err('Stopping ...\n');
      await watching?.stop();
      await c.close();
      return 0;
    } finally {
      await watching?.stop();
      await recorder?.close();
      await inbox?.close();
      await sim?.stop();
      await store.close();
    }
  },
};

const DEMO_REGIONS = demoEstate.regions;

/**
 * What `mamori events setup --org --yes` does, on the demo endpoint: a rule in every account and region, one queue per
 * region in the management account. Every call creates or replaces the same thing, so it is the same on every start.
 */
export async function setUpDemoEvents(aws: AwsTargetSettings & { credentials: AwsCredentialIdentityProvider }, policies: Policy[], log: (line: string) => void): Promise<WatchedQueue[]> {
  const conn = await connectEvents(aws.aws, aws.credentials, aws.targets, DEMO_REGIONS);
  try {
    const plan = planSetup({ policies, accounts: conn.targets.map((t) => t.id), regions: DEMO_REGIONS, queueAccount: conn.callerAccountId, ...(conn.organizationId ? { organizationId: conn.organizationId } : {}) });
    const result = await applySetup(conn, plan);
    log(`Demo: event delivery set up as \`mamori events setup --org --yes\` would: ${result.rules.length} rules in ${plan.accounts.length} accounts × ${plan.regions.length} regions, one queue per region in ${plan.queueAccount}; watching them`);
    return Object.entries(result.queueUrls).map(([region, url]) => ({ url, region }));
  } finally {
    conn.close();
  }
}

/** How to see continuous protection: one command, runnable as printed, that opens SMB to the world in Development. */
export function tryContinuous(endpoint: string): string {
  return [
    'Continuous protection: open SMB (tcp 445) to the world on a fresh security group in Development, from another shell:',
    `  node ${shellQuote(DEMO_OPEN_SMB_SCRIPT)} ${endpoint}`,
    'mamori revokes that line within seconds and keeps the group\'s other line; see Overview → Continuous protection,',
    'Remediation (the verified fix and the write that triggered it) and Notifications (the demo inbox). docs/demo.md',
    '',
  ].join('\n');
}
