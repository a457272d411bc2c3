/** Continuous protection: the status of the watch loop that `mamori serve` runs on its event queues. */
import { inArray, sql } from 'drizzle-orm';
import { rowsOf } from '../../store/sql-util.ts';
import { continuousStatus } from '../continuous.ts';
import { RESPONSES } from '../schemas.ts';
import { route, type RouteDef } from '../route.ts';

export const continuousRoutes: RouteDef[] = [
  route({
    method: 'GET',
    url: '/api/continuous',
    access: 'viewer',
    tag: 'scans',
    summary: 'Continuous protection: the event queues watched, the last write handled, writes handled, fixes made, lag from the write to the verified fix, and the resources handled last',
    schema: { response: RESPONSES.continuous },
    async handler(_args, { ctx }) {
      const status = continuousStatus(ctx);
      const accounts = [...new Set(status.recent.map((a) => a.account))];
      if (!accounts.length) return status;
      // The loop knows account ids; the names are those its re-reads stored with the resources.
      const rows = rowsOf<{ account: string; name: string | null }>(
        await ctx.store.db.execute(sql`SELECT account, max(account_name) AS name FROM resources WHERE ${inArray(sql`account`, accounts)} GROUP BY account`),
      );
      const names = new Map(rows.flatMap((r) => (r.name ? [[r.account, r.name] as const] : [])));
      return { ...status, recent: status.recent.map((a) => (names.has(a.account) ? { ...a, accountName: names.get(a.account)! } : a)) };
    },
  }),
];
