import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const brokerConfig = z.object({
  brokerName: z.string(),
  // From DescribeBroker: unknown together when it fails.
  engineType: z.enum(['ACTIVEMQ', 'RABBITMQ']).optional().describe('`EngineType`.'),
  engineVersion: z.string().optional(),
  deploymentMode: z.string().optional().describe('`DeploymentMode` (SINGLE_INSTANCE, ACTIVE_STANDBY_MULTI_AZ, CLUSTER_MULTI_AZ).'),
  autoMinorVersionUpgrade: z.boolean().optional().describe('`AutoMinorVersionUpgrade`.'),
  publiclyAccessible: z.boolean().optional().describe('`PubliclyAccessible`.'),
  auditLogs: z
    .boolean()
    .nullable()
    .optional()
    .describe('`Logs.Audit`: audit logs streamed to CloudWatch Logs; `null` for RabbitMQ brokers, which have no audit log.'),
  generalLogs: z.boolean().optional().describe('`Logs.General`.'),
});
export type BrokerConfig = z.infer<typeof brokerConfig>;

const onOff = (v: boolean | null | undefined) => (v === undefined ? 'unknown (could not be read)' : v === null ? 'not applicable' : v ? 'on' : 'off');

export const broker = defineResource({
  type: 'aws.mq.broker',
  description: 'Amazon MQ brokers (ActiveMQ and RabbitMQ) with their deployment, upgrades, exposure and logging.',
  config: brokerConfig,
  scope: 'regional',
  calls: ['mq:ListBrokers', 'mq:DescribeBroker'],
  permissions: ['mq:ListBrokers', 'mq:DescribeBroker'],
  asff: 'AwsAmazonMqBroker',
  changes: [
    { event: 'mq.amazonaws.com:CreateBroker', id: 'responseElements.brokerId' },
    { event: 'mq.amazonaws.com:UpdateBroker', id: 'requestParameters.brokerId' },
  ],
  sections: (c) => [
    {
      title: 'Broker',
      lines: [
        { text: c.engineType ? `${c.engineType} ${c.engineVersion ?? ''}`.trim() : 'engine unknown (could not be read)' },
        { text: `deployment ${c.deploymentMode ?? 'unknown'}` },
        { text: `publicly accessible ${onOff(c.publiclyAccessible)}` },
        { text: `automatic minor upgrades ${onOff(c.autoMinorVersionUpgrade)}`, evidenceId: 'path:config.autoMinorVersionUpgrade' },
      ],
    },
    {
      title: 'Logging',
      lines: [
        { text: `audit logs ${onOff(c.auditLogs)}`, evidenceId: 'path:config.auditLogs' },
        { text: `general logs ${onOff(c.generalLogs)}` },
      ],
    },
  ],
});
