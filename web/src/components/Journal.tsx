/** Journal entries: what was (or will be) called, before and after, and the decisions an operator can take. */
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
    </span>
  );
}
