import { z } from 'zod';
import { defineResource, fieldLine, section, valueText } from '../../define.ts';

export const clusterConfig = z.object({
  clusterName: z.string(),
  status: z.string().optional(),
  containerInsights: z.string().nullable().optional().describe('The `containerInsights` cluster setting: enabled, enhanced or disabled (`null`: AWS returned no such setting).'),
  activeServicesCount: z.number().optional(),
});
export type ClusterConfig = z.infer<typeof clusterConfig>;

export const cluster = defineResource({
  type: 'aws.ecs.cluster',
  description: 'ECS clusters with their settings (Container Insights).',
  config: clusterConfig,
  scope: 'regional',
  calls: ['ecs:ListClusters', 'ecs:DescribeClusters'],
  permissions: ['ecs:ListClusters', 'ecs:DescribeClusters'],
  asff: 'AwsEcsCluster',
  changes: [
    { event: 'ecs.amazonaws.com:CreateCluster', id: 'responseElements.cluster.clusterArn', idKind: 'arn' },
    { event: 'ecs.amazonaws.com:UpdateClusterSettings', id: 'requestParameters.cluster', idKind: 'name' },
    { event: 'ecs.amazonaws.com:UpdateCluster', id: 'requestParameters.cluster', idKind: 'name' },
  ],
  sections: (c) => [
    section(
      'Cluster',
      { text: `${c.status ?? 'status unknown'}${c.activeServicesCount !== undefined ? `, ${c.activeServicesCount} services` : ''}` },
      fieldLine('containerInsights', `Container Insights ${valueText(c.containerInsights, String)}`),
    ),
  ],
});
