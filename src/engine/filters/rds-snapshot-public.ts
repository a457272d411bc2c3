import { z } from 'zod';
import { known, NO_EVIDENCE } from '../read.ts';
import { strictObject } from '../zod-helpers.ts';
import { defineMatcher } from './types.ts';
import type { Evidence } from '../../core/index.ts';

const params = strictObject('matcher rds-snapshot-public', {
  matcher: z.literal('rds-snapshot-public'),
});

export type RdsSnapshotPublicParams = z.output<typeof params>;

// The evidence never varies, so one frozen item serves every finding.
const PUBLIC: readonly Evidence[] = Object.freeze([
  Object.freeze({
    id: 'restore:all',
    kind: 'attribute-value',
    summary: 'restore attribute includes "all": any AWS account can copy or restore the snapshot',
    data: Object.freeze({ attribute: 'restore', value: 'all' }),
  }),
]);

/** A DB or cluster snapshot whose `restore` attribute includes `all`: any AWS account can restore it. */
export const rdsSnapshotPublic = defineMatcher({
  name: 'rds-snapshot-public',
  description: 'DB or cluster snapshots whose restore attribute includes "all" (public).',
  resourceTypes: ['aws.rds.db-snapshot', 'aws.rds.db-cluster-snapshot'],
  params,
  reads: ['restore'],
  create() {
    return (resource) => {
      const restore = known<string[] | null>(resource, 'restore');
      return restore?.includes('all') ? PUBLIC : NO_EVIDENCE;
    };
  },
});
