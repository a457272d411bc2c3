import { clusterFlagAction } from './common.ts';

/** rds-cluster-enable-deletion-protection: DeleteDBCluster is then refused until the protection is turned off. */
export const rdsClusterEnableDeletionProtection = clusterFlagAction({
  id: 'rds-cluster-enable-deletion-protection',
  title: 'Turn on DB cluster deletion protection',
  description: 'rds:ModifyDBCluster with DeletionProtection=true and ApplyImmediately; every other cluster setting stays. Undo: DeletionProtection=false.',
  resourceType: 'aws.rds.db-cluster',
  setting: 'DeletionProtection',
});
