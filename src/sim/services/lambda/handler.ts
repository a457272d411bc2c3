/**
 * Lambda over REST-JSON, served from the committed model: ListFunctions (MaxItems 1–50, `Marker`/
 * `NextMarker`) and GetPolicy (ResourceNotFoundException both for an unknown function and for a function
 * without a resource-based policy), as the API reference documents them.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { peekLambdaState, type LambdaFunction } from './model.ts';

const model = loadModel('lambda');

function functionWire(f: LambdaFunction): Record<string, unknown> {
  return {
    FunctionName: f.name,
    FunctionArn: f.arn,
    ...(f.runtime ? { Runtime: f.runtime } : {}),
    Role: f.role,
    ...(f.handler ? { Handler: f.handler } : {}),
    CodeSize: 1024,
    Timeout: 3,
    MemorySize: 128,
    LastModified: f.lastModified,
    Version: '$LATEST',
    ...(f.vpc ? { VpcConfig: { VpcId: f.vpc.vpcId, SubnetIds: f.vpc.subnetIds, SecurityGroupIds: f.vpc.securityGroupIds } } : {}),
    TracingConfig: { Mode: 'PassThrough' },
    PackageType: f.packageType,
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
  };
}

/** A function by name, ARN or partial ARN (`123456789012:function:name`), as the API accepts it. */
function byName(fns: readonly LambdaFunction[], ref: string): LambdaFunction | undefined {
  return fns.find((f) => f.name === ref || f.arn === ref || f.arn.endsWith(`:${ref}`));
}

export const lambda = modelService({
  model: 'lambda',
  operations: {
    ListFunctions(input, req, ctx) {
      const fns = peekLambdaState(ctx.world, req.accountId, req.region)?.functions ?? [];
      return modelPage(model, 'ListFunctions', input, fns.map(functionWire), { min: 1, max: 50, default: 50, invalidCode: 'InvalidParameterValueException' });
    },
    GetPolicy(input, req, ctx) {
      const ref = String(input['FunctionName']);
      const f = byName(peekLambdaState(ctx.world, req.accountId, req.region)?.functions ?? [], ref);
      if (!f) throw new SimError('ResourceNotFoundException', `Function not found: arn:aws:lambda:${req.region}:${req.accountId}:function:${ref}`, 404);
      if (f.statements.length === 0) throw new SimError('ResourceNotFoundException', 'The resource you requested does not exist.', 404);
      return { Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: f.statements }), RevisionId: '4f2a1c3e-0000-4000-8000-000000000000' };
    },
  },
});
