/**
 * One awsJson call to the local endpoint, its answer checked against the service's model (success shape) or as an
 * error document the SDKs read. Content type, X-Amz-Target and signing name come from the model's metadata.
 */
import { expect } from 'vitest';
import { checkError, checkResponse } from '../../src/sim/models/check.ts';
import type { CompactModel } from '../../src/sim/models/types.ts';

export async function jsonCall(endpointUrl: string, model: CompactModel, operation: string, input: Record<string, unknown>, region = 'us-east-1'): Promise<{ status: number; body: Record<string, unknown> }> {
  const { jsonVersion, targetPrefix, signingName } = model.metadata;
  const res = await fetch(`${endpointUrl}/`, {
    method: 'POST',
    headers: {
      'content-type': `application/x-amz-json-${jsonVersion}`,
      'x-amz-target': `${targetPrefix}.${operation}`,
      authorization: `AWS4-HMAC-SHA256 Credential=AKIAMAMORIEXAMPLE1/20260101/${region}/${signingName}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(input),
  });
  const text = await res.text();
  const wire = { status: res.status, headers: Object.fromEntries(res.headers), body: text };
  expect(res.status < 300 ? checkResponse(model, operation, wire) : checkError(model, wire)).toEqual([]);
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}
