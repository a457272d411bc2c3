/** Journal entries: what was (or will be) called, before and after, and the decisions an operator can take. */
import { useEffect, useRef } from 'react';
import type { JournalView, Me } from '../api.ts';
import { StatusBadge, when } from './ui.tsx';

export function canOperate(me: Me): boolean {
  return me.user.role === 'operator' || me.user.role === 'admin';
}

function lines(state: unknown): string[] {
  if (state === undefined || state === null) return [];
  const s = state as { ingress?: { protocol?: string; fromPort?: number; toPort?: number; cidrIpv4?: string; cidrIpv6?: string; prefixListId?: string; referencedGroup?: { groupId: string }; id?: string; description?: string }[] };
  if (Array.isArray(s.ingress)) {
    return s.ingress.map((r) => {
      const ports = r.protocol === '-1' ? 'all traffic' : r.fromPort === r.toPort ? `${r.protocol} ${r.fromPort}` : `${r.protocol} ${r.fromPort}-${r.toPort}`;
      return `${ports} from ${r.cidrIpv4 ?? r.cidrIpv6 ?? r.prefixListId ?? r.referencedGroup?.groupId ?? '?'}${r.description ? ` — ${r.description}` : ''}`;
    });
  }
  return JSON.stringify(state, null, 2).split('\n');
}

/** Before and after side by side; lines that only one side has are marked. */
export function BeforeAfter({ entry }: { entry: JournalView }) {
  const before = lines(entry.before);
  const after = lines(entry.after);
  if (!before.length && !after.length) return null;
  const onlyBefore = new Set(before.filter((l) => !after.includes(l)));
  const onlyAfter = new Set(after.filter((l) => !before.includes(l)));
  return (
    <div className="before-after">
      <div>
        <h4>Before</h4>
        <ul className="config-lines">
          {before.map((l, i) => (
            <li key={i} className={onlyBefore.has(l) ? 'line removed' : 'line'}>
              <span className="mark" aria-hidden="true">
                {onlyBefore.has(l) ? '−' : ''}
              </span>
              {onlyBefore.has(l) && <span className="sr-only">Removed: </span>}
              <code>{l}</code>
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h4>After</h4>
        {after.length ? (
          <ul className="config-lines">
            {after.map((l, i) => (
              <li key={i} className={onlyAfter.has(l) ? 'line added' : 'line'}>
                <span className="mark" aria-hidden="true">
                  {onlyAfter.has(l) ? '+' : ''}
                </span>
                <code>{l}</code>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">not applied yet</p>
        )}
      </div>
    </div>
  );
}

export function Calls({ entry }: { entry: JournalView }) {
  if (!entry.plannedCalls.length) return null;
  return (
    <ol className="calls">
      {entry.plannedCalls.map((c, i) => (
        <li key={i}>
          <code>
            {c.service}:{c.operation}
          </code>{' '}
          {c.purpose}
          <details>
            <summary>request</summary>
            <pre>{JSON.stringify(c.params, null, 2)}</pre>
          </details>
        </li>
      ))}
    </ol>
  );
}

export function EntryLine({ entry }: { entry: JournalView }) {
  return (
    <span>
      #{entry.id} <StatusBadge status={entry.status} /> {entry.action}
      {entry.undoOf !== undefined && <> (undo of #{entry.undoOf})</>}
      {entry.undoneBy !== undefined && <> (undone by #{entry.undoneBy})</>}
      {entry.approvedBy && <> · approved by {entry.approvedBy}</>} · {when(entry.updatedAt)}
      {entry.runId !== undefined && <span className="muted small"> · run {entry.runId}</span>}
    </span>
  );
}

/** "account 222222222222 (Production)", or "accounts A (x), B (y)": what a confirmation names. */
export function accountsOf(entries: readonly { resource: { account: string; accountName?: string } }[]): string {
  const names = [...new Set(entries.map((e) => (e.resource.accountName ? `${e.resource.account} (${e.resource.accountName})` : e.resource.account)))];
  return `${names.length === 1 ? 'account' : 'accounts'} ${names.join(', ')}`;
}

/** Whether the console offers an undo of this entry: an applied, verified change that nothing undid yet. */
export function undoable(e: JournalView): boolean {
  return e.status === 'verified' && e.reversible && e.undoOf === undefined && e.undoneBy === undefined;
}

/** The plan in words, as `mamori fix` prints it: what goes, and what stays. */
export function PlanWords({ entry }: { entry: JournalView }) {
  const p = entry.plan;
  if (!p) return null;
  return (
    <div className="plan-words">
      {p.removes.length > 0 && (
        <>
          <h4>Removes</h4>
          <ul className="config-lines">
            {p.removes.map((l, i) => (
              <li key={i} className="line removed">
                <span className="mark" aria-hidden="true">
                  −
                </span>
                <code>{l}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      <h4>Stays</h4>
      {p.keeps.length ? (
        <ul className="config-lines" aria-label={`What stays on ${entry.resource.name ?? entry.resource.id}`}>
          {p.keeps.map((l, i) => (
            <li key={i} className="line">
              <code>{l}</code>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">Nothing else: the violating parts are all there is.</p>
      )}
      {p.notes.length > 0 && (
        <ul className="small muted">
          {p.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export interface Confirmation {
  /** The question, naming the accounts. */
  message: string;
  /** The confirming button's label, e.g. "Approve and apply". */
  confirm: string;
  onConfirm: () => void;
}

/** A modal confirmation (the native dialog element: focus is trapped, Escape cancels). */
export function ConfirmDialog({ ask, onClose }: { ask: Confirmation | undefined; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (ask && !d.open) d.showModal();
    if (!ask && d.open) d.close();
  }, [ask]);
  return (
    <dialog ref={ref} className="confirm" aria-labelledby="confirm-q" onClose={onClose}>
      <p id="confirm-q">{ask?.message}</p>
      <div className="actions">
        <button
          type="button"
          onClick={() => {
            const a = ask;
            onClose();
            a?.onConfirm();
          }}
        >
          {ask?.confirm ?? 'Confirm'}
        </button>
        <button type="button" className="secondary" autoFocus onClick={onClose}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
