/**
 * The writes resource types declare (`changes`): each names a real operation of the type's own service (one the local
 * endpoint serves, or one listed below with why it is not served), and a dotted id path in the CloudTrail record.
 */
import { describe, expect, it } from 'vitest';
import { changeIndex, parseChangeEvent, valueAt } from '../../src/app/watch-events.ts';
import { RESOURCES } from '../../src/resources/index.ts';
import { serviceOfType } from '../../src/resources/define.ts';
import { loadModel } from '../../src/sim/models/index.ts';

/** CloudTrail's event names that differ from the API operation (S3 names its bucket-level writes after the bucket). */
const OPERATION_OF: Record<string, string> = {
  's3.amazonaws.com:PutBucketPublicAccessBlock': 'PutPublicAccessBlock',
  's3.amazonaws.com:DeleteBucketPublicAccessBlock': 'DeletePublicAccessBlock',
};
/** Real operations the local endpoint does not serve yet (AWS API reference), each with its service. */
const NOT_SERVED = new Set(['ec2:ModifySecurityGroupRules']);

const declared = [...RESOURCES.values()].flatMap((d) => (d.changes ?? []).map((c) => ({ type: d.type, ...c })));

describe('resource types: the writes that change them', () => {
  it('are declared by the seed family: security groups, S3 buckets, RDS DB and cluster snapshots', () => {
    for (const type of ['aws.ec2.security-group', 'aws.s3.bucket', 'aws.rds.db-snapshot', 'aws.rds.db-cluster-snapshot']) {
      expect(declared.filter((c) => c.type === type).length, type).toBeGreaterThan(0);
    }
  });

  it("each names an operation of the type's own service, served by the local endpoint or known not served", () => {
    const wrong: string[] = [];
    for (const c of declared) {
      const m = /^([a-z0-9-]+)\.amazonaws\.com:([A-Z][A-Za-z0-9]+)$/.exec(c.event);
      if (!m) {
        wrong.push(`${c.type}: ${c.event} is not <eventSource>:<eventName>`);
        continue;
      }
      const service = m[1]!;
      const operation = OPERATION_OF[c.event] ?? m[2]!;
      if (service !== serviceOfType(c.type)) wrong.push(`${c.type}: ${c.event} is another service's`);
      else if (!Object.hasOwn(loadModel(service).operations, operation) && !NOT_SERVED.has(`${service}:${operation}`)) wrong.push(`${c.type}: ${c.event} (${operation}) is not an operation the endpoint serves`);
      if (!/^(requestParameters|responseElements)(\.[A-Za-z][A-Za-z0-9]*)+$/.test(c.id)) wrong.push(`${c.type}: ${c.event} id path ${c.id}`);
    }
    expect(wrong).toEqual([]);
    // The list of exceptions holds only what is declared and really not served.
    for (const op of NOT_SERVED) expect(Object.hasOwn(loadModel(op.split(':')[0]!).operations, op.split(':')[1]!), op).toBe(false);
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
