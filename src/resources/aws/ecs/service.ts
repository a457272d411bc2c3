import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const serviceConfig = z.object({
  serviceName: z.string(),
  clusterArn: z.string(),
  status: z.string().optional(),
  launchType: z.string().nullable().optional().describe('`launchType`: FARGATE, EC2 or EXTERNAL (`null`: the service uses a capacity provider strategy).'),
  capacityProviders: z.array(z.string()).optional().describe('Capacity providers of its strategy (FARGATE, FARGATE_SPOT or an Auto Scaling group provider).'),
  platformVersion: z.string().nullable().optional().describe('Fargate platform version as the service names it: LATEST or a version such as 1.4.0 (`null` outside Fargate).'),
  platformFamily: z.string().nullable().optional().describe('Operating system family of the Fargate tasks: Linux or a Windows family.'),
  assignPublicIp: z.string().nullable().optional().describe('`networkConfiguration.awsvpcConfiguration.assignPublicIp`: ENABLED or DISABLED (`null`: no awsvpc configuration).'),
  subnets: z.array(z.string()).optional(),
  securityGroups: z.array(z.string()).optional(),
  taskDefinition: z.string().nullable().optional().describe('ARN of the task definition the service runs.'),
});
export type ServiceConfig = z.infer<typeof serviceConfig>;

export const service = defineResource({
  type: 'aws.ecs.service',
  description: 'ECS services of every cluster, with their launch type, platform version and network configuration.',
  config: serviceConfig,
  scope: 'regional',
  calls: ['ecs:ListClusters', 'ecs:ListServices', 'ecs:DescribeServices'],
  permissions: ['ecs:ListClusters', 'ecs:ListServices', 'ecs:DescribeServices'],
  asff: 'AwsEcsService',
  changes: [
    { event: 'ecs.amazonaws.com:CreateService', id: 'responseElements.service.serviceArn', idKind: 'arn' },
    { event: 'ecs.amazonaws.com:UpdateService', id: 'responseElements.service.serviceArn', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Service',
      lines: [
        { text: `cluster ${c.clusterArn.split('/').pop() ?? c.clusterArn}` },
        { text: `launch type ${c.launchType === undefined ? 'unknown' : (c.launchType ?? `capacity providers ${(c.capacityProviders ?? []).join(', ') || 'none'}`)}`, evidenceId: 'path:config.launchType' },
        { text: `platform version ${c.platformVersion === undefined ? 'unknown' : (c.platformVersion ?? 'not applicable')}${c.platformFamily ? ` (${c.platformFamily})` : ''}`, evidenceId: 'path:config.platformVersion' },
        { text: `public IP ${c.assignPublicIp === undefined ? 'unknown' : (c.assignPublicIp ?? 'not applicable (no awsvpc network)')}`, evidenceId: 'path:config.assignPublicIp' },
        ...(c.taskDefinition ? [{ text: `task definition ${c.taskDefinition.split('/').pop()}` }] : []),
      ],
    },
  ],
});
