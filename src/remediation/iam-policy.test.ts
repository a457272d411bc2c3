import { describe, expect, it } from 'vitest';
import { loadBuiltinPolicies } from '../engine/loader.ts';
import { selectPolicies } from '../engine/select.ts';
import { iamPolicy, remediationPermissions, scanResourceTypes } from './iam-policy.ts';

const all = loadBuiltinPolicies();

describe('iam-policy: least privilege from declared permissions', () => {
  it('scans read only: no permission that changes anything', () => {
    const doc = iamPolicy({ scan: true, policies: all });
    expect(doc.Statement).toHaveLength(1);
    expect(doc.Statement[0]!.Action.filter((a) => /:(Put|Delete|Modify|Revoke|Authorize|Create)/.test(a))).toEqual([]);
  });

  it('asks only for what the selected policies need', () => {
    const rds = selectPolicies(all, { services: ['rds'] });
    expect(scanResourceTypes(rds)).toEqual(['aws.rds.db-cluster', 'aws.rds.db-cluster-snapshot', 'aws.rds.db-instance', 'aws.rds.db-proxy', 'aws.rds.db-snapshot', 'aws.rds.event-subscription']);
    expect(remediationPermissions(rds)).toEqual([
      'iam:PassRole',
      'rds:CreateEventSubscription',
      'rds:DeleteEventSubscription',
      'rds:DescribeDBClusterSnapshotAttributes',
      'rds:DescribeDBClusters',
      'rds:DescribeDBInstances',
      'rds:DescribeDBProxies',
      'rds:DescribeDBSnapshotAttributes',
      'rds:DescribeEventSubscriptions',
      'rds:ModifyDBCluster',
      'rds:ModifyDBClusterSnapshotAttribute',
      'rds:ModifyDBInstance',
      'rds:ModifyDBProxy',
      'rds:ModifyDBSnapshotAttribute',
    ]);
  });

  it('adds Block Public Access only when a policy asks the S3 action for it', () => {
    const readable = all.find((p) => p.id === 'aws-s3-bucket-world-readable')!;
    expect(remediationPermissions([readable])).not.toContain('s3:PutBucketPublicAccessBlock');
    const blocking = { ...readable, response: { ...readable.response, params: { blockPublicAccess: true } } };
    expect(remediationPermissions([blocking])).toContain('s3:PutBucketPublicAccessBlock');
  });
});
