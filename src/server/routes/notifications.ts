/** Notifications: channels and routes in effect (secrets shown as references), deliveries, send a test, retry. */
import type { ChannelConfig, NotificationsConfig, SecretRef } from '../../notify/config.ts';
import { NOTIFICATION_KINDS } from '../../store/types.ts';
import type { ChannelView, RouteView } from '../contract.ts';
import { REQUESTS, RESPONSES } from '../schemas.ts';
import { HttpError, notFound, route, type RouteDef } from '../route.ts';

function ref(r: SecretRef | string): string {
  if (typeof r === 'string') return r;
  return 'env' in r ? `$${r.env}` : `file ${r.file}`;
}

/** Where a channel sends, without any secret: a URL written in the file is shown without its path and query. */
export function channelView(name: string, c: ChannelConfig): ChannelView {
  switch (c.type) {
    case 'webhook': {
      let target = ref(c.url);
      if (typeof c.url === 'string') {
        const u = new URL(c.url);
        target = `${u.protocol}//${u.host}/…`;
      }
      return { name, type: c.type, target, signed: c.secret !== undefined };
    }
    case 'slack':
      return { name, type: c.type, target: `incoming webhook ${ref(c.webhookUrl)}` };
    case 'sns':
      return { name, type: c.type, target: c.topicArn };
    case 'email':
      return { name, type: c.type, target: `${c.to.join(', ')} via ${c.smtp.host}` };
  }
}

export function routeViews(config: NotificationsConfig | undefined): RouteView[] {
  return (config?.routes ?? []).map((r, index) => ({
    index,
    channels: r.channels,
    events: r.events ?? [...NOTIFICATION_KINDS],
    ...(r.severity ? { severity: r.severity } : {}),
    ...(r.policies ? { policies: r.policies } : {}),
    ...(r.accounts ? { accounts: r.accounts } : {}),
    digest: r.digest === undefined ? 'immediate' : r.digest,
  }));
}

export const notificationRoutes: RouteDef[] = [
  route({
    method: 'GET',
    url: '/api/notifications',
    access: 'viewer',
    tag: 'notifications',
    summary: 'Notification channels and routes in effect (secrets as references) and deliveries, newest first (status=dead: dead letters)',
    schema: { querystring: REQUESTS.notificationsQuery, response: RESPONSES.notifications },
    async handler({ query }, { ctx }) {
      const n = ctx.config.notifications;
      const deliveries = await ctx.store.notifications.list({
        limit: Number(query.limit ?? 100),
        ...(query.status ? { status: query.status as 'pending' | 'sent' | 'dead' } : {}),
        ...(query.channel ? { channel: String(query.channel) } : {}),
      });
      return {
        configured: n !== undefined,
        channels: Object.entries(n?.channels ?? {}).map(([name, c]) => channelView(name, c)),
        routes: routeViews(n),
        counts: await ctx.store.notifications.counts(),
        deliveries,
      };
    },
  }),
  route({
    method: 'POST',
    url: '/api/notifications/channels/:name/test',
    access: 'operator',
    tag: 'notifications',
    summary: 'Send a sample message to one channel now, outside the queue; says whether it arrived and if not why',
    schema: { params: REQUESTS.channelParam, response: RESPONSES.channelTest },
    async handler({ params, auth }, { ctx }) {
      if (!ctx.notifier) throw new HttpError(409, 'CONFLICT', 'no notifications: section in this server’s mamori.yaml');
      if (!ctx.config.notifications?.channels[params.name!]) throw notFound(`channel ${params.name}`);
      const r = await ctx.notifier.test(params.name!);
      await ctx.store.recordAudit({ actor: auth.user.username, action: 'notification.test', targetType: 'channel', targetId: params.name!, details: { ok: r.ok, ...(r.ok ? {} : { error: r.error }) } });
      return r.ok ? { ok: true } : { ok: false, error: r.error };
    },
  }),
  route({
    method: 'POST',
    url: '/api/notifications/deliveries/:id/retry',
    access: 'operator',
    tag: 'notifications',
    summary: 'Send a dead letter again (fresh attempts); anything else is a conflict',
    schema: { params: REQUESTS.numParam, response: RESPONSES.delivery },
    async handler({ params, auth }, { ctx }) {
      const id = Number(params.id);
      const d = await ctx.store.notifications.get(id);
      if (!d) throw notFound(`delivery ${id}`);
      if (d.status !== 'dead') throw new HttpError(409, 'CONFLICT', `delivery ${id} is ${d.status}; only a dead letter can be retried`);
      const revived = await ctx.store.notifications.retry(id);
      await ctx.store.recordAudit({ actor: auth.user.username, action: 'notification.retry', targetType: 'delivery', targetId: String(id), details: { channel: d.channel } });
      ctx.pokeNotifications();
      return revived;
    },
  }),
];
