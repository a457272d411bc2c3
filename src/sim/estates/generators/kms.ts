import { peekKmsState } from '../../services/kms/model.ts';
import type { EstateKmsKey } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * KMS: per place the AWS managed S3 key (passes everything), and per index a customer managed key — symmetric or
 * not, enabled, disabled or pending deletion, rotated or not; its policy the default one, or with a statement
 * open to anyone, one pinned by kms:CallerAccount / aws:PrincipalOrgID, or one granting another account kms:*.
 */
export const kms: GeneratorPiece = {
  name: 'kms',
  resourceTypes: ['aws.kms.key'],
  policies: ['aws-kms-key-pending-deletion', 'aws-kms-key-public', 'aws-kms-key-rotation-disabled'],
  resources: (s) => s.accounts * s.regions * (s.each + 1),
  plan(ctx) {
    const { bad, pick, r } = ctx;
    const planned: { k: EstateKmsKey; open: boolean }[] = [];
    for (const { account, region } of places(ctx)) {
      planned.push({ k: { account, region, alias: 'aws/s3', manager: 'AWS' }, open: false });
      for (let i = 0; i < ctx.spec.each; i++) {
        const root = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' };
        const open = bad();
        const statements: Record<string, unknown>[] = [root];
        if (open) statements.push({ Sid: 'Open', Effect: 'Allow', Principal: pick(['*', { AWS: '*' }]), Action: pick(['kms:Decrypt', 'kms:*', ['kms:Encrypt', 'kms:GenerateDataKey*']]), Resource: '*' });
        const extra = pick(['none', 'org', 'caller', 'partner'] as const);
        if (extra === 'org') statements.push({ Sid: 'Org', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-gen0000000' } } });
        if (extra === 'caller') statements.push({ Sid: 'Caller', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': account } } });
        if (extra === 'partner') statements.push({ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'kms:*', Resource: '*' });
        const spec = r() < 0.8 ? 'SYMMETRIC_DEFAULT' : pick(['RSA_2048', 'HMAC_256'] as const);
        const state = bad() ? 'PendingDeletion' : r() < 0.1 ? 'Disabled' : 'Enabled';
        const k: EstateKmsKey = { account, region, alias: `gen-key-${i}`, spec, state, rotation: spec === 'SYMMETRIC_DEFAULT' && !bad() };
        if (statements.length > 1) k.policy = { Version: '2012-10-17', Statement: statements };
        planned.push({ k, open });
      }
    }
    (ctx.doc.kmsKeys ??= []).push(...planned.map((p) => p.k));
    return {
      truth(world) {
        const truth = new Truth();
        for (const { k, open } of planned) {
          if (k.manager === 'AWS') continue;
          const arn = peekKmsState(world, k.account, k.region)!.keys.find((x) => x.aliases.includes(`alias/${k.alias}`))!.metadata.Arn;
          if (open) truth.add('aws-kms-key-public', arn, k.account, k.region, ['statement:Open']);
          if (k.state === 'PendingDeletion') truth.add('aws-kms-key-pending-deletion', arn, k.account, k.region, paths('keyState'));
          if (k.state === 'Enabled' && k.spec === 'SYMMETRIC_DEFAULT' && !k.rotation) truth.add('aws-kms-key-rotation-disabled', arn, k.account, k.region, paths('rotationEnabled'));
        }
        return truth.entries;
      },
    };
  },
};
