/** The latest snapshot of each resource, as the last scan that saw it collected it. */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { RelatedRef } from '../core/index.ts';
import type { StoreContext } from './context.ts';
import { resources } from './schema.ts';
import { iso, toIso } from './sql-util.ts';
import type { ResourceQuery, StoredResource } from './types.ts';

type ResourceRow = typeof resources.$inferSelect;

function toStoredResource(row: ResourceRow): StoredResource {
  const out: StoredResource = {
    type: row.type,
    id: row.resourceId,
    arn: row.arn,
    account: row.account,
    region: row.region,
    tags: row.tags as Record<string, string>,
    config: row.config as Record<string, unknown>,
    related: row.related as RelatedRef[],
    firstSeen: iso(row.firstSeen),
    lastSeen: iso(row.lastSeen),
  };
  if (row.accountName !== null) out.accountName = row.accountName;
  if (row.name !== null) out.name = row.name;
  if (row.readErrors !== null) out.readErrors = row.readErrors as Record<string, string>;
  const goneAt = toIso(row.goneAt);
  if (goneAt !== undefined) out.goneAt = goneAt;
  if (row.lastRunId !== null) out.lastRunId = row.lastRunId;
  return out;
}

export async function getResource(ctx: StoreContext, arn: string): Promise<StoredResource | undefined> {
  const [row] = await ctx.db.select().from(resources).where(eq(resources.arn, arn));
  return row ? toStoredResource(row) : undefined;
}

/** Resources by ARN; those that a later scan no longer found are left out unless `includeGone`. */
export async function listResources(ctx: StoreContext, q: ResourceQuery = {}): Promise<StoredResource[]> {
  const rows = await ctx.db
    .select()
    .from(resources)
    .where(
      and(
        q.type ? eq(resources.type, q.type) : undefined,
        q.account ? eq(resources.account, q.account) : undefined,
        q.region ? eq(resources.region, q.region) : undefined,
        q.includeGone ? undefined : isNull(resources.goneAt),
      ),
    )
    .orderBy(asc(resources.arn))
    .limit(q.limit ?? 1000)
    .offset(q.offset ?? 0);
  return rows.map(toStoredResource);
}
