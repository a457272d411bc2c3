import { DescribeServerCommand, paginateListServers, TransferClient, type ListedServer } from '@aws-sdk/client-transfer';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { server, type ServerConfig } from '../../resources/aws/transfer/server.ts';
import { readDetail } from '../read.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

const DETAIL_FIELDS = ['protocols', 'securityPolicyName', 'loggingRole', 'structuredLogDestinations'] as const;

/** `aws.transfer.server`: ListServers (1000 per page), DescribeServer per server (protocols, logging, tags inline). */
export const serverCollector = defineCollector(server, async (ctx) => {
  const client = ctx.client(TransferClient);
  const listed: ListedServer[] = [];
  for await (const page of paginateListServers({ client, pageSize: 1000 }, {})) listed.push(...(page.Servers ?? []));
  const out = await mapLimit(
    listed.filter((s) => s.ServerId && s.Arn),
    16,
    async (s) => {
      const errors: ReadErrors = {};
      const d = await readDetail(errors, 'detail', () => client.send(new DescribeServerCommand({ ServerId: s.ServerId! })));
      if (d === null) return undefined; // deleted since the listing
      const config: ServerConfig = { serverId: s.ServerId! };
      if (s.EndpointType) config.endpointType = s.EndpointType;
      if (s.IdentityProviderType) config.identityProviderType = s.IdentityProviderType;
      if (s.Domain) config.domain = s.Domain;
      if (s.State) config.state = s.State;
      const sv = d?.Server;
      if (!sv) {
        for (const k of DETAIL_FIELDS) errors[k] = errors['detail'] ?? 'DescribeServer returned no server';
      } else {
        // AWS documents SFTP as the default when Protocols is not given.
        config.protocols = [...(sv.Protocols ?? ['SFTP'])];
        if (sv.SecurityPolicyName) config.securityPolicyName = sv.SecurityPolicyName;
        config.loggingRole = sv.LoggingRole || null;
        config.structuredLogDestinations = [...(sv.StructuredLogDestinations ?? [])];
      }
      delete errors['detail'];
      return envelope(ctx, server, { id: s.ServerId!, arn: s.Arn!, tags: tagsToMap(sv?.Tags), config, readErrors: errors });
    },
  );
  return out.filter((r) => r !== undefined);
});
