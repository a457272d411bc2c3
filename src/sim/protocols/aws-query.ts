import type { SimError, SimResponse } from '../types.ts';
import { requestId } from './ids.ts';
import { toXml, type XmlValue } from './xml.ts';

/** An awsQuery response (RDS, IAM, STS): `<OpResponse><OpResult>…</OpResult><ResponseMetadata>…`. */
export function queryResponse(xmlns: string, operation: string, result: XmlValue): SimResponse {
  const id = requestId();
  const body = toXml(`${operation}Response`, {
    '@xmlns': xmlns,
    [`${operation}Result`]: result ?? {},
    ResponseMetadata: { RequestId: id },
  });
  // The SDK reports the header's id as $metadata.requestId; AWS sends the body's there too.
  return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id }, body };
}

/** An awsQuery error document, as the SDK's awsQuery deserializer reads it. */
export function queryError(xmlns: string, err: SimError): SimResponse {
  const id = requestId();
  const body = toXml('ErrorResponse', {
    '@xmlns': xmlns,
    Error: { Type: err.status >= 500 ? 'Receiver' : 'Sender', Code: err.code, Message: err.message },
    RequestId: id,
  });
  return { status: err.status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id }, body };
}
