import { clusterSettingAction } from './common.ts';

/** redshift-disable-public-access: PubliclyAccessible=false; undo makes the cluster public again. */
export const redshiftDisablePublicAccess = clusterSettingAction({
  id: 'redshift-disable-public-access',
  title: 'Make a Redshift cluster private',
  description:
    'redshift:ModifyCluster with PubliclyAccessible=false only: the cluster keeps its endpoint name, which then resolves to its private address; clients outside the VPC lose access. Undo: PubliclyAccessible=true.',
  setting: 'PubliclyAccessible',
  violates: (v) => v === true,
  safe: false,
});
