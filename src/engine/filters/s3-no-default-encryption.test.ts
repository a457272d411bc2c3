import { describe, expect, it } from 'vitest';
import { bucket } from '../test-helpers.ts';
import { s3NoDefaultEncryption } from './s3-no-default-encryption.ts';

const check = s3NoDefaultEncryption.create(s3NoDefaultEncryption.params.parse({ matcher: 's3-no-default-encryption' }));

describe('s3-no-default-encryption: a bucket without default encryption', () => {
  it('reports a missing configuration and one without an algorithm', () => {
    expect(check(bucket({ encryption: null }))).toEqual([
      { id: 'path:config.encryption', kind: 'setting', summary: 'no default encryption configured', data: { path: 'config.encryption', actual: null } },
    ]);
    expect(check(bucket({ encryption: { rules: [{ bucketKeyEnabled: true }] } })).map((e) => e.id)).toEqual(['path:config.encryption']);
  });
});

describe('s3-no-default-encryption: a bucket encrypted by default', () => {
  it('gives no evidence for SSE-S3 or SSE-KMS', () => {
    expect(check(bucket({ encryption: { rules: [{ sseAlgorithm: 'AES256' }] } }))).toEqual([]);
    expect(check(bucket({ encryption: { rules: [{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'k' }] } }))).toEqual([]);
  });

  it('throws when the configuration could not be read', () => {
    expect(() => check(bucket({ encryption: undefined }, { readErrors: { encryption: 'AccessDenied' } }))).toThrow('config.encryption unknown: AccessDenied');
  });
});
