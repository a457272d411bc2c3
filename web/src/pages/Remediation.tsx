import { useCallback, useState } from 'react';
import { api, type DecisionResponse, type JournalView, type Me, type RunOrigin } from '../api.ts';
import { useContinuous, useReloadOnActivity, writesText } from '../components/Continuous.tsx';
import { accountsOf, BeforeAfter, Calls, canOperate, ConfirmDialog, EntryLine, PlanWords, undoable, type Confirmation } from '../components/Journal.tsx';
import { Alert, Loading, Notice, StatusBadge, useAction, useData, when } from '../components/ui.tsx';
import { Link } from '../router.tsx';

type Suggestion = NonNullable<DecisionResponse['excludeSuggestions']>[number];

/** Journal entries grouped by the run that journaled them, in the journal's order (newest first). */
function byRun(entries: readonly JournalView[]): { runId: number | undefined; entries: JournalView[] }[] {
  const groups: { runId: number | undefined; entries: JournalView[] }[] = [];
  for (const e of entries) {
    const last = groups.at(-1);
    if (last && last.runId === e.runId) last.entries.push(e);
    else groups.push({ runId: e.runId, entries: [e] });
  }
  return groups;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `by mamori serve (watch), after AuthorizeSecurityGroupIngress by alice (…) at …`: who made a run, and why. */
function originText(o: RunOrigin | undefined): string {
  if (!o) return '';
  const by = o.actor ? ` · by ${o.actor}` : '';
  const after = o.writes?.length ? `, after ${writesText(o.writes)} at ${when(o.writes[0]!.time)}` : '';
  return `${by}${after}`;
}

/** After an undo the next scan plans the same fix again: links to the exclusion form, prefilled. */
function ExcludeOffer({ suggestions }: { suggestions: Suggestion[] }) {
  if (!suggestions.length) return null;
  return (
    <section className="panel" aria-labelledby="exclude-h">
      <h2 id="exclude-h">Keep it as it is?</h2>
      <p>The next scan will plan the same fix again. To keep {suggestions.length === 1 ? 'this resource' : 'these resources'} as {suggestions.length === 1 ? 'it is' : 'they are'}, add an exclusion:</p>
      <ul>
        {suggestions.flatMap((s) =>
          s.policies.map((p) => (
            <li key={`${s.resource.arn}|${p}`}>
              <Link to={`/policies/${encodeURIComponent(p)}?exclude=${encodeURIComponent(s.resource.id)}`}>
                Add an exclusion for {s.resource.id} to {p}…
              </Link>{' '}
              <span className="muted small">
                ({s.resource.accountName ?? s.resource.account}, {s.resource.region})
              </span>
            </li>
          )),
        )}
      </ul>
    </section>
  );
}

export function RemediationPage({ me }: { me: Me }) {
  const planned = useData(() => api.journal('planned'), []);
  const journal = useData(() => api.journal(undefined, 100), []);
  // Fixes and plans the watch loop makes appear without a refresh.
  const reloadLists = useCallback(() => {
    planned.reload();
    journal.reload();
  }, [planned.reload, journal.reload]);
  useReloadOnActivity(useContinuous(), reloadLists);
  const origins = new Map((journal.data?.runs ?? []).map((o) => [o.id, o]));
  const act = useAction();
  const [selected, setSelected] = useState<number[]>([]);
  const [reason, setReason] = useState('');
  const [ask, setAsk] = useState<Confirmation>();
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const operator = canOperate(me);
  const reloadAll = () => {
    planned.reload();
    journal.reload();
    setSelected([]);
  };
  const plans = planned.data?.entries ?? [];
  const all = plans.map((e) => e.id);
  const decide = (ids: number[], approve: boolean) =>
    act.run(async () => {
      setSuggestions([]);
      const r = approve ? await api.approve(ids) : await api.reject(ids, reason || undefined);
      reloadAll();
      return approve ? `Approved ${ids.length}: ${r.fixed.length} fixed, ${r.skipped.length} skipped, ${r.failed.length} failed.${r.failed.map((f) => ` ${f.resource.id}: ${f.why}`).join('')}` : `Rejected ${ids.length}.`;
    });
  const askApprove = (ids: number[]) => {
    const chosen = plans.filter((e) => ids.includes(e.id));
    setAsk({
      message:
        chosen.length === 1
          ? `Approve fix #${chosen[0]!.id} on ${chosen[0]!.resource.name ?? chosen[0]!.resource.id} in ${accountsOf(chosen)}? It is applied at once and verified.`
          : `Approve ${plural(chosen.length, 'fix', 'fixes')} in ${accountsOf(chosen)}? They are applied at once and verified.`,
      confirm: 'Approve and apply',
      onConfirm: () => void decide(ids, true),
    });
  };
  const undoDone = (r: DecisionResponse, what: string) => {
    reloadAll();
    setSuggestions(r.excludeSuggestions ?? []);
    const problems = [...r.skipped, ...r.failed].map((x) => `#${x.entryId ?? '?'} ${x.resource.id}: ${x.why}`);
    return r.fixed.length ? `Undone ${what}: ${plural(r.fixed.length, 'change')} put back.${problems.length ? ` Not undone: ${problems.join('; ')}` : ''}` : `Undo of ${what}: ${problems.join('; ')}`;
  };
  const askUndo = (e: JournalView) =>
    setAsk({
      message: `Undo change #${e.id} (${e.action}) on ${e.resource.name ?? e.resource.id} in ${accountsOf([e])}? What it removed is put back.`,
      confirm: `Undo #${e.id}`,
      onConfirm: () =>
        void act.run(async () => {
          setSuggestions([]);
          return undoDone(await api.undo(e.id), `#${e.id}`);
        }),
    });
  const askUndoRun = (runId: number, changes: JournalView[]) =>
    setAsk({
      message: `Undo all ${plural(changes.length, 'change')} of run ${runId} in ${accountsOf(changes)}, newest first? What they removed is put back.`,
      confirm: `Undo run ${runId}`,
      onConfirm: () =>
        void act.run(async () => {
          setSuggestions([]);
          return undoDone(await api.undoRun(runId), `run ${runId}`);
        }),
    });
  const entries = (journal.data?.entries ?? []).filter((e) => e.status !== 'planned');
  return (
    <>
      <h1>Remediation</h1>
      <ConfirmDialog ask={ask} onClose={() => setAsk(undefined)} />
      <Alert error={act.error} />
      <Notice>{act.message}</Notice>
      <ExcludeOffer suggestions={suggestions} />
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
                <button type="button" disabled={act.busy || selected.length === 0} onClick={() => askApprove(selected)}>
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
                  Policy {e.policy} · planned {when(e.createdAt)} · {e.reversible ? 'reversible' : 'not reversible'}
                  {e.findingId && (
                    <>
                      {' '}
                      · <Link to={`/findings/${e.findingId}`}>finding</Link>
                    </>
                  )}
                </p>
                {e.plan ? <PlanWords entry={e} /> : <p className="small">Removes: {e.evidence.map((x) => x.summary).join('; ')}</p>}
                <Calls entry={e} />
                {operator && (
                  <div className="actions">
                    <button type="button" disabled={act.busy} onClick={() => askApprove([e.id])}>
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
        ) : entries.length === 0 ? (
          <p className="muted">No change yet.</p>
        ) : (
          byRun(entries).map((g, gi) => {
            const changes = g.entries.filter(undoable);
            return (
              <div key={`${g.runId ?? 'none'}-${gi}`} className="run-group" aria-label={g.runId !== undefined ? `Run ${g.runId}` : 'Changes without a run'}>
                {g.runId !== undefined && (
                  <h3 className="small">
                    Run {g.runId}
                    <span className="muted">{originText(origins.get(g.runId))}</span>{' '}
                    {operator && changes.length > 0 && (
                      <button type="button" className="secondary" disabled={act.busy} onClick={() => askUndoRun(g.runId!, changes)}>
                        Undo run {g.runId} ({plural(changes.length, 'change')})
                      </button>
                    )}
                  </h3>
                )}
                {g.entries.map((e) => (
                  <article key={e.id} className="entry" aria-label={`Change #${e.id}`}>
                    <p>
                      <EntryLine entry={e} /> — {e.resource.name ?? e.resource.id} <span className="muted small">({e.resource.accountName ?? e.resource.account}, {e.resource.region})</span>{' '}
                      {operator && undoable(e) && (
                        <button type="button" className="secondary" disabled={act.busy} onClick={() => askUndo(e)}>
                          Undo #{e.id}
                        </button>
                      )}
                    </p>
                    {e.error && <p className="alert">{e.error}</p>}
                    <details>
                      <summary>Calls, before and after</summary>
                      <Calls entry={e} />
                      <BeforeAfter entry={e} />
                      <p className="muted small">
                        Status <StatusBadge status={e.status} />, last change {when(e.updatedAt)}
                      </p>
                    </details>
                  </article>
                ))}
              </div>
            );
          })
        )}
      </section>
    </>
  );
}
