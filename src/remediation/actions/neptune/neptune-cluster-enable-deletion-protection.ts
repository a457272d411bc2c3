import { clusterFlagAction } from '../rds/common.ts';

/** neptune-cluster-enable-deletion-protection: DeleteDBCluster is then refused until the protection is turned off. */
export const neptuneClusterEnableDeletionProtection = clusterFlagAction({
  id: 'neptune-cluster-enable-deletion-protection',
  title: 'Turn on Neptune cluster deletion protection',
  description: 'rds:ModifyDBCluster (the Neptune API is RDS\'s) with DeletionProtection=true and ApplyImmediately; every other cluster setting stays. Undo: DeletionProtection=false.',
  resourceType: 'aws.neptune.cluster',
  setting: 'DeletionProtection',
});
