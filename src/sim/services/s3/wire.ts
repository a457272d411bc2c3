import { randomBytes } from 'node:crypto';
import { asArray, escapeXml, parseXml, toXml, type XmlValue } from '../../protocols/xml.ts';
import type { SimRequest, SimResponse } from '../../types.ts';
import { S3Error, type EncryptionRule, type Grant, type Grantee, type Permission, type PublicAccessBlock } from './model.ts';

/** S3 REST-XML wire helpers: addressing, request bodies, response and error documents. */

export const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

export interface S3Target {
  bucket?: string;
  key?: string;
  /** The bucket came from the Host header (virtual-hosted-style). */
  virtualHost: boolean;
}

/** The bucket named by a virtual-hosted-style Host (`bucket.s3.<anything>`, `bucket.localhost[:port]`), if any. */
export function hostBucket(hostHeader: string): string | undefined {
  const host = hostHeader.toLowerCase();
  if (host.startsWith('[')) return undefined; // IPv6 literal
  const h = host.replace(/:\d+$/, '');
  if (h === 'localhost' || /^\d{1,3}(\.\d{1,3}){3}$/.test(h)) return undefined;
  if (h.endsWith('.localhost')) {
    const rest = h.slice(0, -'.localhost'.length);
    return rest.endsWith('.s3') ? rest.slice(0, -3) || undefined : rest || undefined;
  }
  // bucket.s3.amazonaws.com, bucket.s3.us-west-2.amazonaws.com, bucket.s3-us-west-2.amazonaws.com, ...
  return /^(.+)\.s3[.-]/.exec(h)?.[1];
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Bucket and key of a request, path-style (`/bucket/key`) or virtual-hosted-style. */
export function s3Target(req: SimRequest): S3Target {
  const fromHost = hostBucket(req.host);
  const path = req.path.startsWith('/') ? req.path.slice(1) : req.path;
  if (fromHost !== undefined) return { bucket: fromHost, ...(path ? { key: path.split('/').map(decode).join('/') } : {}), virtualHost: true };
  const slash = path.indexOf('/');
  const bucket = decode(slash < 0 ? path : path.slice(0, slash));
  const key = slash < 0 ? '' : path.slice(slash + 1).split('/').map(decode).join('/');
  return { ...(bucket ? { bucket } : {}), ...(key ? { key } : {}), virtualHost: false };
}

export function requestIds(): Record<string, string> {
  return { 'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(), 'x-amz-id-2': randomBytes(48).toString('base64') };
}

/** A 200 XML document with the S3 namespace on the root element. */
export function xmlResponse(root: string, value: { [k: string]: XmlValue }, headers: Record<string, string> = {}): SimResponse {
  return { status: 200, headers: { 'content-type': 'application/xml', ...requestIds(), ...headers }, body: toXml(root, { '@xmlns': S3_NS, ...value }) };
}

export function emptyResponse(status = 200, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { ...requestIds(), ...headers } };
}

/** `<LocationConstraint>` carries its value as text next to the namespace attribute, which `toXml` does not express. */
export function locationResponse(constraint: string): SimResponse {
  const body = constraint
    ? `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${S3_NS}">${escapeXml(constraint)}</LocationConstraint>`
    : `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${S3_NS}"/>`;
  return { status: 200, headers: { 'content-type': 'application/xml', ...requestIds() }, body };
}

/** The S3 error document: `<Error><Code/><Message/>…<RequestId/><HostId/></Error>`; HEAD responses carry no body. */
export function errorResponse(err: { code: string; message: string; status: number }, method: string): SimResponse {
  const ids = requestIds();
  const extra = err instanceof S3Error ? err : undefined;
  const headers = { 'content-type': 'application/xml', ...ids, ...(extra?.headers ?? {}) };
  if (method === 'HEAD') return { status: err.status, headers };
  const body = toXml('Error', { Code: err.code, Message: err.message, ...(extra?.fields ?? {}), RequestId: ids['x-amz-request-id'], HostId: ids['x-amz-id-2'] });
  return { status: err.status, headers, body };
}

// ---------------------------------------------------------------------------------------------
// Request bodies

export function malformedXml(): S3Error {
  return new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
}

type Node = Record<string, unknown>;

/** The root element `root` of an XML request body, or `MalformedXML`. */
export function xmlBody(req: SimRequest, root: string): Node {
  let doc: Record<string, unknown>;
  try {
    doc = parseXml(req.body);
  } catch {
    throw malformedXml();
  }
  const node = doc[root];
  if (node === undefined) throw malformedXml();
  return typeof node === 'object' && node !== null ? (node as Node) : {};
}

export function hasBody(req: SimRequest): boolean {
  return req.body.length > 0 && req.body.toString('utf8').trim() !== '';
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function bool(v: unknown): boolean | undefined {
  const s = str(v)?.trim().toLowerCase();
  if (s === undefined) return undefined;
  if (s === 'true') return true;
  if (s === 'false') return false;
  throw malformedXml();
}

function nodes(v: unknown): Node[] {
  return asArray(v as Node | Node[] | undefined).map((n) => (typeof n === 'object' && n !== null ? n : {}));
}

export function parsePublicAccessBlock(node: Node): Partial<PublicAccessBlock> {
  const out: Partial<PublicAccessBlock> = {};
  for (const k of ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const) {
    const b = bool(node[k]);
    if (b !== undefined) out[k] = b;
  }
  return out;
}

export function renderPublicAccessBlock(p: PublicAccessBlock): { [k: string]: XmlValue } {
  return { BlockPublicAcls: p.BlockPublicAcls, IgnorePublicAcls: p.IgnorePublicAcls, BlockPublicPolicy: p.BlockPublicPolicy, RestrictPublicBuckets: p.RestrictPublicBuckets };
}

export function parseEncryptionRules(node: Node): EncryptionRule[] {
  return nodes(node['Rule']).map((r) => {
    const rule: EncryptionRule = {};
    const d = r['ApplyServerSideEncryptionByDefault'];
    if (d !== undefined) {
      const dn = (typeof d === 'object' && d !== null ? d : {}) as Node;
      const alg = str(dn['SSEAlgorithm']);
      if (!alg) throw malformedXml();
      const key = str(dn['KMSMasterKeyID']);
      rule.ApplyServerSideEncryptionByDefault = { SSEAlgorithm: alg as never, ...(key ? { KMSMasterKeyID: key } : {}) };
    }
    const bke = bool(r['BucketKeyEnabled']);
    if (bke !== undefined) rule.BucketKeyEnabled = bke;
    const blocked = r['BlockedEncryptionTypes'];
    if (blocked !== undefined) {
      const bn = (typeof blocked === 'object' && blocked !== null ? blocked : {}) as Node;
      rule.BlockedEncryptionTypes = { EncryptionType: asArray(bn['EncryptionType'] as string | string[] | undefined).map(String) };
    }
    return rule;
  });
}

export function renderEncryptionRules(rules: readonly EncryptionRule[]): XmlValue[] {
  return rules.map((r) => ({
    ApplyServerSideEncryptionByDefault: r.ApplyServerSideEncryptionByDefault
      ? { SSEAlgorithm: r.ApplyServerSideEncryptionByDefault.SSEAlgorithm, KMSMasterKeyID: r.ApplyServerSideEncryptionByDefault.KMSMasterKeyID }
      : undefined,
    BucketKeyEnabled: r.BucketKeyEnabled ?? false,
    BlockedEncryptionTypes: r.BlockedEncryptionTypes ? { EncryptionType: r.BlockedEncryptionTypes.EncryptionType ?? [] } : undefined,
  }));
}

/** Grants from an `<AccessControlPolicy>` body, with its Owner id. */
export function parseAccessControlPolicy(req: SimRequest): { owner: { ID?: string }; grants: Grant[] } {
  let node: Node;
  try {
    node = xmlBody(req, 'AccessControlPolicy');
  } catch {
    throw malformedAcl();
  }
  const owner = node['Owner'];
  if (typeof owner !== 'object' || owner === null) throw malformedAcl();
  const ownerId = str((owner as Node)['ID']);
  const acl = node['AccessControlList'];
  const grantNodes = typeof acl === 'object' && acl !== null ? nodes((acl as Node)['Grant']) : [];
  const grants = grantNodes.map((g): Grant => {
    const gt = g['Grantee'];
    if (typeof gt !== 'object' || gt === null) throw malformedAcl();
    const t = gt as Node;
    // fast-xml-parser drops the `xsi:` prefix of `xsi:type`.
    const type = str(t['@type']) ?? str(t['@xsi:type']);
    const grantee: Grantee = { Type: (type ?? inferType(t)) as Grantee['Type'] };
    const id = str(t['ID']);
    const uri = str(t['URI']);
    const email = str(t['EmailAddress']);
    if (id !== undefined) grantee.ID = id;
    if (uri !== undefined) grantee.URI = uri;
    if (email !== undefined) grantee.EmailAddress = email;
    return { Grantee: grantee, Permission: (str(g['Permission']) ?? '') as Permission };
  });
  return { owner: ownerId !== undefined ? { ID: ownerId } : {}, grants };
}

function inferType(t: Node): string {
  if (t['URI'] !== undefined) return 'Group';
  if (t['EmailAddress'] !== undefined) return 'AmazonCustomerByEmail';
  return 'CanonicalUser';
}

export function malformedAcl(): S3Error {
  return new S3Error('MalformedACLError', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
}

const GRANT_HEADERS: [string, Permission][] = [
  ['x-amz-grant-read', 'READ'],
  ['x-amz-grant-write', 'WRITE'],
  ['x-amz-grant-read-acp', 'READ_ACP'],
  ['x-amz-grant-write-acp', 'WRITE_ACP'],
  ['x-amz-grant-full-control', 'FULL_CONTROL'],
];

/**
 * The ACL a request sets through headers: `x-amz-acl` (canned) or `x-amz-grant-*` lists such as
 * `id="…", uri="http://acs.amazonaws.com/groups/global/AllUsers", emailAddress="…"`. Both at once is
 * refused, as S3 does.
 */
export function aclFromHeaders(req: SimRequest): { canned: string } | { grants: Grant[] } | undefined {
  const canned = req.headers['x-amz-acl'];
  const grants: Grant[] = [];
  let anyGrantHeader = false;
  for (const [header, permission] of GRANT_HEADERS) {
    const value = req.headers[header];
    if (value === undefined) continue;
    anyGrantHeader = true;
    for (const part of value.split(',')) {
      const p = part.trim();
      if (!p) continue;
      const m = /^(id|uri|emailAddress)\s*=\s*"?([^"]*)"?$/i.exec(p);
      if (!m) throw new S3Error('InvalidArgument', `Invalid grantee in ${header}`, 400, { ArgumentName: header, ArgumentValue: value });
      const kind = m[1]!.toLowerCase();
      const v = m[2]!;
      const grantee: Grantee = kind === 'id' ? { Type: 'CanonicalUser', ID: v } : kind === 'uri' ? { Type: 'Group', URI: v } : { Type: 'AmazonCustomerByEmail', EmailAddress: v };
      grants.push({ Grantee: grantee, Permission: permission });
    }
  }
  if (canned !== undefined && anyGrantHeader) throw new S3Error('InvalidRequest', 'Specifying both Canned ACLs and Header Grants is not allowed', 400);
  if (canned !== undefined) return { canned };
  return anyGrantHeader ? { grants } : undefined;
}

export function renderGrant(g: Grant): XmlValue {
  const t = g.Grantee;
  return {
    Grantee: { '@xmlns:xsi': XSI_NS, '@xsi:type': t.Type, ID: t.ID, URI: t.URI, EmailAddress: t.EmailAddress },
    Permission: g.Permission,
  };
}

export function parseTags(req: SimRequest): Record<string, string> {
  const node = xmlBody(req, 'Tagging');
  const set = node['TagSet'];
  if (set === undefined) throw malformedXml();
  const tags: Record<string, string> = {};
  for (const t of nodes(typeof set === 'object' && set !== null ? (set as Node)['Tag'] : undefined)) {
    const k = str(t['Key']);
    if (k === undefined) throw malformedXml();
    if (Object.hasOwn(tags, k)) throw new S3Error('InvalidTag', 'Cannot provide multiple Tags with the same key', 400, { TagKey: k });
    tags[k] = str(t['Value']) ?? '';
  }
  return tags;
}

export function renderTags(tags: Record<string, string>): XmlValue {
  return { Tag: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
}

/** Tags in a CreateBucketConfiguration (`<Tags><Tag>…`). */
export function parseConfigTags(node: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  if (typeof node !== 'object' || node === null) return tags;
  for (const t of nodes((node as Node)['Tag'])) {
    const k = str(t['Key']);
    if (k !== undefined) tags[k] = str(t['Value']) ?? '';
  }
  return tags;
}

export { nodes, str };
