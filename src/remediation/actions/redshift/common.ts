/** What the Redshift cluster actions share: the re-read of a cluster (DescribeClusters, as the collector reads it) and the ModifyCluster setting actions. */
import { DescribeClustersCommand, ModifyClusterCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import type { RedshiftClusterConfig } from '../../../resources/aws/redshift/cluster.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type SettingValue, type Settings } from '../../kit/setting.ts';
import type { AnyAction, AwsApi } from '../../types.ts';

export async function readCluster(api: AwsApi, id: string): Promise<Settings | null> {
  const c = (await api.client(RedshiftClient).send(new DescribeClustersCommand({ ClusterIdentifier: id }))).Clusters?.[0];
  if (!c) return null;
  return {
    AutomatedSnapshotRetentionPeriod: c.AutomatedSnapshotRetentionPeriod ?? null,
    PubliclyAccessible: c.PubliclyAccessible ?? null,
    AllowVersionUpgrade: c.AllowVersionUpgrade ?? null,
    ClusterStatus: c.ClusterStatus ?? null,
    Encrypted: c.Encrypted ?? null,
    EnhancedVpcRouting: c.EnhancedVpcRouting ?? null,
  };
}

type Setting = 'AutomatedSnapshotRetentionPeriod' | 'PubliclyAccessible' | 'AllowVersionUpgrade';
const FIELD: Record<Setting, keyof RedshiftClusterConfig> = {
  AutomatedSnapshotRetentionPeriod: 'automatedSnapshotRetentionPeriod',
  PubliclyAccessible: 'publiclyAccessible',
  AllowVersionUpgrade: 'allowVersionUpgrade',
};

interface ClusterSettingSpec {
  id: string;
  title: string;
  description: string;
  setting: Setting;
  violates(v: SettingValue): boolean;
  safe: SettingValue;
}

/** One ModifyCluster setting set to its safe value; undo sets the previous value back. */
export function clusterSettingAction(spec: ClusterSettingSpec): AnyAction {
  return settingAction({
    id: spec.id,
    title: spec.title,
    description: spec.description,
    resourceType: 'aws.redshift.cluster',
    sdk: [sdk(RedshiftClient, { ModifyClusterCommand, DescribeClustersCommand })],
    settings: [spec.setting],
    read: (api, target) => readCluster(api, target.id),
    fromResource(r) {
      const v = (r.config as Partial<RedshiftClusterConfig>)[FIELD[spec.setting]];
      return v === undefined ? undefined : { [spec.setting]: v as SettingValue };
    },
    violations: (s) => (spec.violates(s[spec.setting] ?? null) ? [`${spec.setting} = ${String(s[spec.setting])}`] : []),
    fix: () => ({ [spec.setting]: spec.safe }),
    write: (values, _current, target) => ({ operation: 'ModifyCluster', params: { ClusterIdentifier: target.id, [spec.setting]: values[spec.setting] }, purpose: `set ${spec.setting}=${String(values[spec.setting])}` }),
  });
}
