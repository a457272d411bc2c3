import { peekGlueState } from '../../services/glue/model.ts';
import type { EstateGlueJob, EstateGlueMlTransform } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

const OLD = ['0.9', '1.0', '2.0'];

/** Glue jobs: Spark jobs on a supported or an old Glue version (or none), and Python shell jobs on any. */
export const glue: GeneratorPiece = {
  name: 'glue',
  resourceTypes: ['aws.glue.job', 'aws.glue.ml-transform'],
  policies: ['aws-glue-spark-job-old-version', 'aws-glue-ml-transform-unencrypted'],
  resources: (s) => 3 * s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: EstateGlueJob[] = [];
    const transforms: EstateGlueMlTransform[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const spark: EstateGlueJob = { account, region, name: `gen-spark-${i}`, command: pick(['glueetl', 'gluestreaming'] as const) };
        const version = bad() ? pick([...OLD, undefined]) : pick(['3.0', '4.0', '5.0']);
        if (version) spark.glueVersion = version;
        planned.push(spark);
        planned.push({ account, region, name: `gen-pyshell-${i}`, command: 'pythonshell', glueVersion: pick(['1.0', '3.0']) });
        transforms.push({ account, region, name: `gen-matches-${i}`, encrypted: !bad() });
      }
    }
    (ctx.doc.glueJobs ??= []).push(...planned);
    (ctx.doc.glueMlTransforms ??= []).push(...transforms);
    return {
      truth(world) {
        const truth = new Truth();
        for (const j of planned) {
          if (j.command === 'pythonshell' || (j.glueVersion && !OLD.includes(j.glueVersion))) continue;
          truth.add('aws-glue-spark-job-old-version', `arn:aws:glue:${j.region}:${j.account}:job/${j.name}`, j.account, j.region, paths('commandName', 'glueVersion'));
        }
        const nth = new Map<string, number>();
        for (const t of transforms) {
          const k = `${t.account} ${t.region}`;
          const n = nth.get(k) ?? 0;
          nth.set(k, n + 1);
          // The endpoint keeps transforms in creation order per account and Region: the plan's order.
          const id = peekGlueState(world, t.account, t.region)!.mlTransforms[n]!.TransformId;
          if (!t.encrypted) truth.add('aws-glue-ml-transform-unencrypted', `arn:aws:glue:${t.region}:${t.account}:mlTransform/${id}`, t.account, t.region, paths('mlUserDataEncryptionMode'));
        }
        return truth.entries;
      },
    };
  },
};
