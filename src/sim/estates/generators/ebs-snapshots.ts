import { ebsState } from '../../services/ec2/ebs.ts';
import type { EstateEbsSnapshot } from '../types.ts';
import { places, Truth, type GeneratorPiece } from './types.ts';

/** EBS snapshots the account owns: private (encrypted or not) or public (AWS refuses to share encrypted ones publicly). */
export const ebsSnapshots: GeneratorPiece = {
  name: 'ebs-snapshots',
  resourceTypes: ['aws.ec2.snapshot'],
  policies: ['aws-ec2-ebs-snapshot-public'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const planned: EstateEbsSnapshot[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const isPublic = ctx.bad();
        planned.push({ account, region, name: `gen-ebs-snapshot-${i}`, description: `nightly backup ${i}`, ...(isPublic ? { public: true } : { encrypted: ctx.r() < 0.5 }) });
      }
    }
    (ctx.doc.ebsSnapshots ??= []).push(...planned);
    return {
      truth(world) {
        const truth = new Truth();
        for (const s of planned.filter((p) => p.public)) {
          const snap = ebsState(world, s.account, s.region).snapshots.find((x) => x.tags.some((t) => t.Key === 'Name' && t.Value === s.name))!;
          truth.add('aws-ec2-ebs-snapshot-public', `arn:aws:ec2:${s.region}:${s.account}:snapshot/${snap.snapshotId}`, s.account, s.region, ['path:config.public']);
        }
        return truth.entries;
      },
    };
  },
};
