import { describe, expect, it } from 'vitest';
import { classifyAwsError, describeAwsError } from './errors.ts';

const sdkError = (name: string, status?: number, message = 'm') => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe('classifyAwsError: each service spells it differently', () => {
  it.each(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError'])('%s is access-denied', (code) => {
    expect(classifyAwsError(sdkError(code, 403)).kind).toBe('access-denied');
  });
  it.each(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'SlowDown', 'TooManyRequestsException', 'RequestThrottled'])('%s is throttled', (code) => {
    expect(classifyAwsError(sdkError(code, 400)).kind).toBe('throttled');
  });
  it.each(['NoSuchBucketPolicy', 'NoSuchPublicAccessBlockConfiguration', 'ServerSideEncryptionConfigurationNotFoundError', 'OwnershipControlsNotFoundError', 'DBSnapshotNotFound', 'DBClusterSnapshotNotFoundFault', 'InvalidGroup.NotFound', 'NoSuchTagSet'])('%s is not-found', (code) => {
    expect(classifyAwsError(sdkError(code, 404)).kind).toBe('not-found');
  });
  it('a refused connection is a network error with its system code', () => {
    const e = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(classifyAwsError(e)).toMatchObject({ kind: 'network', code: 'ECONNREFUSED' });
  });
  it('anything else is other, described in one line', () => {
    const e = sdkError('InternalError', 500, 'We encountered an internal error.\nmore');
    expect(classifyAwsError(e).kind).toBe('other');
    expect(describeAwsError(e)).toBe('InternalError: We encountered an internal error.');
  });
});
