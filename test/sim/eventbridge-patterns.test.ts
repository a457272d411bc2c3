import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matches, parsePattern } from '../../src/sim/services/eventbridge/patterns.ts';

const m = (pattern: object, event: object) => matches(parsePattern(JSON.stringify(pattern)), event);

const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -1000, max: 1000 }), fc.boolean(), fc.constant(null));
const key = fc.constantFrom('a', 'b', 'c', 'source', 'detail');
const event = fc.dictionary(key, fc.oneof(scalar, fc.dictionary(key, scalar, { maxKeys: 3 }), fc.array(scalar, { minLength: 1, maxLength: 3 })), { maxKeys: 4 });

describe('event patterns: the documented examples', () => {
  const ev = { source: 'aws.ec2', 'detail-type': 'AWS API Call via CloudTrail', account: '111111111111', detail: { eventName: 'AuthorizeSecurityGroupIngress', port: 445, tags: ['a', 'b'], ip: '10.0.1.7', nothing: null, flag: false } };
  it('matches exact values, by type', () => {
    expect(m({ source: ['aws.ec2'] }, ev)).toBe(true);
    expect(m({ source: ['aws.s3', 'aws.ec2'] }, ev)).toBe(true);
    expect(m({ source: ['aws.s3'] }, ev)).toBe(false);
    expect(m({ detail: { port: [445] } }, ev)).toBe(true);
    expect(m({ detail: { port: ['445'] } }, ev)).toBe(false);
    expect(m({ detail: { nothing: [null] } }, ev)).toBe(true);
    expect(m({ detail: { flag: [false] } }, ev)).toBe(true);
    expect(m({ detail: { missing: [null] } }, ev)).toBe(false);
  });
  it('matches nested detail keys, array fields by any element, and every field the pattern names', () => {
    expect(m({ source: ['aws.ec2'], detail: { eventName: ['AuthorizeSecurityGroupIngress'], tags: ['b'] } }, ev)).toBe(true);
    expect(m({ source: ['aws.ec2'], detail: { eventName: ['RevokeSecurityGroupIngress'] } }, ev)).toBe(false);
    expect(m({ detail: { eventName: { nested: ['x'] } } }, ev)).toBe(false);
  });
  it('prefix, suffix, equals-ignore-case, wildcard', () => {
    expect(m({ source: [{ prefix: 'aws.' }] }, ev)).toBe(true);
    expect(m({ source: [{ prefix: { 'equals-ignore-case': 'AWS.' } }] }, ev)).toBe(true);
    expect(m({ source: [{ suffix: '.ec2' }] }, ev)).toBe(true);
    expect(m({ source: [{ 'equals-ignore-case': 'AWS.EC2' }] }, ev)).toBe(true);
    expect(m({ 'detail-type': [{ wildcard: 'AWS * via *' }] }, ev)).toBe(true);
    expect(m({ detail: { port: [{ prefix: '4' }] } }, ev)).toBe(false);
  });
  it('anything-but: values, lists, prefixes; never a missing field', () => {
    expect(m({ source: [{ 'anything-but': 'aws.s3' }] }, ev)).toBe(true);
    expect(m({ source: [{ 'anything-but': ['aws.s3', 'aws.ec2'] }] }, ev)).toBe(false);
    expect(m({ source: [{ 'anything-but': { prefix: 'aws.' } }] }, ev)).toBe(false);
    expect(m({ detail: { missing: [{ 'anything-but': 'x' }] } }, ev)).toBe(false);
    expect(m({ detail: { tags: [{ 'anything-but': 'c' }] } }, ev)).toBe(true);
    expect(m({ detail: { tags: [{ 'anything-but': 'a' }] } }, ev)).toBe(false);
  });
  it('exists, numeric, cidr, $or', () => {
    expect(m({ detail: { port: [{ exists: true }] } }, ev)).toBe(true);
    expect(m({ detail: { missing: [{ exists: false }] } }, ev)).toBe(true);
    expect(m({ detail: { port: [{ exists: false }] } }, ev)).toBe(false);
    expect(m({ detail: [{ exists: true }] } as object, ev)).toBe(false);
    expect(m({ detail: { port: [{ numeric: ['>=', 400, '<', 500] }] } }, ev)).toBe(true);
    expect(m({ detail: { port: [{ numeric: ['=', 22] }] } }, ev)).toBe(false);
    expect(m({ detail: { ip: [{ cidr: '10.0.0.0/16' }] } }, ev)).toBe(true);
    expect(m({ detail: { ip: [{ cidr: '10.1.0.0/16' }] } }, ev)).toBe(false);
    expect(m({ $or: [{ source: ['aws.s3'] }, { detail: { port: [445] } }] }, ev)).toBe(true);
    expect(m({ $or: [{ source: ['aws.s3'] }, { detail: { port: [22] } }] }, ev)).toBe(false);
  });
  it('refuses malformed patterns with InvalidEventPatternException', () => {
    for (const bad of ['[]', '{}', '{"a": "x"}', '{"a": []}', '{"a": [{"prefix": 1}]}', '{"a": [{"numeric": [">", "x"]}]}', '{"a": [{"numeric": [">", 5, "<", 1]}]}', '{"a": [{"bogus": 1}]}', '{"a": [{"exists": "yes"}]}', '{"$or": [{"a": ["x"]}]}', '{"a": [{"cidr": "10.0.0.0"}]}', '{"a": [{"anything-but": [true]}]}']) {
      expect(() => parsePattern(bad), bad).toThrow(expect.objectContaining({ code: 'InvalidEventPatternException' }));
    }
  });
});

describe('event patterns: properties of the documented rules', () => {
  it('a pattern naming no field of the event other than what it holds matches: every leaf value of an event matches itself', () => {
    fc.assert(fc.property(event, (ev) => {
      for (const [k, v] of Object.entries(ev)) {
        if (Array.isArray(v)) expect(m({ [k]: [v[0]] }, ev)).toBe(true);
        else if (v !== null && typeof v === 'object') {
          for (const [k2, v2] of Object.entries(v)) expect(m({ [k]: { [k2]: [v2] } }, ev)).toBe(true);
        } else expect(m({ [k]: [v] }, ev)).toBe(true);
      }
    }));
  });

  it('exists true and exists false are complementary for every field', () => {
    fc.assert(fc.property(event, key, (ev, k) => {
      expect(m({ [k]: [{ exists: true }] }, ev)).toBe(!m({ [k]: [{ exists: false }] }, ev));
    }));
  });

  it('anything-but a string never matches that string and matches any other present string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), (value, other) => {
      expect(m({ a: [{ 'anything-but': value }] }, { a: value })).toBe(false);
      expect(m({ a: [{ 'anything-but': value }] }, { a: other })).toBe(other !== value);
      expect(m({ a: [{ 'anything-but': value }] }, {})).toBe(false);
    }));
  });

  it('prefix and suffix agree with startsWith and endsWith, and only strings match them', () => {
    fc.assert(fc.property(fc.string({ maxLength: 6 }), fc.string({ maxLength: 3 }), (s, p) => {
      expect(m({ a: [{ prefix: p }] }, { a: s })).toBe(s.startsWith(p));
      expect(m({ a: [{ suffix: p }] }, { a: s })).toBe(s.endsWith(p));
      expect(m({ a: [{ prefix: p }] }, { a: s.length })).toBe(false);
    }));
  });

  it('numeric ranges agree with arithmetic comparison', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 1000 }), (x, lo, width) => {
      const hi = lo + width;
      expect(m({ a: [{ numeric: ['>', lo, '<=', hi] }] }, { a: x })).toBe(x > lo && x <= hi);
      expect(m({ a: [{ numeric: ['>=', lo] }] }, { a: x })).toBe(x >= lo);
      expect(m({ a: [{ numeric: ['<', lo] }] }, { a: x })).toBe(x < lo);
    }));
  });

  it('a list of matchers is their OR, $or is the OR of its patterns, and fields are ANDed', () => {
    fc.assert(fc.property(event, scalar, scalar, key, key, (ev, x, y, k1, k2) => {
      expect(m({ [k1]: [x, y] }, ev)).toBe(m({ [k1]: [x] }, ev) || m({ [k1]: [y] }, ev));
      expect(m({ $or: [{ [k1]: [x] }, { [k2]: [y] }] }, ev)).toBe(m({ [k1]: [x] }, ev) || m({ [k2]: [y] }, ev));
      if (k1 !== k2) expect(m({ [k1]: [x], [k2]: [y] }, ev)).toBe(m({ [k1]: [x] }, ev) && m({ [k2]: [y] }, ev));
    }));
  });

  it('a field holding a list matches a value when any element matches it', () => {
    fc.assert(fc.property(fc.array(fc.string({ maxLength: 3 }), { minLength: 1, maxLength: 4 }), fc.string({ maxLength: 3 }), (list, v) => {
      expect(m({ a: [v] }, { a: list })).toBe(list.includes(v));
    }));
  });
});
