import { useState } from 'react';
import { api, type Me } from '../api.ts';
import { Alert, Loading, SeverityBadge, useData } from '../components/ui.tsx';
import { YamlEditor } from '../components/YamlEditor.tsx';
import { Link, navigate, useLocation } from '../router.tsx';

export function PoliciesPage({ me }: { me: Me }) {
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const [text, setText] = useState(q);
  const { data, error, reload } = useData(() => api.policies(q || undefined), [q]);
  const [editing, setEditing] = useState(false);
  return (
    <>
      <h1>Policies</h1>
      <form
        role="search"
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/policies${text ? `?q=${encodeURIComponent(text)}` : ''}`);
        }}
      >
        <label>
          Search the catalog
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="id, title, framework (e.g. smb, CIS-4.0:5.1.2)" />
        </label>
        <button type="submit">Search</button>
      </form>
      <Alert error={error} />
      {!data ? (
        <Loading what="policies" />
      ) : (
        <table>
          <caption className="sr-only">Policies</caption>
          <thead>
            <tr>
              <th scope="col">Policy</th>
              <th scope="col">Service</th>
              <th scope="col">Severity</th>
              <th scope="col">Enabled</th>
              <th scope="col">Response</th>
              <th scope="col" className="num">
                Open
              </th>
              <th scope="col" className="num">
                Excluded
              </th>
            </tr>
          </thead>
          <tbody>
            {data.policies.map((p) => (
              <tr key={p.id} className={p.enabled ? '' : 'disabled'}>
                <td>
                  <Link to={`/policies/${p.id}`}>{p.title}</Link>
                  <div className="muted small">
                    {p.id}
                    {p.custom ? ' · custom' : ''}
                  </div>
                </td>
                <td>{p.service}</td>
                <td>
                  <SeverityBadge severity={p.severity} />
                  {p.severity !== p.defaultSeverity && <span className="muted small"> (was {p.defaultSeverity})</span>}
                </td>
                <td>{p.enabled ? 'yes' : 'no'}</td>
                <td>
                  {p.configMode ?? p.mode}
                  {p.configMode && <div className="muted small">from mamori.yaml (console: {p.mode})</div>}
                  {p.action && <div className="muted small">{p.action}</div>}
                </td>
                <td className="num">{p.failing}</td>
                <td className="num">{p.excluded}</td>
              </tr>
            ))}
            {data.policies.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  No policy matches “{q}”.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <section className="panel" aria-labelledby="custom-h">
        <h2 id="custom-h">Custom policy</h2>
        {editing ? (
          <YamlEditor canSave={me.user.role === 'admin'} onSaved={() => reload()} />
        ) : (
          <button type="button" className="secondary" onClick={() => setEditing(true)}>
            Write a custom policy…
          </button>
        )}
      </section>
    </>
  );
}
