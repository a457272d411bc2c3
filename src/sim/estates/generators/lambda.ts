import type { EstateLambdaFunction } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

// Deprecated long ago, and supported until 2028 or later: the truth does not depend on the day of the test.
const DEPRECATED = ['python3.7', 'nodejs16.x', 'go1.x', 'dotnet6', 'ruby2.7'];
const CURRENT = ['python3.13', 'nodejs22.x', 'java21', 'provided.al2023'];

/**
 * Lambda functions: current or deprecated runtimes or container images; a function URL with auth NONE or
 * AWS_IAM; permissions for a service tied to the account, or for `*` with no condition (public).
 */
export const lambda: GeneratorPiece = {
  name: 'lambda',
  resourceTypes: ['aws.lambda.function'],
  policies: ['aws-lambda-function-deprecated-runtime', 'aws-lambda-function-public'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick, r } = ctx;
    const planned: EstateLambdaFunction[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const image = r() < 0.2;
        const fn: EstateLambdaFunction = { account, region, name: `gen-fn-${i}`, ...(image ? { packageType: 'Image' } : { runtime: bad() ? pick(DEPRECATED) : pick(CURRENT) }) };
        const url = r();
        if (url < 0.5) fn.url = bad() ? 'NONE' : 'AWS_IAM';
        const perm = r();
        if (perm < 0.3) fn.permissions = [{ statementId: 's3-events', action: 'lambda:InvokeFunction', principal: 's3.amazonaws.com', sourceAccount: account, sourceArn: `arn:aws:s3:::gen-uploads-${account}` }];
        else if (perm < 0.6 && bad()) fn.permissions = [{ statementId: 'anyone', action: 'lambda:InvokeFunction', principal: '*' }];
        planned.push(fn);
      }
    }
    (ctx.doc.lambdaFunctions ??= []).push(...planned);
    return {
      truth() {
        const truth = new Truth();
        for (const f of planned) {
          const arn = `arn:aws:lambda:${f.region}:${f.account}:function:${f.name}`;
          if (f.runtime && DEPRECATED.includes(f.runtime)) truth.add('aws-lambda-function-deprecated-runtime', arn, f.account, f.region, paths('runtimeDeprecated'));
          if (f.url === 'NONE' || f.permissions?.some((p) => p.principal === '*')) truth.add('aws-lambda-function-public', arn, f.account, f.region, paths('publicStatements'));
        }
        return truth.entries;
      },
    };
  },
};
