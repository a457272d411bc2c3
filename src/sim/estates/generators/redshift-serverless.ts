import { peekRedshiftServerlessState } from '../../services/redshiftserverless/model.ts';
import type { EstateRedshiftServerless } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * Redshift Serverless: per place and index a namespace with its workgroup, each setting the policies read
 * right or wrong — the console's `admin` and `dev` or names of its own, connection and user logs exported
 * or not (none, or only one of them), public or not, enhanced VPC routing, require_ssl.
 */
export const redshiftServerless: GeneratorPiece = {
  name: 'redshift-serverless',
  resourceTypes: ['aws.redshift-serverless.namespace', 'aws.redshift-serverless.workgroup'],
  policies: [
    'aws-redshift-serverless-default-admin',
    'aws-redshift-serverless-default-db-name',
    'aws-redshift-serverless-logs-not-exported',
    'aws-redshift-serverless-enhanced-vpc-routing-off',
    'aws-redshift-serverless-public',
    'aws-redshift-serverless-ssl-not-required',
  ],
  // A namespace and its workgroup per place and index.
  resources: (s) => 2 * s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: EstateRedshiftServerless[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        planned.push({
          account,
          region,
          namespace: `gen-ns-${i}`,
          adminUsername: bad() ? 'admin' : 'gen_admin',
          dbName: bad() ? 'dev' : 'gen_db',
          logExports: bad() ? pick([[], ['useractivitylog'], ['userlog'], ['connectionlog', 'useractivitylog']] as const).slice() : pick([['connectionlog', 'userlog'], ['connectionlog', 'userlog', 'useractivitylog']] as const).slice(),
          workgroup: { name: `gen-wg-${i}`, publiclyAccessible: bad(), enhancedVpcRouting: !bad(), requireSsl: !bad() },
        });
      }
    }
    (ctx.doc.redshiftServerless ??= []).push(...planned);
    return {
      truth(world) {
        const truth = new Truth();
        for (const p of planned) {
          const state = peekRedshiftServerlessState(world, p.account, p.region)!;
          const ns = state.namespaces.find((n) => n.namespaceName === p.namespace)!.namespaceArn;
          const wg = state.workgroups.find((w) => w.workgroupName === p.workgroup!.name)!.workgroupArn;
          const add = (policy: string, arn: string, ...fields: string[]) => truth.add(policy, arn, p.account, p.region, paths(...fields));
          if (p.adminUsername === 'admin') add('aws-redshift-serverless-default-admin', ns, 'adminUsername');
          if (p.dbName === 'dev') add('aws-redshift-serverless-default-db-name', ns, 'dbName');
          if (!p.logExports!.includes('connectionlog') || !p.logExports!.includes('userlog')) add('aws-redshift-serverless-logs-not-exported', ns, 'logExports');
          if (p.workgroup!.publiclyAccessible) add('aws-redshift-serverless-public', wg, 'publiclyAccessible');
          if (!p.workgroup!.enhancedVpcRouting) add('aws-redshift-serverless-enhanced-vpc-routing-off', wg, 'enhancedVpcRouting');
          if (!p.workgroup!.requireSsl) add('aws-redshift-serverless-ssl-not-required', wg, 'requireSsl');
        }
        return truth.entries;
      },
    };
  },
};
