import { instanceAction } from './shared/instance.ts';

/** rds-instance-enable-minor-upgrades: turns on AutoMinorVersionUpgrade (applied in the maintenance window). */
export const rdsInstanceEnableMinorUpgrades = instanceAction({
  id: 'rds-instance-enable-minor-upgrades',
  title: 'Turn on automatic minor version upgrades of an RDS DB instance',
  description: 'rds:ModifyDBInstance with AutoMinorVersionUpgrade=true and ApplyImmediately=true only; every other setting stays. Undo: AutoMinorVersionUpgrade=false.',
  settings: ['AutoMinorVersionUpgrade'],
  violations: (s) => (s['AutoMinorVersionUpgrade'] === false ? ['AutoMinorVersionUpgrade = false'] : []),
  fix: () => ({ AutoMinorVersionUpgrade: true }),
});
