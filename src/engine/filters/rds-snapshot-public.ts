import { z } from 'zod';
import { known, NO_EVIDENCE } from '../read.ts';
import { strictObject } from '../zod-helpers.ts';
import { defineMatcher } from './types.ts';
import type { Evidence } from '../../core/index.ts';

const params = strictObject('matcher rds-snapshot-public', {
  matcher: z.literal('rds-snapshot-public'),
});

export type RdsSnapshotPublicParams = z.output<typeof params>;

const SUMMARY = 'restore attribute includes "all": any AWS account can copy or restore the snapshot';

/** A DB or cluster snapshot whose `restore` attribute includes `all`: any AWS account can restore it. */
export const rdsSnapshotPublic = defineMatcher({
  name: 'rds-snapshot-public',
  description: 'DB or cluster snapshots whose restore attribute includes "all" (public).',
  resourceTypes: ['aws.rds.db-snapshot', 'aws.rds.db-cluster-snapshot', 'aws.neptune.cluster-snapshot', 'aws.docdb.cluster-snapshot'],
  params,
  reads: ['restore'],
  permissions: ['rds:DescribeDBSnapshots', 'rds:DescribeDBSnapshotAttributes', 'rds:DescribeDBClusterSnapshots', 'rds:DescribeDBClusterSnapshotAttributes'],
  create() {
    return (resource) => {
      const restore = known<string[] | null>(resource, 'restore');
      if (!restore?.includes('all')) return NO_EVIDENCE;
      const evidence: Evidence[] = [{ id: 'restore:all', kind: 'attribute-value', summary: SUMMARY, data: { attribute: 'restore', value: 'all' } }];
      return evidence;
    };
  },
});
