import { ECRClient, GetLifecyclePolicyCommand, GetRegistryScanningConfigurationCommand, paginateDescribeRepositories, type Repository, type RegistryScanningRule } from '@aws-sdk/client-ecr';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { repository, type RepositoryConfig } from '../../resources/aws/ecr/repository.ts';
import { readDetail } from '../read.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/** ECR's WILDCARD repository filter: `*` is any run of characters, everything else literal. */
function wildcard(filter: string): RegExp {
  return new RegExp(`^${filter.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** The frequency of the first registry rule that scans `name` automatically, or `null`. */
export function registryScanFrequency(rules: readonly RegistryScanningRule[], name: string): string | null {
  for (const r of rules) {
    if (r.scanFrequency !== 'SCAN_ON_PUSH' && r.scanFrequency !== 'CONTINUOUS_SCAN') continue;
    if ((r.repositoryFilters ?? []).some((f) => f.filterType === 'WILDCARD' && f.filter !== undefined && wildcard(f.filter).test(name))) return r.scanFrequency;
  }
  return null;
}

/**
 * `aws.ecr.repository`: DescribeRepositories (1000 per page, the API's maximum), the registry's scanning
 * configuration once per region, GetLifecyclePolicy per repository, tags in bulk.
 */
export const repositoryCollector = defineCollector(repository, async (ctx) => {
  const client = ctx.client(ECRClient);
  const repos: Repository[] = [];
  for await (const page of paginateDescribeRepositories({ client, pageSize: 1000 }, {})) repos.push(...(page.repositories ?? []));
  const listed = repos.filter((r) => r.repositoryName && r.repositoryArn);
  if (listed.length === 0) return [];
  const registryErrors: ReadErrors = {};
  const registry = await readDetail(registryErrors, 'registryScanFrequency', () => client.send(new GetRegistryScanningConfigurationCommand({})));
  const tagged = await tagsInBulk(ctx, ctx.region, 'ecr:repository');
  const out = await mapLimit(listed, 16, async (r) => {
    const name = r.repositoryName!;
    const errors: ReadErrors = { ...registryErrors };
    const config: RepositoryConfig = { repositoryName: name };
    if (r.repositoryUri) config.repositoryUri = r.repositoryUri;
    if (r.imageTagMutability) config.imageTagMutability = r.imageTagMutability;
    if (r.imageScanningConfiguration?.scanOnPush !== undefined) config.scanOnPush = r.imageScanningConfiguration.scanOnPush;
    if (r.encryptionConfiguration?.encryptionType) config.encryptionType = r.encryptionConfiguration.encryptionType;
    if (registry?.scanningConfiguration) {
      if (registry.scanningConfiguration.scanType) config.registryScanType = registry.scanningConfiguration.scanType;
      config.registryScanFrequency = registryScanFrequency(registry.scanningConfiguration.rules ?? [], name);
    } else if (registry !== undefined) errors['registryScanFrequency'] = 'GetRegistryScanningConfiguration returned no scanning configuration';
    const lifecycle = await readDetail(errors, 'lifecyclePolicy', () => client.send(new GetLifecyclePolicyCommand({ repositoryName: name, ...(r.registryId ? { registryId: r.registryId } : {}) })), ['LifecyclePolicyNotFoundException']);
    if (lifecycle === null) config.lifecyclePolicy = null;
    else if (lifecycle !== undefined) config.lifecyclePolicy = lifecycle.lifecyclePolicyText ?? null;
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, repository, { id: name, arn: r.repositoryArn!, name, tags: (tagged.ok && tagged.tags.get(r.repositoryArn!)) || {}, config, readErrors: errors });
  });
  return out;
});
