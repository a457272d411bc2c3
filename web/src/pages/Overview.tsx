import { api, type CountBy, type FindingRow, type TrendPoint } from '../api.ts';
import { Alert, Count, duration, Loading, SEVERITIES, SeverityBadge, useData, when } from '../components/ui.tsx';
import { ContinuousPanel } from '../components/Continuous.tsx';
import { Link } from '../router.tsx';
import { scopeText } from './Scans.tsx';

/** One row's open findings by severity: the bar's length is the row's count against the largest row's, so rows compare. */
function SeverityBar({ c, max }: { c: CountBy; max: number }) {
  const total = c.count || 1;
  return (
    <span className="bar" aria-hidden="true">
      <span className="bar-fill" style={{ width: `${(100 * c.count) / Math.max(1, max)}%` }}>
        {SEVERITIES.map((s) => {
          const n = c.bySeverity?.[s] ?? 0;
          return n ? <span key={s} className={`bar-part bg-${s}`} style={{ width: `${(100 * n) / total}%` }} title={`${n} ${s}`} /> : null;
        })}
      </span>
    </span>
  );
}

function SeverityLegend() {
  return (
    <ul className="legend" aria-label="Severity colours">
      {SEVERITIES.map((s) => (
        <li key={s}>
          <span className={`swatch bg-${s}`} aria-hidden="true" /> {s}
        </li>
      ))}
    </ul>
  );
}

function ByTable({ caption, rows, link, keyHeader }: { caption: string; rows: CountBy[]; link: (c: CountBy) => string; keyHeader: string }) {
  const max = Math.max(1, ...rows.map((c) => c.count));
  return (
    <>
      <table className="by-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{keyHeader}</th>
            <th scope="col" className="num">
              Open
            </th>
            <th scope="col">By severity</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={3} className="muted">
                Nothing open.
              </td>
            </tr>
          )}
          {rows.map((c) => (
            <tr key={c.key}>
              <td>
                <Link to={link(c)}>{c.label ? `${c.label}` : c.key}</Link>
                {c.label && <span className="muted small"> {c.key}</span>}
              </td>
              <td className="num">{c.count}</td>
              <td className="bar-cell">
                <SeverityBar c={c} max={max} />
                <span className="sr-only">{SEVERITIES.filter((s) => c.bySeverity?.[s]).map((s) => `${c.bySeverity?.[s]} ${s}`).join(', ')}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > 0 && <SeverityLegend />}
    </>
  );
}

function Trend({ points }: { points: TrendPoint[] }) {
  if (points.length === 0) return <p className="muted">No scan yet.</p>;
  const max = Math.max(1, ...points.map((p) => p.failing));
  const w = 24;
  const h = 80;
  const label = `Open findings after each of the last ${points.length} scans: ${points.map((p) => p.failing).join(', ')}`;
  return (
    <figure className="trend">
      <svg role="img" aria-label={label} width={points.length * w} height={h + 18} viewBox={`0 0 ${points.length * w} ${h + 18}`}>
        {points.map((p, i) => {
          const bh = Math.max(2, (h * p.failing) / max);
          return (
            <g key={p.runId}>
              <title>{`run ${p.runId}: ${p.failing} open, ${p.new} new, ${p.resolved} resolved`}</title>
              <rect x={i * w + 4} y={h - bh} width={w - 8} height={bh} className="trend-bar" />
              <text x={i * w + w / 2} y={h + 14} textAnchor="middle" className="trend-label">
                {p.failing}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>Open findings after each scan (oldest left).</figcaption>
    </figure>
  );
}

function ChangeList({ title, rows, count, status }: { title: string; rows: FindingRow[]; count: number; status: string }) {
  return (
    <div>
      <h3>
        {title} <span className="pill">{count}</span>
      </h3>
      {rows.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <ul className="plain">
          {rows.slice(0, 8).map((f) => (
            <li key={f.id}>
              <SeverityBadge severity={f.severity} /> <Link to={`/findings/${f.id}`}>{f.title}</Link> <span className="muted small">{f.resource.name ?? f.resource.id}</span>
            </li>
          ))}
          {count > 8 && (
            <li>
              <Link to={`/findings?status=${status}`}>and {count - 8} more…</Link>
            </li>
          )}
        </ul>
      )}
    </div>
  );
}

export function OverviewPage() {
  const { data, error } = useData(() => api.overview(), []);
  if (error) return <Alert error={error} />;
  if (!data) return <Loading what="the overview" />;
  const open = SEVERITIES.reduce((n, s) => n + data.failingBySeverity[s], 0);
  return (
    <>
      <h1>Overview</h1>
      <section aria-labelledby="open-h" className="panel">
        <h2 id="open-h">
          Open findings <span className="muted">({open})</span>
        </h2>
        <div className="counts">
          {SEVERITIES.map((s) => (
            <Link key={s} to={`/findings?severity=${s}`} className="count-link">
              <Count n={data.failingBySeverity[s]} severity={s} label={s} />
            </Link>
          ))}
          <Link to="/findings?status=excluded" className="count-link">
            <Count n={data.byStatus.excluded} label="excluded" />
          </Link>
          <Link to="/remediation" className="count-link">
            <Count n={data.pendingApprovals} label="fixes awaiting approval" />
          </Link>
        </div>
        <p className="muted small">
          {data.lastScan ? (
            <>
              Last scan: run {data.lastScan.id} ({scopeText(data.lastScan)}), {when(data.lastScan.finishedAt ?? data.lastScan.startedAt)}, {duration(data.lastScan.durationMs)}, {data.lastScan.apiCalls} API calls.{' '}
            </>
          ) : (
            'No scan yet. '
          )}
          <Link to="/scans">Accounts & scans</Link>
        </p>
      </section>
      <ContinuousPanel />
      <div className="grid2">
        <section aria-labelledby="changes-h" className="panel">
          <h2 id="changes-h">Since the last scan</h2>
          {data.changes.toRun !== undefined && (
            <p className="muted small">
              {data.changes.fromRun !== undefined ? `Scan ${data.changes.fromRun} to scan ${data.changes.toRun}` : `Up to scan ${data.changes.toRun}`}, with the fixes and re-reads in between.
            </p>
          )}
          <div className="changes">
            <ChangeList title="New" rows={data.changes.new} count={data.changes.counts.new} status="new" />
            <ChangeList title="Resolved" rows={data.changes.resolved} count={data.changes.counts.resolved} status="resolved" />
            <ChangeList title="Reopened" rows={data.changes.reopened} count={data.changes.counts.reopened} status="reopened" />
          </div>
        </section>
        <section aria-labelledby="trend-h" className="panel">
          <h2 id="trend-h">Trend</h2>
          <Trend points={data.trend} />
        </section>
      </div>
      <div className="grid2">
        <section className="panel">
          <ByTable caption="Open findings by account" keyHeader="Account" rows={data.byAccount} link={(c) => `/findings?account=${c.key}`} />
        </section>
        <section className="panel">
          <ByTable caption="Open findings by policy" keyHeader="Policy" rows={data.byPolicy} link={(c) => `/findings?policy=${c.key}`} />
        </section>
      </div>
      <section aria-labelledby="gaps-h" className="panel">
        <h2 id="gaps-h">
          Coverage gaps <span className="muted">({data.gaps.length})</span>
        </h2>
        {data.gaps.length === 0 ? (
          <p className="muted">The last scan evaluated everything in its scope.</p>
        ) : (
          <table>
            <caption className="sr-only">Where the last scan could not look</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Region</th>
                <th scope="col">Resource type</th>
                <th scope="col">Error</th>
                <th scope="col">Policies not evaluated</th>
              </tr>
            </thead>
            <tbody>
              {data.gaps.map((g, i) => (
                <tr key={i}>
                  <td>{g.accountName ?? g.account}</td>
                  <td>{g.region}</td>
                  <td>{g.resourceType}</td>
                  <td>
                    <code>{g.code}</code> {g.message}
                  </td>
                  <td>{g.policies.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
