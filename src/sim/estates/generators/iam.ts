import type { EstateIamPolicy } from '../types.ts';
import { paths, Truth, type GeneratorPiece } from './types.ts';

// Global: a scan reports IAM in us-east-1, the generator's first region.
const GLOBAL = 'us-east-1';

/**
 * IAM: per account and index an inline policy (of a user, a group or a role) and a customer managed policy, each
 * granting KMS decryption on every key (kms:Decrypt, kms:ReEncryptFrom, kms:*, * on "*" or a key ARN pattern) or
 * only on named keys, next to statements about other services.
 */
export const iam: GeneratorPiece = {
  name: 'iam',
  resourceTypes: ['aws.iam.inline-policy', 'aws.iam.policy'],
  policies: ['aws-kms-inline-policy-decrypt-all-keys', 'aws-kms-managed-policy-decrypt-all-keys'],
  resources: (s) => 2 * s.accounts * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: { p: EstateIamPolicy; wide: boolean }[] = [];
    for (const a of ctx.accounts) {
      for (let i = 0; i < ctx.spec.each; i++) {
        for (const kind of [pick(['user', 'group', 'role'] as const), 'managed' as const]) {
          const wide = bad();
          const kms = wide
            ? { Sid: 'Kms', Effect: 'Allow', Action: pick(['kms:Decrypt', ['kms:ReEncryptFrom', 'kms:ReEncryptTo'], 'kms:*', 'kms:Decrypt*']), Resource: pick(['*', 'arn:aws:kms:*:*:key/*', `arn:aws:kms:*:${a.id}:key/*`]) }
            : { Sid: 'Kms', Effect: 'Allow', Action: pick(['kms:Decrypt', 'kms:*']), Resource: `arn:aws:kms:${GLOBAL}:${a.id}:key/5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b` };
          const other = { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' };
          const p: EstateIamPolicy = { account: a.id, kind, name: `gen-policy-${i}`, document: { Version: '2012-10-17', Statement: [other, kms] } };
          if (kind !== 'managed') p.owner = `gen-${kind}-${i}`;
          planned.push({ p, wide });
        }
      }
    }
    (ctx.doc.iamPolicies ??= []).push(...planned.map((x) => x.p));
    return {
      truth() {
        const truth = new Truth();
        for (const { p, wide } of planned) {
          if (!wide) continue;
          if (p.kind === 'managed') truth.add('aws-kms-managed-policy-decrypt-all-keys', `arn:aws:iam::${p.account}:policy/${p.name}`, p.account, GLOBAL, paths('decryptAllStatements'));
          else truth.add('aws-kms-inline-policy-decrypt-all-keys', `arn:aws:iam::${p.account}:${p.kind}/${p.owner}#${p.name}`, p.account, GLOBAL, paths('decryptAllStatements'));
        }
        return truth.entries;
      },
    };
  },
};
