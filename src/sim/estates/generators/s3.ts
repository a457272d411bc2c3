import type { EstateBucket, PublicAccessBlockSpec } from '../types.ts';
import { paths, Truth, type GeneratorPiece } from './types.ts';

const ALL_ON: PublicAccessBlockSpec = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const PAB_KEYS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const;

/** Evidence of the Block Public Access policies: the missing configuration, or each setting that is off. */
export function pabEvidence(p: PublicAccessBlockSpec | null | undefined): string[] {
  if (!p) return paths('publicAccessBlock');
  return PAB_KEYS.filter((k) => !p[k]).map((k) => `path:config.publicAccessBlock.${k}`);
}

const denyInsecure = (name: string) => ({ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } });

const ACL_GRANTS: Record<string, { grantee: string; permission: string }[]> = {
  private: [],
  'public-read': [{ grantee: 'AllUsers', permission: 'READ' }],
  'public-read-write': [
    { grantee: 'AllUsers', permission: 'READ' },
    { grantee: 'AllUsers', permission: 'WRITE' },
  ],
  'authenticated-read': [{ grantee: 'AuthenticatedUsers', permission: 'READ' }],
};

/**
 * Buckets (per account, spread over the regions): new ones are private and encrypted; legacy ones get a
 * canned ACL, sometimes a public, conditioned or cross-account policy, no encryption, or Block Public Access.
 * Both kinds get (or miss) access logging, event notifications, lifecycle rules, versioning and MFA Delete,
 * an HTTPS-only statement and, for new ones, sometimes a partner allowed to change the bucket's policy.
 * Every account but the first has account-level Block Public Access on (one resource per account).
 */
export const s3Buckets: GeneratorPiece = {
  name: 's3',
  resourceTypes: ['aws.s3.bucket', 'aws.s3.account'],
  policies: [
    'aws-s3-bucket-world-readable',
    'aws-s3-bucket-publicly-writable',
    'aws-s3-bucket-policy-unrestricted-access',
    'aws-s3-bucket-unencrypted',
    'aws-s3-account-public-access-block-disabled',
    'aws-s3-bucket-public-access-block-disabled',
    'aws-s3-bucket-access-logging-disabled',
    'aws-s3-bucket-acl-user-access',
    'aws-s3-bucket-event-notifications-disabled',
    'aws-s3-bucket-insecure-transport-allowed',
    'aws-s3-bucket-lifecycle-missing',
    'aws-s3-bucket-mfa-delete-disabled',
    'aws-s3-bucket-policy-cross-account-admin-actions',
    'aws-s3-versioned-bucket-lifecycle-missing',
  ],
  resources: (s) => s.accounts * s.buckets + s.accounts,
  plan(ctx) {
    const { r } = ctx;
    const planned: EstateBucket[] = [];
    // Account-level Block Public Access: off in the first account, on in the others, which also neutralises their public ACLs and policies.
    for (const [i, a] of ctx.accounts.entries()) if (i > 0 && !ctx.bad()) a.accountPublicAccessBlock = { ...ALL_ON };
    const accountBlocked = new Set(ctx.accounts.filter((a) => a.accountPublicAccessBlock).map((a) => a.id));
    for (const a of ctx.accounts) {
      for (let b = 0; b < ctx.spec.buckets; b++) {
        const name = `gen-${ctx.spec.seed}-${a.id}-${b}`;
        const bucket: EstateBucket = { account: a.id, name, region: ctx.regions[b % ctx.regions.length]! };
        if (r() < 0.4) {
          bucket.legacy = true;
          const acl = r();
          bucket.cannedAcl = acl < 0.6 ? 'private' : acl < 0.75 ? 'public-read' : acl < 0.85 ? 'public-read-write' : 'authenticated-read';
          const pol = r();
          const res = [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`];
          if (pol < 0.15) bucket.policy = { Version: '2012-10-17', Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: res }] };
          else if (pol < 0.25) bucket.policy = { Version: '2012-10-17', Statement: [{ Sid: 'PublicUpload', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['s3:PutObject'], Resource: res }] };
          else if (pol < 0.35) bucket.policy = { Version: '2012-10-17', Statement: [{ Sid: 'Office', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: res, Condition: { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } } }] };
          else if (pol < 0.4) bucket.policy = { Version: '2012-10-17', Statement: [{ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ctx.accounts[0]!.id}:root` }, Action: 's3:GetObject', Resource: res }] };
          bucket.encryption = r() < 0.5 ? null : { sseAlgorithm: 'AES256' };
          if (r() < 0.2) bucket.publicAccessBlock = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
        } else {
          bucket.encryption = r() < 0.5 ? { sseAlgorithm: 'AES256' } : { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/data' };
          // New buckets use BucketOwnerEnforced, so they can be their own log target; legacy ones never log.
          if (!ctx.bad()) bucket.logging = { targetBucket: name, targetPrefix: 'access/' };
          const statements: Record<string, unknown>[] = [];
          if (!ctx.bad()) statements.push(denyInsecure(name));
          const other = ctx.accounts.find((x) => x.id !== a.id);
          if (other && ctx.bad()) statements.push({ Sid: 'PartnerAdmin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${other.id}:root` }, Action: ['s3:GetObject', 's3:PutBucketAcl'], Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`] });
          if (statements.length) bucket.policy = { Version: '2012-10-17', Statement: statements };
        }
        if (!ctx.bad()) bucket.notifications = [r() < 0.5 ? 'EventBridge' : `arn:aws:sqs:${bucket.region}:${a.id}:bucket-events`];
        const life = r();
        if (life < 0.2) bucket.lifecycle = [{ id: 'expire-tmp', status: 'Disabled', expirationDays: 7 }];
        else if (life < 0.7) bucket.lifecycle = [{ id: 'old-versions', noncurrentDays: 30, abortDays: 7 }];
        if (r() < 0.5) {
          bucket.versioning = 'Enabled';
          if (!ctx.bad()) bucket.mfaDelete = true;
        }
        planned.push(bucket);
      }
    }
    (ctx.doc.buckets ??= []).push(...planned);
    return {
      truth() {
        const truth = new Truth();
        for (const a of ctx.accounts) truth.add('aws-s3-account-public-access-block-disabled', `arn:aws:s3::${a.id}:account`, a.id, ctx.regions[0]!, pabEvidence(a.accountPublicAccessBlock));
        for (const b of planned) {
          const arn = `arn:aws:s3:::${b.name}`;
          const add = (policy: string, evidence: string[]) => truth.add(policy, arn, b.account, b.region, evidence);
          const blocked = !!b.publicAccessBlock || accountBlocked.has(b.account);
          add('aws-s3-bucket-public-access-block-disabled', b.legacy ? pabEvidence(b.publicAccessBlock) : []);
          add('aws-s3-bucket-access-logging-disabled', b.logging ? [] : paths('logging'));
          add('aws-s3-bucket-event-notifications-disabled', b.notifications ? [] : paths('notificationDestinations'));
          const enabledRules = (b.lifecycle ?? []).filter((l) => (l.status ?? 'Enabled') === 'Enabled');
          add('aws-s3-bucket-lifecycle-missing', enabledRules.length ? [] : paths('enabledLifecycleRules'));
          add('aws-s3-versioned-bucket-lifecycle-missing', b.versioning === 'Enabled' && !enabledRules.length ? paths('versioning', 'enabledLifecycleRules') : []);
          add('aws-s3-bucket-mfa-delete-disabled', b.mfaDelete ? [] : paths('mfaDelete'));
          const own = (b.policy?.['Statement'] as { Sid?: string }[] | undefined) ?? [];
          add('aws-s3-bucket-insecure-transport-allowed', own.some((s) => s.Sid === 'DenyInsecureTransport') ? [] : ['secure-transport:not-enforced']);
          add('aws-s3-bucket-policy-cross-account-admin-actions', own.some((s) => s.Sid === 'PartnerAdmin') ? ['statement:PartnerAdmin'] : []);
          const grants = blocked || !b.legacy ? [] : (ACL_GRANTS[b.cannedAcl ?? 'private'] ?? []);
          // Legacy buckets have no ownership controls: ACLs are in effect, and count when they grant beyond the owner.
          add('aws-s3-bucket-acl-user-access', grants.length ? paths('ownership', 'aclGrantsBeyondOwner') : []);
          const statements = (b.policy?.['Statement'] as { Sid: string; Principal: unknown; Action: string | string[]; Condition?: unknown }[] | undefined) ?? [];
          const publicStatements = statements.filter((s) => !s.Condition && (s.Principal === '*' || (s.Principal as { AWS?: string }).AWS === '*'));
          const stmtIds = (pred: (action: string) => boolean) => (blocked ? [] : publicStatements.filter((s) => [s.Action].flat().some(pred)).map((s) => `statement:${s.Sid}`));
          add('aws-s3-bucket-world-readable', [...grants.filter((g) => g.permission === 'READ').map((g) => `grant:${g.grantee}:${g.permission}`), ...stmtIds((a) => a.startsWith('s3:Get'))]);
          add('aws-s3-bucket-publicly-writable', [...grants.filter((g) => g.permission === 'WRITE').map((g) => `grant:${g.grantee}:${g.permission}`), ...stmtIds((a) => a.startsWith('s3:Put'))]);
          add('aws-s3-bucket-policy-unrestricted-access', stmtIds(() => true));
          if (b.legacy && b.encryption === null) add('aws-s3-bucket-unencrypted', ['path:config.encryption']);
        }
        return truth.entries;
      },
    };
  },
};
