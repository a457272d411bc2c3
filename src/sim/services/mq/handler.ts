/**
 * Amazon MQ over REST-JSON, served from the committed model: ListBrokers (maxResults 5–100, default 20,
 * a forged token BadRequestException) and DescribeBroker (NotFoundException for an unknown id), as the
 * API reference documents them. Hand-written write for the remediation actions: UpdateBroker (minor
 * version upgrades and logs; audit logs refused for RabbitMQ).
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { peekMqState } from './model.ts';

const model = loadModel('mq');
const PAGE = { min: 5, max: 100, default: 20, invalidCode: 'BadRequestException', tokenCode: 'BadRequestException' };

export const mq = modelService({
  model: 'mq',
  operations: {
    ListBrokers(input, req, ctx) {
      const brokers = peekMqState(ctx.world, req.accountId, req.region)?.brokers ?? [];
      const summaries = brokers.map((b) => ({
        BrokerArn: b.BrokerArn,
        BrokerId: b.BrokerId,
        BrokerName: b.BrokerName,
        BrokerState: b.BrokerState,
        Created: b.Created,
        DeploymentMode: b.DeploymentMode,
        EngineType: b.EngineType,
        HostInstanceType: b.HostInstanceType,
      }));
      return modelPage(model, 'ListBrokers', input, summaries, PAGE);
    },
    DescribeBroker(input, req, ctx) {
      const id = input['BrokerId'];
      const b = peekMqState(ctx.world, req.accountId, req.region)?.brokers.find((x) => x.BrokerId === id);
      if (!b) throw new SimError('NotFoundException', `Can't find requested broker [${String(id)}]. Make sure your broker exists.`, 404);
      return { ...structuredClone(b) };
    },
    // The write the remediation actions send (hand-written, beside the model-driven reads).
    UpdateBroker(input, req, ctx) {
      const id = input['BrokerId'];
      const b = peekMqState(ctx.world, req.accountId, req.region)?.brokers.find((x) => x.BrokerId === id);
      if (!b) throw new SimError('NotFoundException', `Can't find requested broker [${String(id)}]. Make sure your broker exists.`, 404);
      const other = Object.keys(input).filter((k) => !['BrokerId', 'AutoMinorVersionUpgrade', 'Logs'].includes(k));
      if (other.length) throw new SimError('BadRequestException', `The local endpoint's UpdateBroker supports AutoMinorVersionUpgrade and Logs only, not ${other.join(', ')}`, 400);
      const logs = input['Logs'] as { Audit?: boolean; General?: boolean } | undefined;
      if (logs?.Audit !== undefined && b.EngineType === 'RABBITMQ') throw new SimError('BadRequestException', 'Audit logs are not supported for RabbitMQ brokers.', 400);
      if (typeof input['AutoMinorVersionUpgrade'] === 'boolean') b.AutoMinorVersionUpgrade = input['AutoMinorVersionUpgrade'];
      if (typeof logs?.General === 'boolean') b.Logs.General = logs.General;
      if (typeof logs?.Audit === 'boolean') b.Logs.Audit = logs.Audit;
      return { BrokerId: b.BrokerId, AutoMinorVersionUpgrade: b.AutoMinorVersionUpgrade, Logs: { ...b.Logs } };
    },
  },
});
