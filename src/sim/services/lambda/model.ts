/**
 * Lambda state: functions (runtime or container image, VPC attachment, resource-based policy statements,
 * function URL, tags), per account and region. Plain JSON in the world; the handler only selects and pages.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface LambdaFunction {
  name: string;
  arn: string;
  runtime: string | null;
  packageType: 'Zip' | 'Image';
  handler: string | null;
  role: string;
  lastModified: string;
  vpc: { vpcId: string; subnetIds: string[]; securityGroupIds: string[] } | null;
  /** The resource-based policy's statements (AddPermission), in order; none means no policy. */
  statements: Record<string, unknown>[];
  url: { authType: 'NONE' | 'AWS_IAM'; url: string } | null;
  tags: Record<string, string>;
}

export interface LambdaState {
  functions: LambdaFunction[];
}

export function peekLambdaState(world: World, account: string, region: string): LambdaState | undefined {
  return world.services['lambda']?.[account]?.[region] as LambdaState | undefined;
}

export interface CreateFunctionOptions {
  name: string;
  /** Absent with `packageType: 'Image'`. */
  runtime?: string;
  packageType?: 'Zip' | 'Image';
  vpc?: { vpcId: string; subnetIds: string[]; securityGroupIds?: string[] };
  tags?: Record<string, string>;
}

export function createFunction(world: World, account: string, region: string, o: CreateFunctionOptions): LambdaFunction {
  const state = serviceState<LambdaState>(world, 'lambda', account, region, () => ({ functions: [] }));
  if (!/^[a-zA-Z0-9-_]{1,64}$/.test(o.name)) throw new SimError('ValidationException', `1 validation error detected: Value '${o.name}' at 'functionName' failed to satisfy constraint`, 400);
  if (state.functions.some((f) => f.name === o.name)) throw new SimError('ResourceConflictException', `Function already exist: ${o.name}`, 409);
  const packageType = o.packageType ?? 'Zip';
  if (packageType === 'Zip' && !o.runtime) throw new SimError('InvalidParameterValueException', 'Runtime and Handler are mandatory parameters for functions created with deployment packages.', 400);
  if (packageType === 'Image' && o.runtime) throw new SimError('InvalidParameterValueException', 'Runtime and Handler are not supported for functions created with container images.', 400);
  const fn: LambdaFunction = {
    name: o.name,
    arn: `arn:aws:lambda:${region}:${account}:function:${o.name}`,
    runtime: o.runtime ?? null,
    packageType,
    handler: packageType === 'Zip' ? 'index.handler' : null,
    role: `arn:aws:iam::${account}:role/${o.name}-role`,
    lastModified: '2025-06-01T09:00:00.000+0000',
    vpc: o.vpc ? { vpcId: o.vpc.vpcId, subnetIds: [...o.vpc.subnetIds], securityGroupIds: [...(o.vpc.securityGroupIds ?? [])] } : null,
    statements: [],
    url: null,
    tags: { ...o.tags },
  };
  state.functions.push(fn);
  return fn;
}

export interface AddPermissionOptions {
  statementId: string;
  action: string;
  principal: string;
  sourceAccount?: string;
  sourceArn?: string;
  principalOrgId?: string;
  eventSourceToken?: string;
  functionUrlAuthType?: 'NONE' | 'AWS_IAM';
}

/** AddPermission's effect: one statement, written as Lambda writes it (`Principal` `*` or `{Service|AWS: …}`). */
export function addPermission(fn: LambdaFunction, o: AddPermissionOptions): Record<string, unknown> {
  if (fn.statements.some((s) => s['Sid'] === o.statementId)) throw new SimError('ResourceConflictException', `The statement id (${o.statementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`, 409);
  const principal = o.principal === '*' ? '*' : o.principal.endsWith('.amazonaws.com') ? { Service: o.principal } : { AWS: /^\d{12}$/.test(o.principal) ? `arn:aws:iam::${o.principal}:root` : o.principal };
  const condition: Record<string, Record<string, string>> = {};
  if (o.sourceAccount) (condition['StringEquals'] ??= {})['AWS:SourceAccount'] = o.sourceAccount;
  if (o.principalOrgId) (condition['StringEquals'] ??= {})['aws:PrincipalOrgID'] = o.principalOrgId;
  if (o.eventSourceToken) (condition['StringEquals'] ??= {})['lambda:EventSourceToken'] = o.eventSourceToken;
  if (o.functionUrlAuthType) (condition['StringEquals'] ??= {})['lambda:FunctionUrlAuthType'] = o.functionUrlAuthType;
  if (o.sourceArn) condition['ArnLike'] = { 'AWS:SourceArn': o.sourceArn };
  const statement = { Sid: o.statementId, Effect: 'Allow', Principal: principal, Action: o.action, Resource: fn.arn, ...(Object.keys(condition).length ? { Condition: condition } : {}) };
  fn.statements.push(statement);
  return statement;
}

/**
 * CreateFunctionUrlConfig and the permission the console adds with it: with AuthType NONE, a statement
 * letting `*` call lambda:InvokeFunctionUrl, conditioned only on the auth type (that is, anyone).
 */
export function createFunctionUrl(world: World, fn: LambdaFunction, authType: 'NONE' | 'AWS_IAM'): void {
  if (fn.url) throw new SimError('ResourceConflictException', `Failed to create function url config for [functionArn = ${fn.arn}]. Error message:  FunctionUrlConfig exists for this Lambda function`, 409);
  fn.url = { authType, url: `https://${nextHex(world, 32)}.lambda-url.${fn.arn.split(':')[3]}.on.aws/` };
  if (authType === 'NONE') addPermission(fn, { statementId: 'FunctionURLAllowPublicAccess', action: 'lambda:InvokeFunctionUrl', principal: '*', functionUrlAuthType: 'NONE' });
}
