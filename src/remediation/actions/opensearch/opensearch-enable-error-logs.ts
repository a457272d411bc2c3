import { DescribeDomainCommand, OpenSearchClient, UpdateDomainConfigCommand } from '@aws-sdk/client-opensearch';
import { z } from 'zod';
import { MamoriError } from '../../../core/errors.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';
import { IAM, readDomain } from './common.ts';

const params = z.strictObject({
  logGroupArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[\w#\-./]{1,512}(:\*)?$/, { error: 'expected a CloudWatch Logs log group ARN (arn:aws:logs:<region>:<account>:log-group:<name>)' })
    .optional()
    .describe('The CloudWatch Logs log group for the error logs, whose resource policy lets es.amazonaws.com write. Required: there is no default.'),
});

/**
 * opensearch-enable-error-logs: publishes an OpenSearch domain's error logs (ES_APPLICATION_LOGS) to the log group
 * given as parameter. Slow and audit logs stay as they are. Undo turns error log publishing off again (or back to
 * the previous log group).
 */
export const opensearchEnableErrorLogs = settingAction<z.infer<typeof params>>({
  id: 'opensearch-enable-error-logs',
  title: 'Publish OpenSearch error logs to CloudWatch Logs',
  description:
    'es:UpdateDomainConfig with LogPublishingOptions.ES_APPLICATION_LOGS only (Enabled=true, CloudWatchLogsLogGroupArn = parameter logGroupArn, required). Slow logs, audit logs and every other setting stay. Undo: ES_APPLICATION_LOGS Enabled=false (or the previous log group).',
  resourceType: 'aws.opensearch.domain',
  sdk: [sdk(OpenSearchClient, { UpdateDomainConfigCommand, DescribeDomainCommand }, IAM)],
  params,
  settings: ['ES_APPLICATION_LOGS'],
  read: readDomain,
  violations: (s) => (s['ES_APPLICATION_LOGS'] === null || s['ES_APPLICATION_LOGS'] === undefined ? ['error logs not published'] : []),
  fix(_s, p) {
    if (!p.logGroupArn) throw new MamoriError('POLICY_INVALID', 'opensearch-enable-error-logs needs the parameter logGroupArn (the CloudWatch Logs log group ARN for the error logs): set response.params.logGroupArn in the policy');
    return { ES_APPLICATION_LOGS: p.logGroupArn };
  },
  describe: (k, v) => (k === 'ES_APPLICATION_LOGS' ? (v === null ? 'error logs not published' : `error logs to ${String(v)}`) : `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`),
  write: (values, _current, target) => {
    const arn = values['ES_APPLICATION_LOGS'];
    return {
      operation: 'UpdateDomainConfig',
      params: { DomainName: target.id, LogPublishingOptions: { ES_APPLICATION_LOGS: typeof arn === 'string' ? { CloudWatchLogsLogGroupArn: arn, Enabled: true } : { Enabled: false } } },
      purpose: typeof arn === 'string' ? `publish error logs to ${arn}` : 'stop publishing error logs',
    };
  },
});
