import { DescribeBrokerCommand, MqClient, UpdateBrokerCommand } from '@aws-sdk/client-mq';
import type { BrokerConfig } from '../../../resources/aws/mq/broker.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';
import { readBroker } from './common.ts';

/**
 * mq-enable-audit-logs: UpdateBroker with Logs.Audit=true on an ActiveMQ broker, Logs.General sent as read so that it
 * stays; undo sets Audit back to false.
 */
export const mqEnableAuditLogs = settingAction({
  id: 'mq-enable-audit-logs',
  title: 'Turn on Amazon MQ audit logs',
  description:
    'mq:UpdateBroker with Logs.Audit=true (ActiveMQ only; RabbitMQ has no audit log) and Logs.General as read, so it stays. The broker must be allowed to write to CloudWatch Logs (the resource policy AWS documents). Undo: Logs.Audit=false.',
  resourceType: 'aws.mq.broker',
  sdk: [sdk(MqClient, { UpdateBrokerCommand, DescribeBrokerCommand })],
  settings: ['Logs.Audit'],
  read: (api, target) => readBroker(api, target.id),
  fromResource(r) {
    const c = r.config as Partial<BrokerConfig>;
    return c.auditLogs === undefined ? undefined : { 'Logs.Audit': c.auditLogs };
  },
  violations: (s) => (s['Logs.Audit'] === false ? ['audit logs off'] : []),
  fix: () => ({ 'Logs.Audit': true }),
  write: (values, current, target) => ({
    operation: 'UpdateBroker',
    params: { BrokerId: target.id, Logs: { Audit: values['Logs.Audit'], General: current.others['Logs.General'] ?? false } },
    purpose: `set Logs.Audit=${String(values['Logs.Audit'])}, keeping Logs.General=${String(current.others['Logs.General'] ?? false)}`,
  }),
});
