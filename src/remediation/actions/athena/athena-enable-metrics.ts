import { AthenaClient, GetWorkGroupCommand, UpdateWorkGroupCommand } from '@aws-sdk/client-athena';
import type { WorkgroupConfig } from '../../../resources/aws/athena/workgroup.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';
import { readWorkgroup } from './common.ts';

/** athena-enable-metrics: UpdateWorkGroup with PublishCloudWatchMetricsEnabled=true only; undo sets it back to false. */
export const athenaEnableMetrics = settingAction({
  id: 'athena-enable-metrics',
  title: 'Publish Athena workgroup metrics to CloudWatch',
  description: 'athena:UpdateWorkGroup with ConfigurationUpdates.PublishCloudWatchMetricsEnabled=true only: result location, encryption and enforcement stay. Undo: PublishCloudWatchMetricsEnabled=false.',
  resourceType: 'aws.athena.workgroup',
  sdk: [sdk(AthenaClient, { UpdateWorkGroupCommand, GetWorkGroupCommand })],
  settings: ['PublishCloudWatchMetricsEnabled'],
  read: (api, target) => readWorkgroup(api, target.id),
  fromResource(r) {
    const c = r.config as Partial<WorkgroupConfig>;
    return c.publishCloudWatchMetricsEnabled === undefined ? undefined : { PublishCloudWatchMetricsEnabled: c.publishCloudWatchMetricsEnabled };
  },
  violations: (s) => (s['PublishCloudWatchMetricsEnabled'] === false ? ['PublishCloudWatchMetricsEnabled = false'] : []),
  fix: () => ({ PublishCloudWatchMetricsEnabled: true }),
  write: (values, _current, target) => ({
    operation: 'UpdateWorkGroup',
    params: { WorkGroup: target.id, ConfigurationUpdates: { PublishCloudWatchMetricsEnabled: values['PublishCloudWatchMetricsEnabled'] } },
    purpose: `set PublishCloudWatchMetricsEnabled=${String(values['PublishCloudWatchMetricsEnabled'])}`,
  }),
});
