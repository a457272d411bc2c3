import type { EstateGlueJob } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

const OLD = ['0.9', '1.0', '2.0'];

/** Glue jobs: Spark jobs on a supported or an old Glue version (or none), and Python shell jobs on any. */
export const glue: GeneratorPiece = {
  name: 'glue',
  resourceTypes: ['aws.glue.job'],
  policies: ['aws-glue-spark-job-old-version'],
  resources: (s) => 2 * s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: EstateGlueJob[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const spark: EstateGlueJob = { account, region, name: `gen-spark-${i}`, command: pick(['glueetl', 'gluestreaming'] as const) };
        const version = bad() ? pick([...OLD, undefined]) : pick(['3.0', '4.0', '5.0']);
        if (version) spark.glueVersion = version;
        planned.push(spark);
        planned.push({ account, region, name: `gen-pyshell-${i}`, command: 'pythonshell', glueVersion: pick(['1.0', '3.0']) });
      }
    }
    (ctx.doc.glueJobs ??= []).push(...planned);
    return {
      truth() {
        const truth = new Truth();
        for (const j of planned) {
          if (j.command === 'pythonshell' || (j.glueVersion && !OLD.includes(j.glueVersion))) continue;
          truth.add('aws-glue-spark-job-old-version', `arn:aws:glue:${j.region}:${j.account}:job/${j.name}`, j.account, j.region, paths('commandName', 'glueVersion'));
        }
        return truth.entries;
      },
    };
  },
};
