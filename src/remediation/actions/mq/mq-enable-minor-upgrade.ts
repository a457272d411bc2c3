import { DescribeBrokerCommand, MqClient, UpdateBrokerCommand } from '@aws-sdk/client-mq';
import type { BrokerConfig } from '../../../resources/aws/mq/broker.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';
import { readBroker } from './common.ts';

/** mq-enable-minor-upgrade: UpdateBroker with AutoMinorVersionUpgrade=true; undo sets it back to false. */
export const mqEnableMinorUpgrade = settingAction({
  id: 'mq-enable-minor-upgrade',
  title: 'Let Amazon MQ apply minor version upgrades',
  description:
    'mq:UpdateBroker with AutoMinorVersionUpgrade=true only: upgrades are then applied in the maintenance window. Engine version, logs and network stay. Undo: AutoMinorVersionUpgrade=false (an upgrade already applied stays).',
  resourceType: 'aws.mq.broker',
  sdk: [sdk(MqClient, { UpdateBrokerCommand, DescribeBrokerCommand })],
  settings: ['AutoMinorVersionUpgrade'],
  read: (api, target) => readBroker(api, target.id),
  fromResource(r) {
    const c = r.config as Partial<BrokerConfig>;
    return c.autoMinorVersionUpgrade === undefined ? undefined : { AutoMinorVersionUpgrade: c.autoMinorVersionUpgrade };
  },
  violations: (s) => (s['AutoMinorVersionUpgrade'] === false ? ['AutoMinorVersionUpgrade = false'] : []),
  fix: () => ({ AutoMinorVersionUpgrade: true }),
  write: (values, _current, target) => ({ operation: 'UpdateBroker', params: { BrokerId: target.id, AutoMinorVersionUpgrade: values['AutoMinorVersionUpgrade'] }, purpose: `set AutoMinorVersionUpgrade=${String(values['AutoMinorVersionUpgrade'])}` }),
});
