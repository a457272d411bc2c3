import { instanceSettings } from '../../services/rds/instance-model.ts';
import type { RdsState } from '../../services/rds/model.ts';
import { serviceStates } from '../../world.ts';
import type { EstateDbInstance, EstateDbParameterGroup, EstateDbProxy, EstateRdsEventSubscription } from '../rds-instances.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

const ENGINES = ['postgres', 'mysql', 'mariadb', 'sqlserver-se', 'oracle-ee'] as const;
/** The families of the engines' default versions (model.ts) and their TLS parameter, with the value that forces TLS. */
const TLS: Record<string, { family: string; parameter: string; on: string } | undefined> = {
  postgres: { family: 'postgres16', parameter: 'rds.force_ssl', on: '1' },
  mysql: { family: 'mysql8.0', parameter: 'require_secure_transport', on: '1' },
  mariadb: { family: 'mariadb10.11', parameter: 'require_secure_transport', on: 'ON' },
  'sqlserver-se': { family: 'sqlserver-se-16.0', parameter: 'rds.force_ssl', on: '1' },
};
/** The engines' default ports, the log types the log-export policy wants, and the critical event categories (the policies' descriptions). */
const DEFAULT_PORT: Record<string, number> = { postgres: 5432, 'aurora-postgresql': 5432, mysql: 3306, mariadb: 3306, 'aurora-mysql': 3306, 'sqlserver-se': 1433, 'oracle-ee': 1521 };
const engineDefaultPort = (engine: string) => DEFAULT_PORT[engine];
const LOG_TYPES: Record<string, string[]> = { postgres: ['postgresql', 'upgrade'], mysql: ['audit', 'error', 'general', 'slowquery'], mariadb: ['audit', 'error', 'general', 'slowquery'], 'sqlserver-se': ['agent', 'error'], 'oracle-ee': ['alert', 'audit', 'listener', 'trace'] };
const requiredLogTypes = (engine: string) => LOG_TYPES[engine] ?? [];
const CRITICAL_EVENT_CATEGORIES = {
  dbInstance: { sourceType: 'db-instance', categories: ['failure', 'maintenance', 'configuration change'] },
  dbCluster: { sourceType: 'db-cluster', categories: ['failure', 'maintenance'] },
  dbParameterGroup: { sourceType: 'db-parameter-group', categories: ['configuration change'] },
  dbSecurityGroup: { sourceType: 'db-security-group', categories: ['configuration change', 'failure'] },
};
const DEFAULT_USER = (engine: string) => (engine === 'postgres' ? 'postgres' : 'admin');
const subscriptionsArn = (region: string, account: string) => `arn:aws:rds:${region}:${account}:event-subscriptions`;

/**
 * RDS DB instances (standalone: Aurora clusters belong to the cluster piece), each setting the instance policies
 * read right or wrong — port, admin name, public access, encryption, Multi-AZ, backups, tag copying, deletion
 * protection, IAM authentication, minor upgrades, enhanced monitoring, log exports, the TLS parameter of its
 * parameter group (PostgreSQL 16's default group forces TLS, so a PostgreSQL instance gets it wrong through a
 * custom group), EC2-Classic now and then — plus RDS Proxies with or without TLS and, per account and Region, event
 * subscriptions that cover the critical events or leave some out.
 */
export const rdsInstances: GeneratorPiece = {
  name: 'rds-instance',
  resourceTypes: ['aws.rds.db-instance', 'aws.rds.db-proxy', 'aws.rds.event-subscription'],
  policies: [
    'aws-rds-default-port',
    'aws-rds-enhanced-monitoring-off',
    'aws-rds-instance-backups-off',
    'aws-rds-instance-copy-tags-off',
    'aws-rds-instance-default-admin-username',
    'aws-rds-instance-deletion-protection-off',
    'aws-rds-instance-iam-auth-off',
    'aws-rds-instance-logs-not-exported',
    'aws-rds-instance-minor-upgrade-off',
    'aws-rds-instance-not-in-vpc',
    'aws-rds-instance-public',
    'aws-rds-instance-single-az',
    'aws-rds-instance-tls-not-enforced',
    'aws-rds-instance-unencrypted',
    'aws-rds-proxy-tls-not-required',
    'aws-rds-event-subscription-missing-instance',
    'aws-rds-event-subscription-missing-cluster',
    'aws-rds-event-subscription-missing-parameter-group',
    'aws-rds-event-subscription-missing-security-group',
  ],
  // Per place: `each` instances and proxies, and the event subscriptions resource where there are instances.
  resources: (s) => s.accounts * s.regions * (2 * s.each + (s.each > 0 ? 1 : 0)),
  plan(ctx) {
    const { bad, pick } = ctx;
    const instances: EstateDbInstance[] = [];
    const groups: EstateDbParameterGroup[] = [];
    const proxies: EstateDbProxy[] = [];
    const subscriptions: EstateRdsEventSubscription[] = [];
    /** Whether each planned instance's parameter group forces TLS (undefined: the engine has no such parameter). */
    const tls: (boolean | undefined)[] = [];
    const eventPlaces: { account: string; region: string; subs: EstateRdsEventSubscription[] }[] = [];
    for (const { account, region } of places(ctx)) {
      const made = new Set<string>();
      const group = (name: string, family: string, values: Record<string, string>) => {
        if (!made.has(name)) groups.push({ account, region, name, family, values });
        made.add(name);
        return name;
      };
      for (let i = 0; i < ctx.spec.each; i++) {
        const engine = pick(ENGINES);
        const t = TLS[engine];
        const tlsOn = !bad();
        let parameterGroup: string | undefined;
        if (t && tlsOn) parameterGroup = group(`gen-tls-${engine.split('-')[0]}`, t.family, { [t.parameter]: t.on });
        // PostgreSQL 16's default group forces TLS: turning it off takes a custom group.
        else if (t && engine === 'postgres') parameterGroup = group('gen-notls-postgres', t.family, { [t.parameter]: '0' });
        tls.push(t ? tlsOn : undefined);
        const monitoring = bad() ? pick(['off', 'role-only'] as const) : 'on';
        const required = requiredLogTypes(engine);
        instances.push({
          account,
          region,
          id: `gen-db-${i}`,
          engine,
          ...(bad() ? {} : { port: 6000 + i }),
          masterUsername: bad() ? pick([DEFAULT_USER(engine), 'root', 'master']) : 'gen_owner',
          publiclyAccessible: bad(),
          storageEncrypted: !bad(),
          multiAz: !bad(),
          backupRetentionDays: bad() ? pick([0, 1, 6]) : pick([7, 14, 35]),
          copyTagsToSnapshot: !bad(),
          deletionProtection: !bad(),
          ...(['mysql', 'mariadb', 'postgres'].includes(engine) ? { iamAuth: !bad() } : {}),
          autoMinorVersionUpgrade: !bad(),
          ...(monitoring === 'on' ? { monitoringInterval: pick([15, 60] as const), monitoringRoleArn: `arn:aws:iam::${account}:role/rds-monitoring-role` } : {}),
          ...(monitoring === 'role-only' ? { monitoringRoleArn: `arn:aws:iam::${account}:role/rds-monitoring-role` } : {}),
          logExports: bad() ? required.slice(0, Math.floor(ctx.r() * required.length)) : [...required],
          ...(parameterGroup ? { parameterGroup } : {}),
          ...(ctx.r() < 0.05 ? { outsideVpc: true } : {}),
        });
        proxies.push({ account, region, name: `gen-proxy-${i}`, engineFamily: pick(['POSTGRESQL', 'MYSQL'] as const), requireTls: !bad() });
      }
      if (ctx.spec.each === 0) continue;
      const topic = `arn:aws:sns:${region}:${account}:gen-db-events`;
      const subs: EstateRdsEventSubscription[] = [];
      const roll = ctx.r();
      if (roll < 0.25) subs.push({ account, region, name: 'gen-all-events', snsTopicArn: topic, enabled: !bad() });
      else if (roll < 0.85) {
        for (const { sourceType, categories } of Object.values(CRITICAL_EVENT_CATEGORIES)) {
          if (bad()) continue;
          const partial = bad() && categories.length > 1;
          subs.push({ account, region, name: `gen-${sourceType}-events`, snsTopicArn: topic, sourceType, categories: partial ? categories.slice(0, 1) : [...categories] });
        }
      }
      subscriptions.push(...subs);
      eventPlaces.push({ account, region, subs });
    }
    (ctx.doc.dbParameterGroups ??= []).push(...groups);
    (ctx.doc.dbInstances ??= []).push(...instances);
    (ctx.doc.dbProxies ??= []).push(...proxies);
    (ctx.doc.rdsEventSubscriptions ??= []).push(...subscriptions);
    return {
      truth(world) {
        const truth = new Truth();
        for (const [n, d] of instances.entries()) {
          const arn = `arn:aws:rds:${d.region}:${d.account}:db:${d.id}`;
          const add = (policy: string, ...fields: string[]) => truth.add(policy, arn, d.account, d.region, paths(...fields));
          const standalone = (policy: string, ...fields: string[]) => add(policy, 'dbClusterIdentifier', ...fields);
          const engine = d.engine!;
          if ((d.port ?? engineDefaultPort(engine)) === engineDefaultPort(engine)) add('aws-rds-default-port', 'defaultPort');
          add('aws-rds-enhanced-monitoring-off', ...(d.monitoringInterval === undefined ? ['monitoringInterval'] : []), ...(d.monitoringRoleArn === undefined ? ['monitoringRoleArn'] : []));
          if (d.backupRetentionDays! < 7) standalone('aws-rds-instance-backups-off', 'backupRetentionPeriod');
          if (!d.copyTagsToSnapshot) standalone('aws-rds-instance-copy-tags-off', 'copyTagsToSnapshot');
          if (['admin', 'administrator', 'postgres', 'root', 'master'].includes(d.masterUsername!)) standalone('aws-rds-instance-default-admin-username', 'masterUsername');
          if (!d.deletionProtection) standalone('aws-rds-instance-deletion-protection-off', 'deletionProtection');
          if (d.iamAuth === false) standalone('aws-rds-instance-iam-auth-off', 'engine', 'iamDatabaseAuthenticationEnabled');
          if (requiredLogTypes(engine).some((t) => !d.logExports!.includes(t))) standalone('aws-rds-instance-logs-not-exported', 'logExportsMissing');
          if (!d.autoMinorVersionUpgrade) add('aws-rds-instance-minor-upgrade-off', 'autoMinorVersionUpgrade');
          if (d.outsideVpc) add('aws-rds-instance-not-in-vpc', 'vpcId');
          if (d.publiclyAccessible) add('aws-rds-instance-public', 'publiclyAccessible');
          if (!d.multiAz) standalone('aws-rds-instance-single-az', 'multiAz');
          if (tls[n] === false) add('aws-rds-instance-tls-not-enforced', 'tlsEnforced');
          if (!d.storageEncrypted) standalone('aws-rds-instance-unencrypted', 'storageEncrypted');
        }
        for (const p of proxies) {
          if (p.requireTls) continue;
          const proxy = world.services['rds']?.[p.account]?.[p.region] as { proxies?: { DBProxyName: string; DBProxyArn: string }[] } | undefined;
          const arn = proxy?.proxies?.find((x) => x.DBProxyName === p.name)?.DBProxyArn;
          if (arn) truth.add('aws-rds-proxy-tls-not-required', arn, p.account, p.region, paths('requireTls'));
        }
        const POLICY = { dbInstance: 'instance', dbCluster: 'cluster', dbParameterGroup: 'parameter-group', dbSecurityGroup: 'security-group' } as const;
        for (const { account, region, subs } of eventPlaces) {
          for (const [key, { sourceType, categories }] of Object.entries(CRITICAL_EVENT_CATEGORIES)) {
            const covering = subs.filter((s) => s.enabled !== false && (s.sourceType === undefined || s.sourceType === sourceType) && !s.sourceIds?.length);
            const missing = categories.filter((c) => !covering.some((s) => !s.categories?.length || s.categories.includes(c)));
            const field = `missing${key[0]!.toUpperCase()}${key.slice(1)}`;
            if (missing.length) truth.add(`aws-rds-event-subscription-missing-${POLICY[key as keyof typeof POLICY]}`, subscriptionsArn(region, account), account, region, paths(field));
          }
        }
        // Members of other pieces' clusters are DB instances too, with the instance settings CreateDBInstance gave
        // them (read back from the world, where the endpoint applied its defaults): what this piece plans for
        // standalone instances does not reach them, the member-level policies do.
        for (const { accountId, region, state } of serviceStates<RdsState>(world, 'rds')) {
          for (const i of state.instances) {
            // Neptune and DocumentDB instances belong to those services' own checks, not RDS's (the collector skips them).
            if (!i.dbClusterId || i.engine === 'neptune' || i.engine === 'docdb') continue;
            const s = instanceSettings(i);
            const add = (policy: string, ...fields: string[]) => truth.add(policy, i.arn, accountId, region, paths(...fields));
            if (i.port === engineDefaultPort(i.engine)) add('aws-rds-default-port', 'defaultPort');
            add('aws-rds-enhanced-monitoring-off', ...(s.monitoringInterval === 0 ? ['monitoringInterval'] : []), ...(s.monitoringRoleArn === undefined ? ['monitoringRoleArn'] : []));
            if (!s.autoMinorVersionUpgrade) add('aws-rds-instance-minor-upgrade-off', 'autoMinorVersionUpgrade');
            if (i.vpcId === undefined) add('aws-rds-instance-not-in-vpc', 'vpcId');
            if (i.publiclyAccessible) add('aws-rds-instance-public', 'publiclyAccessible');
          }
        }
        return truth.entries;
      },
    };
  },
};
