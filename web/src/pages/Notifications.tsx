import { useState } from 'react';
import { api, type DeliveryStatus, type DeliveryView, type Me, type RouteView } from '../api.ts';
import { useContinuous, useReloadOnActivity } from '../components/Continuous.tsx';
import { canOperate } from '../components/Journal.tsx';
import { Alert, Loading, StatusBadge, useAction, useData, when } from '../components/ui.tsx';
import { plural } from '../components/plain.ts';

const TABS: { status?: DeliveryStatus; label: string }[] = [{ label: 'All' }, { status: 'pending', label: 'Pending' }, { status: 'sent', label: 'Sent' }, { status: 'dead', label: 'Dead letters' }];

function windowText(d: RouteView['digest']): string {
  if (d === 'immediate') return 'immediately, one message per event';
  const mins = Math.round(d / 60_000);
  return mins >= 60 && mins % 60 === 0 ? `digest every ${plural(mins / 60, 'hour')}` : `digest every ${plural(mins, 'minute')}`;
}

function what(d: DeliveryView): string {
  const first = d.events[0];
  if (!first) return '-';
  if (d.digest || d.events.length > 1) return `Digest: ${plural(d.events.length, 'event')}`;
  return `${first.kind} · ${first.policy} · ${first.resource.name ?? first.resource.id}`;
}

export function NotificationsPage({ me }: { me: Me }) {
  const [tab, setTab] = useState<DeliveryStatus | undefined>();
  const page = useData(() => api.notifications(tab), [tab]);
  // The deliveries of what the watch loop does appear without a refresh (sent a moment after the fix).
  useReloadOnActivity(useContinuous(), page.reload, 2500);
  const act = useAction();
  const operate = canOperate(me);
  const test = (name: string) =>
    act.run(async () => {
      const r = await api.testChannel(name);
      if (!r.ok) throw new Error(`The test message to ${name} did not arrive: ${r.error}`);
      return `Sent a test message to ${name}.`;
    });
  const retry = (id: number) =>
    act.run(async () => {
      await api.retryDelivery(id);
      page.reload();
      return `Delivery ${id} will be sent again.`;
    });
  return (
    <>
      <h1>Notifications</h1>
      <Alert error={page.error ?? act.error} />
      {act.message && (
        <p className="notice" role="status">
          {act.message}
        </p>
      )}
      {!page.data ? (
        <Loading what="notifications" />
      ) : !page.data.configured ? (
        <p>
          No <code>notifications:</code> in this server’s mamori.yaml: add channels (Slack, webhook, SNS, email) and routes, then restart <code>mamori serve</code>. See docs/notifications.md.
        </p>
      ) : (
        <>
          <section className="panel" aria-labelledby="ch-h">
            <h2 id="ch-h">Channels</h2>
            <table>
              <caption className="sr-only">Notification channels</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col">Sends to</th>
                  {operate && (
                    <th scope="col">
                      <span className="sr-only">Test</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {page.data.channels.map((c) => (
                  <tr key={c.name}>
                    <td>
                      <strong>{c.name}</strong>
                    </td>
                    <td>
                      {c.type}
                      {c.signed ? ' (signed)' : ''}
                    </td>
                    <td className="small">{c.target}</td>
                    {operate && (
                      <td>
                        <button type="button" disabled={act.busy} onClick={() => void test(c.name)}>
                          Send a test
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="panel" aria-labelledby="rt-h">
            <h2 id="rt-h">Routes</h2>
            {page.data.routes.length === 0 ? (
              <p className="muted">No routes: nothing is sent.</p>
            ) : (
              <ol>
                {page.data.routes.map((r) => (
                  <li key={r.index}>
                    <strong>{r.events.join(', ')}</strong>
                    {r.severity ? `, ${r.severity} and above` : ''}
                    {r.policies ? `, policies ${r.policies.join(', ')}` : ''}
                    {r.accounts ? `, accounts ${r.accounts.join(', ')}` : ''} → {r.channels.join(', ')}, {windowText(r.digest)}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </>
      )}
      {page.data && (
        <section className="panel" aria-labelledby="dl-h">
          <h2 id="dl-h">Deliveries</h2>
          <p className="small">
            {page.data.counts.pending} pending · {page.data.counts.sent} sent · {page.data.counts.dead} dead letters
          </p>
          <div role="tablist" aria-label="Deliveries by status" className="tabs">
            {TABS.map((t) => (
              <button key={t.label} type="button" role="tab" aria-selected={tab === t.status} onClick={() => setTab(t.status)}>
                {t.label}
              </button>
            ))}
          </div>
          <table>
            <caption className="sr-only">Deliveries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Channel</th>
                <th scope="col">Status</th>
                <th scope="col">What</th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col">When</th>
                <th scope="col">Last error</th>
                {operate && (
                  <th scope="col">
                    <span className="sr-only">Retry</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {page.data.deliveries.map((d) => (
                <tr key={d.id}>
                  <td>{d.id}</td>
                  <td>{d.channel}</td>
                  <td>
                    <StatusBadge status={d.status} />
                  </td>
                  <td className="small">{what(d)}</td>
                  <td className="num">{d.attempts}</td>
                  <td className="small">{d.status === 'sent' ? when(d.sentAt) : d.status === 'pending' ? `due ${when(d.nextAttemptAt)}` : when(d.createdAt)}</td>
                  <td className="small">{d.lastError ?? ''}</td>
                  {operate && (
                    <td>
                      {d.status === 'dead' && (
                        <button type="button" disabled={act.busy} onClick={() => void retry(d.id)}>
                          Retry
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
              {page.data.deliveries.length === 0 && (
                <tr>
                  <td colSpan={8} className="muted">
                    Nothing here.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
