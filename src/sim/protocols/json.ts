import type { SimError, SimRequest, SimResponse } from '../types.ts';
import { requestId } from './ids.ts';
import { SimError as SimErrorClass } from '../types.ts';

/** The operation of an awsJson request, from `X-Amz-Target: <Prefix>.<Operation>`. */
export function jsonOperation(req: SimRequest): string {
  const target = req.headers['x-amz-target'];
  if (!target) throw new SimErrorClass('MissingAction', 'Missing X-Amz-Target header', 400);
  return target.slice(target.lastIndexOf('.') + 1);
}

export function jsonBody(req: SimRequest): Record<string, unknown> {
  const text = req.body.toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new SimErrorClass('SerializationException', 'Request body is not valid JSON', 400);
  }
}

export function jsonResponse(value: unknown, contentType = 'application/x-amz-json-1.1'): SimResponse {
  return { status: 200, headers: { 'content-type': contentType, 'x-amzn-requestid': requestId() }, body: JSON.stringify(value ?? {}) };
}

/** awsJson errors carry the code in `__type` (and the `x-amzn-errortype` header). */
export function jsonError(err: SimError, contentType = 'application/x-amz-json-1.1'): SimResponse {
  return {
    status: err.status,
    headers: { 'content-type': contentType, 'x-amzn-errortype': err.code, 'x-amzn-requestid': requestId() },
    body: JSON.stringify({ __type: err.code, message: err.message }),
  };
}
