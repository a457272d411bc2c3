import { DescribeClustersCommand, ECSClient, UpdateClusterSettingsCommand } from '@aws-sdk/client-ecs';
import type { ClusterConfig } from '../../../resources/aws/ecs/cluster.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings } from '../../kit/setting.ts';

const GOOD = ['enabled', 'enhanced'];

/** The cluster's settings by name; DescribeClusters reports containerInsights for every cluster, `disabled` when never turned on. */
function settingsOf(list: readonly { name?: string | undefined; value?: string | undefined }[]): Settings {
  const out: Settings = { containerInsights: 'disabled' };
  for (const s of list) if (s.name) out[s.name] = s.value ?? null;
  return out;
}

/**
 * ecs-enable-container-insights: sets the cluster's containerInsights setting to `enabled`. A cluster with
 * `enhanced` already passes; any other cluster setting stays (UpdateClusterSettings changes only the names sent).
 */
export const ecsEnableContainerInsights = settingAction({
  id: 'ecs-enable-container-insights',
  title: 'Turn on Container Insights for an ECS cluster',
  description:
    'ecs:UpdateClusterSettings with settings [{name: containerInsights, value: enabled}] only; the other cluster settings, services and tasks stay. Undo: the previous value (disabled).',
  resourceType: 'aws.ecs.cluster',
  sdk: [sdk(ECSClient, { UpdateClusterSettingsCommand, DescribeClustersCommand })],
  settings: ['containerInsights'],
  async read(api, target) {
    const r = await api.client(ECSClient).send(new DescribeClustersCommand({ clusters: [target.arn], include: ['SETTINGS'] }));
    const c = (r.clusters ?? []).find((x) => x.clusterArn === target.arn);
    // A cluster in `failures` (MISSING) no longer exists.
    return c && c.status !== 'INACTIVE' ? settingsOf(c.settings ?? []) : null;
  },
  fromResource(r) {
    const c = r.config as Partial<ClusterConfig>;
    return c.containerInsights === undefined ? undefined : { containerInsights: c.containerInsights ?? 'disabled' };
  },
  violations: (s) => (GOOD.includes(String(s['containerInsights'])) ? [] : [`containerInsights = ${String(s['containerInsights'])}`]),
  fix: () => ({ containerInsights: 'enabled' }),
  write: (values, _current, target) => ({
    operation: 'UpdateClusterSettings',
    params: { cluster: target.arn, settings: Object.entries(values).map(([name, value]) => ({ name, value: String(value ?? 'disabled') })) },
    purpose: `set ${Object.entries(values).map(([k, v]) => `${k}=${String(v)}`).join(', ')}`,
  }),
});
