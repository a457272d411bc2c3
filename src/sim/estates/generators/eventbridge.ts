import type { EstateEventBus } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/** Custom EventBridge buses with or without a resource policy, beside each account and region's default bus (which passes). */
export const eventBridge: GeneratorPiece = {
  name: 'eventbridge',
  resourceTypes: ['aws.events.event-bus'],
  policies: ['aws-eventbridge-bus-no-policy'],
  resources: (s) => s.accounts * s.regions * (s.each + 1),
  plan(ctx) {
    const planned: EstateEventBus[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const name = `gen-bus-${i}`;
        const policy = {
          Version: '2012-10-17',
          Statement: [{ Sid: 'org-put', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ctx.accounts[0]!.id}:root` }, Action: 'events:PutEvents', Resource: `arn:aws:events:${region}:${account}:event-bus/${name}` }],
        };
        planned.push({ account, region, name, ...(ctx.bad() ? {} : { policy }) });
      }
    }
    (ctx.doc.eventBuses ??= []).push(...planned);
    return {
      truth() {
        const truth = new Truth();
        for (const b of planned) if (!b.policy) truth.add('aws-eventbridge-bus-no-policy', `arn:aws:events:${b.region}:${b.account}:event-bus/${b.name}`, b.account, b.region, paths('kind', 'policy'));
        return truth.entries;
      },
    };
  },
};
