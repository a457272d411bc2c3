import { instanceAction } from './shared/instance.ts';

/** rds-instance-remove-public-access: the instance's endpoint resolves to private addresses only. */
export const rdsInstanceRemovePublicAccess = instanceAction({
  id: 'rds-instance-remove-public-access',
  title: 'Make an RDS DB instance private',
  description:
    'rds:ModifyDBInstance with PubliclyAccessible=false and ApplyImmediately=true only: the endpoint resolves to private addresses; clients outside the VPC lose access. Security groups and every other setting stay. Undo: PubliclyAccessible=true.',
  settings: ['PubliclyAccessible'],
  violations: (s) => (s['PubliclyAccessible'] === true ? ['PubliclyAccessible = true'] : []),
  fix: () => ({ PubliclyAccessible: false }),
});
