import { DescribeTaskDefinitionCommand, ECSClient, paginateListTaskDefinitions, type ContainerDefinition } from '@aws-sdk/client-ecs';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { taskDefinition, type ContainerDefinitionConfig, type TaskDefinitionConfig } from '../../resources/aws/ecs/task-definition.ts';
import { readDetail } from '../read.ts';
import { defineCollector, envelope } from '../types.ts';

const ARN = /^arn:[^:]+:ecs:[^:]+:\d+:task-definition\/([^:]+):(\d+)$/;

/**
 * The latest ACTIVE revision of every family: ListTaskDefinitions (ACTIVE, newest first, 100 per page,
 * the API's maximum) gives each family's latest revision first. FSBP's ECS task-definition controls
 * evaluate only that revision; older ones cannot be started by new deployments that name the family.
 */
export async function latestTaskDefinitions(client: ECSClient): Promise<{ arn: string; family: string; revision: number }[]> {
  const seen = new Map<string, { arn: string; family: string; revision: number }>();
  for await (const page of paginateListTaskDefinitions({ client, pageSize: 100 }, { status: 'ACTIVE', sort: 'DESC' })) {
    for (const arn of page.taskDefinitionArns ?? []) {
      const m = ARN.exec(arn);
      if (!m) continue;
      const family = m[1]!;
      const revision = Number(m[2]);
      const prev = seen.get(family);
      if (!prev || prev.revision < revision) seen.set(family, { arn, family, revision });
    }
  }
  return [...seen.values()];
}

function container(c: ContainerDefinition): ContainerDefinitionConfig {
  return {
    name: c.name ?? '',
    image: c.image ?? null,
    privileged: c.privileged ?? null,
    readonlyRootFilesystem: c.readonlyRootFilesystem ?? null,
    user: c.user ?? null,
    logDriver: c.logConfiguration?.logDriver ?? null,
    environmentNames: (c.environment ?? []).map((e) => e.name ?? '').filter((n) => n !== ''),
  };
}

/** `aws.ecs.task-definition`: the latest ACTIVE revision per family, with tags (DescribeTaskDefinition include TAGS). */
export const taskDefinitionCollector = defineCollector(taskDefinition, async (ctx) => {
  const client = ctx.client(ECSClient);
  const latest = await latestTaskDefinitions(client);
  const out = await mapLimit(latest, 16, async (t) => {
    const errors: ReadErrors = {};
    const read = await readDetail(errors, 'containers', () => client.send(new DescribeTaskDefinitionCommand({ taskDefinition: t.arn, include: ['TAGS'] })));
    if (read === null) return undefined; // deregistered since the listing
    const config: TaskDefinitionConfig = { family: t.family, revision: t.revision };
    const tags: Record<string, string> = {};
    const td = read?.taskDefinition;
    if (read && !td) errors['containers'] = 'DescribeTaskDefinition returned no task definition';
    if (td) {
      if (td.status) config.status = td.status;
      config.networkMode = td.networkMode ?? null;
      config.pidMode = td.pidMode ?? null;
      config.requiresCompatibilities = [...(td.requiresCompatibilities ?? [])];
      config.containers = (td.containerDefinitions ?? []).map(container);
      for (const tag of read.tags ?? []) if (tag.key !== undefined) tags[tag.key] = tag.value ?? '';
    } else {
      // Everything below comes from the one call: unknown together.
      for (const f of ['networkMode', 'pidMode', 'tags']) errors[f] = errors['containers']!;
    }
    return envelope(ctx, taskDefinition, { id: `${t.family}:${t.revision}`, arn: t.arn, name: t.family, tags, config, readErrors: errors });
  });
  return out.filter((r) => r !== undefined);
});
