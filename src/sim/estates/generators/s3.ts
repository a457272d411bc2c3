import type { EstateBucket } from '../types.ts';
import { Truth, type GeneratorPiece } from './types.ts';

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
 */
export const s3Buckets: GeneratorPiece = {
  name: 's3',
  resourceTypes: ['aws.s3.bucket'],
  policies: ['aws-s3-bucket-world-readable', 'aws-s3-bucket-publicly-writable', 'aws-s3-bucket-policy-unrestricted-access', 'aws-s3-bucket-unencrypted'],
  resources: (s) => s.accounts * s.buckets,
  plan(ctx) {
    const { r } = ctx;
    const planned: EstateBucket[] = [];
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
        }
        planned.push(bucket);
      }
    }
    (ctx.doc.buckets ??= []).push(...planned);
    return {
      truth() {
        const truth = new Truth();
        for (const b of planned) {
          const arn = `arn:aws:s3:::${b.name}`;
          const add = (policy: string, evidence: string[]) => truth.add(policy, arn, b.account, b.region, evidence);
          const blocked = !!b.publicAccessBlock;
          const grants = blocked || !b.legacy ? [] : (ACL_GRANTS[b.cannedAcl ?? 'private'] ?? []);
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
