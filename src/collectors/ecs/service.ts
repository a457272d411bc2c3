import { DescribeServicesCommand, ECSClient, paginateListServices, type Service } from '@aws-sdk/client-ecs';
import { mapLimit } from '../../aws/limiter.ts';
import { describeAwsError } from '../../aws/errors.ts';
import type { Resource } from '../../core/resource.ts';
import { service, type ServiceConfig } from '../../resources/aws/ecs/service.ts';
import { defineCollector, envelope, type CollectContext } from '../types.ts';
import { batches, listClusterArns } from './list.ts';

/** The fields DescribeServices gives: unknown together when it fails. */
const DETAIL_FIELDS = ['status', 'launchType', 'capacityProviders', 'platformVersion', 'platformFamily', 'assignPublicIp', 'subnets', 'securityGroups', 'taskDefinition', 'tags'] as const;

/** `cluster/service`: service names are unique only within their cluster. */
function serviceId(arn: string): string {
  const parts = arn.split('/');
  return parts.length >= 3 ? `${parts[parts.length - 2]}/${parts[parts.length - 1]}` : (parts.pop() ?? arn);
}

function fromService(ctx: CollectContext, clusterArn: string, s: Service): Resource<ServiceConfig> {
  const vpc = s.networkConfiguration?.awsvpcConfiguration;
  const config: ServiceConfig = {
    serviceName: s.serviceName!,
    clusterArn,
    launchType: s.launchType ?? null,
    capacityProviders: (s.capacityProviderStrategy ?? []).map((c) => c.capacityProvider ?? '').filter((c) => c !== ''),
    platformVersion: s.platformVersion ?? null,
    platformFamily: s.platformFamily ?? null,
    assignPublicIp: vpc ? (vpc.assignPublicIp ?? 'DISABLED') : null,
    subnets: [...(vpc?.subnets ?? [])],
    securityGroups: [...(vpc?.securityGroups ?? [])],
    taskDefinition: s.taskDefinition ?? null,
  };
  if (s.status) config.status = s.status;
  const tags: Record<string, string> = {};
  for (const t of s.tags ?? []) if (t.key !== undefined) tags[t.key] = t.value ?? '';
  return envelope(ctx, service, {
    id: serviceId(s.serviceArn!),
    arn: s.serviceArn!,
    name: s.serviceName!,
    tags,
    config,
    related: [
      ...(s.taskDefinition ? [{ type: 'aws.ecs.task-definition', id: s.taskDefinition.split('/').pop()!, relation: 'runs' }] : []),
      ...(vpc?.securityGroups ?? []).map((g) => ({ type: 'aws.ec2.security-group', id: g, relation: 'uses' })),
    ],
  });
}

/**
 * `aws.ecs.service`: ListClusters, ListServices per cluster (100 per page) and DescribeServices per 10
 * services (the API's maximum) with their tags inline (include TAGS).
 */
export const serviceCollector = defineCollector(service, async (ctx) => {
  const client = ctx.client(ECSClient);
  const clusters = await listClusterArns(ctx);
  const perCluster = await mapLimit(clusters, 8, async (clusterArn) => {
    const arns: string[] = [];
    for await (const page of paginateListServices({ client, pageSize: 100 }, { cluster: clusterArn })) arns.push(...(page.serviceArns ?? []));
    const described = await mapLimit(batches(arns, 10), 8, async (batch) => {
      try {
        const r = await client.send(new DescribeServicesCommand({ cluster: clusterArn, services: batch, include: ['TAGS'] }));
        // A service in `failures` was deleted since the listing.
        return (r.services ?? []).filter((s) => s.serviceArn && s.serviceName).map((s) => fromService(ctx, clusterArn, s));
      } catch (e) {
        const why = describeAwsError(e);
        return batch.map((arn) =>
          envelope(ctx, service, {
            id: serviceId(arn),
            arn,
            name: arn.split('/').pop()!,
            tags: {},
            config: { serviceName: arn.split('/').pop()!, clusterArn },
            readErrors: Object.fromEntries(DETAIL_FIELDS.map((f) => [f, why])),
          }),
        );
      }
    });
    return described.flat();
  });
  return perCluster.flat();
});
