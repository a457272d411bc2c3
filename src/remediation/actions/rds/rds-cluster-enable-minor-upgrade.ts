import { clusterFlagAction } from './common.ts';

/** rds-cluster-enable-minor-upgrade: minor engine versions are applied in the cluster's maintenance window. */
export const rdsClusterEnableMinorUpgrade = clusterFlagAction({
  id: 'rds-cluster-enable-minor-upgrade',
  title: 'Turn on automatic minor version upgrades for a DB cluster',
  description: 'rds:ModifyDBCluster with AutoMinorVersionUpgrade=true and ApplyImmediately: minor engine versions are then applied in the maintenance window (nothing is upgraded by the call itself); every other setting stays. Undo: AutoMinorVersionUpgrade=false.',
  resourceType: 'aws.rds.db-cluster',
  setting: 'AutoMinorVersionUpgrade',
});
