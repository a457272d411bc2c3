/**
 * IPv4 and IPv6 CIDR parsing and containment. Deciding "open to the internet" by containment rather
 * than by comparing strings catches spellings like `::0/0` or `0:0::/0` and makes the open sources a
 * parameter (a rule is open when its range contains every address of a listed source range).
 */

export interface Cidr {
  family: 4 | 6;
  /** Network address in network byte order: 4 bytes for IPv4, 16 for IPv6. Host bits are cleared. */
  bytes: Uint8Array;
  prefix: number;
}

/** Parses a dotted-quad IPv4 address; undefined when invalid. Leading zeros are refused (octal ambiguity). */
export function parseIpv4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] as string;
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

/** Parses an IPv6 address with optional `::` compression and an optional trailing IPv4 part; no zone ids. */
export function parseIpv6(s: string): Uint8Array | undefined {
  if (s.length === 0) return undefined;
  const double = s.indexOf('::');
  if (double !== -1 && s.indexOf('::', double + 1) !== -1) return undefined;
  const head = double === -1 ? s : s.slice(0, double);
  const tail = double === -1 ? '' : s.slice(double + 2);
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === '' ? [] : tail.split(':');
  const groups: number[] = [];
  const all = [...headParts, ...tailParts];
  const lastIndex = all.length - 1;
  const parsed: number[][] = [];
  for (let i = 0; i < all.length; i++) {
    const part = all[i] as string;
    // An embedded IPv4 part may only end the address.
    if (i === lastIndex && part.includes('.') && (double === -1 || tailParts.length > 0)) {
      const v4 = parseIpv4(part);
      if (!v4) return undefined;
      parsed.push([((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number)]);
      continue;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return undefined;
    parsed.push([parseInt(part, 16)]);
  }
  const headCount = headParts.length;
  let headGroups = 0;
  for (let i = 0; i < parsed.length; i++) {
    for (const g of parsed[i] as number[]) {
      groups.push(g);
      if (i < headCount) headGroups++;
    }
  }
  if (double === -1) {
    if (groups.length !== 8) return undefined;
  } else if (groups.length > 7) {
    // `::` stands for at least one group of zeros.
    return undefined;
  }
  const full = new Array<number>(8).fill(0);
  const tailGroups = groups.length - headGroups;
  for (let i = 0; i < headGroups; i++) full[i] = groups[i] as number;
  for (let i = 0; i < tailGroups; i++) full[8 - tailGroups + i] = groups[headGroups + i] as number;
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    out[2 * i] = (full[i] as number) >> 8;
    out[2 * i + 1] = (full[i] as number) & 0xff;
  }
  return out;
}

/** Parses `address/prefix`; undefined when invalid. Host bits are cleared, as AWS does when it stores a rule. */
export function tryParseCidr(s: string): Cidr | undefined {
  const slash = s.indexOf('/');
  if (slash === -1) return undefined;
  const addr = s.slice(0, slash);
  const len = s.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(len)) return undefined;
  const prefix = Number(len);
  const family = addr.includes(':') ? 6 : 4;
  const bytes = family === 4 ? parseIpv4(addr) : parseIpv6(addr);
  if (!bytes || prefix > bytes.length * 8) return undefined;
  clearHostBits(bytes, prefix);
  return { family, bytes, prefix };
}

export function parseCidr(s: string): Cidr {
  const c = tryParseCidr(s);
  if (!c) throw new Error(`invalid CIDR "${s}"`);
  return c;
}

function clearHostBits(bytes: Uint8Array, prefix: number): void {
  for (let i = 0; i < bytes.length; i++) {
    const bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
    bytes[i] = (bytes[i] as number) & ((0xff << (8 - bitsHere)) & 0xff);
  }
}

/** True when every address of `inner` is in `outer`. Different families never contain each other. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
  const full = outer.prefix >> 3;
  for (let i = 0; i < full; i++) if (outer.bytes[i] !== inner.bytes[i]) return false;
  const rest = outer.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((outer.bytes[full] as number) & mask) === ((inner.bytes[full] as number) & mask);
}

/**
 * The prefix length of a CIDR string without parsing the address or allocating, or -1 when there is
 * none. Lets a caller skip ranges that are too narrow to contain anything it looks for.
 */
export function prefixLengthOf(s: string): number {
  const slash = s.lastIndexOf('/');
  if (slash === -1 || slash === s.length - 1) return -1;
  let n = 0;
  for (let i = slash + 1; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}
