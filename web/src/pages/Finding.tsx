import { api, type Me } from '../api.ts';
import { ConfigView } from '../components/ConfigView.tsx';
import { BeforeAfter, Calls, canOperate, EntryLine } from '../components/Journal.tsx';
import { matchedText, MODE_MEANING, modeSourceText, plural } from '../components/plain.ts';
import { Alert, Loading, Notice, SeverityBadge, StatusBadge, useAction, useData, when } from '../components/ui.tsx';
import { Link } from '../router.tsx';

export function FindingPage({ id, me }: { id: string; me: Me }) {
  const { data, error, reload } = useData(() => api.finding(id), [id]);
  const act = useAction();
  if (error) return <Alert error={error} />;
  if (!data) return <Loading what="the finding" />;
  const f = data.finding;
  const r = f.resource;
  const resolved = f.status === 'resolved';
  // The related resources an exclusion matched on (`related aws.ec2.instance i-0abc …`), linked when stored.
  const matchedIds = [...(f.exclusion?.matched ?? '').matchAll(/related \S+ (\S+)/g)].map((m) => m[1]);
  const matchedRelated = (data.resource?.related ?? []).filter((x): x is typeof x & { arn: string } => !!x.arn && matchedIds.includes(x.id));
  const decide = (ids: number[], approve: boolean) =>
    act.run(async () => {
      const res = approve ? await api.approve(ids) : await api.reject(ids, 'rejected in the console');
      reload();
      return approve ? `Fixed ${res.fixed.length}, skipped ${res.skipped.length}, failed ${res.failed.length}.` : 'Rejected.';
    });
  const undo = (entryId: number) =>
    act.run(async () => {
      const res = await api.undo(entryId);
      reload();
      return `Undone: ${plural(res.fixed.length, 'change')} put back.`;
    });
  return (
    <>
      <p className="crumbs">
        <Link to="/findings">Findings</Link> › {f.policy}
      </p>
      <h1>{f.title}</h1>
      <p className="finding-head">
        <SeverityBadge severity={f.severity} /> <StatusBadge status={f.status} /> <span>{r.type}</span> <strong>{r.name ?? r.id}</strong> <span className="muted">{r.id}</span> in{' '}
        {r.accountName ? `${r.accountName} (${r.account})` : r.account} {r.region}
      </p>
      <p className="muted small">
        First seen {when(f.firstSeen)} · last seen {when(f.lastSeen)}
        {f.resolvedAt ? ` · resolved ${when(f.resolvedAt)}` : ''} · <Link to={`/resources?arn=${encodeURIComponent(r.arn)}`}>resource page</Link> · <Link to={`/policies/${f.policy}`}>policy</Link>
      </p>
      {f.exclusion && (
        <Notice>
          Excluded by <strong>{f.exclusion.id}</strong>
          {f.exclusion.scope === 'global' ? ' (a global exclusion)' : ' (an exclusion of this policy)'}, because the resource is {matchedText(f.exclusion.matched)}. Reason: {f.exclusion.reason}
          {/[.!?]$/.test(f.exclusion.reason) ? '' : '.'}
          {f.exclusion.owner ? ` Owner: ${f.exclusion.owner}.` : ''}
          {f.exclusion.expires ? ` Applies until ${f.exclusion.expires}.` : ' Does not expire.'}
          {matchedRelated.map((x) => (
            <span key={x.arn}>
              {' '}
              <Link to={`/resources?arn=${encodeURIComponent(x.arn)}`}>Open {x.id}</Link>
            </span>
          ))}
        </Notice>
      )}
      {f.error && <p className="alert">Could not be evaluated: {f.error}</p>}
      <Alert error={act.error} />
      <Notice>{act.message}</Notice>
      <div className="grid2 wide-left">
        <section aria-labelledby="config-h" className="panel">
          <h2 id="config-h">Configuration</h2>
          {data.resource ? (
            <>
              <p className="muted small">As last scanned {when(data.resource.lastSeen)}.</p>
              <ConfigView sections={data.resource.sections} label="Resource configuration" />
            </>
          ) : (
            <p className="muted">The resource’s configuration is not stored.</p>
          )}
        </section>
        <div>
          <section aria-labelledby="why-h" className="panel">
            <h2 id="why-h">Why it matters</h2>
            {data.policy ? (
              <>
                <p>{data.policy.rationale ?? data.policy.description}</p>
                {data.policy.frameworks.length > 0 && <p className="muted small">{data.policy.frameworks.join(' · ')}</p>}
              </>
            ) : (
              <p className="muted">The policy is no longer loaded.</p>
            )}
            {resolved ? (
              <>
                <h3>Parts that violated (history)</h3>
                <p className="muted small">Resolved {when(f.resolvedAt)}: the last scan no longer found these parts; they are not current violations.</p>
              </>
            ) : (
              <h3>Violating parts</h3>
            )}
            <ul className={resolved ? 'plain historical' : 'plain'} aria-label={resolved ? 'Parts that violated before the finding was resolved' : 'Violating parts'}>
              {f.evidence.map((e) => (
                <li key={e.id}>
                  <span className={resolved ? 'historical-mark' : 'warn'} aria-hidden="true">
                    {resolved ? '✓' : '⚠'}
                  </span>{' '}
                  {resolved && <span className="sr-only">Was violating: </span>}
                  <span className={resolved ? 'was' : undefined}>{e.summary}</span> <code className="small">{e.id}</code>
                </li>
              ))}
              {f.evidence.length === 0 && <li className="muted">none</li>}
            </ul>
            {f.status !== 'excluded' && f.status !== 'resolved' && canOperate(me) && (
              <p className="small">
                <Link to={`/policies/${f.policy}?exclude=${encodeURIComponent(r.id)}`}>Add an exclusion for this resource…</Link>
              </p>
            )}
          </section>
          <section aria-labelledby="fix-h" className="panel">
            <h2 id="fix-h">Fix</h2>
            <p>
              Response mode in effect <strong>{data.fix.mode}</strong>
              {data.fix.modeSource && <span className="muted small"> (set by {modeSourceText(data.fix.modeSource)})</span>}
              {data.fix.action && (
                <>
                  {' '}
                  · action <code>{data.fix.action}</code> ({data.fix.reversible ? 'reversible' : 'not reversible'})
                </>
              )}
            </p>
            <p className="muted small">{MODE_MEANING[data.fix.mode]}.</p>
            {data.fix.actionDescription && <p className="small">{data.fix.actionDescription}</p>}
            {!data.fix.action && data.fix.hint && <p className="small">{data.fix.hint}</p>}
            {data.fix.entries.length === 0 && <p className="muted small">No fix planned for this resource yet{data.fix.mode === 'notify' || data.fix.mode === 'off' ? ` (the response mode is ${data.fix.mode}; set it to approve on its policy page)` : ''}.</p>}
            {data.fix.entries.map((e) => (
              <article key={e.id} className="entry">
                <h3>
                  <EntryLine entry={e} />
                </h3>
                <Calls entry={e} />
                <BeforeAfter entry={e} />
                {canOperate(me) && (
                  <div className="actions">
                    {e.status === 'planned' && (
                      <>
                        <button type="button" disabled={act.busy} onClick={() => void decide([e.id], true)}>
                          Approve fix #{e.id}
                        </button>
                        <button type="button" className="secondary" disabled={act.busy} onClick={() => void decide([e.id], false)}>
                          Reject
                        </button>
                      </>
                    )}
                    {e.status === 'verified' && e.reversible && e.undoOf === undefined && e.undoneBy === undefined && (
                      <button type="button" className="secondary" disabled={act.busy} onClick={() => void undo(e.id)}>
                        Undo #{e.id}
                      </button>
                    )}
                  </div>
                )}
              </article>
            ))}
          </section>
          <section aria-labelledby="hist-h" className="panel">
            <h2 id="hist-h">History</h2>
            <table>
              <caption className="sr-only">Status changes</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Run</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {data.history.map((h, i) => (
                  <tr key={i}>
                    <td className="small">{when(h.at)}</td>
                    <td>
                      {h.runId}
                      {h.runKind && h.runKind !== 'scan' && <span className="muted small"> ({h.runKind}{h.journalId !== undefined ? `, change #${h.journalId}` : ''})</span>}
                    </td>
                    <td>
                      {h.from ? <StatusBadge status={h.from} /> : '—'} → <StatusBadge status={h.to} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      </div>
    </>
  );
}
