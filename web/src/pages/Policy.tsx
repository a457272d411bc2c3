import { useEffect, useState } from 'react';
import { api, type ExclusionView, type Me, type ResponseMode, type Severity } from '../api.ts';
import { ExclusionForm } from '../components/ExclusionForm.tsx';
import { canOperate } from '../components/Journal.tsx';
import { matchText, MODE_MEANING, modeSourceText, plural } from '../components/plain.ts';
import { Alert, Loading, Notice, SEVERITIES, SeverityBadge, useAction, useData, when } from '../components/ui.tsx';
import { Link, navigate, useLocation } from '../router.tsx';


export function PolicyPage({ id, me }: { id: string; me: Me }) {
  const { query } = useLocation();
  const exclude = query.get('exclude') ?? undefined;
  const { data, error, reload } = useData(() => api.policy(id), [id]);
  const act = useAction();
  const [enabled, setEnabled] = useState(true);
  const [severity, setSeverity] = useState<string>('');
  const [mode, setMode] = useState<string>('');
  const [adding, setAdding] = useState(!!exclude);
  const [editing, setEditing] = useState<string | undefined>();
  const [removing, setRemoving] = useState<string | undefined>();
  useEffect(() => {
    if (!data) return;
    setEnabled(data.policy.enabled);
    setSeverity(data.policy.severity === data.policy.defaultSeverity ? '' : data.policy.severity);
    setMode(data.policy.mode);
  }, [data]);
  if (error) return <Alert error={error} />;
  if (!data) return <Loading what="the policy" />;
  const p = data.policy;
  const admin = me.user.role === 'admin';
  const operator = canOperate(me);
  const save = () =>
    act.run(async () => {
      const r = await api.setPolicy(id, { enabled, severity: severity ? (severity as Severity) : null, mode: mode as ResponseMode });
      reload();
      return [`Saved: ${r.policy.enabled ? 'enabled' : 'disabled'}, severity ${r.policy.severity}, response ${r.policy.mode}.`, r.planned ? `${plural(r.planned, 'fix')} planned and awaiting approval.` : '', ...r.notes].filter(Boolean).join(' ');
    });
  const stored = data.exclusions.filter((x) => x.source === 'stored');
  const others = data.exclusions.filter((x) => x.source !== 'stored');
  const row = (x: ExclusionView) => (
    <tr key={`${x.source}-${x.id}`} className={x.expired ? 'disabled' : ''}>
      <td>
        <code>{x.id}</code>
        <div className="muted small">{x.source === 'stored' ? `added by ${x.createdBy ?? '?'} ${when(x.createdAt)}` : x.source === 'policy' ? 'in the policy' : 'in mamori.yaml'}</div>
      </td>
      <td className="small" data-label="Matches">
        {matchText(x.match)}
      </td>
      <td>{x.reason}</td>
      <td>{x.owner ?? '—'}</td>
      <td>{x.expires ? `${x.expires}${x.expired ? ' (expired)' : ''}` : 'never'}</td>
      <td>
        {x.source === 'stored' && operator && (
          <div className="actions">
            <button type="button" className="secondary small-button" onClick={() => setEditing(x.id)}>
              Edit
            </button>
            {removing === x.id ? (
              <button
                type="button"
                className="danger small-button"
                disabled={act.busy}
                onClick={() =>
                  void act.run(async () => {
                    await api.removeExclusion(x.id, 'removed in the console');
                    setRemoving(undefined);
                    reload();
                    return `Removed exclusion ${x.id}; findings re-evaluated.`;
                  })
                }
              >
                Confirm removal
              </button>
            ) : (
              <button type="button" className="secondary small-button" onClick={() => setRemoving(x.id)}>
                Remove
              </button>
            )}
          </div>
        )}
      </td>
    </tr>
  );
  const editingX = stored.find((x) => x.id === editing);
  return (
    <>
      <p className="crumbs">
        <Link to="/policies">Policies</Link> › {p.id}
      </p>
      <h1>{p.title}</h1>
      <p>
        <SeverityBadge severity={p.severity} /> <code>{p.id}</code> · {p.resource} · {p.failing} open · {p.excluded} excluded ·{' '}
        <Link to={`/findings?policy=${p.id}&status=all`}>findings</Link>
      </p>
      <p>{p.description}</p>
      {p.rationale && (
        <p>
          <strong>Why:</strong> {p.rationale}
        </p>
      )}
      {p.remediation && <p className="muted small">Fix: {p.remediation}</p>}
      <Alert error={act.error} />
      <Notice>{act.message}</Notice>
      <section className="panel" aria-labelledby="settings-h">
        <h2 id="settings-h">Settings</h2>
        <form
          className="inline-form"
          aria-label="Policy settings"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label className="check">
            <input type="checkbox" name="enabled" checked={enabled} disabled={!admin} onChange={(e) => setEnabled(e.target.checked)} /> Enabled
          </label>
          <label>
            Severity
            <select name="severity" value={severity} disabled={!admin} onChange={(e) => setSeverity(e.target.value)}>
              <option value="">policy default ({p.defaultSeverity})</option>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label>
            Response mode (console setting)
            <select name="mode" value={mode} disabled={!admin} onChange={(e) => setMode(e.target.value)}>
              {data.modes.map((m) => (
                <option key={m} value={m}>
                  {m}
                  {m === p.defaultMode ? ' (policy default)' : ''}
                </option>
              ))}
            </select>
          </label>
          {admin && (
            <button type="submit" disabled={act.busy}>
              {act.busy ? 'Saving…' : 'Save settings'}
            </button>
          )}
        </form>
        {data.effectiveMode && (
          <p className="effective-mode" data-testid="effective-mode">
            Response mode in effect: <strong>{data.effectiveMode.mode}</strong> — set by {modeSourceText(data.effectiveMode)}
            {data.effectiveMode.source === 'config' && data.effectiveMode.mode !== p.mode ? `; it overrides the console setting (${p.mode}) until mamori.yaml changes` : ''}.
            {data.effectiveMode.accountOverrides.length > 0 && (
              <>
                {' '}
                Account overrides in mamori.yaml: {data.effectiveMode.accountOverrides.map((o) => `${o.mode} for ${o.accounts.join(', ')}`).join('; ')}.
              </>
            )}
          </p>
        )}
        <p className="muted small">
          off: {MODE_MEANING.off} · notify: {MODE_MEANING.notify} · approve: {MODE_MEANING.approve} ({p.action ?? 'no action'}) · auto: {MODE_MEANING.auto}.{' '}
          {data.settings ? `Last changed by ${data.settings.updatedBy} ${when(data.settings.updatedAt)}.` : ''}
          {!admin && ' Only an admin changes settings.'}
        </p>
      </section>
      <section className="panel" aria-labelledby="excl-h">
        <h2 id="excl-h">Exclusions</h2>
        <table>
          <caption className="sr-only">Exclusions of this policy</caption>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Matches</th>
              <th scope="col">Reason</th>
              <th scope="col">Owner</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {[...stored, ...others].map(row)}
            {data.exclusions.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  No exclusion.
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {editingX && (
          <ExclusionForm
            initial={editingX}
            submitLabel="Save exclusion"
            busy={act.busy}
            onCancel={() => setEditing(undefined)}
            onSubmit={(x) =>
              void act.run(async () => {
                await api.updateExclusion(editingX.id, { match: x.match, reason: x.reason, owner: x.owner ?? null, expires: x.expires ?? null });
                setEditing(undefined);
                reload();
                return `Saved exclusion ${editingX.id}; findings re-evaluated.`;
              })
            }
          />
        )}
        {operator &&
          (adding ? (
            <ExclusionForm
              resource={exclude}
              submitLabel="Add exclusion"
              busy={act.busy}
              onCancel={() => {
                setAdding(false);
                if (exclude) navigate(`/policies/${id}`, { replace: true });
              }}
              onSubmit={(x) =>
                void act.run(async () => {
                  const r = await api.addExclusion(id, x);
                  setAdding(false);
                  reload();
                  return `Added exclusion ${r.exclusion.id}; ${plural(r.reevaluated, 'finding')} ${r.reevaluated === 1 ? 'is' : 'are'} now excluded.`;
                })
              }
            />
          ) : (
            <button type="button" onClick={() => setAdding(true)}>
              Add an exclusion…
            </button>
          ))}
      </section>
      {data.source && (
        <section className="panel" aria-labelledby="yaml-h">
          <h2 id="yaml-h">Policy as written {p.file ? <span className="muted small">{p.file}</span> : null}</h2>
          <p className="muted small">
            The file as loaded: its <code>response.mode</code> ({p.defaultMode}) and <code>severity</code> ({p.defaultSeverity}) are defaults; the settings above and mamori.yaml decide what applies.
          </p>
          <pre className="yaml">{data.source}</pre>
          {p.custom && admin && (
            <button
              type="button"
              className="danger"
              onClick={() =>
                void act.run(async () => {
                  await api.deleteCustomPolicy(p.id);
                  navigate('/policies');
                })
              }
            >
              Delete this custom policy
            </button>
          )}
        </section>
      )}
    </>
  );
}
