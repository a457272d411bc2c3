/**
 * A service handler built from a committed model: the model routes requests, reads their input and
 * writes the responses and errors, so a service's code is only its operations — plain functions
 * from the input object to the output object — and the behaviour AWS documents for them.
 */
import { paginate } from '../protocols/paging.ts';
import { SimError, type ServiceHandler, type SimContext, type SimRequest } from '../types.ts';
import { loadModel, operationOf, type CompactModel } from './index.ts';
import { missingRequired, parseRequest, requestOperation } from './parse.ts';
import { serializeError, serializeOutput, unknownOperation, type ErrorOptions } from './serialize.ts';

export type Output = Record<string, unknown> | undefined;

/** One operation: its input (as `parseRequest` reads it) → its output object. Throw SimError for AWS's errors. */
export type Operation = (input: Record<string, unknown>, req: SimRequest, ctx: SimContext) => Output | Promise<Output>;

export interface ModelServiceSpec {
  /** The committed model (`src/sim/models/<model>.json`). */
  model: string;
  /** The handler's name for call counts, fault specs and `deny` patterns (default: the model's signing name). */
  name?: string;
  /** The operations served; any other operation of the model is the protocol's unknown-operation error. */
  operations: Record<string, Operation>;
  /** The IAM action prefix in access-denied messages (default: the signing name). */
  iamPrefix?: string;
  /** REST-XML document element names where AWS's differ from `<Operation>Result`. */
  rootNames?: Record<string, string>;
  /** Extra error rendering (awsQuery-compatible codes, S3's extra fields) by error code. */
  errorOptions?: (err: SimError) => ErrorOptions | undefined;
  /** The error for a missing required member (default: the protocol's usual one, see `defaultMissing`). */
  missingParameterError?: (path: string) => SimError;
  throttlingError?: () => SimError;
  accessDeniedError?: (operation: string, req: SimRequest) => SimError;
}

/** The error each protocol's services answer when throttled, as the SDKs' retry logic recognizes it. */
export function defaultThrottling(model: CompactModel): SimError {
  switch (model.metadata.protocol) {
    case 'ec2':
      return new SimError('RequestLimitExceeded', 'Request limit exceeded.', 503);
    case 'json':
    case 'rest-json':
      return new SimError('ThrottlingException', 'Rate exceeded', 400);
    default:
      return new SimError('Throttling', 'Rate exceeded', 400);
  }
}

export function defaultAccessDenied(model: CompactModel, action: string, req: SimRequest): SimError {
  const message = `User: ${req.principalArn} is not authorized to perform: ${action}`;
  switch (model.metadata.protocol) {
    case 'ec2':
      return new SimError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
    case 'json':
      return new SimError('AccessDeniedException', message, 400);
    case 'rest-json':
      return new SimError('AccessDeniedException', message, 403);
    default:
      return new SimError('AccessDenied', message, 403);
  }
}

/** What each protocol's services answer for a missing required member. */
export function defaultMissing(model: CompactModel, path: string): SimError {
  switch (model.metadata.protocol) {
    case 'query':
    case 'ec2':
      return new SimError('MissingParameter', `The request must contain the parameter ${path}`, 400);
    case 'rest-xml':
      return new SimError('InvalidArgument', `The request must contain the parameter ${path}`, 400);
    default:
      return new SimError('ValidationException', `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`, 400);
  }
}

export function modelService(spec: ModelServiceSpec): ServiceHandler {
  const model = loadModel(spec.model);
  for (const op of Object.keys(spec.operations)) operationOf(model, op);
  const prefix = spec.iamPrefix ?? model.metadata.signingName;
  return {
    name: spec.name ?? model.metadata.signingName,
    operation(req) {
      const op = requestOperation(model, req);
      if (!spec.operations[op]) throw unknownOperation(model, op);
      return op;
    },
    async handle(req, operation, ctx) {
      const { input } = parseRequest(model, req);
      const op = model.operations[operation]!;
      const missing = op.input ? missingRequired(model, op.input, input) : undefined;
      if (missing) throw spec.missingParameterError?.(missing) ?? defaultMissing(model, missing);
      const output = await spec.operations[operation]!(input, req, ctx);
      const rootName = spec.rootNames?.[operation];
      return serializeOutput(model, operation, output, rootName ? { rootName } : {});
    },
    error: (err) => serializeError(model, err, spec.errorOptions?.(err)),
    throttlingError: () => spec.throttlingError?.() ?? defaultThrottling(model),
    accessDeniedError: (op, req) => spec.accessDeniedError?.(op, req) ?? defaultAccessDenied(model, `${prefix}:${op}`, req),
  };
}

export interface PageBounds {
  min: number;
  max: number;
  default: number;
  /** The limit's input member where the model's paginator does not name it (ELBv2's `PageSize`). */
  limitKey?: string;
  /** The error code for a limit out of bounds (default `ValidationException` for JSON protocols, `InvalidParameterValue` otherwise). */
  invalidCode?: string;
  /** The error code for a forged token (default `InvalidNextToken`). */
  tokenCode?: string;
}

/**
 * One page of a list read, as the model's paginator names its members: `{ [resultKey]: page,
 * [outputToken]: next }` with `limitKey` and `inputToken` taken from the input. Tokens are opaque;
 * the bounds are the API's documented limits (a hand-written fact, not in the models).
 */
export function modelPage<T>(model: CompactModel, operation: string, input: Record<string, unknown>, items: readonly T[], bounds: PageBounds): Record<string, unknown> {
  const p = operationOf(model, operation).paginator;
  const one = (v: string | string[] | undefined, what: string): string => {
    if (typeof v !== 'string') throw new Error(`${model.service} ${operation}: the paginator has ${v === undefined ? 'no' : 'several'} ${what}`);
    return v;
  };
  const inputToken = one(p?.inputToken, 'input token');
  const outputToken = one(p?.outputToken, 'output token');
  const resultKey = one(p?.resultKey, 'result key');
  const limitKey = bounds.limitKey ?? p?.limitKey;
  const limit = limitKey ? input[limitKey] : undefined;
  const protocol = model.metadata.protocol;
  const invalidCode = bounds.invalidCode ?? (protocol === 'json' || protocol === 'rest-json' ? 'ValidationException' : 'InvalidParameterValue');
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < bounds.min || limit > bounds.max)) {
    throw new SimError(invalidCode, `Value ( ${String(limit)} ) for parameter ${limitKey} is invalid. Expecting a value between ${bounds.min} and ${bounds.max}.`, 400);
  }
  const { page, nextToken } = paginate(items, limit as number | undefined, typeof input[inputToken] === 'string' ? (input[inputToken] as string) : undefined, { ...bounds, invalidCode });
  return nextToken ? { [resultKey]: page, [outputToken]: nextToken } : { [resultKey]: page };
}
