import type { EstateAthenaWorkgroup } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/** Athena workgroups: query results encrypted or not, CloudWatch metrics published or not. */
export const athena: GeneratorPiece = {
  name: 'athena',
  resourceTypes: ['aws.athena.workgroup'],
  policies: ['aws-athena-workgroup-unencrypted', 'aws-athena-workgroup-logging-off'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: EstateAthenaWorkgroup[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const w: EstateAthenaWorkgroup = { account, region, name: `gen-workgroup-${i}`, outputLocation: `s3://gen-athena-results-${account}/${i}/`, publishMetrics: !bad(), enforceConfiguration: pick([true, false]) };
        if (!bad()) w.encryption = pick(['SSE_S3', 'SSE_KMS', 'CSE_KMS'] as const);
        planned.push(w);
      }
    }
    (ctx.doc.athenaWorkgroups ??= []).push(...planned);
    return {
      truth() {
        const truth = new Truth();
        for (const w of planned) {
          const arn = `arn:aws:athena:${w.region}:${w.account}:workgroup/${w.name}`;
          if (!w.encryption) truth.add('aws-athena-workgroup-unencrypted', arn, w.account, w.region, paths('resultEncryption'));
          if (w.publishMetrics === false) truth.add('aws-athena-workgroup-logging-off', arn, w.account, w.region, paths('publishCloudWatchMetricsEnabled'));
        }
        return truth.entries;
      },
    };
  },
};
