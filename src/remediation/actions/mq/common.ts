/** What the Amazon MQ actions share: the re-read of a broker (DescribeBroker, as the collector reads it). */
import { DescribeBrokerCommand, MqClient } from '@aws-sdk/client-mq';
import type { Settings } from '../../kit/setting.ts';
import type { AwsApi } from '../../types.ts';

export async function readBroker(api: AwsApi, id: string): Promise<Settings | null> {
  const d = await api.client(MqClient).send(new DescribeBrokerCommand({ BrokerId: id }));
  if (d.AutoMinorVersionUpgrade === undefined) throw new Error(`DescribeBroker returned no AutoMinorVersionUpgrade for ${id}`);
  // AWS omits a log flag it leaves off; RabbitMQ has no audit log (null).
  return {
    AutoMinorVersionUpgrade: d.AutoMinorVersionUpgrade,
    'Logs.Audit': d.EngineType === 'RABBITMQ' ? null : (d.Logs?.Audit ?? false),
    'Logs.General': d.Logs?.General ?? false,
    EngineType: d.EngineType ?? null,
    EngineVersion: d.EngineVersion ?? null,
  };
}
