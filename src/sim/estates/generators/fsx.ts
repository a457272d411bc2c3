import { peekFsxState } from '../../services/fsx/model.ts';
import type { EstateFsxFileSystem } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

const TYPES = ['LUSTRE', 'WINDOWS', 'ONTAP', 'OPENZFS'] as const;

/**
 * FSx: per place and index a file system, the four types in turn — persistent Lustre copying tags to
 * backups or not; Windows, ONTAP and OpenZFS in a single-AZ or a multi-AZ deployment; OpenZFS copying tags
 * to backups and volumes, to one of them or to neither.
 */
export const fsx: GeneratorPiece = {
  name: 'fsx',
  resourceTypes: ['aws.fsx.file-system'],
  policies: ['aws-fsx-lustre-copy-tags-off', 'aws-fsx-openzfs-copy-tags-off', 'aws-fsx-single-az'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: EstateFsxFileSystem[] = [];
    for (const { account, region, index } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const type = TYPES[(index + i) % TYPES.length]!;
        const name = `gen-fsx-${i}`;
        if (type === 'LUSTRE') planned.push({ account, region, name, type, deploymentType: pick(['PERSISTENT_1', 'PERSISTENT_2']), copyTagsToBackups: !bad() });
        else if (type === 'ONTAP') planned.push({ account, region, name, type, deploymentType: bad() ? pick(['SINGLE_AZ_1', 'SINGLE_AZ_2']) : pick(['MULTI_AZ_1', 'MULTI_AZ_2']) });
        else if (type === 'WINDOWS') planned.push({ account, region, name, type, deploymentType: bad() ? pick(['SINGLE_AZ_1', 'SINGLE_AZ_2']) : 'MULTI_AZ_1', copyTagsToBackups: pick([true, false]) });
        else planned.push({ account, region, name, type, deploymentType: bad() ? pick(['SINGLE_AZ_1', 'SINGLE_AZ_HA_2']) : 'MULTI_AZ_1', copyTagsToBackups: !bad(), copyTagsToVolumes: !bad() });
      }
    }
    (ctx.doc.fsxFileSystems ??= []).push(...planned);
    return {
      truth(world) {
        const truth = new Truth();
        for (const p of planned) {
          const fs = peekFsxState(world, p.account, p.region)!.fileSystems.find((f) => f.Tags.some((t) => t.Key === 'Name' && t.Value === p.name))!;
          const add = (policy: string, ...fields: string[]) => truth.add(policy, fs.ResourceARN, p.account, p.region, paths(...fields));
          if (p.type === 'LUSTRE' && !p.copyTagsToBackups) add('aws-fsx-lustre-copy-tags-off', 'fileSystemType', 'copyTagsToBackups');
          if (p.type === 'OPENZFS' && (!p.copyTagsToBackups || !p.copyTagsToVolumes)) add('aws-fsx-openzfs-copy-tags-off', 'fileSystemType', ...(p.copyTagsToBackups ? [] : ['copyTagsToBackups']), ...(p.copyTagsToVolumes ? [] : ['copyTagsToVolumes']));
          if (p.deploymentType.startsWith('SINGLE_AZ_')) add('aws-fsx-single-az', 'deploymentType');
        }
        return truth.entries;
      },
    };
  },
};
