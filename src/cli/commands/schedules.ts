import { runScheduledScan, Scheduler, type ScheduledScanDeps, type ScheduleView } from '../../app/schedules.ts';
import { storedCustomPolicies } from '../../app/policy-settings.ts';
import { MamoriError } from '../../core/errors.ts';
import { renderColumns } from '../../outputs/columns.ts';
import { bool, str, type Command } from '../command.ts';
import { cliNotifier, flushNotifications } from '../notify.ts';
import { AWS_OPTIONS, AWS_USAGE, CONFIG_OPTIONS, loadCandidatePolicies, resolveAws, resolveConfig } from '../options.ts';
import { openCliStore, STORE_OPTIONS, STORE_USAGE, storeOptions } from '../store.ts';
import { openScanRecorder, type OpenedRecorder } from '../../app/scan-recorder.ts';

const ACTIONS = ['list', 'run'] as const;

function scopeText(v: ScheduleView): string {
  const s = v.scope ?? {};
  const parts = [s.accounts ? `accounts ${s.accounts.join(',')}` : '', s.regions ? `regions ${s.regions.join(',')}` : '', s.policies ? `policies ${s.policies.join(',')}` : ''].filter(Boolean);
  return parts.join('; ') || 'everything';
}

function lastText(v: ScheduleView): string {
  const st = v.state;
  if (!st?.lastStatus) return 'never';
  if (st.runningSince) return `running since ${st.runningSince}`;
  return `${st.lastStatus} ${st.lastFinishedAt ?? st.lastStartedAt ?? ''}${st.lastRunId !== undefined ? ` (run ${st.lastRunId})` : ''}`.trim();
}

export const schedulesCommand: Command = {
  name: 'schedules',
  usage: `list [--format table|json]
       run NAME
       run --until-stopped

Scheduled scans from \`schedules:\` in mamori.yaml (docs/continuous.md). \`mamori serve\` runs them by itself.

  list                  each schedule with its cron, scope, next run and last run (status, run id)
  run NAME              run one schedule now, in the foreground; refused while its previous run is still going
                        (here or in another process on the same database); exit 1 when the scan failed
  run --until-stopped   run every schedule at its times until Ctrl-C / SIGTERM, without the console (a worker box
                        sharing the console's PostgreSQL database); a schedule missed while down runs once on start

${AWS_USAGE}

${STORE_USAGE}`,
  options: { ...STORE_OPTIONS, ...CONFIG_OPTIONS, ...AWS_OPTIONS, format: { type: 'string' }, 'until-stopped': { type: 'boolean' }, 'policies-dir': { type: 'string', multiple: true } },
  positionals: true,
  async run({ values, positionals, io }) {
    const [action, ...args] = positionals;
    if (!action || !(ACTIONS as readonly string[]).includes(action)) throw new MamoriError('USAGE', `expected one of ${ACTIONS.join(', ')}${action ? `, got "${action}"` : ''}`);
    const format = str(values, 'format') ?? 'table';
    if (format !== 'table' && format !== 'json') throw new MamoriError('USAGE', `--format expects table or json, got "${format}"`);
    const until = bool(values, 'until-stopped');
    if (action === 'run' && (until ? args.length !== 0 : args.length !== 1)) throw new MamoriError('USAGE', 'run expects one schedule name, or --until-stopped');
    if (action === 'list' && (args.length || until)) throw new MamoriError('USAGE', 'list takes no arguments');
    const config = resolveConfig(values, io.env, io.cwd);
    const schedules = config.schedules ?? [];
    if (!schedules.length) throw new MamoriError('USAGE', `no schedules: section in ${config.file ?? 'mamori.yaml'}: add one first (docs/continuous.md)`);
    if (action === 'run' && !until && !schedules.some((s) => s.name === args[0])) {
      throw new MamoriError('USAGE', `no schedule named "${args[0]}" in ${config.file ?? 'mamori.yaml'} (configured: ${schedules.map((s) => s.name).join(', ')})`);
    }
    const store = await openCliStore(values, io.env, config);
    let recorder: OpenedRecorder | undefined;
    try {
      const { aws, targets } = action === 'run' ? resolveAws(values, io.env, config) : { aws: undefined, targets: undefined };
      // As under serve: with workers.scans, the scheduled scans are jobs for `mamori worker` processes.
      if (aws) recorder = await openScanRecorder(config, store, storeOptions(values, io.env, config).databaseUrl, (e) => io.err(`mamori: job queue: ${e.message}\n`));
      const notifier = aws ? await cliNotifier(store, config, io, aws) : undefined;
      const deps: ScheduledScanDeps | undefined = aws && targets
        ? {
            store,
            aws: { aws, targets },
            config,
            policies: async () => {
              const candidates = loadCandidatePolicies(values, io.env, config);
              const custom = await storedCustomPolicies(store, candidates, (id, message) => io.err(`mamori: warning: stored custom policy ${id} is skipped: ${message}\n`));
              return [...candidates, ...custom.policies];
            },
            ...(recorder?.mode === 'workers' ? { recordScan: recorder.record } : {}),
          }
        : undefined;
      let failed = false;
      const scheduler = new Scheduler({
        store,
        schedules,
        log: (line) => io.err(`mamori: ${line}`),
        execute: async (s, trigger) => {
          io.err(`mamori: schedule ${s.name}: scanning (${trigger}) ...\n`);
          try {
            return await runScheduledScan(deps!, s, trigger);
          } catch (e) {
            failed = true;
            throw e;
          } finally {
            await flushNotifications(notifier, io);
          }
        },
      });
      if (action === 'list') {
        const views = await scheduler.list();
        if (format === 'json') {
          io.out(`${JSON.stringify({ schedules: views }, null, 2)}\n`);
          return 0;
        }
        io.out(renderColumns(['NAME', 'CRON', 'SCOPE', 'REMEDIATE', 'NEXT RUN', 'LAST RUN', 'LAST ERROR'], views.map((v) => [v.name, `${v.cron}${v.timezone ? ` (${v.timezone})` : ''}`, scopeText(v), v.remediate ? 'yes' : 'no', v.nextRun ?? '-', lastText(v), v.state?.lastError ?? ''])));
        return 0;
      }
      if (!until) {
        const { done } = await scheduler.runNow(args[0]!, `${io.env['MAMORI_ACTOR'] ?? io.env['USER'] ?? 'cli'} (mamori schedules run)`);
        await done;
        const st = await scheduler.store.get(args[0]!);
        if (failed || st?.lastStatus === 'failed') return 1;
        io.err(`mamori: schedule ${args[0]} finished: run ${st?.lastRunId ?? '-'}\n`);
        return 0;
      }
      scheduler.start();
      io.err(`mamori: running ${schedules.length} schedule${schedules.length === 1 ? '' : 's'} until stopped (store: ${store.location})\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      io.err('mamori: stopping; waiting for running scans ...\n');
      await scheduler.stop();
      return 0;
    } finally {
      await recorder?.close();
      await store.close();
    }
  },
};
