import type { EstateStateMachine } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/** Step Functions state machines, standard or express, logging OFF (AWS's default) or at some level. */
export const stepFunctions: GeneratorPiece = {
  name: 'stepfunctions',
  resourceTypes: ['aws.states.state-machine'],
  policies: ['aws-stepfunctions-logging-off'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const planned: EstateStateMachine[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const off = ctx.bad();
        planned.push({ account, region, name: `gen-flow-${i}`, type: ctx.r() < 0.3 ? 'EXPRESS' : 'STANDARD', ...(off ? (ctx.r() < 0.5 ? { logLevel: 'OFF' as const } : {}) : { logLevel: ctx.pick(['ALL', 'ERROR', 'FATAL'] as const) }) });
      }
    }
    (ctx.doc.stateMachines ??= []).push(...planned);
    return {
      truth() {
        const truth = new Truth();
        for (const m of planned) {
          if ((m.logLevel ?? 'OFF') === 'OFF') truth.add('aws-stepfunctions-logging-off', `arn:aws:states:${m.region}:${m.account}:stateMachine:${m.name}`, m.account, m.region, paths('loggingLevel'));
        }
        return truth.entries;
      },
    };
  },
};
