import { clusterSettingAction } from './common.ts';

/** redshift-enable-version-upgrade: AllowVersionUpgrade=true; undo sets it back to false. */
export const redshiftEnableVersionUpgrade = clusterSettingAction({
  id: 'redshift-enable-version-upgrade',
  title: 'Let Redshift apply major version upgrades',
  description:
    'redshift:ModifyCluster with AllowVersionUpgrade=true only: upgrades are then applied in the maintenance window. Undo: AllowVersionUpgrade=false (an upgrade already applied stays).',
  setting: 'AllowVersionUpgrade',
  violates: (v) => v === false,
  safe: true,
});
