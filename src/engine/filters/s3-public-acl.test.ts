import { describe, expect, it } from 'vitest';
import type { Resource } from '../../core/index.ts';
import { UnknownDataError } from '../read.ts';
import { aclWith, ALL_USERS, AUTHENTICATED_USERS, bucket, groupGrant, PAB_ALL_OFF } from '../test-helpers.ts';
import { s3PublicAcl } from './s3-public-acl.ts';

const check = (params: Record<string, unknown>, r: Resource) => s3PublicAcl.create(s3PublicAcl.params.parse({ matcher: 's3-public-acl', ...params }))(r);
const ids = (params: Record<string, unknown>, r: Resource) => check(params, r).map((e) => e.id);

describe('s3-public-acl: a bucket whose ACL grants access to everyone', () => {
  const b = bucket({ acl: aclWith(groupGrant(ALL_USERS, 'READ'), groupGrant(AUTHENTICATED_USERS, 'WRITE_ACP'), groupGrant(ALL_USERS, 'FULL_CONTROL')) });

  it('reports read grants for access read', () => {
    const ev = check({ access: 'read' }, b);
    expect(ev.map((e) => e.id)).toEqual(['grant:AllUsers:READ', 'grant:AllUsers:FULL_CONTROL']);
    expect(ev[0]).toMatchObject({ kind: 'acl-grant', summary: 'READ granted to AllUsers', data: { permission: 'READ', grantee: { uri: ALL_USERS } } });
  });

  it('reports write grants for access write and all of them for any', () => {
    expect(ids({ access: 'write' }, b)).toEqual(['grant:AuthenticatedUsers:WRITE_ACP', 'grant:AllUsers:FULL_CONTROL']);
    expect(ids({}, b)).toEqual(['grant:AllUsers:READ', 'grant:AuthenticatedUsers:WRITE_ACP', 'grant:AllUsers:FULL_CONTROL']);
  });

  it('can be limited to some grantees, by name or URI', () => {
    expect(ids({ grantees: [AUTHENTICATED_USERS] }, b)).toEqual(['grant:AuthenticatedUsers:WRITE_ACP']);
    expect(ids({ grantees: ['AllUsers'], access: 'write' }, b)).toEqual(['grant:AllUsers:FULL_CONTROL']);
  });

  it('still reports when Block Public Access is off or only blocks new ACLs', () => {
    const blocksNew = bucket({ acl: aclWith(groupGrant(ALL_USERS, 'READ')), publicAccessBlock: { ...PAB_ALL_OFF, blockPublicAcls: true } });
    expect(ids({}, blocksNew)).toEqual(['grant:AllUsers:READ']);
  });
});

describe('s3-public-acl: a bucket whose ACL is not public or is ignored', () => {
  it('ignores the owner and other groups such as LogDelivery', () => {
    const b = bucket({ acl: aclWith(groupGrant('http://acs.amazonaws.com/groups/s3/LogDelivery', 'WRITE')) });
    expect(check({}, b)).toEqual([]);
  });

  it('is neutralized by BucketOwnerEnforced, even when the ACL is unknown', () => {
    expect(check({}, bucket({ ownership: 'BucketOwnerEnforced', acl: aclWith(groupGrant(ALL_USERS, 'READ')) }))).toEqual([]);
    expect(check({}, bucket({ ownership: 'BucketOwnerEnforced', acl: undefined }))).toEqual([]);
  });

  it('is neutralized by IgnorePublicAcls at bucket or account level, unless told not to respect it', () => {
    const acl = aclWith(groupGrant(ALL_USERS, 'READ'));
    const ignore = { ...PAB_ALL_OFF, ignorePublicAcls: true };
    expect(check({}, bucket({ acl, publicAccessBlock: ignore }))).toEqual([]);
    expect(check({}, bucket({ acl, accountPublicAccessBlock: ignore }))).toEqual([]);
    expect(ids({ respectBlockPublicAccess: false }, bucket({ acl, accountPublicAccessBlock: ignore }))).toEqual(['grant:AllUsers:READ']);
  });
});

describe('s3-public-acl: data it cannot decide on', () => {
  it('throws when the ACL could not be read', () => {
    expect(() => check({}, bucket({ acl: undefined }, { readErrors: { acl: 'AccessDenied' } }))).toThrow('config.acl unknown: AccessDenied');
  });

  it('throws when a public grant exists but Block Public Access is unknown', () => {
    const b = bucket({ acl: aclWith(groupGrant(ALL_USERS, 'READ')), accountPublicAccessBlock: undefined });
    expect(() => check({}, b)).toThrow(UnknownDataError);
    expect(() => check({}, b)).toThrow('config.accountPublicAccessBlock unknown');
  });

  it('does not need Block Public Access when no grant is public', () => {
    expect(check({}, bucket({ publicAccessBlock: undefined, accountPublicAccessBlock: undefined }))).toEqual([]);
  });
});
