import { z } from 'zod';
import { defineResource, fieldLine, section, valueText } from '../../define.ts';

export const emrClusterConfig = z.object({
  clusterId: z.string(),
  name: z.string().optional(),
  state: z.string().optional().describe('`Status.State`: only active clusters (STARTING, BOOTSTRAPPING, RUNNING, WAITING) are read.'),
  primaryPublicIps: z
    .array(z.object({ instanceId: z.string(), publicIp: z.string() }))
    .optional()
    .describe('Primary (MASTER) nodes with a `PublicIpAddress`, from ListInstances of the MASTER instance group or fleet; empty: none.'),
});
export type EmrClusterConfig = z.infer<typeof emrClusterConfig>;

export const emrCluster = defineResource({
  type: 'aws.emr.cluster',
  description: 'Active Amazon EMR clusters with the public addresses of their primary node.',
  config: emrClusterConfig,
  scope: 'regional',
  calls: ['emr:ListClusters', 'emr:ListInstances', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['elasticmapreduce:ListClusters', 'elasticmapreduce:ListInstances', 'tag:GetResources'],
  asff: 'Other',
  // Where a cluster's primary node is (public IP or not) is fixed when it is launched.
  changes: [
    { event: 'elasticmapreduce.amazonaws.com:RunJobFlow', id: 'responseElements.jobFlowId' },
  ],
  sections: (c) => [
    section(
      'Cluster',
      { text: `${c.name ?? c.clusterId} — ${c.state ?? '?'}` },
      fieldLine('primaryPublicIps', `primary node ${valueText(c.primaryPublicIps, (ips) => (ips.length ? `public at ${ips.map((i) => `${i.publicIp} (${i.instanceId})`).join(', ')}` : 'without a public IP'))}`),
    ),
  ],
});
