/** The scheduled scans of the server's mamori.yaml on the Accounts & scans page: next run, last run, "Run now". */
import { useEffect } from 'react';
import { api, type Me, type ScheduleView } from '../api.ts';
import { canOperate } from '../components/Journal.tsx';
import { Alert, Loading, StatusBadge, useAction, useData, when } from '../components/ui.tsx';

function scopeOf(s: ScheduleView): string {
  const sc = s.scope ?? {};
  const parts = [sc.accounts ? `accounts ${sc.accounts.join(', ')}` : 'all accounts', sc.regions ? `regions ${sc.regions.join(', ')}` : 'all regions', sc.policies ? `policies ${sc.policies.join(', ')}` : 'all policies'];
  return parts.join(' · ');
}

export function SchedulesSection({ me, onRun }: { me: Me; onRun: () => void }) {
  const schedules = useData(() => api.schedules(), []);
  const act = useAction();
  const reload = schedules.reload;
  const running = schedules.data?.schedules.some((s) => s.running) ?? false;
  // While a schedule runs, refresh until it ends (then the past runs too).
  useEffect(() => {
    if (!running) return;
    const t = setTimeout(() => {
      reload();
      onRun();
    }, 1000);
    return () => clearTimeout(t);
  }, [running, schedules.data, reload, onRun]);
  if (schedules.data && schedules.data.schedules.length === 0) return null;
  const runNow = (name: string) =>
    act.run(async () => {
      await api.runSchedule(name);
      reload();
      return `Schedule ${name} started.`;
    });
  return (
    <section className="panel" aria-labelledby="sched-h">
      <h2 id="sched-h">Schedules</h2>
      {!schedules.data ? (
        <Loading what="schedules" />
      ) : (
        <table>
          <caption className="sr-only">Scheduled scans from mamori.yaml with their next and last run</caption>
          <thead>
            <tr>
              <th scope="col">Schedule</th>
              <th scope="col">When</th>
              <th scope="col">Scope</th>
              <th scope="col">Next run</th>
              <th scope="col">Last run</th>
              {canOperate(me) && (
                <th scope="col">
                  <span className="sr-only">Run now</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {schedules.data.schedules.map((s) => (
              <tr key={s.name}>
                <td>
                  <strong>{s.name}</strong>
                  {s.remediate && <span className="muted small"> · fixes auto responses</span>}
                </td>
                <td className="small">
                  <code>{s.cron}</code> {s.timezone ?? 'UTC'}
                </td>
                <td className="small">{scopeOf(s)}</td>
                <td className="small">{when(s.nextRun)}</td>
                <td className="small">
                  {s.running ? (
                    <StatusBadge status="running" />
                  ) : s.lastStatus ? (
                    <>
                      <StatusBadge status={s.lastStatus} /> {when(s.lastFinishedAt ?? s.lastStartedAt)}
                      {s.lastRunId !== undefined ? ` · run ${s.lastRunId}` : ''}
                      {s.lastTrigger && s.lastTrigger !== 'schedule' ? ` · ${s.lastTrigger === 'missed' ? 'missed while down, run on start' : `by ${s.lastTrigger}`}` : ''}
                      {s.lastError && <div className="alert">{s.lastError}</div>}
                    </>
                  ) : (
                    'never'
                  )}
                </td>
                {canOperate(me) && (
                  <td>
                    <button type="button" disabled={act.busy || s.running} onClick={() => void runNow(s.name)}>
                      Run now
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Alert error={act.error ?? schedules.error} />
      {act.message && <p role="status">{act.message}</p>}
    </section>
  );
}
