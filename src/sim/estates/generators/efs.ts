import { peekEfsState } from '../../services/efs/model.ts';
import type { EstateEfsFileSystem } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * EFS: per place and index a file system, encrypted or not, with automatic backups or not, one mount target
 * — in the default VPC's first subnet (which assigns public IPs) or in the `gen-private` subnet of the
 * ec2-network piece's `gen-net` — and one access point enforcing a POSIX user or not, rooted at `/` or in a
 * directory of its own.
 */
export const efs: GeneratorPiece = {
  name: 'efs',
  resourceTypes: ['aws.efs.file-system', 'aws.efs.mount-target', 'aws.efs.access-point'],
  policies: ['aws-efs-unencrypted', 'aws-efs-backup-off', 'aws-efs-mount-target-public-subnet', 'aws-efs-access-point-no-posix-user', 'aws-efs-access-point-root-dir'],
  // A file system, its mount target and its access point per place and index.
  resources: (s) => 3 * s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: EstateEfsFileSystem[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const posix = !bad();
        const rootDirectory = bad() ? pick(['/', undefined]) : `/app-${i}`;
        planned.push({
          account,
          region,
          name: `gen-efs-${i}`,
          encrypted: !bad(),
          backup: !bad(),
          mountTargets: [bad() ? {} : { subnet: 'gen-private' }],
          accessPoints: [{ name: `gen-ap-${i}`, ...(posix ? { posixUser: { uid: 1000 + i, gid: 1000 } } : {}), ...(rootDirectory ? { rootDirectory } : {}) }],
        });
      }
    }
    (ctx.doc.efsFileSystems ??= []).push(...planned);
    return {
      truth(world) {
        const truth = new Truth();
        for (const p of planned) {
          const state = peekEfsState(world, p.account, p.region)!;
          const fs = state.fileSystems.find((f) => f.Name === p.name)!;
          const add = (policy: string, arn: string, ...fields: string[]) => truth.add(policy, arn, p.account, p.region, paths(...fields));
          if (!p.encrypted) add('aws-efs-unencrypted', fs.FileSystemArn, 'encrypted');
          if (!p.backup) add('aws-efs-backup-off', fs.FileSystemArn, 'backupPolicyStatus');
          const mt = state.mountTargets.find((m) => m.FileSystemId === fs.FileSystemId)!;
          if (p.mountTargets![0]!.subnet === undefined) add('aws-efs-mount-target-public-subnet', `${fs.FileSystemArn}/mount-target/${mt.MountTargetId}`, 'subnetMapPublicIpOnLaunch');
          const planAp = p.accessPoints![0]!;
          const ap = state.accessPoints.find((a) => a.FileSystemId === fs.FileSystemId)!;
          if (!planAp.posixUser) add('aws-efs-access-point-no-posix-user', ap.AccessPointArn, 'posixUser');
          if ((planAp.rootDirectory ?? '/') === '/') add('aws-efs-access-point-root-dir', ap.AccessPointArn, 'rootDirectoryPath');
        }
        return truth.entries;
      },
    };
  },
};
