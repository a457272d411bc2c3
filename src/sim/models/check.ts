/**
 * Checks a response the endpoint actually sent against the model's output shape: unknown elements
 * or fields, repeated elements where the model has one value, lists without their wrapper or with
 * wrongly named members, scalars of the wrong type (integers, booleans, timestamps in the protocol's
 * format), missing required members, and the protocol's envelope (document element, result wrapper,
 * request id, namespace, content type). Each problem names its path; no problem means the response
 * has the shape AWS documents.
 */
import { XMLParser } from 'fast-xml-parser';
import { resolve, timestampFormat, typeOf, type CompactModel, type Shape } from './index.ts';

export interface WireResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  trimValues: true,
  isArray: () => false,
  // Keep `xsi:type` and `xmlns:xsi` as they are: attributes are part of the shape.
  removeNSPrefix: false,
});

type Node = string | Record<string, unknown>;

function childNames(node: Node): string[] {
  return typeof node === 'object' ? Object.keys(node).filter((k) => !k.startsWith('@') && k !== '#text') : [];
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;
const RFC822 = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function checkText(model: CompactModel, s: Shape, text: string, path: string, where: 'body' | 'header', problems: string[]): void {
  const t = typeOf(s);
  const bad = (what: string) => problems.push(`${path}: expected ${what}, got ${JSON.stringify(text)}`);
  if ((t === 'integer' || t === 'long') && !/^-?\d+$/.test(text)) bad(t);
  else if ((t === 'float' || t === 'double') && !/^(-?\d+(\.\d+)?([eE][-+]?\d+)?|NaN|-?Infinity)$/.test(text)) bad(t);
  else if (t === 'boolean' && text !== 'true' && text !== 'false') bad('true or false');
  else if (t === 'blob' && !BASE64.test(text)) bad('base64');
  else if (t === 'timestamp') {
    const f = timestampFormat(model, s, where);
    if (f === 'iso8601' && !ISO.test(text)) bad('an ISO 8601 timestamp');
    if (f === 'rfc822' && !RFC822.test(text)) bad('an RFC 822 timestamp');
    if (f === 'unixTimestamp' && !/^\d+(\.\d+)?$/.test(text)) bad('epoch seconds');
  }
}

function checkXmlScalar(model: CompactModel, s: Shape, node: unknown, path: string, problems: string[]): void {
  if (Array.isArray(node)) {
    problems.push(`${path}: element repeated ${node.length} times where the model has one value`);
    return;
  }
  if (typeof node === 'object' && node !== null) {
    const kids = childNames(node as Node);
    if (kids.length) {
      problems.push(`${path}: expected a ${typeOf(s)} value, got child elements <${kids.join('>, <')}>`);
      return;
    }
    node = (node as Record<string, unknown>)['#text'] ?? '';
  }
  checkText(model, s, String(node), path, 'body', problems);
}

function checkXmlStructure(model: CompactModel, s: Shape, node: unknown, path: string, problems: string[], ec2: boolean, skipLocations = false): void {
  if (Array.isArray(node)) {
    problems.push(`${path}: element repeated ${node.length} times where the model has one structure`);
    return;
  }
  if (typeof node === 'string') {
    if (node !== '') problems.push(`${path}: expected a structure, got text ${JSON.stringify(node)}`);
    node = {};
  }
  const obj = node as Record<string, unknown>;
  const known = new Map<string, [string, Shape]>();
  const attrs = new Map<string, [string, Shape]>();
  for (const [name, m0] of Object.entries(s.members ?? {})) {
    const m = resolve(model, m0);
    if (skipLocations && m.location) continue;
    if (m.xmlAttribute) attrs.set(m.locationName ?? name, [name, m]);
    else if (typeOf(m) === 'list' && m.flattened) known.set(resolve(model, m.member ?? {}).locationName ?? m.locationName ?? name, [name, m]);
    else known.set(m.locationName ?? name, [name, m]);
  }
  for (const key of Object.keys(obj)) {
    if (key === '#text') {
      if (String(obj[key]).trim()) problems.push(`${path}: unexpected text ${JSON.stringify(obj[key])}`);
      continue;
    }
    if (key.startsWith('@')) {
      const a = key.slice(1);
      if (a === 'xmlns' || a.startsWith('xmlns:')) continue;
      const hit = attrs.get(a);
      if (!hit) problems.push(`${path}: unknown attribute ${a}`);
      else checkText(model, hit[1], String(obj[key]), `${path}.${hit[0]}`, 'body', problems);
      continue;
    }
    const hit = known.get(key);
    if (!hit) {
      problems.push(`${path}: unknown element <${key}>`);
      continue;
    }
    const [name, m] = hit;
    checkXml(model, m, obj[key], `${path}.${name}`, problems, ec2);
  }
  for (const r of s.required ?? []) {
    const m = s.members?.[r];
    if (!m) continue;
    const rm = resolve(model, m);
    if (skipLocations && rm.location) continue;
    const wire = rm.xmlAttribute ? `@${rm.locationName ?? r}` : typeOf(rm) === 'list' && rm.flattened ? (resolve(model, rm.member ?? {}).locationName ?? rm.locationName ?? r) : (rm.locationName ?? r);
    // An empty flattened list has no element at all, so it cannot be told from a missing one.
    if (obj[wire] === undefined && !(typeOf(rm) === 'list' && rm.flattened)) problems.push(`${path}: required member ${r} missing`);
  }
}

function checkXml(model: CompactModel, s: Shape, node: unknown, path: string, problems: string[], ec2: boolean): void {
  const t = typeOf(s);
  if (t === 'structure') return checkXmlStructure(model, s, node, path, problems, ec2);
  if (t === 'list') {
    const member = resolve(model, s.member ?? {});
    if (s.flattened) {
      const items = Array.isArray(node) ? node : [node];
      items.forEach((x, i) => checkXml(model, member, x, `${path}[${i}]`, problems, ec2));
      return;
    }
    if (Array.isArray(node)) {
      problems.push(`${path}: list wrapper repeated ${node.length} times (items without their wrapper?)`);
      return;
    }
    if (typeof node === 'string') {
      if (node !== '') problems.push(`${path}: expected a list wrapper, got text ${JSON.stringify(node)} (missing list wrapper?)`);
      return;
    }
    const memberName = member.locationName ?? (ec2 ? 'item' : 'member');
    const obj = node as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      if (k.startsWith('@')) continue;
      if (k !== memberName) {
        problems.push(`${path}: list has <${k}> where the model's list members are <${memberName}>`);
        continue;
      }
      const items = Array.isArray(obj[k]) ? (obj[k] as unknown[]) : [obj[k]];
      items.forEach((x, i) => checkXml(model, member, x, `${path}[${i}]`, problems, ec2));
    }
    return;
  }
  if (t === 'map') {
    const key = resolve(model, s.key ?? {});
    const value = resolve(model, s.value ?? {});
    const entries = s.flattened ? (Array.isArray(node) ? node : [node]) : (() => {
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return [];
      const e = (node as Record<string, unknown>)['entry'];
      const others = childNames(node as Node).filter((k) => k !== 'entry');
      if (others.length) problems.push(`${path}: map has <${others.join('>, <')}> where entries are <entry>`);
      return e === undefined ? [] : Array.isArray(e) ? e : [e];
    })();
    entries.forEach((e, i) => {
      const kName = key.locationName ?? 'key';
      const vName = value.locationName ?? 'value';
      const obj = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
      for (const k of childNames(obj as Node)) if (k !== kName && k !== vName) problems.push(`${path}{${i}}: unknown element <${k}> in a map entry`);
      if (obj[kName] === undefined) problems.push(`${path}{${i}}: map entry without <${kName}>`);
      if (obj[vName] !== undefined) checkXml(model, value, obj[vName], `${path}{${i}}`, problems, ec2);
    });
    return;
  }
  checkXmlScalar(model, s, node, path, problems);
}

function checkJson(model: CompactModel, s: Shape, v: unknown, path: string, problems: string[], skipLocations = false): void {
  const t = typeOf(s);
  const kind = Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v === 'object' ? 'an object' : JSON.stringify(v);
  if (v === null) {
    problems.push(`${path}: null (AWS leaves out members without a value)`);
    return;
  }
  if (t === 'structure') {
    if (typeof v !== 'object' || Array.isArray(v)) return void problems.push(`${path}: expected an object, got ${kind}`);
    const byWire = new Map<string, [string, Shape]>();
    for (const [name, m0] of Object.entries(s.members ?? {})) {
      const m = resolve(model, m0);
      if (skipLocations && m.location) continue;
      byWire.set(m.locationName ?? name, [name, m]);
    }
    const obj = v as Record<string, unknown>;
    for (const [k, x] of Object.entries(obj)) {
      const hit = byWire.get(k);
      if (!hit) problems.push(`${path}: unknown field ${k}`);
      else checkJson(model, hit[1], x, `${path}.${hit[0]}`, problems);
    }
    for (const r of s.required ?? []) {
      const m = s.members?.[r];
      if (!m) continue;
      const rm = resolve(model, m);
      if (skipLocations && rm.location) continue;
      if (obj[rm.locationName ?? r] === undefined) problems.push(`${path}: required member ${r} missing`);
    }
    return;
  }
  if (t === 'list') {
    if (!Array.isArray(v)) return void problems.push(`${path}: expected a list, got ${kind}`);
    const member = resolve(model, s.member ?? {});
    v.forEach((x, i) => checkJson(model, member, x, `${path}[${i}]`, problems));
    return;
  }
  if (t === 'map') {
    if (typeof v !== 'object' || Array.isArray(v)) return void problems.push(`${path}: expected a map, got ${kind}`);
    const value = resolve(model, s.value ?? {});
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) checkJson(model, value, x, `${path}[${JSON.stringify(k)}]`, problems);
    return;
  }
  if (t === 'timestamp') {
    const f = timestampFormat(model, s, 'body');
    if (f === 'unixTimestamp' ? typeof v !== 'number' : typeof v !== 'string') return void problems.push(`${path}: expected a ${f} timestamp, got ${kind}`);
    if (typeof v === 'string') checkText(model, s, v, path, 'body', problems);
    return;
  }
  if (t === 'boolean' && typeof v !== 'boolean') problems.push(`${path}: expected a boolean, got ${kind}`);
  if ((t === 'integer' || t === 'long') && !Number.isInteger(v)) problems.push(`${path}: expected an integer, got ${kind}`);
  if ((t === 'float' || t === 'double') && typeof v !== 'number' && v !== 'NaN' && v !== 'Infinity' && v !== '-Infinity') problems.push(`${path}: expected a number, got ${kind}`);
  if ((t === 'string' || t === 'blob') && typeof v !== 'string') problems.push(`${path}: expected a string, got ${kind}`);
  if (t === 'blob' && typeof v === 'string' && !BASE64.test(v)) problems.push(`${path}: expected base64`);
}

function header(res: WireResponse, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(',') : v;
}

function checkNamespace(model: CompactModel, root: unknown, problems: string[]): void {
  const ns = model.metadata.xmlNamespace;
  const xmlns = typeof root === 'object' && root !== null ? (root as Record<string, unknown>)['@xmlns'] : undefined;
  if (ns && xmlns !== ns) problems.push(`xmlns ${JSON.stringify(xmlns)}, expected ${JSON.stringify(ns)}`);
}

function parseXmlDoc(body: string, problems: string[]): [string, Record<string, unknown>] | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(body) as Record<string, unknown>;
  } catch (e) {
    problems.push(`body: not XML (${e instanceof Error ? e.message : String(e)})`);
    return undefined;
  }
  const roots = Object.keys(doc).filter((k) => k !== '?xml');
  if (roots.length !== 1) {
    problems.push(`body: expected one document element, got ${roots.length}`);
    return undefined;
  }
  const root = doc[roots[0]!];
  return [roots[0]!, (typeof root === 'object' && root !== null ? root : {}) as Record<string, unknown>];
}

/**
 * Every way an error response differs from its protocol's error document, from which the SDKs take
 * the error code (the exception's name), message and request id. `head` is true for a HEAD request,
 * whose errors have no body.
 */
export function checkError(model: CompactModel, res: WireResponse, head = false): string[] {
  const problems: string[] = [];
  if (res.status < 300) return [`status ${res.status} is not an error`];
  const p = model.metadata.protocol;
  const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'object' && v !== null ? (v as Record<string, unknown>)['#text'] : undefined);
  if (p === 'query' || p === 'ec2' || p === 'rest-xml') {
    if (head && !res.body) return problems;
    const parsed = parseXmlDoc(res.body, problems);
    if (!parsed) return problems;
    const [rootName, root] = parsed;
    let error: Record<string, unknown> | undefined;
    if (p === 'ec2') {
      if (rootName !== 'Response') problems.push(`document element <${rootName}>, expected <Response>`);
      error = (root['Errors'] as Record<string, unknown> | undefined)?.['Error'] as Record<string, unknown> | undefined;
      if (typeof root['RequestID'] !== 'string') problems.push('RequestID missing');
    } else if (p === 'rest-xml' && model.service === 's3' && rootName === 'Error') {
      error = root;
    } else {
      if (rootName !== 'ErrorResponse') problems.push(`document element <${rootName}>, expected <ErrorResponse>`);
      error = root['Error'] as Record<string, unknown> | undefined;
      if (p === 'query' && typeof root['RequestId'] !== 'string') problems.push('RequestId missing');
    }
    if (!error || typeof error !== 'object') return [...problems, 'no <Error> element'];
    if (!text(error['Code'])) problems.push('error without <Code>');
    if (text(error['Message']) === undefined) problems.push('error without <Message>');
    return problems;
  }
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(res.body || '{}') as Record<string, unknown>;
  } catch {
    return ['body: not JSON'];
  }
  const code = header(res, 'x-amzn-errortype') ?? body['__type'] ?? body['code'];
  if (typeof code !== 'string' || !code) problems.push('no error code (x-amzn-errortype, __type or code)');
  if (typeof (body['message'] ?? body['Message']) !== 'string') problems.push('no message');
  if (p === 'json' && model.metadata.awsQueryCompatible && !/^[^;]+;(Sender|Receiver)$/.test(header(res, 'x-amzn-query-error') ?? '')) problems.push('no x-amzn-query-error: <code>;Sender|Receiver');
  if (!header(res, 'x-amzn-requestid')) problems.push('no x-amzn-requestid');
  return problems;
}

/** Every way a success response differs from the model's output shape for `operation`; empty when it conforms. */
export function checkResponse(model: CompactModel, operation: string, res: WireResponse): string[] {
  const problems: string[] = [];
  const op = model.operations[operation];
  if (!op) return [`${model.service} model has no operation ${operation}`];
  const expectStatus = op.http?.responseCode ?? 200;
  if (res.status !== expectStatus && !(res.status >= 200 && res.status < 300 && expectStatus === 200)) problems.push(`status ${res.status}, expected ${expectStatus}`);
  const output = op.output ? resolve(model, op.output) : undefined;
  const p = model.metadata.protocol;
  const ctype = header(res, 'content-type') ?? '';
  const ns = model.metadata.xmlNamespace;
  if (p === 'query' || p === 'ec2') {
    if (!/xml/.test(ctype)) problems.push(`content-type ${JSON.stringify(ctype)}, expected XML`);
    const parsed = parseXmlDoc(res.body, problems);
    if (!parsed) return problems;
    const [rootName, root] = parsed;
    if (rootName !== `${operation}Response`) problems.push(`document element <${rootName}>, expected <${operation}Response>`);
    const xmlns = root['@xmlns'];
    const expectNs = p === 'ec2' && ns && !ns.endsWith('/') ? `${ns}/` : ns;
    if (expectNs && xmlns !== expectNs) problems.push(`xmlns ${JSON.stringify(xmlns)}, expected ${JSON.stringify(expectNs)}`);
    if (p === 'ec2') {
      if (typeof root['requestId'] !== 'string') problems.push('requestId missing');
      const { requestId: _r, ...rest } = root;
      // EC2 answers many actions with `<return>true</return>` that their models leave out (the API reference's examples show it).
      if ('return' in rest && !output?.members?.['Return']) {
        checkText(model, { type: 'boolean' }, String(rest['return']), 'output.return', 'body', problems);
        delete rest['return'];
      }
      if (output) checkXmlStructure(model, output, rest, 'output', problems, true);
      else for (const k of childNames(rest as Node)) problems.push(`output: unknown element <${k}> (the operation has no output)`);
      return problems;
    }
    const wrapper = op.resultWrapper ?? `${operation}Result`;
    for (const k of childNames(root as Node)) {
      if (k === 'ResponseMetadata') {
        const md = root[k] as Record<string, unknown>;
        if (typeof md !== 'object' || typeof md['RequestId'] !== 'string') problems.push('ResponseMetadata.RequestId missing');
      } else if (k === wrapper && output) checkXmlStructure(model, output, root[k], 'output', problems, false);
      else problems.push(`unknown element <${k}> in <${rootName}>${output ? ` (the result goes in <${wrapper}>)` : ''}`);
    }
    if (!('ResponseMetadata' in root)) problems.push('ResponseMetadata missing');
    if (output && !(wrapper in root) && (output.required?.length ?? 0) > 0) problems.push(`<${wrapper}> missing`);
    return problems;
  }
  if (!header(res, 'x-amzn-requestid') && !header(res, 'x-amz-request-id')) problems.push('no request id header (x-amzn-requestid / x-amz-request-id)');
  if (p === 'json') {
    const expect = `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`;
    if (!ctype.startsWith(expect)) problems.push(`content-type ${JSON.stringify(ctype)}, expected ${expect}`);
    let v: unknown;
    try {
      v = JSON.parse(res.body || '{}');
    } catch {
      return [...problems, 'body: not JSON'];
    }
    if (output) checkJson(model, output, v, 'output', problems);
    return problems;
  }
  // REST: header bindings, then the body.
  if (!output) {
    if (res.body.length) problems.push('body: the operation has no output but the response has a body');
    return problems;
  }
  for (const [name, m0] of Object.entries(output.members ?? {})) {
    const m = resolve(model, m0);
    if (m.location !== 'header') continue;
    const h = header(res, m.locationName ?? name);
    if (h !== undefined && typeOf(m) !== 'list') checkText(model, m, h, `output.${name} (header ${m.locationName ?? name})`, 'header', problems);
  }
  const xml = p === 'rest-xml';
  if (output.payload) {
    const m = resolve(model, output.members?.[output.payload] ?? {});
    const t = typeOf(m);
    if (t === 'blob' || t === 'string' || !res.body.trim()) return problems;
    if (xml) {
      const parsed = parseXmlDoc(res.body, problems);
      if (!parsed) return problems;
      const expectRoot = m.locationName ?? output.payload;
      if (!m.xmlNamespace) checkNamespace(model, parsed[1], problems);
      if (parsed[0] !== expectRoot) problems.push(`document element <${parsed[0]}>, expected <${expectRoot}>`);
      checkXml(model, m, parsed[1], `output.${output.payload}`, problems, false);
    } else {
      try {
        checkJson(model, m, JSON.parse(res.body), `output.${output.payload}`, problems);
      } catch {
        problems.push('body: not JSON');
      }
    }
    return problems;
  }
  if (!res.body.trim()) return problems;
  if (xml) {
    const parsed = parseXmlDoc(res.body, problems);
    if (!parsed) return problems;
    const raw = (parser.parse(res.body) as Record<string, unknown>)[parsed[0]];
    checkNamespace(model, raw, problems);
    const bodyMembers = Object.entries(output.members ?? {}).filter(([, m]) => !resolve(model, m).location);
    const only = bodyMembers.length === 1 ? bodyMembers[0]! : undefined;
    // S3's GetBucketLocation sends its one member as the document element (`<LocationConstraint>eu-west-1</…>`), as botocore special-cases.
    if (only && parsed[0] === (resolve(model, only[1]).locationName ?? only[0]) && typeOf(resolve(model, only[1])) !== 'structure') {
      checkXml(model, resolve(model, only[1]), raw, `output.${only[0]}`, problems, false);
    } else checkXmlStructure(model, output, parsed[1], 'output', problems, false, true);
  } else {
    try {
      checkJson(model, output, JSON.parse(res.body), 'output', problems, true);
    } catch {
      problems.push('body: not JSON');
    }
  }
  return problems;
}
