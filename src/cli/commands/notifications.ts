import { MamoriError } from '../../core/errors.ts';
import { renderColumns } from '../../outputs/columns.ts';
import { DELIVERY_STATUSES, type Delivery, type DeliveryStatus } from '../../store/notifications.ts';
import { str, type Command } from '../command.ts';
import { cliNotifier, flushNotifications } from '../notify.ts';
import { AWS_OPTIONS, CONFIG_OPTIONS, resolveAws, resolveConfig } from '../options.ts';
import { openCliStore, STORE_OPTIONS, STORE_USAGE } from '../store.ts';

const ACTIONS = ['list', 'test', 'send', 'retry'] as const;

function summary(d: Delivery): string {
  const first = d.events[0];
  if (!first) return '-';
  if (d.events.length > 1 || d.digest) return `digest of ${d.events.length} event${d.events.length === 1 ? '' : 's'}`;
  return `${first.kind} ${first.policy} ${first.resource.id}`;
}

export const notificationsCommand: Command = {
  name: 'notifications',
  usage: `list [--status pending|sent|dead] [--channel NAME] [--limit N] [--format table|json]
       test CHANNEL
       send
       retry ID...

Notifications go to the channels and routes of \`notifications:\` in mamori.yaml (docs/notifications.md).

  list     deliveries, newest first: pending (due, or waiting for a retry or a digest window), sent, dead
           (gave up: the receiver refused, or every retry failed; the last error says why)
  test     send a sample message to CHANNEL now, outside the queue; exit 1 when it did not arrive
  send     route what is queued and send everything due now (what mamori serve does every few seconds)
  retry    send dead letters again (fresh attempts)

${STORE_USAGE}`,
  options: { ...STORE_OPTIONS, ...CONFIG_OPTIONS, ...AWS_OPTIONS, status: { type: 'string' }, channel: { type: 'string' }, limit: { type: 'string' }, format: { type: 'string' } },
  positionals: true,
  async run({ values, positionals, io }) {
    const [action, ...args] = positionals;
    if (!action || !(ACTIONS as readonly string[]).includes(action)) throw new MamoriError('USAGE', `expected one of ${ACTIONS.join(', ')}${action ? `, got "${action}"` : ''}`);
    const format = str(values, 'format') ?? 'table';
    if (format !== 'table' && format !== 'json') throw new MamoriError('USAGE', `--format expects table or json, got "${format}"`);
    const config = resolveConfig(values, io.env, io.cwd);
    if (action !== 'list' && action !== 'retry' && !config.notifications) {
      throw new MamoriError('USAGE', `no notifications: section in ${config.file ?? 'mamori.yaml'}: configure channels and routes first (docs/notifications.md)`);
    }
    const store = await openCliStore(values, io.env, config);
    try {
      if (action === 'list') {
        const status = str(values, 'status');
        if (status !== undefined && !(DELIVERY_STATUSES as readonly string[]).includes(status)) throw new MamoriError('USAGE', `--status expects one of ${DELIVERY_STATUSES.join(', ')}, got "${status}"`);
        const limit = Number(str(values, 'limit') ?? '50');
        if (!Number.isInteger(limit) || limit < 1) throw new MamoriError('USAGE', '--limit expects a positive integer');
        const channel = str(values, 'channel');
        const deliveries = await store.notifications.list({ limit, ...(status ? { status: status as DeliveryStatus } : {}), ...(channel ? { channel } : {}) });
        if (format === 'json') {
          io.out(`${JSON.stringify({ counts: await store.notifications.counts(), deliveries }, null, 2)}\n`);
          return 0;
        }
        if (!deliveries.length) {
          io.out('No notifications yet.\n');
          return 0;
        }
        io.out(
          renderColumns(
            ['ID', 'CHANNEL', 'STATUS', 'ATTEMPTS', 'WHAT', 'NEXT / SENT', 'LAST ERROR'],
            deliveries.map((d) => [String(d.id), d.channel, d.status, String(d.attempts), summary(d), d.status === 'sent' ? (d.sentAt ?? '') : d.status === 'pending' ? d.nextAttemptAt : '-', d.lastError ?? '']),
          ),
        );
        return 0;
      }
      if (action === 'retry') {
        if (!args.length) throw new MamoriError('USAGE', 'retry expects delivery ids (mamori notifications list --status dead)');
        for (const a of args) {
          if (!/^\d+$/.test(a)) throw new MamoriError('USAGE', `expected delivery ids, got "${a}"`);
          await store.notifications.retry(Number(a));
          io.out(`Delivery ${a} will be sent again.\n`);
        }
        return 0;
      }
      const { aws } = resolveAws(values, io.env, config);
      const notifier = (await cliNotifier(store, config, io, aws))!;
      if (action === 'send') {
        await flushNotifications(notifier, io);
        return 0;
      }
      const channel = args[0];
      if (!channel || args.length > 1) throw new MamoriError('USAGE', 'test expects one channel name');
      const r = await notifier.test(channel);
      if (r.ok) {
        io.out(`Sent a test message to ${channel}.\n`);
        return 0;
      }
      io.err(`mamori: the test message to ${channel} did not arrive: ${r.error}\n`);
      return 1;
    } finally {
      await store.close();
    }
  },
};
