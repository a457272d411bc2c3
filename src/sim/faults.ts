/**
 * Fault injection for reliability tests and benchmarks: added latency with jitter, a share of
 * throttling responses (each service's real throttling error) and a share of 5xx errors, each
 * configurable per `service:Operation` glob.
 *
 * Text form: rules separated by `;`, each `[<service:Operation glob> ]key=value,...`, later rules
 * override earlier ones for the keys they set. Keys: `latency` (ms), `jitter` (ms, uniform ±),
 * `throttle` (share 0..1), `error` (share 0..1), `seed` (integer, for repeatable runs).
 * Example: `latency=20ms,jitter=5ms;ec2:Describe* throttle=0.2`.
 */
import { globToRegExp as coreGlobToRegExp } from '../core/glob.ts';

export interface FaultSettings {
  latencyMs?: number;
  jitterMs?: number;
  throttle?: number;
  error?: number;
}

export interface FaultRule extends FaultSettings {
  /** `service:Operation` glob; `*` matches everything. */
  match: string;
}

export interface FaultSpec {
  rules: FaultRule[];
  seed?: number;
}

export class FaultSpecError extends Error {}

const KEYS: Record<string, keyof FaultSettings> = { latency: 'latencyMs', jitter: 'jitterMs', throttle: 'throttle', error: 'error' };

export function parseFaults(text: string): FaultSpec {
  const spec: FaultSpec = { rules: [] };
  for (const raw of text.split(';')) {
    const part = raw.trim();
    if (!part) continue;
    let match = '*';
    let settings = part;
    const space = part.indexOf(' ');
    if (space > 0 && !part.slice(0, space).includes('=')) {
      match = part.slice(0, space);
      settings = part.slice(space + 1).trim();
    }
    const rule: FaultRule = { match };
    for (const kv of settings.split(',')) {
      const [k, v] = kv.split('=').map((s) => s?.trim());
      if (!k || !v) throw new FaultSpecError(`faults: "${kv}" is not key=value (in "${part}")`);
      if (k === 'seed') {
        spec.seed = Number(v);
        if (!Number.isInteger(spec.seed)) throw new FaultSpecError(`faults: seed must be an integer, got "${v}"`);
        continue;
      }
      const key = KEYS[k];
      if (!key) throw new FaultSpecError(`faults: unknown key "${k}" (expected latency, jitter, throttle, error, seed)`);
      const n = Number(v.replace(/ms$/, ''));
      if (!Number.isFinite(n) || n < 0) throw new FaultSpecError(`faults: ${k} must be a non-negative number, got "${v}"`);
      if ((key === 'throttle' || key === 'error') && n > 1) throw new FaultSpecError(`faults: ${k} is a share between 0 and 1, got "${v}"`);
      rule[key] = n;
    }
    spec.rules.push(rule);
  }
  return spec;
}

/** `service:Operation` globs (`*` only), case-insensitive: fault rules and accounts' `deny` patterns. */
export function globToRegExp(glob: string): RegExp {
  return coreGlobToRegExp(glob, { ignoreCase: true });
}

/** Decides, per request, what fault (if any) to inject. Deterministic for a given seed. */
export class FaultInjector {
  private readonly compiled: { re: RegExp; rule: FaultRule }[];
  private state: number;
  constructor(spec: FaultSpec | undefined) {
    this.compiled = (spec?.rules ?? []).map((rule) => ({ re: globToRegExp(rule.match.includes(':') || rule.match === '*' ? rule.match : `${rule.match}:*`), rule }));
    this.state = (spec?.seed ?? 0x9e3779b9) >>> 0;
  }

  get active(): boolean {
    return this.compiled.length > 0;
  }

  settingsFor(service: string, operation: string): FaultSettings {
    const key = `${service}:${operation}`;
    const out: FaultSettings = {};
    for (const { re, rule } of this.compiled) {
      if (!re.test(key)) continue;
      for (const k of ['latencyMs', 'jitterMs', 'throttle', 'error'] as const) if (rule[k] !== undefined) out[k] = rule[k];
    }
    return out;
  }

  /** mulberry32: small, fast and good enough for fault shares. */
  random(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  decide(service: string, operation: string): { delayMs: number; fault: 'throttle' | 'error' | undefined } {
    const s = this.settingsFor(service, operation);
    const jitter = s.jitterMs ? (this.random() * 2 - 1) * s.jitterMs : 0;
    const delayMs = Math.max(0, (s.latencyMs ?? 0) + jitter);
    const r = this.random();
    const fault = s.throttle && r < s.throttle ? 'throttle' : s.error && r < (s.throttle ?? 0) + s.error ? 'error' : undefined;
    return { delayMs, fault };
  }
}
