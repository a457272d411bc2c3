import type { EstateDbCluster } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * Aurora and Multi-AZ DB clusters: per place and index a cluster (Aurora MySQL, Aurora PostgreSQL or a Multi-AZ
 * PostgreSQL cluster), each setting right or wrong — encryption, the default admin name, deletion protection, IAM
 * authentication, copying tags, minor-version upgrades, log exports, backtracking and server_audit_logging (Aurora
 * MySQL) — with no instances (single-AZ) or a writer and a reader in two Availability Zones. The members are DB
 * instances of their own (`<cluster>-1`, `<cluster>-2`): a DB-instance piece's truth has to count them.
 */
export const rdsClusters: GeneratorPiece = {
  name: 'rds-cluster',
  resourceTypes: ['aws.rds.db-cluster'],
  policies: [
    'aws-rds-aurora-backtrack-off',
    'aws-rds-aurora-mysql-audit-logging-off',
    'aws-rds-cluster-copy-tags-off',
    'aws-rds-cluster-default-admin-username',
    'aws-rds-cluster-deletion-protection-off',
    'aws-rds-cluster-iam-auth-off',
    'aws-rds-cluster-logs-not-exported',
    'aws-rds-cluster-minor-upgrade-off',
    'aws-rds-cluster-single-az',
    'aws-rds-cluster-unencrypted',
  ],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: EstateDbCluster[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const engine = pick(['aurora-mysql', 'aurora-postgresql', 'postgres'] as const);
        const wanted = engine === 'aurora-mysql' ? 'audit' : 'postgresql';
        planned.push({
          account,
          region,
          id: `gen-aurora-${i}`,
          engine,
          instances: pick([0, 2]),
          encrypted: !bad(),
          ...(bad() ? {} : { masterUsername: 'gen_admin' }),
          deletionProtection: !bad(),
          iamAuth: !bad(),
          copyTagsToSnapshot: !bad(),
          autoMinorVersionUpgrade: !bad(),
          logExports: bad() ? pick([[], ['error']]).filter((t) => engine === 'aurora-mysql' || t !== 'error') : [wanted],
          ...(engine === 'aurora-mysql' ? { backtrackWindow: bad() ? 0 : pick([3600, 86400]) } : {}),
          ...(engine === 'aurora-mysql' && !bad() ? { parameters: { server_audit_logging: '1' } } : {}),
          ...(engine === 'aurora-mysql' && bad() ? pick([{}, { parameters: { server_audit_logging: '0' } }]) : {}),
        });
      }
    }
    (ctx.doc.dbClusters ??= []).push(...planned);
    return {
      // Members are DB instances too, scanned as aws.rds.db-instance (their findings come from the rds-instance piece).
      variableResources: () => planned.reduce((n, c) => n + (c.instances ?? 0), 0),
      truth() {
        const truth = new Truth();
        for (const c of planned) {
          const arn = `arn:aws:rds:${c.region}:${c.account}:cluster:${c.id}`;
          const add = (policy: string, ...fields: string[]) => truth.add(policy, arn, c.account, c.region, paths(...fields));
          const mysql = c.engine === 'aurora-mysql';
          if (mysql && !c.backtrackWindow) add('aws-rds-aurora-backtrack-off', 'engine', 'backtrackWindow');
          if (mysql && c.parameters?.['server_audit_logging'] !== '1') add('aws-rds-aurora-mysql-audit-logging-off', 'engine', 'serverAuditLogging');
          if (!c.copyTagsToSnapshot) add('aws-rds-cluster-copy-tags-off', 'copyTagsToSnapshot');
          if (!c.masterUsername) add('aws-rds-cluster-default-admin-username', 'masterUsername');
          if (!c.deletionProtection) add('aws-rds-cluster-deletion-protection-off', 'deletionProtection');
          if (!c.iamAuth) add('aws-rds-cluster-iam-auth-off', 'iamDatabaseAuthenticationEnabled');
          if ((mysql && !c.logExports!.includes('audit')) || (c.engine === 'aurora-postgresql' && !c.logExports!.includes('postgresql'))) add('aws-rds-cluster-logs-not-exported', 'engine', 'enabledCloudwatchLogsExports');
          if (!c.autoMinorVersionUpgrade) add('aws-rds-cluster-minor-upgrade-off', 'autoMinorVersionUpgrade');
          if (c.instances! < 2) add('aws-rds-cluster-single-az', 'multiAz');
          if (!c.encrypted) add('aws-rds-cluster-unencrypted', 'storageEncrypted');
        }
        return truth.entries;
      },
    };
  },
};
