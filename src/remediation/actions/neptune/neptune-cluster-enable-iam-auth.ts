import { clusterFlagAction } from '../rds/common.ts';

/** neptune-cluster-enable-iam-auth: every request must then be signed with IAM credentials (SigV4). */
export const neptuneClusterEnableIamAuth = clusterFlagAction({
  id: 'neptune-cluster-enable-iam-auth',
  title: 'Turn on IAM database authentication for a Neptune cluster',
  description:
    'rds:ModifyDBCluster (the Neptune API is RDS\'s) with EnableIAMDatabaseAuthentication=true and ApplyImmediately: from then on Neptune accepts only SigV4-signed requests from identities allowed neptune-db:* — clients that do not sign are refused, so check them first (the policy\'s default mode is approve). Every other setting stays. Undo: EnableIAMDatabaseAuthentication=false.',
  resourceType: 'aws.neptune.cluster',
  setting: 'IAMDatabaseAuthenticationEnabled',
});
