import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, type FindingExportFormat, type FindingFilters, type FindingRow, type FindingSort } from '../api.ts';
import { plural } from '../components/plain.ts';
import { Alert, Loading, SEVERITIES, SeverityBadge, STATUSES, StatusBadge, useData, when } from '../components/ui.tsx';
import { Link, navigate, useLocation } from '../router.tsx';

const KEYS = ['severity', 'status', 'account', 'region', 'service', 'policy', 'resource', 'text', 'sort', 'order'] as const;
type Key = (typeof KEYS)[number];
const PAGE = 50;
/** What the API lists when no status is given; shown checked so that the filter says what the list holds. */
const DEFAULT_STATUSES = ['new', 'open', 'reopened'];
/** Text fields wait for a pause in typing before they filter. */
const DEBOUNCE_MS = 300;
/** The direction a column sorts in first (the store's natural order); a second click reverses it. */
const NATURAL: Record<FindingSort, 'asc' | 'desc'> = { severity: 'desc', lastSeen: 'desc', firstSeen: 'desc', policy: 'asc', resource: 'asc' };
const EXPORTS: { format: FindingExportFormat; label: string }[] = [
  { format: 'csv', label: 'CSV' },
  { format: 'json', label: 'JSON' },
  { format: 'ocsf', label: 'OCSF' },
  { format: 'asff', label: 'ASFF' },
];

function filtersOf(q: URLSearchParams): FindingFilters {
  const f: FindingFilters = {};
  for (const k of KEYS) {
    const v = q.get(k);
    if (v) (f as Record<string, string>)[k] = v;
  }
  return f;
}

function searchOf(f: FindingFilters): string {
  const p = new URLSearchParams();
  for (const k of KEYS) {
    const v = f[k];
    if (v) p.set(k, String(v));
  }
  return p.toString();
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

/** A text filter that applies after a pause in typing (and at once on Enter). */
function TextFilter({ label, value, onChange, type, placeholder }: { label: string; value: string; onChange: (v: string) => void; type?: string; placeholder?: string }) {
  const [draft, setDraft] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const change = (v: string) => {
    setDraft(v);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => onChange(v.trim()), DEBOUNCE_MS);
  };
  return (
    <label>
      {label}
      <input
        type={type ?? 'text'}
        value={draft}
        placeholder={placeholder}
        onChange={(e) => change(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            clearTimeout(timer.current);
            onChange(draft.trim());
          }
        }}
      />
    </label>
  );
}

function SortHeader({ label, sort, current, order, onSort, className }: { label: string; sort: FindingSort; current: FindingSort; order: 'asc' | 'desc'; onSort: (s: FindingSort) => void; className?: string }) {
  const active = sort === current;
  const dir = active ? order : undefined;
  return (
    <th scope="col" className={className} aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}>
      <button type="button" className="sort-button" onClick={() => onSort(sort)}>
        {label}
        <span aria-hidden="true" className="sort-mark">
          {dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ' ↕'}
        </span>
      </button>
    </th>
  );
}

function Cell({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <td data-label={label} className={className}>
      {children}
    </td>
  );
}

export function FindingsPage() {
  const { query } = useLocation();
  const key = query.toString();
  const filters = filtersOf(query);
  const facets = useData(() => api.facets(), []);
  const [rows, setRows] = useState<FindingRow[] | undefined>();
  const [next, setNext] = useState<string | undefined>();
  const [total, setTotal] = useState<number | undefined>();
  const [exact, setExact] = useState(true);
  const [error, setError] = useState<unknown>();
  const [more, setMore] = useState(false);

  useEffect(() => {
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

  /** Filters apply as they change: the URL holds them (shareable, back button), replacing the entry while filtering. */
  const update = (patch: Partial<Record<Key, string | undefined>>) => {
    const f = { ...filtersOf(new URLSearchParams(location.search)), ...patch } as FindingFilters;
    for (const k of KEYS) if (!f[k]) delete f[k];
    const s = searchOf(f);
    navigate(`/findings${s ? `?${s}` : ''}`, { replace: true });
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

  const severities = filters.severity ? filters.severity.split(',') : [];
  const statusParam = filters.status ? filters.status.split(',') : undefined;
  const statuses = statusParam ?? DEFAULT_STATUSES;
  const setStatuses = (v: string[]) => {
    // `all` and particular statuses exclude each other; nothing checked means every status.
    const added = v.find((s) => !statuses.includes(s));
    const next = added === 'all' || v.length === 0 ? ['all'] : v.filter((s) => s !== 'all');
    const same = next.length === DEFAULT_STATUSES.length && DEFAULT_STATUSES.every((s) => next.includes(s));
    update({ status: same ? undefined : next.join(',') });
  };
  const sort = (filters.sort ?? 'severity') as FindingSort;
  const order = (filters.order as 'asc' | 'desc' | undefined) ?? NATURAL[sort];
  const onSort = (s: FindingSort) => {
    const nextOrder = s === sort ? (order === 'asc' ? 'desc' : 'asc') : NATURAL[s];
    update({ sort: s === 'severity' ? undefined : s, order: nextOrder === NATURAL[s] ? undefined : nextOrder });
  };
  const exportQuery = (format: FindingExportFormat) => {
    const p = new URLSearchParams(searchOf(filters));
    p.set('format', format);
    return `/api/findings/export?${p}`;
  };
  const fa = facets.data;
  return (
    <>
      <h1>Findings</h1>
      <form className="filters" aria-label="Filter findings" onSubmit={(e) => e.preventDefault()}>
        <MultiCheck legend="Severity" name="severity" options={SEVERITIES} value={severities} onChange={(v) => update({ severity: v.join(',') })} />
        <MultiCheck legend={`Status${statusParam ? '' : ' (default: new, open, reopened)'}`} name="status" options={[...STATUSES, 'all']} value={statuses} onChange={setStatuses} />
        <div className="filter-fields">
          <label>
            Account
            <select value={filters.account ?? ''} onChange={(e) => update({ account: e.target.value })}>
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
            <select value={filters.region ?? ''} onChange={(e) => update({ region: e.target.value })}>
              <option value="">all</option>
              {fa?.regions.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <label>
            Service
            <select value={filters.service ?? ''} onChange={(e) => update({ service: e.target.value })}>
              <option value="">all</option>
              {fa?.services.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label className="wide">
            Policy
            <select value={filters.policy ?? ''} onChange={(e) => update({ policy: e.target.value })}>
              <option value="">all</option>
              {fa?.policies
                .slice()
                .sort((a, b) => a.title.localeCompare(b.title))
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.title} ({p.id})
                  </option>
                ))}
            </select>
          </label>
          <TextFilter label="Resource (ARN or id, * wildcard)" value={filters.resource ?? ''} onChange={(v) => update({ resource: v })} />
          <TextFilter label="Text" type="search" value={filters.text ?? ''} onChange={(v) => update({ text: v })} placeholder="title, policy, ARN, name, framework id" />
        </div>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => navigate('/findings', { replace: true })} disabled={!key}>
            Clear filters
          </button>
          <span className="export" role="group" aria-label="Export the findings of this filter">
            <span className="muted small">Export:</span>
            {EXPORTS.map((x) => (
              <a key={x.format} className="button-link" href={exportQuery(x.format)} download>
                {x.label}
              </a>
            ))}
          </span>
        </div>
      </form>
      <Alert error={error} />
      <p className="muted" aria-live="polite">
        {total === undefined ? 'Counting…' : `${exact ? '' : 'about '}${plural(total, 'matching finding')}`}
        {rows ? `, ${rows.length.toLocaleString('en-US')} shown` : ''}
      </p>
      {!rows && !error && <Loading what="findings" />}
      {rows && (
        <table className="findings cards">
          <caption className="sr-only">Findings</caption>
          <thead>
            <tr>
              <SortHeader label="Severity" sort="severity" current={sort} order={order} onSort={onSort} />
              <SortHeader label="Finding" sort="policy" current={sort} order={order} onSort={onSort} />
              <SortHeader label="Resource" sort="resource" current={sort} order={order} onSort={onSort} />
              <th scope="col">Account</th>
              <th scope="col" className="secondary-col">
                Region
              </th>
              <th scope="col">Status</th>
              <SortHeader label="First seen" sort="firstSeen" current={sort} order={order} onSort={onSort} className="secondary-col" />
              <SortHeader label="Last seen" sort="lastSeen" current={sort} order={order} onSort={onSort} className="secondary-col" />
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={8} className="muted">
                  No finding matches.
                </td>
              </tr>
            )}
            {rows.map((f) => (
              <tr key={f.id}>
                <Cell label="Severity">
                  <SeverityBadge severity={f.severity} />
                </Cell>
                <Cell label="Finding" className="card-title">
                  <Link to={`/findings/${f.id}`}>{f.title}</Link>
                  <div className="muted small">
                    {f.policy} · {plural(f.evidenceCount, 'violating part')}
                  </div>
                </Cell>
                <Cell label="Resource">
                  <span className="break">{f.resource.name ?? f.resource.id}</span>
                  <div className="muted small break">{f.resource.id}</div>
                </Cell>
                <Cell label="Account">{f.resource.accountName ?? f.resource.account}</Cell>
                <Cell label="Region" className="secondary-col">
                  {f.resource.region}
                </Cell>
                <Cell label="Status">
                  <StatusBadge status={f.status} />
                  {f.exclusion && <div className="muted small">by {f.exclusion.id}</div>}
                </Cell>
                <Cell label="First seen" className="small secondary-col">
                  {when(f.firstSeen)}
                </Cell>
                <Cell label="Last seen" className="small secondary-col">
                  {when(f.lastSeen)}
                </Cell>
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
