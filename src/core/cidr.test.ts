import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseIpv6, prefixLengthOf, tryParseCidr } from './cidr.ts';

const hex = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString('hex') : undefined);

describe('IPv6 parsing', () => {
  it('expands :: compression anywhere in the address', () => {
    expect(hex(parseIpv6('::'))).toBe('0'.repeat(32));
    expect(hex(parseIpv6('::1'))).toBe('0'.repeat(31) + '1');
    expect(hex(parseIpv6('2001:db8::'))).toBe('20010db8' + '0'.repeat(24));
    expect(hex(parseIpv6('2001:db8::8:800:200c:417a'))).toBe('20010db8000000000008080020' + '0c417a');
    expect(hex(parseIpv6('1:2:3:4:5:6:7:8'))).toBe('00010002000300040005000600070008');
  });
  it('accepts an embedded IPv4 tail', () => {
    expect(hex(parseIpv6('::ffff:192.0.2.1'))).toBe('0'.repeat(20) + 'ffff' + 'c0000201');
  });
  it('refuses malformed addresses', () => {
    for (const bad of [':::', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '12345::', 'g::', '1.2.3.4::', '1:2:3:4:5:6:7::8', ':1::', '']) {
      expect(parseIpv6(bad), bad).toBeUndefined();
    }
  });
});

describe('CIDR parsing', () => {
  it('parses IPv4 and IPv6 and clears host bits', () => {
    expect(parseCidr('10.1.2.3/8')).toMatchObject({ family: 4, prefix: 8, bytes: new Uint8Array([10, 0, 0, 0]) });
    expect(parseCidr('0:0::/0')).toMatchObject({ family: 6, prefix: 0 });
  });
  it('refuses missing or out-of-range prefixes and bad addresses', () => {
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '::/129', '10.0.0/8', '256.0.0.0/8', '01.0.0.0/8', '10.0.0.0/08', '10.0.0.0/', 'x/0']) {
      expect(tryParseCidr(bad), bad).toBeUndefined();
    }
  });
  it('reads the prefix length without parsing the address', () => {
    expect(prefixLengthOf('0.0.0.0/0')).toBe(0);
    expect(prefixLengthOf('2001:db8::/64')).toBe(64);
    expect(prefixLengthOf('10.0.0.1')).toBe(-1);
  });
});

describe('CIDR containment', () => {
  const c = parseCidr;
  it('a /0 contains every range of its family, and only of its family', () => {
    expect(cidrContains(c('0.0.0.0/0'), c('0.0.0.0/0'))).toBe(true);
    expect(cidrContains(c('0.0.0.0/0'), c('203.0.113.7/32'))).toBe(true);
    expect(cidrContains(c('::/0'), c('2001:db8::/32'))).toBe(true);
    expect(cidrContains(c('::0/0'), c('::/0'))).toBe(true);
    expect(cidrContains(c('0.0.0.0/0'), c('::/0'))).toBe(false);
    expect(cidrContains(c('::/0'), c('0.0.0.0/0'))).toBe(false);
  });
  it('half the internet is not the internet', () => {
    expect(cidrContains(c('0.0.0.0/1'), c('0.0.0.0/0'))).toBe(false);
    expect(cidrContains(c('128.0.0.0/1'), c('0.0.0.0/0'))).toBe(false);
    expect(cidrContains(c('::/1'), c('::/0'))).toBe(false);
  });
  it('compares prefixes bit by bit, not by octet', () => {
    expect(cidrContains(c('10.0.0.0/9'), c('10.127.0.0/16'))).toBe(true);
    expect(cidrContains(c('10.0.0.0/9'), c('10.128.0.0/16'))).toBe(false);
    expect(cidrContains(c('2001:db8::/33'), c('2001:db8:7fff::/48'))).toBe(true);
    expect(cidrContains(c('2001:db8::/33'), c('2001:db8:8000::/48'))).toBe(false);
  });

  // Reference model: an IPv4 range as [first, last] integers.
  const v4 = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }));
  const toStr = (n: number, p: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${p}`;
  const range = (n: number, p: number): [number, number] => {
    const size = 2 ** (32 - p);
    const first = Math.floor(n / size) * size;
    return [first, first + size - 1];
  };
  it('agrees with interval containment for IPv4 (property)', () => {
    fc.assert(
      fc.property(v4, v4, ([a, pa], [b, pb]) => {
        const [af, al] = range(a, pa);
        const [bf, bl] = range(b, pb);
        expect(cidrContains(c(toStr(a, pa)), c(toStr(b, pb)))).toBe(af <= bf && bl <= al);
      }),
      { numRuns: 2000 },
    );
  });
  it('is reflexive and a range is contained in its shorter prefixes (IPv6 property)', () => {
    const hextets = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(hextets, fc.integer({ min: 0, max: 128 }), fc.integer({ min: 0, max: 128 }), (h, p, q) => {
        const addr = h.map((x) => x.toString(16)).join(':');
        const inner = c(`${addr}/${Math.max(p, q)}`);
        const outer = c(`${addr}/${Math.min(p, q)}`);
        expect(cidrContains(inner, inner)).toBe(true);
        expect(cidrContains(outer, inner)).toBe(true);
        if (p !== q) expect(cidrContains(inner, outer)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
  it('parses every spelling of an IPv6 address to the same bytes: full, unpadded and ::-compressed (property)', () => {
    const hextets = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(hextets, fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 8 }), (h, start, len) => {
        const expected = h.map((x) => x.toString(16).padStart(4, '0')).join('');
        expect(hex(parseIpv6(h.map((x) => x.toString(16).padStart(4, '0')).join(':')))).toBe(expected);
        expect(hex(parseIpv6(h.map((x) => x.toString(16)).join(':')))).toBe(expected);
        // Compress a run of zero groups, when there is one at [start, start + len).
        const end = Math.min(8, start + len);
        if (h.slice(start, end).every((x) => x === 0) && end - start >= 1) {
          const text = `${h.slice(0, start).map((x) => x.toString(16)).join(':')}::${h.slice(end).map((x) => x.toString(16)).join(':')}`;
          expect(hex(parseIpv6(text)), text).toBe(expected);
        }
      }),
      { numRuns: 2000 },
    );
  });
  it('parses an IPv4 address to its four octets and refuses every out-of-range octet (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 40 }), (o, p) => {
        const text = `${o.join('.')}/${p}`;
        const valid = o.every((x) => x <= 255) && p <= 32;
        const parsed = tryParseCidr(text);
        expect(parsed !== undefined, text).toBe(valid);
        if (parsed) {
          const n = ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0;
          const network = p === 0 ? 0 : (n & (0xffffffff << (32 - p))) >>> 0;
          expect(Buffer.from(parsed.bytes).readUInt32BE(0), text).toBe(network);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

