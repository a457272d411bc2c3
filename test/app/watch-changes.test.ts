/**
 * The writes resource types declare (`changes`): each names a real operation of the type's own service (one its AWS SDK
 * client has a command for), and a dotted id path in the CloudTrail record. test/app/changes-data.test.ts makes, for each
 * data & storage type, a declared write through the local endpoint and checks the delivered record names the resource.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changeIndex, parseChangeEvent, valueAt } from '../../src/app/watch-events.ts';
import { RESOURCES } from '../../src/resources/index.ts';
import { serviceOfType } from '../../src/resources/define.ts';
import { CLOUDTRAIL_EVENT_NAMES } from '../../src/sim/cloudtrail.ts';

/** CloudTrail's event names that differ from the API operation, as `<SDK client>:<Operation>` (S3 records older names). */
const OPERATION_OF: Record<string, string> = {
  's3.amazonaws.com:PutBucketPublicAccessBlock': 's3:PutPublicAccessBlock',
  's3.amazonaws.com:DeleteBucketPublicAccessBlock': 's3:DeletePublicAccessBlock',
  's3.amazonaws.com:PutBucketLifecycle': 's3:PutBucketLifecycleConfiguration',
  's3.amazonaws.com:PutBucketNotification': 's3:PutBucketNotificationConfiguration',
  // S3 Control's calls are recorded under s3.amazonaws.com.
  's3.amazonaws.com:PutAccountPublicAccessBlock': 's3-control:PutPublicAccessBlock',
  's3.amazonaws.com:DeleteAccountPublicAccessBlock': 's3-control:DeletePublicAccessBlock',
  's3.amazonaws.com:CreateAccessPoint': 's3-control:CreateAccessPoint',
  's3.amazonaws.com:CreateMultiRegionAccessPoint': 's3-control:CreateMultiRegionAccessPoint',
  // Lambda records its writes with the API version (CreateFunction20150331).
  ...Object.fromEntries(Object.entries(CLOUDTRAIL_EVENT_NAMES).map(([op, name]) => [`${op.split(':')[0]}.amazonaws.com:${name}`, op])),
};
/** The SDK client of an event source, where its name differs. */
const CLIENT_OF_SOURCE: Record<string, string> = { autoscaling: 'auto-scaling', states: 'sfn', events: 'eventbridge', elasticbeanstalk: 'elastic-beanstalk', route53: 'route-53', elasticfilesystem: 'efs', es: 'opensearch', elasticmapreduce: 'emr', dms: 'database-migration-service', s3express: 's3', secretsmanager: 'secrets-manager' };
/** The event sources of a type's service, where they differ: services on another's API, or recorded under an older name. */
/** The SDK client of a type's service where one event source serves two APIs (ELB classic and v2; API Gateway v1 and v2). */
const CLIENT_OF_SERVICE: Record<string, string> = { elb: 'elastic-load-balancing', elbv2: 'elastic-load-balancing-v2', apigateway: 'api-gateway', apigatewayv2: 'apigatewayv2' };
const SOURCES_OF_SERVICE: Record<string, string[]> = { elb: ['elasticloadbalancing'], elbv2: ['elasticloadbalancing'], apigatewayv2: ['apigateway'], opensearch: ['es'], efs: ['elasticfilesystem'], msk: ['kafka', 'kafkaconnect'], docdb: ['rds'], neptune: ['rds'], emr: ['elasticmapreduce'], s3: ['s3', 's3express'] };

const require = createRequire(import.meta.url);
/** Whether an AWS SDK v3 client has a command for the operation. */
function sdkHas(client: string, operation: string): boolean {
  let dir: string;
  try {
    dir = dirname(require.resolve(`@aws-sdk/client-${client}/package.json`));
  } catch {
    return false;
  }
  return existsSync(join(dir, 'dist-types', 'commands', `${operation}Command.d.ts`));
}

const declared = [...RESOURCES.values()].flatMap((d) => (d.changes ?? []).map((c) => ({ type: d.type, ...c })));

describe('resource types: the writes that change them', () => {
  it('are declared by the seed family: security groups, S3 buckets, RDS DB and cluster snapshots', () => {
    for (const type of ['aws.ec2.security-group', 'aws.s3.bucket', 'aws.rds.db-snapshot', 'aws.rds.db-cluster-snapshot']) {
      expect(declared.filter((c) => c.type === type).length, type).toBeGreaterThan(0);
    }
  });

  it("each names a real operation of the type's own service (its SDK client has the command) and a dotted path in the record", () => {
    const wrong: string[] = [];
    for (const c of declared) {
      const m = /^([a-z0-9-]+)\.amazonaws\.com:([A-Z][A-Za-z0-9]+)$/.exec(c.event);
      if (!m) {
        wrong.push(`${c.type}: ${c.event} is not <eventSource>:<eventName>`);
        continue;
      }
      const source = m[1]!;
      const service = serviceOfType(c.type);
      const [client, operation] = (OPERATION_OF[c.event] ?? `${CLIENT_OF_SERVICE[service] ?? CLIENT_OF_SOURCE[source] ?? source}:${m[2]!}`).split(':') as [string, string];
      if (!(SOURCES_OF_SERVICE[service] ?? [service]).includes(source)) wrong.push(`${c.type}: ${c.event} is another service's`);
      else if (!sdkHas(client, operation)) wrong.push(`${c.type}: ${c.event} (${client}:${operation}) is not an operation of the service`);
      // A path, or a template of paths in braces for a composite identifier (`{requestParameters.apiId}/{requestParameters.stageName}`).
      const PATH = /^((requestParameters|responseElements)(\.([A-Za-z][A-Za-z0-9]*|\d+))+|recipientAccountId|awsRegion)$/;
      const parts = c.id.includes('{') ? [...c.id.matchAll(/\{([^{}]+)\}/g)].map((x) => x[1]!) : [c.id];
      if (!parts.length || !parts.every((p) => PATH.test(p)) || (c.id.includes('{') && /[{}]/.test(c.id.replace(/\{[^{}]+\}/g, '')))) wrong.push(`${c.type}: ${c.event} id path ${c.id}`);
      if (c.id === 'recipientAccountId' && !(c.idKind === 'account' || c.type.endsWith('.account'))) wrong.push(`${c.type}: ${c.event}: recipientAccountId names the account-level resource only`);
    }
    expect(wrong).toEqual([]);
  });

  it('lists each write once per type', () => {
    const keys = declared.map((c) => `${c.type}|${c.event}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('index the writes of the selected types only', () => {
    const index = changeIndex(RESOURCES.values(), new Set(['aws.s3.bucket']));
    expect(index.get('s3.amazonaws.com:PutBucketPolicy')?.map((t) => t.type)).toEqual(['aws.s3.bucket']);
    expect(index.has('ec2.amazonaws.com:AuthorizeSecurityGroupIngress')).toBe(false);
  });
});

describe('an EventBridge event of a CloudTrail record', () => {
  const detail = { eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', eventID: 'e-1', eventTime: '2026-12-06T09:00:00Z', awsRegion: 'eu-west-1', recipientAccountId: '222222222222', requestParameters: { bucketName: 'b1', policy: {} } };

  it('gives the write, its account, region, time and the changed resource id', () => {
    const ev = parseChangeEvent(JSON.stringify({ version: '0', id: 'x', 'detail-type': 'AWS API Call via CloudTrail', account: '222222222222', region: 'eu-west-1', time: '2026-12-06T09:00:01Z', detail }));
    expect(ev).toMatchObject({ eventId: 'e-1', event: 's3.amazonaws.com:PutBucketPolicy', account: '222222222222', region: 'eu-west-1', time: Date.parse('2026-12-06T09:00:00Z') });
    expect(valueAt(ev.detail, 'requestParameters.bucketName')).toBe('b1');
    expect(valueAt(ev.detail, 'requestParameters.nothing.here')).toBeUndefined();
  });

  it('is refused, naming what is missing, when it is not one', () => {
    expect(() => parseChangeEvent('nope')).toThrow(/not JSON/);
    expect(() => parseChangeEvent('{"detail": {}}')).toThrow(/eventSource\/eventName/);
    expect(() => parseChangeEvent(JSON.stringify({ detail: { ...detail, recipientAccountId: undefined } }))).toThrow(/12-digit account/);
    expect(() => parseChangeEvent(JSON.stringify({ detail: { ...detail, eventTime: 'yesterday' } }))).toThrow(/eventTime/);
  });
});
