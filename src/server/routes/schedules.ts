/** Scheduled scans: the schedules of this server's mamori.yaml with their next and last run, and "Run now". */
import { runScheduledScan, Scheduler } from '../../app/schedules.ts';
import { isMamoriError } from '../../core/index.ts';
import type { ServerContext } from '../context.ts';
import type { ScheduleView } from '../contract.ts';
import { REQUESTS, RESPONSES } from '../schemas.ts';
import { HttpError, notFound, route, type RouteDef } from '../route.ts';

const schedulers = new WeakMap<ServerContext, Scheduler>();

/**
 * The scheduler of `mamori serve` (none without `schedules:`): scans recorded like those started from the
 * console, with the policies the console scans (stored custom ones too), notifications sent when each ends.
 */
export function startConsoleSchedules(ctx: ServerContext, log: (line: string) => void): Scheduler | undefined {
  const schedules = ctx.config.schedules ?? [];
  if (!schedules.length) return undefined;
  const a = ctx.opts.aws;
  const deps = {
    store: ctx.store,
    aws: { aws: a.aws, ...(a.credentials ? { credentials: a.credentials } : {}), targets: a.targets },
    config: ctx.config,
    policies: async () => (await ctx.basePolicies()).policies,
    ...(ctx.opts.recordScan ? { recordScan: ctx.opts.recordScan } : {}),
  };
  const scheduler = new Scheduler({
    store: ctx.store,
    schedules,
    log: (line) => log(`mamori serve: ${new Date().toISOString()} ${line}`),
    execute: async (s, trigger) => {
      try {
        return await runScheduledScan(deps, s, trigger);
      } finally {
        ctx.pokeNotifications();
      }
    },
  });
  schedulers.set(ctx, scheduler);
  scheduler.start();
  return scheduler;
}

export const scheduleRoutes: RouteDef[] = [
  route({
    method: 'GET',
    url: '/api/schedules',
    access: 'viewer',
    tag: 'scans',
    summary: 'Scheduled scans of this server’s mamori.yaml with their next run and last run (status, run id)',
    schema: { response: RESPONSES.schedules },
    async handler(_args, { ctx }) {
      const scheduler = schedulers.get(ctx);
      if (!scheduler) return { schedules: [] };
      const views = await scheduler.list();
      return {
        schedules: views.map((v): ScheduleView => {
          const st = v.state;
          return {
            name: v.name,
            cron: v.cron,
            ...(v.timezone ? { timezone: v.timezone } : {}),
            ...(v.scope ? { scope: v.scope } : {}),
            ...(v.remediate !== undefined ? { remediate: v.remediate } : {}),
            ...(v.nextRun ? { nextRun: v.nextRun } : {}),
            running: st?.runningSince !== undefined,
            ...(st?.lastStartedAt ? { lastStartedAt: st.lastStartedAt } : {}),
            ...(st?.lastFinishedAt ? { lastFinishedAt: st.lastFinishedAt } : {}),
            ...(st?.lastStatus ? { lastStatus: st.lastStatus } : {}),
            ...(st?.lastRunId !== undefined ? { lastRunId: st.lastRunId } : {}),
            ...(st?.lastError ? { lastError: st.lastError } : {}),
            ...(st?.lastTrigger ? { lastTrigger: st.lastTrigger } : {}),
          };
        }),
      };
    },
  }),
  route({
    method: 'POST',
    url: '/api/schedules/:name/run',
    access: 'operator',
    tag: 'scans',
    summary: 'Run a schedule now, in the background (audited); a conflict while its previous run is still going',
    schema: { params: REQUESTS.scheduleParam, response: RESPONSES.scheduleRun },
    async handler({ params, auth }, { ctx }) {
      const scheduler = schedulers.get(ctx);
      const name = params.name!;
      if (!scheduler || !scheduler.schedules.some((s) => s.name === name)) throw notFound(`schedule ${name}`);
      try {
        await scheduler.runNow(name, auth.user.username);
      } catch (e) {
        if (isMamoriError(e) && e.code === 'USAGE') throw new HttpError(409, 'CONFLICT', e.message);
        throw e;
      }
      await ctx.store.recordAudit({ actor: auth.user.username, action: 'schedule.run', targetType: 'schedule', targetId: name, details: {} });
      return { name, started: true };
    },
  }),
];
