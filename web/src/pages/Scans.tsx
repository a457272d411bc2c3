import { useEffect, useState } from 'react';
import { api, type Me, type RunView, type ScanJob } from '../api.ts';
import { canOperate } from '../components/Journal.tsx';
import { Alert, duration, Loading, StatusBadge, useAction, useData, when } from '../components/ui.tsx';
import { Link } from '../router.tsx';
import { plural } from '../components/plain.ts';
import { SchedulesSection } from './Schedules.tsx';

function Progress({ job }: { job: ScanJob }) {
  const pct = job.total ? Math.round((100 * job.done) / job.total) : 0;
  return (
    <div className="progress-box" role="status" aria-live="polite">
      <p>
        Scan {job.state === 'running' ? 'running' : job.state}: {job.phase}
        {job.total ? ` — ${job.done} of ${job.total} account/region/type units, ${plural(job.resources, 'resource')}` : ''}
        {job.runId ? ` (run ${job.runId})` : ''}
      </p>
      <progress max={100} value={job.state === 'running' ? pct : 100} aria-label="Scan progress">
        {pct}%
      </progress>
      {job.counts && (
        <p className="small">
          {job.counts.new} new, {job.counts.resolved} resolved, {job.counts.reopened} reopened, {job.counts.excluded} excluded
          {job.remediation ? `; fixes: ${job.remediation.fixed} applied, ${job.remediation.pending} awaiting approval` : ''}
        </p>
      )}
      {job.coverage && <p className="small">{job.coverage.covered}</p>}
      {job.coverage?.hint && <p className="alert">{job.coverage.hint}</p>}
      {job.error && <p className="alert">{job.error}</p>}
    </div>
  );
}

export function ScansPage({ me }: { me: Me }) {
  const accounts = useData(() => api.accounts(), []);
  const runs = useData(() => api.runs(30), []);
  const reloadRuns = runs.reload;
  const reloadAccounts = accounts.reload;
  const act = useAction();
  const [job, setJob] = useState<ScanJob | undefined>();
  const [pick, setPick] = useState<string[]>([]);

  useEffect(() => {
    api.scans().then((s) => s.current && setJob(s.current), () => undefined);
  }, []);
  useEffect(() => {
    if (!job || job.state !== 'running') return;
    const t = setTimeout(() => {
      api.scan(job.id).then(
        (j) => {
          setJob(j);
          if (j.state !== 'running') {
            reloadRuns();
            reloadAccounts();
          }
        },
        () => undefined,
      );
    }, 500);
    return () => clearTimeout(t);
  }, [job, reloadRuns, reloadAccounts]);

  const start = () =>
    act.run(async () => {
      setJob(await api.startScan(pick.length ? { accounts: pick } : {}));
    });
  return (
    <>
      <h1>Accounts & scans</h1>
      <section className="panel" aria-labelledby="acc-h">
        <h2 id="acc-h">Accounts</h2>
        {!accounts.data ? (
          <Loading what="accounts" />
        ) : (
          <table>
            <caption className="sr-only">Known accounts</caption>
            <thead>
              <tr>
                {canOperate(me) && (
                  <th scope="col">
                    <span className="sr-only">Scan</span>
                  </th>
                )}
                <th scope="col">Account</th>
                <th scope="col">Regions</th>
                <th scope="col" className="num">
                  Resources
                </th>
                <th scope="col" className="num">
                  Open findings
                </th>
                <th scope="col" className="num">
                  Coverage gaps
                </th>
                <th scope="col">Last scanned</th>
              </tr>
            </thead>
            <tbody>
              {accounts.data.accounts.map((a) => (
                <tr key={a.id}>
                  {canOperate(me) && (
                    <td>
                      <input type="checkbox" aria-label={`Scan ${a.name ?? a.id}`} checked={pick.includes(a.id)} onChange={(e) => setPick((p) => (e.target.checked ? [...p, a.id] : p.filter((x) => x !== a.id)))} />
                    </td>
                  )}
                  <td>
                    <strong>{a.name ?? a.id}</strong> <span className="muted small">{a.id}</span>
                  </td>
                  <td className="small">{a.regions.join(', ')}</td>
                  <td className="num">{a.resources}</td>
                  <td className="num">
                    <Link to={`/findings?account=${a.id}`}>{a.failing}</Link>
                  </td>
                  <td className="num">{a.gaps}</td>
                  <td className="small">{when(a.lastScanned)}</td>
                </tr>
              ))}
              {accounts.data.accounts.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">
                    No account scanned yet: start a scan.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        )}
        {canOperate(me) && (
          <div className="actions">
            <button type="button" disabled={act.busy || job?.state === 'running'} onClick={() => void start()}>
              {pick.length ? `Scan ${pick.length} selected ${pick.length === 1 ? 'account' : 'accounts'}` : 'Scan all accounts'}
            </button>
          </div>
        )}
        <Alert error={act.error} />
        {job && <Progress job={job} />}
      </section>
      <SchedulesSection me={me} onRun={reloadRuns} />
      <section className="panel" aria-labelledby="runs-h">
        <h2 id="runs-h">Past runs</h2>
        {!runs.data ? (
          <Loading what="runs" />
        ) : (
          <table>
            <caption className="sr-only">Scans, re-reads and remediation runs, newest first, with their scope</caption>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Kind</th>
                <th scope="col">Scope</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col" className="num">
                  Duration
                </th>
                <th scope="col" className="num">
                  API calls
                </th>
                <th scope="col">Findings</th>
                <th scope="col" className="num">
                  Gaps
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.data.runs.map((r) => (
                <tr key={r.id}>
                  <td>{r.id}</td>
                  <td title={KIND_HELP[r.kind]}>{r.kind}</td>
                  <td className="small">{scopeText(r)}</td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td className="small">{when(r.startedAt)}</td>
                  <td className="num">{duration(r.durationMs)}</td>
                  <td className="num" title={Object.entries(r.apiCallsByOperation).map(([k, v]) => `${k}: ${v}`).join('\n')}>
                    {r.apiCalls}
                  </td>
                  <td className="small">{r.counts ? `${r.counts.findings} (${r.counts.new} new, ${r.counts.resolved} resolved)` : (r.error ?? '—')}</td>
                  <td className="num">{r.gaps.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

/** What each kind of run is, for a tooltip. */
const KIND_HELP: Record<string, string> = {
  scan: 'A scan someone started: the Overview\'s trend, last scan and changes come from these',
  reread: 'A re-read of what a fix or an undo touched: changes the findings in its scope only, never counted as a scan',
  fix: 'Changes applied by mamori fix or scan --remediate',
  approve: 'Plans approved (and applied) or rejected',
  undo: 'Changes undone',
  plan: 'Plans recorded for approval',
  recover: 'Interrupted changes checked and completed',
};

/** A run's scope in a few words: "222222222222 · us-east-1 · aws.ec2.security-group", or "all accounts · all regions · 23 policies". */
export function scopeText(r: RunView): string {
  const observing = r.kind === 'scan' || r.kind === 'reread';
  const scope = (observing ? r.scope : (r.meta['observed'] as RunView['scope'] | undefined)) ?? {};
  if (!observing && !Object.keys(scope).length) return '—';
  const dim = (v: string[] | undefined, many: string, all: string) => (v === undefined ? all : v.length === 1 ? v[0]! : `${v.length} ${many}`);
  const parts = [dim(scope.accounts, 'accounts', 'all accounts'), dim(scope.regions, 'regions', 'all regions')];
  if (scope.resourceIds) parts.push(scope.resourceIds.length === 1 ? scope.resourceIds[0]!.split(/[:/]/).pop()! : plural(scope.resourceIds.length, 'resource'));
  else if (scope.resourceTypes && scope.resourceTypes.length <= 2) parts.push(scope.resourceTypes.join(', '));
  else if (scope.policies) parts.push(scope.policies.length === 1 ? scope.policies[0]! : `${scope.policies.length} policies`);
  return parts.join(' · ');
}
