import type { SimError, SimResponse } from '../types.ts';
import { requestId } from './ids.ts';
import { toXml, type XmlValue } from './xml.ts';

const EC2_XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** An EC2 query response: `<OpResponse><requestId/>…fields…</OpResponse>`; lists use `<item>`. */
export function ec2Response(operation: string, fields: Record<string, XmlValue>): SimResponse {
  const body = toXml(`${operation}Response`, { '@xmlns': EC2_XMLNS, requestId: requestId(), ...fields });
  return { status: 200, headers: { 'content-type': 'text/xml;charset=UTF-8' }, body };
}

/** EC2's error document: `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`. */
export function ec2Error(err: SimError): SimResponse {
  const body = toXml('Response', { Errors: { Error: { Code: err.code, Message: err.message } }, RequestID: requestId() });
  return { status: err.status, headers: { 'content-type': 'text/xml;charset=UTF-8' }, body };
}
