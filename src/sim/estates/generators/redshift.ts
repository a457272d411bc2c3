import type { EstateRedshiftCluster, EstateSecurityGroup } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * Redshift: per place and index a cluster, each setting the cluster policies read right or wrong — public or
 * not, the default admin and database names or its own, encryption, snapshot retention, version upgrades,
 * enhanced VPC routing, Multi-AZ (RA3, or a DC2 cluster where it does not apply), require_ssl, audit logging —
 * and a security group of its own admitting port 5439 from an office range or from the internet.
 */
export const redshift: GeneratorPiece = {
  name: 'redshift',
  resourceTypes: ['aws.redshift.cluster'],
  policies: [
    'aws-redshift-cluster-public',
    'aws-redshift-default-admin-username',
    'aws-redshift-default-database-name',
    'aws-redshift-unencrypted',
    'aws-redshift-automated-snapshots-short',
    'aws-redshift-version-upgrade-off',
    'aws-redshift-enhanced-vpc-routing-off',
    'aws-redshift-multi-az-off',
    'aws-redshift-ssl-not-required',
    'aws-redshift-audit-logging-off',
    'aws-redshift-sg-port-open',
  ],
  // A cluster and its security group per place and index.
  resources: (s) => 2 * s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: EstateRedshiftCluster[] = [];
    const groups: EstateSecurityGroup[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const nodeType = pick(['ra3.xlplus', 'ra3.4xlarge', 'dc2.large']);
        const sg = `gen-rs-sg-${i}`;
        groups.push({ account, region, name: sg, ingress: [{ proto: 'tcp', ports: pick(['5439', '5439-5450']), from: bad() ? pick([['0.0.0.0/0'], ['::/0']]) : ['10.20.0.0/16'] }] });
        planned.push({
          account,
          region,
          identifier: `gen-rs-${i}`,
          nodeType,
          publiclyAccessible: bad(),
          masterUsername: bad() ? 'awsuser' : 'gen_admin',
          dbName: bad() ? 'dev' : 'gen_db',
          encrypted: !bad(),
          retentionDays: bad() ? pick([0, 1, 6]) : pick([7, 14, 35]),
          allowVersionUpgrade: !bad(),
          enhancedVpcRouting: !bad(),
          multiAz: nodeType.startsWith('ra3.') && !bad(),
          requireSsl: !bad(),
          ...(bad() ? {} : { auditLogging: pick(['s3', 'cloudwatch'] as const) }),
          securityGroups: [sg],
        });
      }
    }
    (ctx.doc.securityGroups ??= []).push(...groups);
    (ctx.doc.redshiftClusters ??= []).push(...planned);
    return {
      truth() {
        const truth = new Truth();
        for (const [n, c] of planned.entries()) {
          const arn = `arn:aws:redshift:${c.region}:${c.account}:cluster:${c.identifier}`;
          const add = (policy: string, ...fields: string[]) => truth.add(policy, arn, c.account, c.region, paths(...fields));
          if (c.publiclyAccessible) add('aws-redshift-cluster-public', 'publiclyAccessible');
          if (c.masterUsername === 'awsuser') add('aws-redshift-default-admin-username', 'masterUsername');
          if (c.dbName === 'dev') add('aws-redshift-default-database-name', 'dbName');
          if (!c.encrypted) add('aws-redshift-unencrypted', 'encrypted');
          if (c.retentionDays! < 7) add('aws-redshift-automated-snapshots-short', 'automatedSnapshotRetentionPeriod');
          if (!c.allowVersionUpgrade) add('aws-redshift-version-upgrade-off', 'allowVersionUpgrade');
          if (!c.enhancedVpcRouting) add('aws-redshift-enhanced-vpc-routing-off', 'enhancedVpcRouting');
          if (c.nodeType!.startsWith('ra3.') && !c.multiAz) add('aws-redshift-multi-az-off', 'nodeType', 'multiAz');
          if (!c.requireSsl) add('aws-redshift-ssl-not-required', 'requireSsl');
          if (!c.auditLogging) add('aws-redshift-audit-logging-off', 'loggingEnabled');
          if (groups[n]!.ingress.some((p) => p.from.some((src) => src.endsWith('/0')))) add('aws-redshift-sg-port-open', 'internetOpenRules');
        }
        return truth.entries;
      },
    };
  },
};
