import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../../core/finding.ts';
import type { RemediationAction } from '../../types.ts';
import { s3RemovePublicAccess, type PublicAccessState } from './s3-remove-public-access.ts';

const action = s3RemovePublicAccess as unknown as RemediationAction<PublicAccessState, { blockPublicAccess: boolean; wholeStatement: boolean }>;
const target = { type: 'aws.s3.bucket', id: 'b', arn: 'arn:aws:s3:::b', account: '111111111111', region: 'us-east-1', tags: {} };
const OWNER = { grantee: { type: 'CanonicalUser' as const, id: 'o'.repeat(64) }, permission: 'FULL_CONTROL' as const };
const PUBLIC = { grantee: { type: 'Group' as const, uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'READ' as const };
const ON = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const before: PublicAccessState = {
  acl: { ownership: null, acl: { owner: { id: 'o'.repeat(64) }, grants: [OWNER, PUBLIC] }, publicAccessBlock: null },
  policy: { policy: null, publicAccessBlock: null },
  bpa: { publicAccessBlock: null },
};
const evidence: Evidence[] = [{ id: 'grant:AllUsers:READ', kind: 'acl-grant', summary: '', data: PUBLIC as unknown as Record<string, unknown> }];

describe('s3-remove-public-access (pure)', () => {
  it('with blockPublicAccess: removes the grant, then turns Block Public Access on; undo turns it off first', () => {
    const p = { blockPublicAccess: true, wholeStatement: false };
    expect(action.plan(before, evidence, p, target).calls.map((c) => c.operation)).toEqual(['PutBucketAcl', 'PutPublicAccessBlock']);
    const after = action.expected(before, evidence, p);
    expect(after.bpa.publicAccessBlock).toEqual(ON);
    const undo = action.undo!(before, after, after, target);
    expect(undo.calls.map((c) => c.operation)).toEqual(['DeletePublicAccessBlock', 'PutBucketAcl']);
    expect(undo.notes[0]).toMatch(/order matters/);
    expect(action.diff(action.expectedUndo!(before, after, after), before)).toEqual([]);
  });

  it('without it, an undo never touches Block Public Access that someone else turned on since', () => {
    const p = { blockPublicAccess: false, wholeStatement: false };
    const after = action.expected(before, evidence, p);
    const later = { ...after, bpa: { publicAccessBlock: ON }, acl: { ...after.acl, publicAccessBlock: ON } };
    const undo = action.undo!(before, after, later, target);
    expect(undo.calls.map((c) => c.operation)).toEqual(['PutBucketAcl']);
    expect(undo.notes.join(' ')).toMatch(/BlockPublicAcls is on/);
    expect(action.expectedUndo!(before, after, later).bpa.publicAccessBlock).toEqual(ON);
  });
});
