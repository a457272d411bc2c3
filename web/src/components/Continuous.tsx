/** Continuous protection in the console: the watch loop's status panel, and pages that follow what it does. */
import { useEffect, useRef, useState } from 'react';
import { api, type ContinuousStatus, type WatchActivity, type WatchedWrite } from '../api.ts';
import { plural } from './plain.ts';
import { duration, StatusBadge, when } from './ui.tsx';
import { Link } from '../router.tsx';

/** The watch loop's status, asked for every `ms` while the page is open (undefined until the first answer). */
export function useContinuous(ms = 3000): ContinuousStatus | undefined {
  const [status, setStatus] = useState<ContinuousStatus>();
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = () => {
      api.continuous().then(
        (s) => {
          if (stopped) return;
          setStatus(s);
          // Nothing to follow without a watch loop: one answer is enough.
          if (s.watching) timer = setTimeout(tick, ms);
        },
        () => {
          if (!stopped) timer = setTimeout(tick, ms * 3);
        },
      );
    };
    tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [ms]);
  return status;
}

/** Calls `reload` each time the watch loop has handled another resource, so a page shows the fix without a refresh. */
export function useReloadOnActivity(status: ContinuousStatus | undefined, reload: () => void, extraDelayMs?: number): void {
  const seen = useRef<number | undefined>(undefined);
  const handled = status ? status.rereads : undefined;
  useEffect(() => {
    if (handled === undefined) return;
    const before = seen.current;
    seen.current = handled;
    if (before === undefined || before === handled) return;
    reload();
    // What follows a fix (the notification it queued) lands a moment later.
    if (extraDelayMs === undefined) return;
    const t = setTimeout(reload, extraDelayMs);
    return () => clearTimeout(t);
  }, [handled, reload, extraDelayMs]);
}

/** `CreateSecurityGroup, AuthorizeSecurityGroupIngress by alice (OrganizationAccountAccessRole)` */
export function writesText(writes: readonly WatchedWrite[]): string {
  const names = [...new Set(writes.map((w) => w.event))].join(', ');
  const actors = [...new Set(writes.flatMap((w) => (w.actor ? [actorName(w.actor)] : [])))];
  return `${names}${actors.length ? ` by ${actors.join(', ')}` : ''}`;
}

/** An assumed role's session as `alice (RoleName, 333333333333)`; any other ARN as it is. */
function actorName(arn: string): string {
  const m = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  return m ? `${m[3]} (${m[2]}, ${m[1]})` : arn;
}

function outcomeText(a: WatchActivity): string {
  switch (a.outcome) {
    case 'fixed':
      return `fixed ${a.fixed} (verified) ${duration(a.totalMs)} after the write${a.pending ? `; ${a.pending} waiting for approval` : ''}`;
    case 'queued':
      return `${plural(a.pending, 'fix', 'fixes')} waiting for approval`;
    case 'failing':
      return `failing ${a.failing.join(', ')}; no automatic response (notify or off)`;
    case 'clean':
      return 'nothing fails';
    case 'gone':
      return 'no longer exists';
    case 'error':
      return `error: ${a.error ?? 'unknown'}`;
  }
}

/** The Overview's panel: what is watched, what was handled and how fast, the resources handled last. */
export function ContinuousPanel() {
  const s = useContinuous();
  if (!s) return null;
  if (!s.queues.length) {
    return (
      <section aria-labelledby="cont-h" className="panel">
        <h2 id="cont-h">Continuous protection</h2>
        <p className="muted">
          Off: no event queue is configured. Set <code>events.queueUrl</code> in mamori.yaml (after <code>mamori events setup</code>) and restart <code>mamori serve</code>; see docs/continuous.md.
        </p>
      </section>
    );
  }
  const regions = s.queues.map((q) => q.region).join(', ');
  const stopped = s.queues.filter((q) => q.state === 'stopped');
  return (
    <section aria-labelledby="cont-h" className="panel">
      <h2 id="cont-h">Continuous protection</h2>
      <p role="status" aria-label="Continuous protection status">
        {s.watching ? (
          <>
            <StatusBadge status="watching" /> {plural(s.queues.length, 'event queue')} ({regions}) since {when(s.startedAt)}
          </>
        ) : (
          <>
            <StatusBadge status="stopped" /> not watching
          </>
        )}
        {' · '}last write {s.lastEventAt ? when(s.lastEventAt) : 'none yet'} · {plural(s.events, 'write')} handled · {plural(s.fixes, 'fix', 'fixes')} made
        {s.queued ? ` · ${s.queued} waiting for approval` : ''}
        {s.errors ? ` · ${plural(s.errors, 'error')}` : ''}
        {s.lag.lastMs !== undefined && (
          <>
            {' · '}lag {duration(s.lag.lastMs)} (p50 {duration(s.lag.p50Ms)}, p95 {duration(s.lag.p95Ms)})
          </>
        )}
      </p>
      {stopped.map((q) => (
        <p key={q.url + q.region} className="alert">
          Stopped watching {q.url} ({q.region}){q.error ? `: ${q.error}` : ''}
        </p>
      ))}
      {s.recent.length > 0 && (
        <ul className="plain" aria-label="Handled last">
          {s.recent.slice(0, 8).map((a, i) => (
            <li key={`${a.at}-${i}`}>
              <StatusBadge status={a.outcome} /> <strong>{a.id}</strong>{' '}
              <span className="muted small">
                ({a.accountName ? `${a.accountName} ${a.account}` : a.account}, {a.region})
              </span>{' '}
              {writesText(a.events)}: {outcomeText(a)}
              {a.outcome === 'fixed' && (
                <>
                  {' '}
                  · <Link to="/remediation">journal</Link>
                </>
              )}
              {a.arn && (
                <>
                  {' '}
                  · <Link to={`/resources?arn=${encodeURIComponent(a.arn)}`}>resource</Link>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
