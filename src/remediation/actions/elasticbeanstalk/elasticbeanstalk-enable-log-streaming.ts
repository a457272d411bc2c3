import { z } from 'zod';
import { optionAction } from './common.ts';

const STREAM = 'aws:elasticbeanstalk:cloudwatch:logs:StreamLogs';
const RETENTION = 'aws:elasticbeanstalk:cloudwatch:logs:RetentionInDays';
/** CloudWatch Logs' retention periods, the values Elastic Beanstalk accepts. */
const DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653] as const;

const params = z.strictObject({
  retentionInDays: z
    .number()
    .refine((n) => (DAYS as readonly number[]).includes(n), { error: `expected one of CloudWatch Logs' retention periods: ${DAYS.join(', ')}` })
    .optional()
    .describe('Days the streamed logs are kept; default: the retention already set (7 unless changed).'),
});

/**
 * elasticbeanstalk-enable-log-streaming: the environment's instance logs are then streamed to CloudWatch Logs. The
 * instance profile must allow writing to CloudWatch Logs (the managed AWSElasticBeanstalkWebTier policy does);
 * Elastic Beanstalk does not check it.
 */
export const elasticbeanstalkEnableLogStreaming = optionAction<z.infer<typeof params>>({
  id: 'elasticbeanstalk-enable-log-streaming',
  title: 'Stream Elastic Beanstalk logs to CloudWatch Logs',
  description:
    'elasticbeanstalk:UpdateEnvironment with OptionSettings aws:elasticbeanstalk:cloudwatch:logs StreamLogs=true and, when the parameter retentionInDays is given, RetentionInDays. Every other option setting stays. Undo: the previous values of the same options.',
  params,
  settings: [STREAM, RETENTION],
  violations: (s) => (s[STREAM] !== null && s[STREAM] !== undefined && s[STREAM] !== 'true' ? [`${STREAM} = ${String(s[STREAM])}`] : []),
  fix: (_s, p) => ({ [STREAM]: 'true', ...(p.retentionInDays !== undefined ? { [RETENTION]: String(p.retentionInDays) } : {}) }),
});
