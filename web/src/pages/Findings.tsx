import { useEffect, useState, type FormEvent } from 'react';
import { api, type FindingFilters, type FindingRow, type FindingSort } from '../api.ts';
import { Alert, Loading, SEVERITIES, SeverityBadge, STATUSES, StatusBadge, useData, when } from '../components/ui.tsx';
import { Link, navigate, useLocation } from '../router.tsx';

const KEYS = ['severity', 'status', 'account', 'region', 'service', 'policy', 'resource', 'text', 'sort'] as const;
const PAGE = 50;

function filtersOf(q: URLSearchParams): FindingFilters {
  const f: FindingFilters = {};
  for (const k of KEYS) {
    const v = q.get(k);
    if (v) (f as Record<string, string>)[k] = v;
  }
  return f;
}

function MultiCheck({ legend, name, options, value, onChange }: { legend: string; name: string; options: string[]; value: string[]; onChange: (v: string[]) => void }) {
  return (
    <fieldset className="checks">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o}>
          <input type="checkbox" name={name} value={o} checked={value.includes(o)} onChange={(e) => onChange(e.target.checked ? [...value, o] : value.filter((x) => x !== o))} /> {o}
        </label>
      ))}
    </fieldset>
  );
}

export function FindingsPage() {
  const { query } = useLocation();
  const key = query.toString();
  const filters = filtersOf(query);
  const facets = useData(() => api.facets(), []);
  const [draft, setDraft] = useState<FindingFilters>(filters);
  const [rows, setRows] = useState<FindingRow[] | undefined>();
  const [next, setNext] = useState<string | undefined>();
  const [total, setTotal] = useState<number | undefined>();
  const [exact, setExact] = useState(true);
  const [error, setError] = useState<unknown>();
  const [more, setMore] = useState(false);

  useEffect(() => {
    setDraft(filtersOf(new URLSearchParams(key)));
    setRows(undefined);
    setTotal(undefined);
    setError(undefined);
    let live = true;
    const f = filtersOf(new URLSearchParams(key));
    // The rows come first; the count (the slow part of a large match) follows on its own.
    api.findings({ ...f, limit: PAGE, total: '0' }).then(
      (p) => {
        if (!live) return;
        setRows(p.findings);
        setNext(p.nextCursor);
      },
      (e: unknown) => live && setError(e),
    );
    api.findings({ ...f, limit: 1, total: '1' }).then(
      (p) => {
        if (!live) return;
        setTotal(p.total);
        setExact(p.totalExact !== false);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [key]);

  const apply = (e?: FormEvent) => {
    e?.preventDefault();
    const p = new URLSearchParams();
    for (const k of KEYS) {
      const v = draft[k];
      if (v) p.set(k, String(v));
    }
    navigate(`/findings${p.toString() ? `?${p}` : ''}`);
  };

  const loadMore = async () => {
    if (!next) return;
    setMore(true);
    try {
      const p = await api.findings({ ...filters, limit: PAGE, cursor: next, total: '0' });
      setRows((r) => [...(r ?? []), ...p.findings]);
      setNext(p.nextCursor);
    } catch (e) {
      setError(e);
    } finally {
      setMore(false);
    }
  };

  const list = (k: 'severity' | 'status') => (draft[k] ? String(draft[k]).split(',') : []);
  const set = (k: keyof FindingFilters, v: string) => setDraft((d) => ({ ...d, [k]: v || undefined }));
  const fa = facets.data;
  return (
    <>
      <h1>Findings</h1>
      <form className="filters" onSubmit={apply} aria-label="Filter findings">
        <MultiCheck legend="Severity" name="severity" options={SEVERITIES} value={list('severity')} onChange={(v) => set('severity', v.join(','))} />
        <MultiCheck legend="Status (default: new, open, reopened)" name="status" options={[...STATUSES, 'all']} value={list('status')} onChange={(v) => set('status', v.join(','))} />
        <div className="filter-fields">
          <label>
            Account
            <select value={draft.account ?? ''} onChange={(e) => set('account', e.target.value)}>
              <option value="">all</option>
              {fa?.accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name ? `${a.name} (${a.id})` : a.id}
                </option>
              ))}
            </select>
          </label>
          <label>
            Region
            <select value={draft.region ?? ''} onChange={(e) => set('region', e.target.value)}>
              <option value="">all</option>
              {fa?.regions.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <label>
            Service
            <select value={draft.service ?? ''} onChange={(e) => set('service', e.target.value)}>
              <option value="">all</option>
              {fa?.services.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Policy
            <select value={draft.policy ?? ''} onChange={(e) => set('policy', e.target.value)}>
              <option value="">all</option>
              {fa?.policies.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.id}
                </option>
              ))}
            </select>
          </label>
          <label>
            Resource (ARN or id, * wildcard)
            <input value={draft.resource ?? ''} onChange={(e) => set('resource', e.target.value)} />
          </label>
          <label>
            Text
            <input type="search" value={draft.text ?? ''} onChange={(e) => set('text', e.target.value)} placeholder="title, policy, ARN, name" />
          </label>
          <label>
            Sort
            <select value={draft.sort ?? 'severity'} onChange={(e) => set('sort', e.target.value as FindingSort)}>
              <option value="severity">most severe first</option>
              <option value="lastSeen">last seen</option>
              <option value="firstSeen">first seen</option>
              <option value="policy">policy</option>
              <option value="resource">resource</option>
            </select>
          </label>
        </div>
        <div className="actions">
          <button type="submit">Apply filters</button>
          <button type="button" className="secondary" onClick={() => navigate('/findings')}>
            Clear
          </button>
        </div>
      </form>
      <Alert error={error} />
      <p className="muted" aria-live="polite">
        {total === undefined ? 'Counting…' : `${exact ? '' : 'about '}${total.toLocaleString()} matching ${total === 1 ? 'finding' : 'findings'}`}
        {rows ? `, ${rows.length} shown` : ''}
      </p>
      {!rows && !error && <Loading what="findings" />}
      {rows && (
        <table className="findings">
          <caption className="sr-only">Findings</caption>
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Finding</th>
              <th scope="col">Resource</th>
              <th scope="col">Account</th>
              <th scope="col">Region</th>
              <th scope="col">Status</th>
              <th scope="col">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  No finding matches.
                </td>
              </tr>
            )}
            {rows.map((f) => (
              <tr key={f.id}>
                <td>
                  <SeverityBadge severity={f.severity} />
                </td>
                <td>
                  <Link to={`/findings/${f.id}`}>{f.title}</Link>
                  <div className="muted small">
                    {f.policy} · {f.evidenceCount} violating {f.evidenceCount === 1 ? 'part' : 'parts'}
                  </div>
                </td>
                <td>
                  {f.resource.name ?? f.resource.id}
                  <div className="muted small">{f.resource.id}</div>
                </td>
                <td>{f.resource.accountName ?? f.resource.account}</td>
                <td>{f.resource.region}</td>
                <td>
                  <StatusBadge status={f.status} />
                  {f.exclusion && <div className="muted small">by {f.exclusion.id}</div>}
                </td>
                <td className="small">{when(f.lastSeen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" onClick={() => void loadMore()} disabled={more}>
          {more ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}
