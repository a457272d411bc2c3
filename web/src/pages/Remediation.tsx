import { useState } from 'react';
import { api, type Me } from '../api.ts';
import { BeforeAfter, Calls, canOperate, EntryLine } from '../components/Journal.tsx';
import { Alert, Loading, Notice, StatusBadge, useAction, useData, when } from '../components/ui.tsx';
import { Link } from '../router.tsx';

export function RemediationPage({ me }: { me: Me }) {
  const planned = useData(() => api.journal('planned'), []);
  const journal = useData(() => api.journal(undefined, 100), []);
  const act = useAction();
  const [selected, setSelected] = useState<number[]>([]);
  const [reason, setReason] = useState('');
  const operator = canOperate(me);
  const reloadAll = () => {
    planned.reload();
    journal.reload();
    setSelected([]);
  };
  const decide = (ids: number[], approve: boolean) =>
    act.run(async () => {
      const r = approve ? await api.approve(ids) : await api.reject(ids, reason || undefined);
      reloadAll();
      return approve ? `Approved ${ids.length}: ${r.fixed.length} fixed, ${r.skipped.length} skipped, ${r.failed.length} failed.${r.failed.map((f) => ` ${f.resource.id}: ${f.why}`).join('')}` : `Rejected ${ids.length}.`;
    });
  const plans = planned.data?.entries ?? [];
  const all = plans.map((e) => e.id);
  return (
    <>
      <h1>Remediation</h1>
      <Alert error={act.error} />
      <Notice>{act.message}</Notice>
      <section className="panel" aria-labelledby="plans-h">
        <h2 id="plans-h">
          Awaiting approval <span className="pill">{plans.length}</span>
        </h2>
        {!planned.data ? (
          <Loading what="plans" />
        ) : plans.length === 0 ? (
          <p className="muted">Nothing awaits approval. Policies in the approve mode get plans after each scan.</p>
        ) : (
          <>
            {operator && (
              <div className="actions">
                <label className="check">
                  <input type="checkbox" checked={selected.length === all.length} onChange={(e) => setSelected(e.target.checked ? all : [])} /> Select all
                </label>
                <button type="button" disabled={act.busy || selected.length === 0} onClick={() => void decide(selected, true)}>
                  Approve selected ({selected.length})
                </button>
                <label>
                  Reason to reject
                  <input value={reason} onChange={(e) => setReason(e.target.value)} />
                </label>
                <button type="button" className="secondary" disabled={act.busy || selected.length === 0} onClick={() => void decide(selected, false)}>
                  Reject selected
                </button>
              </div>
            )}
            {!operator && <p className="muted small">Approving needs the operator role; you can read the plans.</p>}
            {plans.map((e) => (
              <article key={e.id} className="entry" aria-labelledby={`plan-${e.id}`}>
                <h3 id={`plan-${e.id}`}>
                  {operator && (
                    <input
                      type="checkbox"
                      aria-label={`Select plan #${e.id}`}
                      checked={selected.includes(e.id)}
                      onChange={(ev) => setSelected((s) => (ev.target.checked ? [...s, e.id] : s.filter((x) => x !== e.id)))}
                    />
                  )}{' '}
                  #{e.id} {e.action} on {e.resource.name ?? e.resource.id} <span className="muted small">({e.resource.accountName ?? e.resource.account}, {e.resource.region})</span>
                </h3>
                <p className="small">
                  Policy {e.policy} · planned {when(e.createdAt)} · {e.reversible ? 'reversible' : 'not reversible'} · removes: {e.evidence.map((x) => x.summary).join('; ')}
                  {e.findingId && (
                    <>
                      {' '}
                      · <Link to={`/findings/${e.findingId}`}>finding</Link>
                    </>
                  )}
                </p>
                <Calls entry={e} />
                {operator && (
                  <div className="actions">
                    <button type="button" disabled={act.busy} onClick={() => void decide([e.id], true)}>
                      Approve fix #{e.id}
                    </button>
                    <button type="button" className="secondary" disabled={act.busy} onClick={() => void decide([e.id], false)}>
                      Reject #{e.id}
                    </button>
                  </div>
                )}
              </article>
            ))}
          </>
        )}
      </section>
      <section className="panel" aria-labelledby="journal-h">
        <h2 id="journal-h">Journal</h2>
        {!journal.data ? (
          <Loading what="the journal" />
        ) : journal.data.entries.length === 0 ? (
          <p className="muted">No change yet.</p>
        ) : (
          journal.data.entries
            .filter((e) => e.status !== 'planned')
            .map((e) => (
              <details key={e.id} className="entry">
                <summary>
                  <EntryLine entry={e} /> — {e.resource.name ?? e.resource.id} <span className="muted small">({e.resource.accountName ?? e.resource.account}, {e.resource.region})</span>
                </summary>
                {e.error && <p className="alert">{e.error}</p>}
                <Calls entry={e} />
                <BeforeAfter entry={e} />
                {operator && e.status === 'verified' && e.reversible && e.undoOf === undefined && e.undoneBy === undefined && (
                  <button
                    type="button"
                    className="secondary"
                    disabled={act.busy}
                    onClick={() =>
                      void act.run(async () => {
                        const r = await api.undo(e.id);
                        reloadAll();
                        return r.fixed.length ? `Undone #${e.id}: the removed parts are back.` : `Undo of #${e.id}: ${[...r.skipped, ...r.failed].map((x) => x.why).join('; ')}`;
                      })
                    }
                  >
                    Undo #{e.id}
                  </button>
                )}
                <p className="muted small">
                  Status <StatusBadge status={e.status} />, last change {when(e.updatedAt)}
                </p>
              </details>
            ))
        )}
      </section>
    </>
  );
}
