/**
 * The AWS query protocols (EC2 and awsQuery: RDS, IAM, STS) send form-encoded parameters with
 * flattened names like `IpPermissions.1.IpRanges.1.CidrIp` or `ValuesToRemove.member.1`.
 */
export function parseForm(body: Buffer | string, query?: URLSearchParams): Record<string, string> {
  const params: Record<string, string> = {};
  if (query) for (const [k, v] of query) params[k] = v;
  const text = typeof body === 'string' ? body : body.toString('utf8');
  for (const [k, v] of new URLSearchParams(text)) params[k] = v;
  return params;
}

type Tree = { [key: string]: Tree | string };

/**
 * Turn flattened parameters into nested values: numeric keys become arrays (ordered by index) and
 * awsQuery's `member` wrappers are dropped, so `A.member.1.B=x` and `A.1.B=x` both give `{A: [{B: 'x'}]}`.
 */
export function unflatten(params: Record<string, string>): Record<string, unknown> {
  const root: Tree = {};
  for (const [key, value] of Object.entries(params)) {
    const parts = key.split('.');
    let node: Tree = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const p = parts[i]!;
      const next = node[p];
      if (typeof next === 'object') node = next;
      else node = node[p] = {};
    }
    node[parts[parts.length - 1]!] = value;
  }
  return normalize(root) as Record<string, unknown>;
}

function normalize(node: Tree | string): unknown {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && (keys[0] === 'member' || keys[0] === 'item') && typeof node[keys[0]] === 'object') {
    return normalize(node[keys[0]] as Tree);
  }
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => normalize(node[k]!));
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = normalize(node[k]!);
  return out;
}

/** A list parameter, whether sent as a list, a single value or not at all. */
export function list<T = unknown>(v: unknown): T[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]) as T[];
}

/** Parse an integer parameter, or return the fallback when absent. */
export function int(v: unknown, fallback?: number): number | undefined {
  if (v === undefined || v === null || v === '') return fallback;
  const n = Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : fallback;
}
