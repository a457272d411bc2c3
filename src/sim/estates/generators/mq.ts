import { peekMqState } from '../../services/mq/model.ts';
import type { EstateMqBroker } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * Amazon MQ brokers, ActiveMQ or RabbitMQ, taking minor upgrades or not and (ActiveMQ only, the one engine with
 * an audit log) streaming audit logs or not; broker ids from the endpoint.
 */
export const mq: GeneratorPiece = {
  name: 'mq',
  resourceTypes: ['aws.mq.broker'],
  policies: ['aws-mq-audit-logs-off', 'aws-mq-minor-upgrade-off'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: EstateMqBroker[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const engineType = pick(['ACTIVEMQ', 'RABBITMQ'] as const);
        planned.push({
          account,
          region,
          name: `gen-mq-${i}`,
          engineType,
          deploymentMode: engineType === 'RABBITMQ' ? pick(['SINGLE_INSTANCE', 'CLUSTER_MULTI_AZ'] as const) : pick(['SINGLE_INSTANCE', 'ACTIVE_STANDBY_MULTI_AZ'] as const),
          autoMinorVersionUpgrade: !bad(),
          generalLogs: pick([true, false]),
          ...(engineType === 'ACTIVEMQ' ? { auditLogs: !bad() } : {}),
        });
      }
    }
    (ctx.doc.mqBrokers ??= []).push(...planned);
    return {
      truth(world) {
        const truth = new Truth();
        for (const b of planned) {
          const arn = peekMqState(world, b.account, b.region)!.brokers.find((x) => x.BrokerName === b.name)!.BrokerArn;
          if (!b.autoMinorVersionUpgrade) truth.add('aws-mq-minor-upgrade-off', arn, b.account, b.region, paths('autoMinorVersionUpgrade'));
          if (b.engineType === 'ACTIVEMQ' && !b.auditLogs) truth.add('aws-mq-audit-logs-off', arn, b.account, b.region, paths('auditLogs'));
        }
        return truth.entries;
      },
    };
  },
};
