import { clusterFlagAction } from '../rds/common.ts';

/** neptune-cluster-enable-copy-tags: new snapshots of the cluster carry its tags (existing snapshots are not retagged). */
export const neptuneClusterEnableCopyTags = clusterFlagAction({
  id: 'neptune-cluster-enable-copy-tags',
  title: 'Copy Neptune cluster tags to its snapshots',
  description: 'rds:ModifyDBCluster (the Neptune API is RDS\'s) with CopyTagsToSnapshot=true and ApplyImmediately; existing snapshots are not retagged; every other setting stays. Undo: CopyTagsToSnapshot=false.',
  resourceType: 'aws.neptune.cluster',
  setting: 'CopyTagsToSnapshot',
});
