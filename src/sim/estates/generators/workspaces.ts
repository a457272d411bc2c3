import { peekWorkspacesState } from '../../services/workspaces/model.ts';
import type { EstateWorkspace } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/** WorkSpaces with root and user volumes encrypted or not (not is CreateWorkspaces' default); ids from the endpoint. */
export const workspaces: GeneratorPiece = {
  name: 'workspaces',
  resourceTypes: ['aws.workspaces.workspace'],
  policies: ['aws-workspaces-root-volume-unencrypted', 'aws-workspaces-user-volume-unencrypted'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad } = ctx;
    const planned: EstateWorkspace[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) planned.push({ account, region, userName: `gen-user-${i}`, rootVolumeEncrypted: !bad(), userVolumeEncrypted: !bad() });
    }
    (ctx.doc.workspaces ??= []).push(...planned);
    return {
      truth(world) {
        const truth = new Truth();
        const nth = new Map<string, number>();
        for (const w of planned) {
          const k = `${w.account} ${w.region}`;
          const n = nth.get(k) ?? 0;
          nth.set(k, n + 1);
          // The endpoint keeps WorkSpaces in creation order per account and Region: the plan's order.
          const ws = peekWorkspacesState(world, w.account, w.region)!.workspaces[n]!;
          const arn = `arn:aws:workspaces:${w.region}:${w.account}:workspace/${ws.WorkspaceId}`;
          if (!w.rootVolumeEncrypted) truth.add('aws-workspaces-root-volume-unencrypted', arn, w.account, w.region, paths('rootVolumeEncrypted'));
          if (!w.userVolumeEncrypted) truth.add('aws-workspaces-user-volume-unencrypted', arn, w.account, w.region, paths('userVolumeEncrypted'));
        }
        return truth.entries;
      },
    };
  },
};
