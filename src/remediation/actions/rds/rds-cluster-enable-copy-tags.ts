import { clusterFlagAction } from './common.ts';

/** rds-cluster-enable-copy-tags: new snapshots of the cluster carry its tags (existing snapshots are not retagged). */
export const rdsClusterEnableCopyTags = clusterFlagAction({
  id: 'rds-cluster-enable-copy-tags',
  title: 'Copy DB cluster tags to its snapshots',
  description: 'rds:ModifyDBCluster with CopyTagsToSnapshot=true and ApplyImmediately; snapshots taken from then on carry the cluster\'s tags, existing ones are not retagged; every other setting stays. Undo: CopyTagsToSnapshot=false.',
  resourceType: 'aws.rds.db-cluster',
  setting: 'CopyTagsToSnapshot',
});
