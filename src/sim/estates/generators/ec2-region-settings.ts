import { places, Truth, type GeneratorPiece } from './types.ts';

/** One EC2 Region settings resource per account and Region; some accounts turn EBS encryption by default on. */
export const ec2RegionSettings: GeneratorPiece = {
  name: 'ec2-region-settings',
  resourceTypes: ['aws.ec2.region-settings'],
  policies: ['aws-ec2-ebs-default-encryption-off'],
  resources: (s) => s.accounts * s.regions,
  plan(ctx) {
    // Off is AWS's default, so the mistake is the common case: only a minority of accounts turn it on.
    for (const a of ctx.accounts) if (!ctx.bad() && ctx.r() < 0.5) a.ebsEncryptionByDefault = true;
    return {
      truth() {
        const truth = new Truth();
        for (const { account, region } of places(ctx)) {
          if (ctx.accounts.find((a) => a.id === account)!.ebsEncryptionByDefault) continue;
          truth.add('aws-ec2-ebs-default-encryption-off', `arn:aws:ec2:${region}:${account}:region-settings`, account, region, ['path:config.ebsEncryptionByDefault']);
        }
        return truth.entries;
      },
    };
  },
};
