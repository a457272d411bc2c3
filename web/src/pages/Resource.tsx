import { api } from '../api.ts';
import { ConfigView } from '../components/ConfigView.tsx';
import { relationText, typeName } from '../components/plain.ts';
import { Alert, Loading, SeverityBadge, StatusBadge, useData, when } from '../components/ui.tsx';
import { Link, useLocation } from '../router.tsx';

export function ResourcePage() {
  const { query } = useLocation();
  const arn = query.get('arn') ?? '';
  const { data, error } = useData(() => api.resource(arn), [arn]);
  if (error) return <Alert error={error} />;
  if (!data) return <Loading what="the resource" />;
  const r = data.resource;
  return (
    <>
      <p className="crumbs">
        <Link to="/findings">Findings</Link> › resource
      </p>
      <h1>
        {r.name ?? r.id} <span className="muted small">{r.type}</span>
      </h1>
      <p className="muted small">
        {r.arn} · {r.accountName ? `${r.accountName} (${r.account})` : r.account} · {r.region} · last scanned {when(data.lastSeen)}
        {data.goneAt ? ` · gone since ${when(data.goneAt)}` : ''}
      </p>
      <div className="grid2 wide-left">
        <section className="panel" aria-labelledby="rc-h">
          <h2 id="rc-h">Configuration</h2>
          <ConfigView sections={data.sections} label="Resource configuration" />
        </section>
        <div>
          <section className="panel" aria-labelledby="rf-h">
            <h2 id="rf-h">Findings on this resource</h2>
            <ul className="plain">
              {data.findings.map((f) => (
                <li key={f.id}>
                  <SeverityBadge severity={f.severity} /> <StatusBadge status={f.status} /> <Link to={`/findings/${f.id}`}>{f.title}</Link>
                </li>
              ))}
              {data.findings.length === 0 && <li className="muted">none</li>}
            </ul>
          </section>
          {Object.keys(r.tags).length > 0 && (
            <section className="panel" aria-labelledby="rt-h">
              <h2 id="rt-h">Tags</h2>
              <ul className="plain">
                {Object.entries(r.tags).map(([k, v]) => (
                  <li key={k}>
                    <code>
                      {k}={v}
                    </code>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {data.related.length > 0 && (
            <section className="panel" aria-labelledby="rr-h">
              <h2 id="rr-h">Related resources</h2>
              <ul className="plain">
                {data.related.map((x) => (
                  <li key={`${x.type}/${x.id}`}>
                    {relationText(x.relation, x.type).replace(/^./, (c) => c.toUpperCase())} {typeName(x.type)}{' '}
                    {x.arn ? (
                      <Link to={`/resources?arn=${encodeURIComponent(x.arn)}`}>
                        <code>{x.id}</code>
                      </Link>
                    ) : (
                      <code title="not in the store: mamori does not collect this type for the selected policies">{x.id}</code>
                    )}
                    {x.tags && Object.keys(x.tags).length > 0 && <span className="muted small"> tagged {Object.entries(x.tags).map(([k, v]) => `${k}=${v}`).join(', ')}</span>}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      </div>
    </>
  );
}
