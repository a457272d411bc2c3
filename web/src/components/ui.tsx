/** Small shared pieces: severity and status badges, messages, loading state, dates, the data hook. */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiFailure, type LifecycleStatus, type Severity } from '../api.ts';

export const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
export const STATUSES: LifecycleStatus[] = ['new', 'open', 'reopened', 'excluded', 'resolved', 'error'];

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`sev sev-${severity}`}>{severity}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`status status-${status}`}>{status}</span>;
}

export function Count({ n, severity, label }: { n: number; severity?: Severity; label: string }) {
  return (
    <div className={`count${severity ? ` count-${severity}` : ''}`}>
      <span className="count-n">{n.toLocaleString()}</span>
      <span className="count-label">{label}</span>
    </div>
  );
}

export function when(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)} UTC`;
}

export function duration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function messageOf(e: unknown): string {
  if (e instanceof ApiFailure) return e.message;
  return (e as Error)?.message ?? String(e);
}

export function Alert({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="alert" role="alert">
      {messageOf(error)}
    </p>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

/** Loads data, reloads on `deps` change or `reload()`; keeps the last data while reloading. */
export function useData<T>(load: () => Promise<T>, deps: unknown[]): { data: T | undefined; error: unknown; loading: boolean; reload: () => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    load().then(
      (d) => {
        if (mine !== seq.current) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setError(e);
        setLoading(false);
      },
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

/** Runs an action with a busy flag and its outcome for a message. */
export function useAction(): { busy: boolean; error: unknown; message: string; run: (fn: () => Promise<string | void>) => Promise<void>; clear: () => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');
  const run = useCallback(async (fn: () => Promise<string | void>) => {
    setBusy(true);
    setError(undefined);
    setMessage('');
    try {
      const m = await fn();
      if (m) setMessage(m);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, message, run, clear: () => (setError(undefined), setMessage('')) };
}
