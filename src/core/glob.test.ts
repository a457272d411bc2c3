import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, compileGlobs, globToRegExp, isGlob } from './glob.ts';

describe('glob', () => {
  it('matches exact names only without a star', () => {
    expect(compileGlob('sg-1')('sg-1')).toBe(true);
    expect(compileGlob('sg-1')('sg-12')).toBe(false);
  });
  it('treats a trailing star as a prefix', () => {
    expect(compileGlob('aws-ec2-sg-open-*')('aws-ec2-sg-open-ssh-22')).toBe(true);
    expect(compileGlob('aws-ec2-sg-open-*')('aws-s3-bucket-unencrypted')).toBe(false);
  });
  it('lets a star match across separators and in the middle', () => {
    expect(compileGlob('arn:aws:s3:::logs-*-eu')('arn:aws:s3:::logs-a/b-eu')).toBe(true);
    expect(compileGlob('*.example')('a.example')).toBe(true);
    expect(compileGlob('a.b')('axb')).toBe(false);
  });
  it('escapes regular expression characters', () => {
    expect(compileGlob('a+(b)*')('a+(b)c')).toBe(true);
    expect(compileGlob('a+(b)*')('aa(b)c')).toBe(false);
  });
  it('accepts any of several alternatives', () => {
    const m = compileGlobs(['x', 'y*']);
    expect([m('x'), m('yz'), m('z')]).toEqual([true, true, false]);
  });
});

/** A plain reference: glob matching by recursion over both strings, no regular expressions. */
function reference(p: string, s: string, anyChar: boolean): boolean {
  if (p === '') return s === '';
  const c = p[0]!;
  if (c === '*') return reference(p.slice(1), s, anyChar) || (s !== '' && reference(p, s.slice(1), anyChar));
  if (s === '') return false;
  if (c === '?' && anyChar) return reference(p.slice(1), s.slice(1), anyChar);
  return c === s[0] && reference(p.slice(1), s.slice(1), anyChar);
}

describe('glob options', () => {
  it('treats ? as one character only with anyChar', () => {
    expect(compileGlob('i-?')('i-1')).toBe(false);
    expect(compileGlob('i-?')('i-?')).toBe(true);
    expect(compileGlob('i-?', { anyChar: true })('i-1')).toBe(true);
    expect(compileGlob('i-?', { anyChar: true })('i-12')).toBe(false);
    expect([isGlob('a?'), isGlob('a?', { anyChar: true }), isGlob('a*')]).toEqual([false, true, true]);
  });
  it('ignores case when asked (service:Operation patterns)', () => {
    expect(globToRegExp('ec2:Describe*', { ignoreCase: true }).test('EC2:describeInstances')).toBe(true);
    expect(compileGlob('ec2:Describe*')('EC2:describeInstances')).toBe(false);
    expect(compileGlob('ABC', { ignoreCase: true })('abc')).toBe(true);
  });
  it('matches a newline like any other character', () => {
    expect(compileGlob('a*b')('a\nb')).toBe(true);
  });
});

describe('glob against a plain reference (property)', () => {
  // Small alphabets make stars, question marks and regex metacharacters meet often.
  const pattern = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', '.', '/', ':', '(', '\\', '+'), maxLength: 8 });
  const subject = fc.string({ unit: fc.constantFrom('a', 'b', '?', '.', '/', ':', '(', '\\', '+', 'A'), maxLength: 10 });
  for (const anyChar of [false, true]) {
    it(`agrees with the reference${anyChar ? ' with anyChar' : ''}`, () => {
      fc.assert(
        fc.property(pattern, subject, (p, s) => {
          expect(compileGlob(p, { anyChar })(s)).toBe(reference(p, s, anyChar));
          expect(globToRegExp(p, { anyChar }).test(s)).toBe(reference(p, s, anyChar));
        }),
        { numRuns: 3000 },
      );
    });
  }
  it('ignoring case is matching the lower-cased pattern against the lower-cased subject', () => {
    fc.assert(
      fc.property(pattern, subject, (p, s) => {
        expect(compileGlob(p, { ignoreCase: true })(s)).toBe(reference(p.toLowerCase(), s.toLowerCase(), false));
      }),
      { numRuns: 2000 },
    );
  });
});
