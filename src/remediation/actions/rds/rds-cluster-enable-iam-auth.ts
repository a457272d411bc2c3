import { clusterFlagAction } from './common.ts';

/** rds-cluster-enable-iam-auth: IAM tokens are accepted besides passwords; existing database users keep working. */
export const rdsClusterEnableIamAuth = clusterFlagAction({
  id: 'rds-cluster-enable-iam-auth',
  title: 'Turn on IAM database authentication for a DB cluster',
  description: 'rds:ModifyDBCluster with EnableIAMDatabaseAuthentication=true and ApplyImmediately: IAM authentication tokens are accepted besides passwords, existing database users and passwords keep working; every other setting stays. Undo: EnableIAMDatabaseAuthentication=false.',
  resourceType: 'aws.rds.db-cluster',
  setting: 'IAMDatabaseAuthenticationEnabled',
});
