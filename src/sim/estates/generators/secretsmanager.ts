import { peekSecretsManagerState } from '../../services/secretsmanager/model.ts';
import type { EstateSecret } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * Secrets Manager: per place and index a secret — rotation on (on schedule or overdue) or off, rotated recently or
 * long ago (or never), read recently or long ago (or never, created recently or long ago). Days stay far from the
 * 90-day limits so that the truth does not depend on the hour of the scan.
 */
export const secretsmanager: GeneratorPiece = {
  name: 'secretsmanager',
  resourceTypes: ['aws.secretsmanager.secret'],
  policies: ['aws-secretsmanager-not-rotated-recently', 'aws-secretsmanager-rotation-failing', 'aws-secretsmanager-rotation-off', 'aws-secretsmanager-unused'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick, r } = ctx;
    const planned: EstateSecret[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const createdDaysAgo = pick([5, 200, 700]);
        const s: EstateSecret = { account, region, name: `gen/secret-${i}`, createdDaysAgo };
        if (!bad()) {
          s.rotationDays = pick([30, 60]);
          // On schedule: rotated within the interval; overdue: rotated well before it (and before creation never).
          const overdue = bad();
          s.lastRotatedDaysAgo = Math.min(createdDaysAgo, overdue ? s.rotationDays + pick([20, 150]) : pick([1, 10]));
        } else if (r() < 0.5) s.lastRotatedDaysAgo = Math.min(createdDaysAgo, pick([10, 150]));
        const used = bad() ? pick([undefined, 150, 400]) : pick([1, 20]);
        if (used !== undefined) s.lastAccessedDaysAgo = Math.min(createdDaysAgo, used);
        if (r() < 0.3) s.kmsKey = `arn:aws:kms:${region}:${account}:key/4d5e6f7a-8b9c-4dae-8f0a-1b2c3d4e5f6a`;
        planned.push(s);
      }
    }
    (ctx.doc.secrets ??= []).push(...planned);
    return {
      truth(world) {
        const truth = new Truth();
        for (const s of planned) {
          const arn = peekSecretsManagerState(world, s.account, s.region)!.secrets.find((x) => x.Name === s.name)!.ARN;
          const add = (policy: string, field: string) => truth.add(policy, arn, s.account, s.region, paths(field));
          const rotated = s.lastRotatedDaysAgo ?? s.createdDaysAgo!;
          if (rotated > 90) add('aws-secretsmanager-not-rotated-recently', 'daysSinceRotation');
          if (s.rotationDays === undefined) add('aws-secretsmanager-rotation-off', 'rotationEnabled');
          else if (rotated > s.rotationDays) add('aws-secretsmanager-rotation-failing', 'rotationOverdue');
          if ((s.lastAccessedDaysAgo ?? s.createdDaysAgo!) > 90) add('aws-secretsmanager-unused', 'daysSinceLastUse');
        }
        return truth.entries;
      },
    };
  },
};
