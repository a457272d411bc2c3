import { peekDmsState } from '../../services/dms/model.ts';
import type { EstateDmsEndpoint, EstateDmsReplicationInstance, EstateDmsReplicationTask } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

const LOW = ['LOGGER_SEVERITY_ERROR', 'LOGGER_SEVERITY_WARNING', 'LOGGER_SEVERITY_INFO'] as const;
const OK = ['LOGGER_SEVERITY_DEFAULT', 'LOGGER_SEVERITY_DEBUG', 'LOGGER_SEVERITY_DETAILED_DEBUG'] as const;
/** Engines with no SslMode setting (they always answer `none` and are not the SSL policy's concern). */
const NO_SSL_MODE = new Set(['s3', 'dynamodb', 'kinesis', 'neptune', 'redis']);

/**
 * DMS: per place and index a replication instance (public or not, Multi-AZ or not, minor upgrades on or off),
 * a source endpoint (PostgreSQL, MySQL, Oracle or MongoDB, with or without SSL, MongoDB with or without
 * authentication), a target endpoint (PostgreSQL, Neptune with or without IAM, Redis in plaintext or TLS, S3,
 * DynamoDB) and a task between them whose logging is off, or on with some source or target components below
 * the default severity.
 */
export const dms: GeneratorPiece = {
  name: 'dms',
  resourceTypes: ['aws.dms.endpoint', 'aws.dms.replication-instance', 'aws.dms.replication-task'],
  policies: [
    'aws-dms-endpoint-no-ssl',
    'aws-dms-mongodb-endpoint-no-auth',
    'aws-dms-neptune-endpoint-no-iam',
    'aws-dms-redis-endpoint-no-tls',
    'aws-dms-instance-minor-upgrade-off',
    'aws-dms-instance-public',
    'aws-dms-instance-single-az',
    'aws-dms-task-source-logging-off',
    'aws-dms-task-target-logging-off',
  ],
  // An instance, two endpoints and a task per place and index.
  resources: (s) => 4 * s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const instances: EstateDmsReplicationInstance[] = [];
    const endpoints: EstateDmsEndpoint[] = [];
    const tasks: EstateDmsReplicationTask[] = [];
    const endpoint = (account: string, region: string, identifier: string, type: 'source' | 'target', engine: EstateDmsEndpoint['engine']): EstateDmsEndpoint => {
      const e: EstateDmsEndpoint = { account, region, identifier, type, engine };
      if (!NO_SSL_MODE.has(engine)) e.sslMode = bad() ? 'none' : pick(['require', 'verify-ca', 'verify-full'] as const);
      if (engine === 'mongodb') e.mongoAuthType = bad() ? 'no' : 'password';
      if (engine === 'neptune') e.neptuneIamAuth = !bad();
      if (engine === 'redis') e.redisSslProtocol = bad() ? 'plaintext' : 'ssl-encryption';
      return e;
    };
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        instances.push({ account, region, identifier: `gen-dms-${i}`, publiclyAccessible: bad(), multiAz: !bad(), autoMinorVersionUpgrade: !bad() });
        endpoints.push(endpoint(account, region, `gen-dms-src-${i}`, 'source', pick(['postgres', 'mysql', 'oracle', 'mongodb'] as const)));
        endpoints.push(endpoint(account, region, `gen-dms-dst-${i}`, 'target', pick(['postgres', 'neptune', 'redis', 's3', 'dynamodb'] as const)));
        const severities: Record<string, string> = {};
        for (const c of ['SOURCE_UNLOAD', 'SOURCE_CAPTURE', 'TARGET_LOAD', 'TARGET_APPLY']) severities[c] = bad() ? pick(LOW) : pick(OK);
        tasks.push({ account, region, identifier: `gen-dms-task-${i}`, source: `gen-dms-src-${i}`, target: `gen-dms-dst-${i}`, instance: `gen-dms-${i}`, logging: !bad(), severities });
      }
    }
    (ctx.doc.dmsReplicationInstances ??= []).push(...instances);
    (ctx.doc.dmsEndpoints ??= []).push(...endpoints);
    (ctx.doc.dmsReplicationTasks ??= []).push(...tasks);
    return {
      truth(world) {
        const truth = new Truth();
        const arnOf = (account: string, region: string, kind: 'endpoint' | 'instance' | 'task', id: string): string => {
          const state = peekDmsState(world, account, region)!;
          if (kind === 'endpoint') return state.endpoints.find((e) => e.EndpointIdentifier === id)!.EndpointArn;
          if (kind === 'instance') return state.instances.find((x) => x.ReplicationInstanceIdentifier === id)!.ReplicationInstanceArn;
          return state.tasks.find((t) => t.ReplicationTaskIdentifier === id)!.ReplicationTaskArn;
        };
        for (const r of instances) {
          const arn = arnOf(r.account, r.region, 'instance', r.identifier);
          if (r.publiclyAccessible) truth.add('aws-dms-instance-public', arn, r.account, r.region, paths('publiclyAccessible'));
          if (!r.multiAz) truth.add('aws-dms-instance-single-az', arn, r.account, r.region, paths('multiAz'));
          if (!r.autoMinorVersionUpgrade) truth.add('aws-dms-instance-minor-upgrade-off', arn, r.account, r.region, paths('autoMinorVersionUpgrade'));
        }
        for (const e of endpoints) {
          const arn = arnOf(e.account, e.region, 'endpoint', e.identifier);
          if (e.sslMode === 'none') truth.add('aws-dms-endpoint-no-ssl', arn, e.account, e.region, paths('sslMode', 'engineName'));
          if (e.mongoAuthType === 'no') truth.add('aws-dms-mongodb-endpoint-no-auth', arn, e.account, e.region, paths('engineName', 'mongoDbAuthType'));
          if (e.neptuneIamAuth === false) truth.add('aws-dms-neptune-endpoint-no-iam', arn, e.account, e.region, paths('engineName', 'neptuneIamAuthEnabled'));
          if (e.redisSslProtocol === 'plaintext') truth.add('aws-dms-redis-endpoint-no-tls', arn, e.account, e.region, paths('engineName', 'redisSslSecurityProtocol'));
        }
        const low = (s: string | undefined) => (LOW as readonly string[]).includes(s ?? '');
        for (const t of tasks) {
          const arn = arnOf(t.account, t.region, 'task', t.identifier);
          const off = t.logging === false ? ['loggingEnabled'] : [];
          const s = t.severities ?? {};
          truth.add('aws-dms-task-source-logging-off', arn, t.account, t.region, paths(...off, ...(low(s['SOURCE_UNLOAD']) ? ['sourceUnloadSeverity'] : []), ...(low(s['SOURCE_CAPTURE']) ? ['sourceCaptureSeverity'] : [])));
          truth.add('aws-dms-task-target-logging-off', arn, t.account, t.region, paths(...off, ...(low(s['TARGET_LOAD']) ? ['targetLoadSeverity'] : []), ...(low(s['TARGET_APPLY']) ? ['targetApplySeverity'] : [])));
        }
        return truth.entries;
      },
    };
  },
};
