import type { EstateEcrRepository } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

const LIFECYCLE = { rules: [{ rulePriority: 1, description: 'expire untagged', selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 }, action: { type: 'expire' } }] };

/** ECR repositories: tag mutability, scan on push and a lifecycle policy each set or left at AWS's defaults (the registry scans nothing). */
export const ecr: GeneratorPiece = {
  name: 'ecr',
  resourceTypes: ['aws.ecr.repository'],
  policies: ['aws-ecr-repo-no-lifecycle', 'aws-ecr-repo-scan-on-push-off', 'aws-ecr-repo-tags-mutable'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad } = ctx;
    const planned: EstateEcrRepository[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        planned.push({
          account,
          region,
          name: `gen/app-${i}`,
          ...(bad() ? {} : { imageTagMutability: 'IMMUTABLE' as const }),
          ...(bad() ? {} : { scanOnPush: true }),
          ...(bad() ? {} : { lifecyclePolicy: LIFECYCLE }),
        });
      }
    }
    (ctx.doc.ecrRepositories ??= []).push(...planned);
    return {
      truth() {
        const truth = new Truth();
        for (const e of planned) {
          const arn = `arn:aws:ecr:${e.region}:${e.account}:repository/${e.name}`;
          if (!e.lifecyclePolicy) truth.add('aws-ecr-repo-no-lifecycle', arn, e.account, e.region, paths('lifecyclePolicy'));
          if (!e.scanOnPush) truth.add('aws-ecr-repo-scan-on-push-off', arn, e.account, e.region, paths('scanOnPush', 'registryScanFrequency'));
          if (e.imageTagMutability !== 'IMMUTABLE') truth.add('aws-ecr-repo-tags-mutable', arn, e.account, e.region, paths('imageTagMutability'));
        }
        return truth.entries;
      },
    };
  },
};
