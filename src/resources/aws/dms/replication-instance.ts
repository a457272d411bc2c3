import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const dmsReplicationInstanceConfig = z.object({
  replicationInstanceIdentifier: z.string(),
  instanceClass: z.string().optional(),
  status: z.string().optional(),
  engineVersion: z.string().optional(),
  publiclyAccessible: z.boolean().optional(),
  publicIpAddress: z.string().nullable().optional().describe('`ReplicationInstancePublicIpAddress` (`null`: none).'),
  multiAz: z.boolean().optional().describe('`MultiAZ`.'),
  autoMinorVersionUpgrade: z.boolean().optional(),
  kmsKeyId: z.string().nullable().optional(),
});
export type DmsReplicationInstanceConfig = z.infer<typeof dmsReplicationInstanceConfig>;

const onOff = (v: boolean | undefined) => (v === undefined ? 'unknown (could not be read)' : v ? 'on' : 'off');

export const dmsReplicationInstance = defineResource({
  type: 'aws.dms.replication-instance',
  description: 'AWS DMS replication instances with their public accessibility, Multi-AZ and automatic minor version upgrades.',
  config: dmsReplicationInstanceConfig,
  scope: 'regional',
  calls: ['databasemigrationservice:DescribeReplicationInstances', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['dms:DescribeReplicationInstances', 'tag:GetResources'],
  asff: 'AwsDmsReplicationInstance',
  changes: [
    { event: 'dms.amazonaws.com:CreateReplicationInstance', id: 'requestParameters.replicationInstanceIdentifier' },
    { event: 'dms.amazonaws.com:ModifyReplicationInstance', id: 'requestParameters.replicationInstanceArn', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Replication instance',
      lines: [
        { text: `${c.instanceClass ?? '?'}, engine ${c.engineVersion ?? '?'}${c.status ? ` — ${c.status}` : ''}` },
        { text: `publicly accessible ${onOff(c.publiclyAccessible)}${c.publicIpAddress ? ` (${c.publicIpAddress})` : ''}`, evidenceId: 'path:config.publiclyAccessible' },
        { text: `Multi-AZ ${onOff(c.multiAz)}`, evidenceId: 'path:config.multiAz' },
        { text: `automatic minor version upgrades ${onOff(c.autoMinorVersionUpgrade)}`, evidenceId: 'path:config.autoMinorVersionUpgrade' },
      ],
    },
  ],
});
