/**
 * Property-based, over random logging configurations and destinations: networkfirewall-enable-logging changes only a
 * firewall that logs nothing, one destination per call as AWS requires, and undo∘fix is the identity.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResourceRef } from '../../src/core/resource.ts';
import { networkfirewallEnableLogging, type LoggingState } from '../../src/remediation/actions/network-firewall/networkfirewall-enable-logging.ts';
import type { RemediationAction } from '../../src/remediation/types.ts';

type Params = { bucket?: string; prefix?: string; logGroup?: string; deliveryStream?: string };
const action = networkfirewallEnableLogging as unknown as RemediationAction<LoggingState, Params>;
const target: ResourceRef = { type: 'aws.network-firewall.firewall', id: 'edge', arn: 'arn:aws:network-firewall:us-east-1:111111111111:firewall/edge', account: '111111111111', region: 'us-east-1', tags: {} };

const destination = fc.constantFrom<LoggingState['destinations'][number]>(
  { LogType: 'FLOW', LogDestinationType: 'S3', LogDestination: { bucketName: 'a' } },
  { LogType: 'ALERT', LogDestinationType: 'CloudWatchLogs', LogDestination: { logGroup: '/x' } },
  { LogType: 'TLS', LogDestinationType: 'KinesisDataFirehose', LogDestination: { deliveryStream: 's' } },
);
const state: fc.Arbitrary<LoggingState> = fc.uniqueArray(destination, { selector: (d) => d.LogType, maxLength: 3 }).map((destinations) => ({ destinations }));
const params: fc.Arbitrary<Params> = fc.constantFrom({ bucket: 'fw-logs' }, { bucket: 'fw-logs', prefix: 'p' }, { logGroup: '/nfw' }, { deliveryStream: 'nfw' });

/** How many destinations differ between two lists (by log type and content). */
const changes = (a: LoggingState['destinations'], b: LoggingState['destinations']) => {
  const key = (d: object) => JSON.stringify(d);
  return a.filter((x) => !b.some((y) => key(x) === key(y))).length + b.filter((y) => !a.some((x) => key(x) === key(y))).length;
};

describe('networkfirewall-enable-logging over random configurations', () => {
  it('changes only a firewall without destinations, one destination per call, ending in FLOW and ALERT', () => {
    fc.assert(
      fc.property(state, params, (s, p) => {
        const plan = action.plan(s, [], p, target);
        if (s.destinations.length) {
          expect(plan.calls).toEqual([]);
          expect(action.expected(s, [], p)).toEqual(s);
          return;
        }
        expect(plan.calls).toHaveLength(2);
        let prev = s.destinations;
        for (const c of plan.calls) {
          const next = (c.params['LoggingConfiguration'] as LoggingState & { LogDestinationConfigs: LoggingState['destinations'] }).LogDestinationConfigs;
          expect(changes(prev, next)).toBe(1);
          prev = next;
        }
        expect(prev.map((d) => d.LogType)).toEqual(['FLOW', 'ALERT']);
        expect(action.diff({ destinations: prev }, action.expected(s, [], p))).toEqual([]);
      }),
    );
  });

  it('gives back exactly the before-state on undo, one destination per call (undo∘fix = identity)', () => {
    fc.assert(
      fc.property(state, params, (s, p) => {
        const after = action.expected(s, [], p);
        const undo = action.undo!(s, after, after, target);
        let prev = after.destinations;
        for (const c of undo.calls) {
          const next = (c.params['LoggingConfiguration'] as { LogDestinationConfigs: LoggingState['destinations'] }).LogDestinationConfigs;
          expect(changes(prev, next)).toBe(1);
          prev = next;
        }
        expect(prev).toEqual(s.destinations);
        expect(action.expectedUndo!(s, after, after)).toEqual(s);
      }),
    );
  });

  it('refuses a second destination or a prefix without a bucket, naming the parameters', () => {
    expect(action.params.safeParse({ bucket: 'fw-logs', logGroup: '/x' }).error?.issues[0]?.message).toMatch(/only one of the parameters bucket, logGroup and deliveryStream/);
    expect(action.params.safeParse({ logGroup: '/x', prefix: 'p' }).error?.issues[0]?.path).toEqual(['prefix']);
  });
});
