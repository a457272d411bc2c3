import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const daxClusterConfig = z.object({
  clusterName: z.string(),
  status: z.string().optional(),
  nodeType: z.string().optional(),
  totalNodes: z.number().optional(),
  availabilityZones: z.array(z.string()).optional().describe('The distinct `Nodes[].AvailabilityZone`.'),
  endpointEncryption: z.string().optional().describe('`ClusterEndpointEncryptionType`: TLS or NONE (an answer without it: NONE, the CreateCluster default).'),
  sseStatus: z.string().optional().describe('`SSEDescription.Status`: ENABLED, ENABLING, DISABLING or DISABLED (an answer without it: DISABLED).'),
});
export type DaxClusterConfig = z.infer<typeof daxClusterConfig>;

export const daxCluster = defineResource({
  type: 'aws.dax.cluster',
  description: 'DynamoDB Accelerator (DAX) clusters with their endpoint encryption and encryption at rest.',
  config: daxClusterConfig,
  scope: 'regional',
  calls: ['dax:DescribeClusters', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['dax:DescribeClusters', 'tag:GetResources'],
  asff: 'Other',
  // Encryption at rest and in transit are fixed when a cluster is created.
  changes: [
    { event: 'dax.amazonaws.com:CreateCluster', id: 'requestParameters.clusterName' },
    { event: 'dax.amazonaws.com:TagResource', id: 'requestParameters.resourceName', idKind: 'arn' },
    { event: 'dax.amazonaws.com:UntagResource', id: 'requestParameters.resourceName', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Cluster',
      lines: [
        { text: `${c.nodeType ?? '?'} × ${c.totalNodes ?? '?'}${c.status ? ` — ${c.status}` : ''}${c.availabilityZones?.length ? ` in ${c.availabilityZones.join(', ')}` : ''}` },
        { text: `endpoint encryption ${c.endpointEncryption ?? 'unknown'}`, evidenceId: 'path:config.endpointEncryption' },
        { text: `encryption at rest ${c.sseStatus ?? 'unknown'}`, evidenceId: 'path:config.sseStatus' },
      ],
    },
  ],
});
