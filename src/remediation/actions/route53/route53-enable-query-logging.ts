import { CreateQueryLoggingConfigCommand, DeleteQueryLoggingConfigCommand, ListQueryLoggingConfigsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { z } from 'zod';
import { listQueryLoggingConfigs } from '../../../collectors/route53/hosted-zone.ts';
import { MamoriError } from '../../../core/errors.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';

const params = z.strictObject({
  logGroupArn: z
    .string()
    .regex(/^arn:aws:logs:us-east-1:\d{12}:log-group:[\w./#-]{1,512}(:\*)?$/, { error: 'expected a CloudWatch Logs log group ARN in us-east-1 (arn:aws:logs:us-east-1:<account>:log-group:<name>); Route 53 query logging only writes there' })
    .optional()
    .describe('The us-east-1 log group receiving the zone\'s DNS queries; its resource policy must let route53.amazonaws.com write.'),
});

/**
 * route53-enable-query-logging: creates a DNS query logging configuration for a public hosted zone. The created
 * configuration is an object of its own: undo deletes exactly it (the log group and the logs already written stay).
 */
export const route53EnableQueryLogging = settingAction<z.infer<typeof params>>({
  id: 'route53-enable-query-logging',
  title: 'Log the hosted zone\'s DNS queries',
  description:
    'route53:CreateQueryLoggingConfig for the zone with CloudWatchLogsLogGroupArn = parameter logGroupArn (required: a us-east-1 log group whose resource policy lets Route 53 write); the zone and its records are not touched. Undo: route53:DeleteQueryLoggingConfig of the configuration it created (the log group and its logs stay).',
  resourceType: 'aws.route53.hosted-zone',
  sdk: [sdk(Route53Client, { CreateQueryLoggingConfigCommand, DeleteQueryLoggingConfigCommand, ListQueryLoggingConfigsCommand })],
  params,
  settings: ['CloudWatchLogsLogGroupArn'],
  async read(api, target) {
    const [config] = await listQueryLoggingConfigs(api.client(Route53Client), target.id);
    return { CloudWatchLogsLogGroupArn: config?.CloudWatchLogsLogGroupArn ?? null, QueryLoggingConfigId: config?.Id ?? null };
  },
  violations: (s) => (s['CloudWatchLogsLogGroupArn'] === null ? ['no DNS query logging configuration'] : []),
  fix(_s, p) {
    if (!p.logGroupArn) throw new MamoriError('POLICY_INVALID', 'route53-enable-query-logging needs the parameter logGroupArn (a CloudWatch Logs log group in us-east-1): set response.params.logGroupArn in the policy');
    return { CloudWatchLogsLogGroupArn: p.logGroupArn };
  },
  write(values, current, target) {
    const arn = values['CloudWatchLogsLogGroupArn'];
    if (typeof arn === 'string') return { operation: 'CreateQueryLoggingConfig', params: { HostedZoneId: target.id, CloudWatchLogsLogGroupArn: arn }, purpose: `log the zone's DNS queries to ${arn}` };
    const id = current.others['QueryLoggingConfigId'];
    if (typeof id !== 'string') throw new MamoriError('INTERNAL', `route53-enable-query-logging: the query logging configuration of ${target.id} to delete was not read`);
    return { operation: 'DeleteQueryLoggingConfig', params: { Id: id }, purpose: `delete the query logging configuration ${id} it created` };
  },
});
