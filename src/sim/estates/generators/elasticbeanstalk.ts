import type { EstateBeanstalkEnvironment } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/** Elastic Beanstalk environments: logs streamed to CloudWatch or not (not is the default), enhanced or basic health. */
export const elasticBeanstalk: GeneratorPiece = {
  name: 'elasticbeanstalk',
  resourceTypes: ['aws.elasticbeanstalk.environment'],
  policies: ['aws-elasticbeanstalk-cloudwatch-logs-off', 'aws-elasticbeanstalk-enhanced-health-off'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, r } = ctx;
    const planned: EstateBeanstalkEnvironment[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        // A mistake either by leaving the default (no streaming) or by saying so.
        const streamLogs = bad() ? (r() < 0.5 ? undefined : false) : true;
        planned.push({ account, region, application: 'gen-app', name: `gen-eb-${i}`, ...(streamLogs !== undefined ? { streamLogs } : {}), healthReporting: bad() ? 'basic' : 'enhanced' });
      }
    }
    (ctx.doc.beanstalkEnvironments ??= []).push(...planned);
    return {
      truth() {
        const truth = new Truth();
        for (const e of planned) {
          const arn = `arn:aws:elasticbeanstalk:${e.region}:${e.account}:environment/${e.application}/${e.name}`;
          if (e.streamLogs !== true) truth.add('aws-elasticbeanstalk-cloudwatch-logs-off', arn, e.account, e.region, paths('streamLogs'));
          if (e.healthReporting !== 'enhanced') truth.add('aws-elasticbeanstalk-enhanced-health-off', arn, e.account, e.region, paths('healthSystemType'));
        }
        return truth.entries;
      },
    };
  },
};
