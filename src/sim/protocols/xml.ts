import { XMLParser } from 'fast-xml-parser';

/**
 * A value to render as XML. Objects become child elements in key order; an array renders as the
 * element repeated (so `{ item: [a, b] }` → `<item>a</item><item>b</item>`, wrappers are explicit);
 * keys starting with `@` are attributes; `undefined` and `null` are omitted.
 */
export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [key: string]: XmlValue };

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

function renderInto(out: string[], name: string, value: XmlValue): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) renderInto(out, name, v);
    return;
  }
  if (typeof value === 'object') {
    out.push('<', name);
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('@') && v !== undefined && v !== null) out.push(' ', k.slice(1), '="', escapeXml(String(v)), '"');
    }
    out.push('>');
    for (const [k, v] of Object.entries(value)) {
      if (!k.startsWith('@')) renderInto(out, k, v);
    }
    out.push('</', name, '>');
    return;
  }
  out.push('<', name, '>', escapeXml(String(value)), '</', name, '>');
}

/** Render `value` as the document element `name`, with the XML declaration. */
export function toXml(name: string, value: XmlValue): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  renderInto(out, name, value);
  return out.join('');
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: () => false,
});

/** Parse an XML request body (S3 REST-XML) into plain objects; repeated elements become arrays. */
export function parseXml(body: Buffer | string): Record<string, unknown> {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (!text.trim()) return {};
  return parser.parse(text) as Record<string, unknown>;
}

/** A value that may be one element or several, as a list. */
export function asArray<T>(v: T | T[] | undefined | null): T[] {
  if (v === undefined || v === null || v === '') return [];
  return Array.isArray(v) ? v : [v];
}
