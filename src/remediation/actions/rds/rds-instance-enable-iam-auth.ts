import { instanceAction, standalone } from './shared/instance.ts';

const ENGINES = ['mysql', 'mariadb', 'postgres'];

/** rds-instance-enable-iam-auth: turns on IAM database authentication of a standalone MySQL, MariaDB or PostgreSQL instance. */
export const rdsInstanceEnableIamAuth = instanceAction({
  id: 'rds-instance-enable-iam-auth',
  title: 'Turn on IAM database authentication of an RDS DB instance',
  description:
    'rds:ModifyDBInstance with EnableIAMDatabaseAuthentication=true and ApplyImmediately=true only; password logins keep working (IAM authentication is added, database users opt in). Every other setting stays. Undo: EnableIAMDatabaseAuthentication=false.',
  settings: ['IAMDatabaseAuthenticationEnabled'],
  violations: (s) => (standalone(s) && ENGINES.includes(String(s['Engine'])) && s['IAMDatabaseAuthenticationEnabled'] === false ? ['IAMDatabaseAuthenticationEnabled = false'] : []),
  fix: () => ({ IAMDatabaseAuthenticationEnabled: true }),
});
