import { peekDatasyncState } from '../../services/datasync/model.ts';
import type { EstateDatasyncTask } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/** DataSync: per place and index a task with no log group, a log group at level OFF, or a log group at BASIC or TRANSFER. */
export const datasync: GeneratorPiece = {
  name: 'datasync',
  resourceTypes: ['aws.datasync.task'],
  policies: ['aws-datasync-task-logging-off'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const tasks: EstateDatasyncTask[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const t: EstateDatasyncTask = { account, region, name: `gen-datasync-${i}` };
        if (!bad()) t.logGroup = '/aws/datasync';
        t.logLevel = bad() ? 'OFF' : pick(['BASIC', 'TRANSFER'] as const);
        tasks.push(t);
      }
    }
    (ctx.doc.datasyncTasks ??= []).push(...tasks);
    return {
      // Task ARNs are assigned by the endpoint: read them back in order.
      truth(world) {
        const truth = new Truth();
        const seen = new Map<string, number>();
        for (const t of tasks) {
          const key = `${t.account}/${t.region}`;
          const n = seen.get(key) ?? 0;
          seen.set(key, n + 1);
          const arn = peekDatasyncState(world, t.account, t.region)!.tasks[n]!.TaskArn;
          truth.add('aws-datasync-task-logging-off', arn, t.account, t.region, paths(...(t.logGroup ? [] : ['cloudWatchLogGroupArn']), ...(t.logLevel === 'OFF' ? ['logLevel'] : [])));
        }
        return truth.entries;
      },
    };
  },
};
