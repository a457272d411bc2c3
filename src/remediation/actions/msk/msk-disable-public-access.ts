import { DescribeClusterV2Command, KafkaClient, UpdateConnectivityCommand } from '@aws-sdk/client-kafka';
import type { ClusterConfig } from '../../../resources/aws/msk/cluster.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type SettingValue } from '../../kit/setting.ts';

const describe = (k: string, v: SettingValue) => (k === 'CurrentVersion' ? 'the cluster as read (its CurrentVersion is sent back, so a concurrent change fails instead of being overwritten)' : `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`);

/**
 * msk-disable-public-access: UpdateConnectivity with PublicAccess.Type=DISABLED and the CurrentVersion just read; undo
 * puts the previous type back (with the then current version).
 */
export const mskDisablePublicAccess = settingAction({
  id: 'msk-disable-public-access',
  title: 'Turn off public access to MSK brokers',
  description:
    'kafka:UpdateConnectivity with ConnectivityInfo.PublicAccess.Type=DISABLED and the CurrentVersion just read (a change made meanwhile fails the call, nothing is overwritten). Clients outside the VPC lose access; encryption and authentication stay. Undo: PublicAccess.Type back to SERVICE_PROVIDED_EIPS.',
  resourceType: 'aws.msk.cluster',
  sdk: [sdk(KafkaClient, { UpdateConnectivityCommand, DescribeClusterV2Command })],
  settings: ['PublicAccessType'],
  async read(api, target) {
    const c = (await api.client(KafkaClient).send(new DescribeClusterV2Command({ ClusterArn: target.arn }))).ClusterInfo;
    if (!c) return null;
    // Serverless clusters are never public; a provisioned one without the block is DISABLED, the default.
    const type = c.ClusterType === 'SERVERLESS' ? 'DISABLED' : (c.Provisioned?.BrokerNodeGroupInfo?.ConnectivityInfo?.PublicAccess?.Type ?? 'DISABLED');
    return { PublicAccessType: type, CurrentVersion: c.CurrentVersion ?? null, ClusterType: c.ClusterType ?? null };
  },
  fromResource(r) {
    const c = r.config as Partial<ClusterConfig>;
    return c.publicAccess === undefined ? undefined : { PublicAccessType: c.publicAccess };
  },
  violations: (s) => (s['PublicAccessType'] !== 'DISABLED' ? [`PublicAccess.Type = ${String(s['PublicAccessType'])}`] : []),
  fix: () => ({ PublicAccessType: 'DISABLED' }),
  describe,
  write: (values, current, target) => ({
    operation: 'UpdateConnectivity',
    params: { ClusterArn: target.arn, ConnectivityInfo: { PublicAccess: { Type: values['PublicAccessType'] } }, CurrentVersion: current.others['CurrentVersion'] },
    purpose: `set PublicAccess.Type=${String(values['PublicAccessType'])}`,
  }),
});
