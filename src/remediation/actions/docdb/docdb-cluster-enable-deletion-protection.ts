import { clusterFlagAction } from '../rds/common.ts';

/** docdb-cluster-enable-deletion-protection: DeleteDBCluster is then refused until the protection is turned off. */
export const docdbClusterEnableDeletionProtection = clusterFlagAction({
  id: 'docdb-cluster-enable-deletion-protection',
  title: 'Turn on DocumentDB cluster deletion protection',
  description: 'rds:ModifyDBCluster (the DocumentDB API is RDS\'s) with DeletionProtection=true and ApplyImmediately; every other cluster setting stays. Undo: DeletionProtection=false.',
  resourceType: 'aws.docdb.cluster',
  setting: 'DeletionProtection',
});
