import { describe, expect, it } from 'vitest';
import { compileGlob, compileGlobs } from './glob.ts';

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
