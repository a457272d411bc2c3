import { instanceAction, standalone } from './shared/instance.ts';

/** rds-instance-enable-deletion-protection: turns on DeletionProtection of a standalone instance. */
export const rdsInstanceEnableDeletionProtection = instanceAction({
  id: 'rds-instance-enable-deletion-protection',
  title: 'Turn on RDS DB instance deletion protection',
  description: 'rds:ModifyDBInstance with DeletionProtection=true and ApplyImmediately=true only; every other setting stays. Undo: DeletionProtection=false.',
  settings: ['DeletionProtection'],
  violations: (s) => (standalone(s) && s['DeletionProtection'] === false ? ['DeletionProtection = false'] : []),
  fix: () => ({ DeletionProtection: true }),
});
