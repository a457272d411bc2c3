import { paginateListNamespaces, RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import type { ReadErrors } from '../../core/resource.ts';
import { namespace, type NamespaceConfig } from '../../resources/aws/redshift-serverless/namespace.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/** `aws.redshift-serverless.namespace`: ListNamespaces (100 per page: the API's maximum) gives every field; tags in bulk. */
export const namespaceCollector = defineCollector(namespace, async (ctx) => {
  const client = ctx.client(RedshiftServerlessClient);
  const out = [];
  const listed = [];
  for await (const page of paginateListNamespaces({ client, pageSize: 100 }, {})) listed.push(...(page.namespaces ?? []));
  if (listed.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'redshift-serverless:namespace');
  for (const n of listed) {
    if (!n.namespaceName) continue;
    const errors: ReadErrors = {};
    const config: NamespaceConfig = { namespaceName: n.namespaceName, kmsKeyId: n.kmsKeyId ?? null };
    if (n.namespaceId) config.namespaceId = n.namespaceId;
    if (n.status) config.status = n.status;
    if (n.adminUsername !== undefined) config.adminUsername = n.adminUsername;
    else errors['adminUsername'] = 'ListNamespaces returned no adminUsername';
    if (n.dbName !== undefined) config.dbName = n.dbName;
    else errors['dbName'] = 'ListNamespaces returned no dbName';
    // The API leaves an empty list out: no logs exported.
    config.logExports = [...(n.logExports ?? [])];
    const arn = n.namespaceArn ?? `arn:aws:redshift-serverless:${ctx.region}:${ctx.account.id}:namespace/${n.namespaceId ?? n.namespaceName}`;
    if (!tagged.ok) errors['tags'] = tagged.error;
    out.push(envelope(ctx, namespace, { id: n.namespaceName, arn, name: n.namespaceName, tags: (tagged.ok && tagged.tags.get(arn)) || {}, config, readErrors: errors }));
  }
  return out;
});
