import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompactModel, CompactOperation, Shape, ShapeType } from './types.ts';

export type { CompactModel, CompactOperation, Protocol, Shape, ShapeType } from './types.ts';

const cache = new Map<string, CompactModel>();

/** A committed model (`src/sim/models/<service>.json`), read once. */
export function loadModel(service: string): CompactModel {
  let m = cache.get(service);
  if (!m) {
    if (!/^[a-z0-9-]+$/.test(service)) throw new Error(`not a service model name: ${service}`);
    let text: string;
    try {
      text = readFileSync(join(import.meta.dirname, `${service}.json`), 'utf8');
    } catch {
      throw new Error(`no service model ${service}: run \`npx node scripts/sim-models.ts ${service}\` after adding it to its SERVICES`);
    }
    m = JSON.parse(text) as CompactModel;
    cache.set(service, m);
  }
  return m;
}

export function operationOf(model: CompactModel, name: string): CompactOperation {
  const op = model.operations[name];
  if (!op) throw new Error(`${model.service} model has no operation ${name}`);
  return op;
}

const resolved = new WeakMap<Shape, Shape>();

/** A shape with its `shape` reference followed; the referring member's own keys (locationName, location, …) win. */
export function resolve(model: CompactModel, s: Shape): Shape {
  if (!s.shape) return s;
  let r = resolved.get(s);
  if (!r) {
    const base = model.shapes[s.shape];
    if (!base) throw new Error(`${model.service} model has no shape ${s.shape}`);
    const { shape: _ref, ...own } = s;
    r = { ...resolve(model, base), ...own };
    resolved.set(s, r);
  }
  return r;
}

export function typeOf(s: Shape): ShapeType {
  if (s.type) return s.type;
  if (s.members) return 'structure';
  if (s.member) return 'list';
  if (s.key || s.value) return 'map';
  return 'string';
}

/** Where a timestamp goes and which format the protocol uses there unless the model says otherwise. */
export function timestampFormat(model: CompactModel, s: Shape, where: 'body' | 'header' | 'query'): 'iso8601' | 'rfc822' | 'unixTimestamp' {
  if (s.timestampFormat) return s.timestampFormat;
  if (where === 'header') return 'rfc822';
  if (where === 'query') return 'iso8601';
  const p = model.metadata.protocol;
  return p === 'json' || p === 'rest-json' ? 'unixTimestamp' : 'iso8601';
}
