import { describe, expect, it } from 'vitest';
import { patternCovers, patternsIntersect } from './iam-action.ts';

describe('IAM action patterns', () => {
  it('intersect when one action name matches both', () => {
    expect(patternsIntersect('s3:GetObject', 's3:get*')).toBe(true);
    expect(patternsIntersect('*', 's3:list*')).toBe(true);
    expect(patternsIntersect('s3:*', 's3:put*')).toBe(true);
    expect(patternsIntersect('*Object', 's3:get*')).toBe(true);
    expect(patternsIntersect('s3:G?tObject', 's3:get*')).toBe(true);
    expect(patternsIntersect('S3:PUTOBJECT', 's3:put*')).toBe(true);
  });
  it('do not intersect across services or verbs', () => {
    expect(patternsIntersect('ec2:*', 's3:get*')).toBe(false);
    expect(patternsIntersect('s3:PutObject', 's3:get*')).toBe(false);
    expect(patternsIntersect('s3:Get', 's3:get?*')).toBe(false);
  });
  it('cover a family only when every action of it matches', () => {
    expect(patternCovers('*', 's3:get*')).toBe(true);
    expect(patternCovers('s3:*', 's3:get*')).toBe(true);
    expect(patternCovers('s3:Get*', 's3:get*')).toBe(true);
    expect(patternCovers('s3:GetObject', 's3:get*')).toBe(false);
    expect(patternCovers('s3:GetObject*', 's3:get*')).toBe(false);
    expect(patternCovers('s3:?et*', 's3:get*')).toBe(false);
  });
});
