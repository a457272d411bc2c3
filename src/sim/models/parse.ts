/**
 * Model-driven request parsing: which operation a request calls, and its input as a plain object
 * with the model's member names (timestamps as Date, blobs as Uint8Array, numbers and booleans
 * typed), from query parameters (awsQuery, EC2), a JSON body (awsJson) or REST bindings (path
 * labels, query string, headers, JSON or XML body).
 */
import { XMLParser } from 'fast-xml-parser';
import { parseForm } from '../protocols/query.ts';
import { SimError, type SimRequest } from '../types.ts';
import { resolve, typeOf, type CompactModel, type CompactOperation, type Shape } from './index.ts';
import { unknownOperation } from './serialize.ts';

export interface ParsedRequest {
  operation: string;
  input: Record<string, unknown>;
}

function badInput(path: string, message: string): SimError {
  return new SimError('ValidationException', `${path}: ${message}`, 400);
}

function parseScalar(model: CompactModel, s: Shape, text: string, path: string, where: 'body' | 'header' | 'query' = 'body'): unknown {
  switch (typeOf(s)) {
    case 'integer':
    case 'long': {
      if (!/^-?\d+$/.test(text.trim())) throw badInput(path, `expected an integer, got ${JSON.stringify(text)}`);
      return Number(text);
    }
    case 'float':
    case 'double': {
      const n = Number(text);
      if (text.trim() === '' || (Number.isNaN(n) && text !== 'NaN')) throw badInput(path, `expected a number, got ${JSON.stringify(text)}`);
      return n;
    }
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw badInput(path, `expected true or false, got ${JSON.stringify(text)}`);
      return text === 'true';
    case 'timestamp': {
      const d = /^-?\d+(\.\d+)?$/.test(text) ? new Date(Number(text) * 1000) : new Date(text);
      if (Number.isNaN(d.getTime())) throw badInput(path, `expected a timestamp, got ${JSON.stringify(text)}`);
      return d;
    }
    case 'blob':
      return new Uint8Array(Buffer.from(text, 'base64'));
    default:
      if (s.jsonvalue && where === 'header') return Buffer.from(text, 'base64').toString('utf8');
      return text;
  }
}

// ---- awsQuery and EC2 -----------------------------------------------------------------------

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

class Params {
  readonly keys: string[];
  readonly map: Record<string, string>;
  constructor(map: Record<string, string>) {
    this.map = map;
    this.keys = Object.keys(map);
  }
  has(prefix: string): boolean {
    return this.map[prefix] !== undefined || this.keys.some((k) => k.startsWith(`${prefix}.`));
  }
}

function queryValue(model: CompactModel, s: Shape, key: string, params: Params, path: string, ec2: boolean): unknown {
  const t = typeOf(s);
  if (t === 'structure') {
    const o: Record<string, unknown> = {};
    for (const [name, m0] of Object.entries(s.members ?? {})) {
      const m = resolve(model, m0);
      const sub = ec2 ? (m.queryName ?? (m.locationName ? capitalize(m.locationName) : name)) : (m.locationName ?? name);
      const k = key ? `${key}.${sub}` : sub;
      if (!params.has(k)) continue;
      o[name] = queryValue(model, m, k, params, `${path}.${name}`, ec2);
    }
    return o;
  }
  if (t === 'list') {
    // An empty list travels as the bare parameter with an empty value.
    if (params.map[key] === '') return [];
    const member = resolve(model, s.member ?? {});
    let base: string;
    if (ec2) base = key;
    else if (s.flattened) base = member.locationName ? [...key.split('.').slice(0, -1), member.locationName].join('.') : key;
    else base = `${key}.${member.locationName ?? 'member'}`;
    const items: unknown[] = [];
    for (let i = 1; params.has(`${base}.${i}`); i++) items.push(queryValue(model, member, `${base}.${i}`, params, `${path}[${i - 1}]`, ec2));
    return items;
  }
  if (t === 'map') {
    const k0 = resolve(model, s.key ?? {});
    const v0 = resolve(model, s.value ?? {});
    const base = s.flattened ? key : `${key}.entry`;
    const o: Record<string, unknown> = {};
    for (let i = 1; params.has(`${base}.${i}`); i++) {
      const k = params.map[`${base}.${i}.${k0.locationName ?? 'key'}`];
      if (k === undefined) throw badInput(`${path}`, `entry ${i} has no key`);
      o[k] = queryValue(model, v0, `${base}.${i}.${v0.locationName ?? 'value'}`, params, `${path}[${JSON.stringify(k)}]`, ec2);
    }
    return o;
  }
  return parseScalar(model, s, params.map[key] ?? '', path, 'query');
}

// ---- JSON and XML bodies --------------------------------------------------------------------

function fromJson(model: CompactModel, s: Shape, v: unknown, path: string, skipLocations = false): unknown {
  if (v === null || v === undefined) return undefined;
  const t = typeOf(s);
  if (t === 'structure') {
    if (typeof v !== 'object' || Array.isArray(v)) throw badInput(path, 'expected an object');
    const src = v as Record<string, unknown>;
    const o: Record<string, unknown> = {};
    for (const [name, m0] of Object.entries(s.members ?? {})) {
      const m = resolve(model, m0);
      if (skipLocations && m.location) continue;
      const val = src[m.locationName ?? name];
      if (val !== undefined && val !== null) o[name] = fromJson(model, m, val, `${path}.${name}`);
    }
    return o;
  }
  if (t === 'list') {
    if (!Array.isArray(v)) throw badInput(path, 'expected a list');
    const member = resolve(model, s.member ?? {});
    return v.map((x, i) => fromJson(model, member, x, `${path}[${i}]`));
  }
  if (t === 'map') {
    if (typeof v !== 'object' || Array.isArray(v)) throw badInput(path, 'expected an object');
    const value = resolve(model, s.value ?? {});
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) o[k] = fromJson(model, value, x, `${path}[${JSON.stringify(k)}]`);
    return o;
  }
  if (t === 'timestamp') {
    const d = typeof v === 'number' ? new Date(v * 1000) : typeof v === 'string' ? new Date(v) : undefined;
    if (!d || Number.isNaN(d.getTime())) throw badInput(path, 'expected a timestamp');
    return d;
  }
  if (t === 'blob') {
    if (typeof v !== 'string') throw badInput(path, 'expected base64 text');
    return new Uint8Array(Buffer.from(v, 'base64'));
  }
  if (t === 'boolean' && typeof v !== 'boolean') throw badInput(path, 'expected a boolean');
  if ((t === 'integer' || t === 'long') && !Number.isInteger(v)) throw badInput(path, 'expected an integer');
  if ((t === 'float' || t === 'double') && typeof v !== 'number') throw badInput(path, 'expected a number');
  if (t === 'string' && typeof v !== 'string') throw badInput(path, 'expected a string');
  return v;
}

const xmlParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true, isArray: () => false });

type XmlNode = string | Record<string, unknown>;

function asList(v: unknown): unknown[] {
  if (v === undefined || v === null || v === '') return [];
  return Array.isArray(v) ? v : [v];
}

function fromXml(model: CompactModel, s: Shape, node: unknown, path: string, skipLocations = false): unknown {
  const t = typeOf(s);
  if (t === 'structure') {
    const src = (typeof node === 'object' && node !== null ? node : {}) as Record<string, unknown>;
    const o: Record<string, unknown> = {};
    for (const [name, m0] of Object.entries(s.members ?? {})) {
      const m = resolve(model, m0);
      if (skipLocations && m.location) continue;
      const wire = m.locationName ?? name;
      if (m.xmlAttribute) {
        const a = src[`@${wire}`];
        if (typeof a === 'string') o[name] = parseScalar(model, m, a, `${path}.${name}`);
        continue;
      }
      const mt = typeOf(m);
      if (mt === 'list' && m.flattened) {
        const member = resolve(model, m.member ?? {});
        const items = asList(src[member.locationName ?? wire]);
        if (items.length) o[name] = items.map((x, i) => fromXml(model, member, x, `${path}.${name}[${i}]`));
        continue;
      }
      const val = src[wire];
      if (val === undefined) continue;
      if (Array.isArray(val)) throw badInput(`${path}.${name}`, `element <${wire}> repeated`);
      o[name] = fromXml(model, m, val, `${path}.${name}`);
    }
    return o;
  }
  if (t === 'list') {
    const member = resolve(model, s.member ?? {});
    const wrapper = (typeof node === 'object' && node !== null ? node : {}) as Record<string, unknown>;
    return asList(wrapper[member.locationName ?? 'member']).map((x, i) => fromXml(model, member, x, `${path}[${i}]`));
  }
  if (t === 'map') {
    const key = resolve(model, s.key ?? {});
    const value = resolve(model, s.value ?? {});
    const wrapper = (typeof node === 'object' && node !== null ? node : {}) as Record<string, unknown>;
    const o: Record<string, unknown> = {};
    for (const e of asList(wrapper['entry']) as Record<string, unknown>[]) {
      o[String(e[key.locationName ?? 'key'])] = fromXml(model, value, e[value.locationName ?? 'value'], `${path}{}`);
    }
    return o;
  }
  const text = typeof node === 'object' && node !== null ? String((node as Record<string, unknown>)['#text'] ?? '') : String(node ?? '');
  return parseScalar(model, s, text, path);
}

// ---- Routing --------------------------------------------------------------------------------

interface Route {
  operation: string;
  method: string;
  segments: string[];
  /** Literal query keys (`?acl`, `?list-type=2`) the request must carry. */
  query: [string, string | undefined][];
  score: number;
}

const routes = new WeakMap<CompactModel, Route[]>();

function routesOf(model: CompactModel): Route[] {
  let r = routes.get(model);
  if (!r) {
    r = [];
    for (const [operation, op] of Object.entries(model.operations)) {
      if (!op.http) continue;
      const [pathPart, queryPart] = op.http.requestUri.split('?', 2) as [string, string | undefined];
      const segments = pathPart.split('/').filter(Boolean);
      const query: [string, string | undefined][] = [];
      for (const kv of (queryPart ?? '').split('&').filter(Boolean)) {
        const [k, v] = kv.split('=', 2) as [string, string | undefined];
        query.push([k, v]);
      }
      const literal = segments.filter((s) => !s.startsWith('{')).length;
      r.push({ operation, method: op.http.method, segments, query, score: literal * 10 + query.length * 5 + segments.length });
    }
    r.sort((a, b) => b.score - a.score);
    routes.set(model, r);
  }
  return r;
}

function matchRoute(route: Route, method: string, segs: string[], query: URLSearchParams): Record<string, string> | undefined {
  if (route.method !== method) return undefined;
  for (const [k, v] of route.query) {
    if (!query.has(k)) return undefined;
    if (v !== undefined && query.get(k) !== v) return undefined;
  }
  const labels: Record<string, string> = {};
  let i = 0;
  for (const seg of route.segments) {
    const label = /^\{(.+?)(\+)?\}$/.exec(seg);
    if (label?.[2]) {
      if (i >= segs.length) return undefined;
      labels[label[1]!] = segs.slice(i).map(decodeURIComponent).join('/');
      i = segs.length;
      continue;
    }
    const s = segs[i++];
    if (s === undefined) return undefined;
    if (label) labels[label[1]!] = decodeURIComponent(s);
    else if (s !== seg) return undefined;
  }
  return i === segs.length ? labels : undefined;
}

/** The operation a request calls; throws the protocol's unknown-operation error otherwise. */
export function requestOperation(model: CompactModel, req: SimRequest): string {
  const p = model.metadata.protocol;
  if (p === 'query' || p === 'ec2') {
    const action = parseForm(req.body, req.query)['Action'] ?? '';
    if (!model.operations[action]) throw unknownOperation(model, action || '(no Action)');
    return action;
  }
  if (p === 'json') {
    const target = req.headers['x-amz-target'] ?? '';
    const dot = target.lastIndexOf('.');
    const op = target.slice(dot + 1);
    if (dot < 0 || target.slice(0, dot) !== model.metadata.targetPrefix || !model.operations[op]) throw unknownOperation(model, target || '(no X-Amz-Target)');
    return op;
  }
  const segs = req.path.split('/').filter(Boolean);
  for (const route of routesOf(model)) if (matchRoute(route, req.method, segs, req.query)) return route.operation;
  throw unknownOperation(model, `${req.method} ${req.path}`);
}

function restInput(model: CompactModel, op: CompactOperation, operation: string, req: SimRequest): Record<string, unknown> {
  const shape = resolve(model, op.input!);
  const labels = matchRoute(routesOf(model).find((r) => r.operation === operation)!, req.method, req.path.split('/').filter(Boolean), req.query) ?? {};
  const input: Record<string, unknown> = {};
  const bound = new Set<string>();
  let queryMap: [string, Shape] | undefined;
  for (const [name, m0] of Object.entries(shape.members ?? {})) {
    const m = resolve(model, m0);
    const wire = m.locationName ?? name;
    const path = `input.${name}`;
    if (m.location === 'uri') {
      if (labels[wire] !== undefined) input[name] = parseScalar(model, m, labels[wire], path, 'query');
    } else if (m.location === 'querystring') {
      if (typeOf(m) === 'map') {
        queryMap = [name, m];
        continue;
      }
      bound.add(wire);
      if (typeOf(m) === 'list') {
        const all = req.query.getAll(wire);
        if (all.length) input[name] = all.map((x, i) => parseScalar(model, resolve(model, m.member ?? {}), x, `${path}[${i}]`, 'query'));
      } else if (req.query.has(wire)) input[name] = parseScalar(model, m, req.query.get(wire)!, path, 'query');
    } else if (m.location === 'header') {
      const h = req.headers[wire.toLowerCase()];
      if (h === undefined) continue;
      input[name] = typeOf(m) === 'list' ? h.split(',').map((x, i) => parseScalar(model, resolve(model, m.member ?? {}), x.trim(), `${path}[${i}]`, 'header')) : parseScalar(model, m, h, path, 'header');
    } else if (m.location === 'headers') {
      const prefix = wire.toLowerCase();
      const o: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (k.startsWith(prefix)) o[k.slice(prefix.length)] = v;
      if (Object.keys(o).length) input[name] = o;
    }
  }
  if (queryMap) {
    const o: Record<string, string> = {};
    for (const [k, v] of req.query) if (!bound.has(k)) o[k] = v;
    if (Object.keys(o).length) input[queryMap[0]] = o;
  }
  const text = req.body.toString('utf8');
  const xml = model.metadata.protocol === 'rest-xml';
  if (shape.payload) {
    const m = resolve(model, shape.members?.[shape.payload] ?? {});
    const t = typeOf(m);
    if (req.body.length === 0) return input;
    if (t === 'blob') input[shape.payload] = new Uint8Array(req.body);
    else if (t === 'string') input[shape.payload] = text;
    else if (xml) {
      const doc = parseXmlBody(text);
      input[shape.payload] = fromXml(model, m, doc[m.locationName ?? shape.payload] ?? Object.values(doc)[0], `input.${shape.payload}`);
    } else input[shape.payload] = fromJson(model, m, parseJsonBody(text), `input.${shape.payload}`);
    return input;
  }
  if (!text.trim()) return input;
  const body = xml ? (Object.values(parseXmlBody(text))[0] ?? {}) : parseJsonBody(text);
  const fromBody = (xml ? fromXml(model, shape, body, 'input', true) : fromJson(model, shape, body, 'input', true)) as Record<string, unknown>;
  return { ...input, ...fromBody };
}

function parseJsonBody(text: string): unknown {
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SimError('SerializationException', 'Request body is not valid JSON', 400);
  }
}

function parseXmlBody(text: string): Record<string, XmlNode> {
  try {
    const doc = xmlParser.parse(text) as Record<string, XmlNode>;
    delete doc['?xml'];
    return doc;
  } catch {
    throw new SimError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.', 400);
  }
}

/** The operation and its input. Bad values are `400 ValidationException` naming the member; required members are not checked here. */
export function parseRequest(model: CompactModel, req: SimRequest): ParsedRequest {
  const operation = requestOperation(model, req);
  const op = model.operations[operation]!;
  if (!op.input) return { operation, input: {} };
  const p = model.metadata.protocol;
  let input: Record<string, unknown>;
  if (p === 'query' || p === 'ec2') {
    const params = parseForm(req.body, req.query);
    input = queryValue(model, resolve(model, op.input), '', new Params(params), 'input', p === 'ec2') as Record<string, unknown>;
  } else if (p === 'json') {
    input = (fromJson(model, resolve(model, op.input), parseJsonBody(req.body.toString('utf8')), 'input') ?? {}) as Record<string, unknown>;
  } else input = restInput(model, op, operation, req);
  return { operation, input };
}

/**
 * The first required member missing from an input, as its path (`Listeners[0].Protocol`), walking
 * nested structures, lists and maps; undefined when none is. The SDKs no longer check this on the
 * client side, so the service must.
 */
export function missingRequired(model: CompactModel, s: Shape, v: unknown, path = ''): string | undefined {
  const r = resolve(model, s);
  const t = typeOf(r);
  if (t === 'structure' && typeof v === 'object' && v !== null) {
    const obj = v as Record<string, unknown>;
    for (const name of r.required ?? []) if (obj[name] === undefined || obj[name] === null) return path ? `${path}.${name}` : name;
    for (const [name, m] of Object.entries(r.members ?? {})) {
      if (obj[name] === undefined) continue;
      const miss = missingRequired(model, m, obj[name], path ? `${path}.${name}` : name);
      if (miss) return miss;
    }
  } else if (t === 'list' && Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const miss = missingRequired(model, r.member ?? {}, v[i], `${path}[${i}]`);
      if (miss) return miss;
    }
  } else if (t === 'map' && typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const miss = missingRequired(model, r.value ?? {}, x, `${path}[${JSON.stringify(k)}]`);
      if (miss) return miss;
    }
  }
  return undefined;
}
