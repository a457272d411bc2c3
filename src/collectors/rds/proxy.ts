import { paginateDescribeDBProxies, RDSClient, type DBProxy } from '@aws-sdk/client-rds';
import type { ReadErrors } from '../../core/resource.ts';
import { dbProxy, type DbProxyConfig } from '../../resources/aws/rds/db-proxy.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/** Every RDS Proxy of the region (DescribeDBProxies, 100 per page: the API's maximum). */
export async function listDbProxies(client: RDSClient): Promise<DBProxy[]> {
  const out: DBProxy[] = [];
  for await (const page of paginateDescribeDBProxies({ client, pageSize: 100 }, {})) for (const p of page.DBProxies ?? []) if (p.DBProxyName) out.push(p);
  return out;
}

/** A proxy's settings under the descriptor's names. */
export function dbProxyConfigOf(p: DBProxy): { config: DbProxyConfig; errors: ReadErrors } {
  const errors: ReadErrors = {};
  const config: DbProxyConfig = { dbProxyName: p.DBProxyName! };
  if (p.EngineFamily) config.engineFamily = p.EngineFamily;
  if (p.Status) config.status = p.Status;
  if (p.VpcId) config.vpcId = p.VpcId;
  if (p.IdleClientTimeout !== undefined) config.idleClientTimeout = p.IdleClientTimeout;
  if (p.DebugLogging !== undefined) config.debugLogging = p.DebugLogging;
  if (p.RequireTLS !== undefined) config.requireTls = p.RequireTLS;
  else errors['requireTls'] = 'DescribeDBProxies returned no RequireTLS';
  return { config, errors };
}

/** `aws.rds.db-proxy`: DescribeDBProxies, tags in bulk (DescribeDBProxies carries none). */
export const dbProxyCollector = defineCollector(dbProxy, async (ctx) => {
  const proxies = await listDbProxies(ctx.client(RDSClient));
  if (proxies.length === 0) return [];
  const tags = await tagsInBulk(ctx, ctx.region, 'rds:db-proxy');
  return proxies.map((p) => {
    const { config, errors } = dbProxyConfigOf(p);
    const arn = p.DBProxyArn ?? `arn:aws:rds:${ctx.region}:${ctx.account.id}:db-proxy:${config.dbProxyName}`;
    if (!tags.ok) errors['tags'] = tags.error;
    return envelope(ctx, dbProxy, {
      id: config.dbProxyName,
      arn,
      tags: tags.ok ? (tags.tags.get(arn) ?? {}) : {},
      config,
      related: p.VpcId ? [{ type: 'aws.ec2.vpc', id: p.VpcId, relation: 'in' }] : [],
      readErrors: errors,
    });
  });
});
