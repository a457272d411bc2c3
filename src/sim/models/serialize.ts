/**
 * Model-driven responses for the five AWS protocols. A handler gives a plain output object (member
 * names as in the model and the SDK; timestamps as Date, ISO text or epoch seconds; maps as records)
 * and gets the exact wire response: element and list-member names, flattened lists and maps, XML
 * attributes and namespaces, the protocol's timestamp formats, content types and request-id headers.
 */
import { escapeXml } from '../protocols/xml.ts';
import { requestId as newRequestId } from '../protocols/ids.ts';
import { SimError, type SimResponse } from '../types.ts';
import { operationOf, resolve, timestampFormat, typeOf, type CompactModel, type Shape } from './index.ts';

/** A value the model does not allow: a bug in the handler or the estate, reported with its path. */
export class ModelValueError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.path = path;
    this.name = 'ModelValueError';
  }
}

export interface SerializeOptions {
  /** The request id to send (default: a new UUID). */
  requestId?: string;
  /** REST-XML without a payload member: the document element's name (default `<Operation>Result`; S3 uses e.g. `AccessControlPolicy`). */
  rootName?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);
}

function toDate(v: unknown, path: string): Date {
  const d = v instanceof Date ? v : typeof v === 'number' ? new Date(v * 1000) : typeof v === 'string' ? new Date(v) : undefined;
  if (!d || Number.isNaN(d.getTime())) throw new ModelValueError(path, `not a timestamp: ${JSON.stringify(v)}`);
  return d;
}

export function formatTimestamp(d: Date, format: 'iso8601' | 'rfc822' | 'unixTimestamp'): string | number {
  if (format === 'unixTimestamp') return d.getTime() / 1000;
  if (format === 'rfc822') return d.toUTCString();
  return d.toISOString();
}

/** A scalar as the protocol writes it: text for XML and headers, a JSON value for JSON bodies. */
function scalar(model: CompactModel, s: Shape, v: unknown, path: string, where: 'body' | 'header', json: boolean): string | number | boolean {
  const t = typeOf(s);
  switch (t) {
    case 'string':
      if (typeof v !== 'string') throw new ModelValueError(path, `expected a string, got ${JSON.stringify(v)}`);
      if (s.jsonvalue && where === 'header') return Buffer.from(v, 'utf8').toString('base64');
      return v;
    case 'integer':
    case 'long': {
      const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isInteger(n)) throw new ModelValueError(path, `expected an integer, got ${JSON.stringify(v)}`);
      return json ? n : String(n);
    }
    case 'float':
    case 'double': {
      const n = typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
      if (typeof n !== 'number') throw new ModelValueError(path, `expected a number, got ${JSON.stringify(v)}`);
      if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
      return json ? n : String(n);
    }
    case 'boolean': {
      const b = v === 'true' ? true : v === 'false' ? false : v;
      if (typeof b !== 'boolean') throw new ModelValueError(path, `expected a boolean, got ${JSON.stringify(v)}`);
      return json ? b : String(b);
    }
    case 'timestamp': {
      const f = formatTimestamp(toDate(v, path), timestampFormat(model, s, where));
      return json || typeof f === 'string' ? f : String(f);
    }
    case 'blob': {
      if (typeof v === 'string') return Buffer.from(v, 'utf8').toString('base64');
      if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
      throw new ModelValueError(path, `expected bytes, got ${JSON.stringify(v)}`);
    }
    default:
      throw new ModelValueError(path, `a ${t} is not a scalar`);
  }
}

/** Members of a structure value, refusing keys the model does not know (a typo would otherwise vanish silently). */
function members(s: Shape, v: unknown, path: string): [string, Shape, unknown][] {
  if (!isRecord(v)) throw new ModelValueError(path, `expected a structure, got ${JSON.stringify(v)}`);
  const ms = s.members ?? {};
  const out: [string, Shape, unknown][] = [];
  for (const [k, val] of Object.entries(v)) {
    const m = ms[k];
    if (!m) throw new ModelValueError(`${path}.${k}`, `not a member of the model's shape (members: ${Object.keys(ms).join(', ')})`);
    if (val !== undefined && val !== null) out.push([k, m, val]);
  }
  return out;
}

// ---- XML ------------------------------------------------------------------------------------

function xmlChildren(model: CompactModel, s: Shape, v: unknown, path: string, out: string[], ec2: boolean, skipLocations: boolean): void {
  for (const [name, m0, val] of members(s, v, path)) {
    const m = resolve(model, m0);
    if (m.xmlAttribute || (skipLocations && m.location)) continue;
    xmlElement(model, m, val, m.locationName ?? name, `${path}.${name}`, out, ec2);
  }
}

function xmlAttributes(model: CompactModel, s: Shape, v: unknown, path: string): string {
  let attrs = '';
  if (s.xmlNamespace?.uri) attrs += ` ${s.xmlNamespace.prefix ? `xmlns:${s.xmlNamespace.prefix}` : 'xmlns'}="${escapeXml(s.xmlNamespace.uri)}"`;
  if (!isRecord(v)) return attrs;
  for (const [name, m0] of Object.entries(s.members ?? {})) {
    const m = resolve(model, m0);
    const val = v[name];
    if (!m.xmlAttribute || val === undefined || val === null) continue;
    attrs += ` ${m.locationName ?? name}="${escapeXml(String(scalar(model, m, val, `${path}.${name}`, 'body', false)))}"`;
  }
  return attrs;
}

function xmlElement(model: CompactModel, s: Shape, v: unknown, name: string, path: string, out: string[], ec2: boolean): void {
  const t = typeOf(s);
  if (t === 'structure') {
    out.push(`<${name}${xmlAttributes(model, s, v, path)}>`);
    xmlChildren(model, s, v, path, out, ec2, false);
    out.push(`</${name}>`);
  } else if (t === 'list') {
    if (!Array.isArray(v)) throw new ModelValueError(path, `expected a list, got ${JSON.stringify(v)}`);
    const member = resolve(model, s.member ?? {});
    if (s.flattened) {
      v.forEach((item, i) => xmlElement(model, member, item, member.locationName ?? name, `${path}[${i}]`, out, ec2));
    } else {
      out.push(`<${name}>`);
      v.forEach((item, i) => xmlElement(model, member, item, member.locationName ?? (ec2 ? 'item' : 'member'), `${path}[${i}]`, out, ec2));
      out.push(`</${name}>`);
    }
  } else if (t === 'map') {
    if (!isRecord(v)) throw new ModelValueError(path, `expected a map, got ${JSON.stringify(v)}`);
    const key = resolve(model, s.key ?? {});
    const value = resolve(model, s.value ?? {});
    const kName = key.locationName ?? 'key';
    const vName = value.locationName ?? 'value';
    if (!s.flattened) out.push(`<${name}>`);
    for (const [k, val] of Object.entries(v)) {
      out.push(s.flattened ? `<${name}>` : '<entry>');
      xmlElement(model, key, k, kName, `${path}{key}`, out, ec2);
      xmlElement(model, value, val, vName, `${path}[${JSON.stringify(k)}]`, out, ec2);
      out.push(s.flattened ? `</${name}>` : '</entry>');
    }
    if (!s.flattened) out.push(`</${name}>`);
  } else {
    out.push(`<${name}>`, escapeXml(String(scalar(model, s, v, path, 'body', false))), `</${name}>`);
  }
}

// ---- JSON -----------------------------------------------------------------------------------

export function jsonValue(model: CompactModel, s: Shape, v: unknown, path: string, skipLocations = false): unknown {
  const t = typeOf(s);
  if (t === 'structure') {
    const o: Record<string, unknown> = {};
    for (const [name, m0, val] of members(s, v, path)) {
      const m = resolve(model, m0);
      if (skipLocations && m.location) continue;
      o[m.locationName ?? name] = jsonValue(model, m, val, `${path}.${name}`);
    }
    return o;
  }
  if (t === 'list') {
    if (!Array.isArray(v)) throw new ModelValueError(path, `expected a list, got ${JSON.stringify(v)}`);
    const member = resolve(model, s.member ?? {});
    return v.map((item, i) => jsonValue(model, member, item, `${path}[${i}]`));
  }
  if (t === 'map') {
    if (!isRecord(v)) throw new ModelValueError(path, `expected a map, got ${JSON.stringify(v)}`);
    const value = resolve(model, s.value ?? {});
    const o: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) if (val !== undefined && val !== null) o[k] = jsonValue(model, value, val, `${path}[${JSON.stringify(k)}]`);
    return o;
  }
  return scalar(model, s, v, path, 'body', true);
}

// ---- Responses ------------------------------------------------------------------------------

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** EC2's namespace in the model lacks the trailing slash that EC2 sends. */
function namespace(model: CompactModel): string | undefined {
  const ns = model.metadata.xmlNamespace;
  if (ns && model.metadata.protocol === 'ec2' && !ns.endsWith('/')) return `${ns}/`;
  return ns;
}

function requestIdHeaders(model: CompactModel, id: string): Record<string, string> {
  // S3 and S3 Control name their request ids in x-amz-request-id / x-amz-id-2 only.
  if (model.metadata.signingName === 's3') return { 'x-amz-request-id': id, 'x-amz-id-2': Buffer.from(id).toString('base64') };
  return { 'x-amzn-requestid': id };
}

/** REST: members bound to headers and the status code. */
function restBindings(model: CompactModel, output: Shape, value: Record<string, unknown>, headers: Record<string, string>): number | undefined {
  let status: number | undefined;
  for (const [name, m0] of Object.entries(output.members ?? {})) {
    const m = resolve(model, m0);
    const v = value[name];
    if (v === undefined || v === null || !m.location) continue;
    const path = `output.${name}`;
    if (m.location === 'header') {
      const t = typeOf(m);
      headers[(m.locationName ?? name).toLowerCase()] =
        t === 'list' && Array.isArray(v)
          ? v.map((x, i) => String(scalar(model, resolve(model, m.member ?? {}), x, `${path}[${i}]`, 'header', false))).join(',')
          : String(scalar(model, m, v, path, 'header', false));
    } else if (m.location === 'headers') {
      if (!isRecord(v)) throw new ModelValueError(path, 'expected a map of headers');
      const prefix = (m.locationName ?? '').toLowerCase();
      for (const [k, hv] of Object.entries(v)) headers[`${prefix}${k.toLowerCase()}`] = String(hv);
    } else if (m.location === 'statusCode') {
      status = Number(v);
    }
  }
  return status;
}

/** The success response of `operation` carrying `output` (undefined or `{}` for an operation without output). */
export function serializeOutput(model: CompactModel, operation: string, output: Record<string, unknown> | undefined, opts: SerializeOptions = {}): SimResponse {
  const op = operationOf(model, operation);
  const id = opts.requestId ?? newRequestId();
  const value = output ?? {};
  const shape = op.output ? resolve(model, op.output) : undefined;
  if (!shape && Object.keys(value).length > 0) throw new ModelValueError('output', `${operation} has no output in the model`);
  const headers: Record<string, string> = requestIdHeaders(model, id);
  const ns = namespace(model);
  const nsAttr = ns ? ` xmlns="${escapeXml(ns)}"` : '';
  switch (model.metadata.protocol) {
    case 'query': {
      const out: string[] = [XML_DECL, `<${operation}Response${nsAttr}>`];
      if (shape) {
        const wrapper = op.resultWrapper ?? `${operation}Result`;
        out.push(`<${wrapper}>`);
        xmlChildren(model, shape, value, 'output', out, false, false);
        out.push(`</${wrapper}>`);
      }
      out.push(`<ResponseMetadata><RequestId>${escapeXml(id)}</RequestId></ResponseMetadata></${operation}Response>`);
      return { status: 200, headers: { ...headers, 'content-type': 'text/xml' }, body: out.join('') };
    }
    case 'ec2': {
      const out: string[] = [XML_DECL, `<${operation}Response${nsAttr}>`, `<requestId>${escapeXml(id)}</requestId>`];
      if (shape) xmlChildren(model, shape, value, 'output', out, true, false);
      out.push(`</${operation}Response>`);
      return { status: 200, headers: { ...headers, 'content-type': 'text/xml;charset=UTF-8' }, body: out.join('') };
    }
    case 'json': {
      const body = JSON.stringify(shape ? jsonValue(model, shape, value, 'output') : {});
      return { status: 200, headers: { ...headers, 'content-type': `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}` }, body };
    }
    case 'rest-json':
    case 'rest-xml': {
      const xml = model.metadata.protocol === 'rest-xml';
      let status = op.http?.responseCode ?? 200;
      if (!shape) return { status, headers, body: '' };
      status = restBindings(model, shape, value, headers) ?? status;
      if (shape.payload) {
        const m = resolve(model, shape.members?.[shape.payload] ?? {});
        const v = value[shape.payload];
        const t = typeOf(m);
        if (v === undefined || v === null) return { status, headers, body: '' };
        if (t === 'blob' || t === 'string') {
          const body = typeof v === 'string' ? v : v instanceof Uint8Array ? Buffer.from(v) : undefined;
          if (body === undefined) throw new ModelValueError(`output.${shape.payload}`, 'expected text or bytes');
          return { status, headers: { 'content-type': xml ? 'application/xml' : 'application/json', ...headers }, body };
        }
        if (xml) {
          const out: string[] = [XML_DECL];
          const withNs = m.xmlNamespace || !ns ? m : { ...m, xmlNamespace: { uri: ns } };
          xmlElement(model, withNs, v, m.locationName ?? shape.payload, `output.${shape.payload}`, out, false);
          return { status, headers: { ...headers, 'content-type': 'application/xml' }, body: out.join('') };
        }
        return { status, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(jsonValue(model, m, v, `output.${shape.payload}`)) };
      }
      const bodyMembers = Object.entries(shape.members ?? {}).filter(([name, m]) => !resolve(model, m).location && value[name] !== undefined && value[name] !== null);
      if (xml) {
        if (bodyMembers.length === 0) return { status, headers, body: '' };
        const out: string[] = [XML_DECL];
        const root = opts.rootName ?? shape.locationName ?? `${operation}Result`;
        out.push(`<${root}${nsAttr}>`);
        xmlChildren(model, shape, value, 'output', out, false, true);
        out.push(`</${root}>`);
        return { status, headers: { ...headers, 'content-type': 'application/xml' }, body: out.join('') };
      }
      return { status, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(jsonValue(model, shape, value, 'output', true)) };
    }
  }
}

export interface ErrorOptions {
  requestId?: string;
  /** Extra members of the error shape (S3's `BucketName`, …), written beside Code and Message. */
  fields?: Record<string, string>;
  /** awsQuery-compatible JSON services (SQS): the query error code when it differs from the shape name (`AWS.SimpleQueueService.NonExistentQueue`). */
  queryCode?: string;
}

/** An error response in the service's protocol, as the SDKs read it (code → exception name, message, status). */
export function serializeError(model: CompactModel, err: SimError, opts: ErrorOptions = {}): SimResponse {
  const id = opts.requestId ?? newRequestId();
  const headers = requestIdHeaders(model, id);
  const type = err.status >= 500 ? 'Receiver' : 'Sender';
  const extra = Object.entries(opts.fields ?? {}).map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`).join('');
  const codeMsg = `<Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message>`;
  const ns = namespace(model);
  const nsAttr = ns ? ` xmlns="${escapeXml(ns)}"` : '';
  switch (model.metadata.protocol) {
    case 'query':
      return {
        status: err.status,
        headers: { ...headers, 'content-type': 'text/xml' },
        body: `${XML_DECL}<ErrorResponse${nsAttr}><Error><Type>${type}</Type>${codeMsg}${extra}</Error><RequestId>${escapeXml(id)}</RequestId></ErrorResponse>`,
      };
    case 'ec2':
      return {
        status: err.status,
        headers: { ...headers, 'content-type': 'text/xml;charset=UTF-8' },
        body: `${XML_DECL}<Response><Errors><Error>${codeMsg}${extra}</Error></Errors><RequestID>${escapeXml(id)}</RequestID></Response>`,
      };
    case 'rest-xml':
      if (model.service === 's3') {
        return { status: err.status, headers: { ...headers, 'content-type': 'application/xml' }, body: `${XML_DECL}<Error>${codeMsg}${extra}<RequestId>${escapeXml(id)}</RequestId></Error>` };
      }
      return {
        status: err.status,
        headers: { ...headers, 'content-type': 'text/xml' },
        body: `${XML_DECL}<ErrorResponse${nsAttr}><Error><Type>${type}</Type>${codeMsg}${extra}</Error><RequestId>${escapeXml(id)}</RequestId></ErrorResponse>`,
      };
    case 'json': {
      const h: Record<string, string> = { ...headers, 'content-type': `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}` };
      // awsQuery-compatible services (SQS) also name the query error code, which the SDK prefers.
      if (model.metadata.awsQueryCompatible) h['x-amzn-query-error'] = `${opts.queryCode ?? err.code};${type}`;
      return { status: err.status, headers: h, body: JSON.stringify({ __type: err.code, message: err.message, ...opts.fields }) };
    }
    case 'rest-json':
      return {
        status: err.status,
        headers: { ...headers, 'content-type': 'application/json', 'x-amzn-errortype': err.code },
        body: JSON.stringify({ message: err.message, ...opts.fields }),
      };
  }
}

/** A SimError for an operation the model does not have, in the protocol's words. */
export function unknownOperation(model: CompactModel, what: string): SimError {
  switch (model.metadata.protocol) {
    case 'query':
    case 'ec2':
      return new SimError('InvalidAction', `The action ${what} is not valid for this web service.`, 400);
    case 'json':
      return new SimError('UnknownOperationException', `Unknown operation ${what}`, 400);
    default:
      return new SimError('UnknownOperationException', `No operation matches ${what}`, 404);
  }
}
