/**
 * Lambda over REST-JSON, served from the committed model: ListFunctions (MaxItems 1–50, `Marker`/
 * `NextMarker`) and GetPolicy (ResourceNotFoundException both for an unknown function and for a function
 * without a resource-based policy), as the API reference documents them; and the writes remediation makes on
 * the resource-based policy (AddPermission, RemovePermission) with their documented validation.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import type { SimContext, SimRequest } from '../../types.ts';
import { addPermission, peekLambdaState, type LambdaFunction } from './model.ts';

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

function findFunction(input: Record<string, unknown>, req: SimRequest, ctx: SimContext): LambdaFunction {
  const ref = String(input['FunctionName']);
  const f = byName(peekLambdaState(ctx.world, req.accountId, req.region)?.functions ?? [], ref);
  if (!f) throw new SimError('ResourceNotFoundException', `Function not found: arn:aws:lambda:${req.region}:${req.accountId}:function:${ref}`, 404);
  if (input['Qualifier'] !== undefined && input['Qualifier'] !== '$LATEST') throw new SimError('ResourceNotFoundException', `Function not found: ${f.arn}:${String(input['Qualifier'])}`, 404);
  return f;
}

/** A constraint failure as Lambda words it. */
const invalidMember = (value: unknown, member: string, pattern: string) =>
  new SimError('ValidationException', `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}`, 400);

export const lambda = modelService({
  model: 'lambda',
  operations: {
    ListFunctions(input, req, ctx) {
      const fns = peekLambdaState(ctx.world, req.accountId, req.region)?.functions ?? [];
      return modelPage(model, 'ListFunctions', input, fns.map(functionWire), { min: 1, max: 50, default: 50, invalidCode: 'InvalidParameterValueException' });
    },
    AddPermission(input, req, ctx) {
      const f = findFunction(input, req, ctx);
      const sid = input['StatementId'];
      if (typeof sid !== 'string' || !/^[a-zA-Z0-9-_.]{1,100}$/.test(sid)) throw invalidMember(sid, 'statementId', '([a-zA-Z0-9-_.]+)');
      const action = input['Action'];
      if (typeof action !== 'string' || !/^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/.test(action)) throw invalidMember(action, 'action', '(lambda:[*]|lambda:[a-zA-Z]+|[*])');
      const principal = input['Principal'];
      if (typeof principal !== 'string' || !/^[^\s]+$/.test(principal)) throw invalidMember(principal, 'principal', '[^\\s]+');
      const authType = input['FunctionUrlAuthType'];
      if (authType !== undefined && authType !== 'NONE' && authType !== 'AWS_IAM') throw new SimError('ValidationException', `1 validation error detected: Value '${String(authType)}' at 'functionUrlAuthType' failed to satisfy constraint: Member must satisfy enum value set: [AWS_IAM, NONE]`, 400);
      if (authType !== undefined && action !== 'lambda:InvokeFunctionUrl') throw new SimError('InvalidParameterValueException', 'FunctionUrlAuthType is only supported with the lambda:InvokeFunctionUrl action', 400);
      const str = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : undefined);
      const statement = addPermission(f, {
        statementId: sid,
        action,
        principal,
        ...(str('SourceAccount') ? { sourceAccount: str('SourceAccount')! } : {}),
        ...(str('SourceArn') ? { sourceArn: str('SourceArn')! } : {}),
        ...(str('PrincipalOrgID') ? { principalOrgId: str('PrincipalOrgID')! } : {}),
        ...(str('EventSourceToken') ? { eventSourceToken: str('EventSourceToken')! } : {}),
        ...(authType ? { functionUrlAuthType: authType as 'NONE' | 'AWS_IAM' } : {}),
      });
      return { Statement: JSON.stringify(statement) };
    },
    RemovePermission(input, req, ctx) {
      const f = findFunction(input, req, ctx);
      const i = f.statements.findIndex((s) => s['Sid'] === input['StatementId']);
      if (i < 0) throw new SimError('ResourceNotFoundException', `Statement ${String(input['StatementId'])} is not found in resource policy.`, 404);
      f.statements.splice(i, 1);
      return undefined;
    },
    GetPolicy(input, req, ctx) {
      const f = findFunction(input, req, ctx);
      if (f.statements.length === 0) throw new SimError('ResourceNotFoundException', 'The resource you requested does not exist.', 404);
      return { Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: f.statements }), RevisionId: '4f2a1c3e-0000-4000-8000-000000000000' };
    },
  },
});
