import { GetWorkgroupCommand, RedshiftServerlessClient, UpdateWorkgroupCommand } from '@aws-sdk/client-redshift-serverless';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings } from '../../kit/setting.ts';
import type { AwsApi } from '../../types.ts';

/** The workgroup's settings as GetWorkgroup returns them; `null` when it no longer exists. */
export async function readWorkgroup(api: AwsApi, name: string): Promise<Settings | null> {
  const r = await api.client(RedshiftServerlessClient).send(new GetWorkgroupCommand({ workgroupName: name }));
  const w = r.workgroup;
  if (!w) return null;
  // The JSON answer leaves false flags out.
  return {
    publiclyAccessible: w.publiclyAccessible ?? false,
    enhancedVpcRouting: w.enhancedVpcRouting ?? false,
    port: w.port ?? null,
    securityGroupIds: [...(w.securityGroupIds ?? [])],
    subnetIds: [...(w.subnetIds ?? [])],
  };
}

/** redshift-serverless-make-private: the workgroup's endpoint is reachable from its VPC only. */
export const redshiftServerlessMakePrivate = settingAction({
  id: 'redshift-serverless-make-private',
  title: 'Make a Redshift Serverless workgroup private',
  description:
    'redshift-serverless:UpdateWorkgroup with publiclyAccessible=false only (the API takes one setting per request); its VPC, subnets, security groups, port and config parameters stay. Clients outside the VPC lose access. Undo: publiclyAccessible=true.',
  resourceType: 'aws.redshift-serverless.workgroup',
  sdk: [sdk(RedshiftServerlessClient, { UpdateWorkgroupCommand, GetWorkgroupCommand }, { iam: 'redshift-serverless' })],
  settings: ['publiclyAccessible'],
  read: (api, target) => readWorkgroup(api, target.id),
  fromResource(r) {
    const v = r.config['publiclyAccessible'];
    return typeof v === 'boolean' ? { publiclyAccessible: v } : undefined;
  },
  violations: (s) => (s['publiclyAccessible'] === true ? ['publiclyAccessible = true'] : []),
  fix: () => ({ publiclyAccessible: false }),
  write: (values, _current, target) => ({
    operation: 'UpdateWorkgroup',
    params: { workgroupName: target.id, publiclyAccessible: values['publiclyAccessible'] },
    purpose: `set publiclyAccessible=${String(values['publiclyAccessible'])}`,
  }),
});
