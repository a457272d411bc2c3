import { z } from 'zod';
import { defineResource } from '../../define.ts';

/** One container definition, reduced to what the checks read. Environment values are never collected. */
export const containerDefinitionConfig = z.object({
  name: z.string(),
  image: z.string().nullable(),
  privileged: z.boolean().nullable().describe('`privileged` (`null`: not set, which means false).'),
  readonlyRootFilesystem: z.boolean().nullable().describe('`readonlyRootFilesystem` (`null`: not set, which means a writable root filesystem).'),
  user: z.string().nullable().describe('`user` (`null`: not set, the image\'s user applies, root unless the image says otherwise).'),
  logDriver: z.string().nullable().describe('`logConfiguration.logDriver` (`null`: no log configuration).'),
  environmentNames: z.array(z.string()).describe('Names of the `environment` variables; their values are never read into mamori.'),
});
export type ContainerDefinitionConfig = z.infer<typeof containerDefinitionConfig>;

export const taskDefinitionConfig = z.object({
  family: z.string(),
  revision: z.number(),
  status: z.string().optional(),
  networkMode: z.string().nullable().optional().describe('`networkMode` (`null`: not set, bridge on EC2).'),
  pidMode: z.string().nullable().optional().describe('`pidMode`: host or task (`null`: not set, each container its own namespace).'),
  requiresCompatibilities: z.array(z.string()).optional(),
  containers: z.array(containerDefinitionConfig).optional().describe('The container definitions.'),
});
export type TaskDefinitionConfig = z.infer<typeof taskDefinitionConfig>;

export const taskDefinition = defineResource({
  type: 'aws.ecs.task-definition',
  description: 'The latest ACTIVE revision of each ECS task definition family, with its container definitions.',
  config: taskDefinitionConfig,
  scope: 'regional',
  calls: ['ecs:ListTaskDefinitions', 'ecs:DescribeTaskDefinition'],
  permissions: ['ecs:ListTaskDefinitions', 'ecs:DescribeTaskDefinition'],
  asff: 'AwsEcsTaskDefinition',
  changes: [
    { event: 'ecs.amazonaws.com:RegisterTaskDefinition', id: 'responseElements.taskDefinition.taskDefinitionArn', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Task definition',
      lines: [
        { text: `${c.family}:${c.revision}${c.requiresCompatibilities?.length ? ` (${c.requiresCompatibilities.join(', ')})` : ''}` },
        { text: `network mode ${c.networkMode === undefined ? 'unknown' : (c.networkMode ?? 'default')}`, evidenceId: 'path:config.networkMode' },
        { text: `pid mode ${c.pidMode === undefined ? 'unknown' : (c.pidMode ?? 'default')}`, evidenceId: 'path:config.pidMode' },
      ],
    },
    {
      title: 'Containers',
      lines: (c.containers ?? []).map((k) => ({
        text: `${k.name}${k.image ? ` — ${k.image}` : ''}; ${k.privileged ? 'privileged; ' : ''}root fs ${k.readonlyRootFilesystem ? 'read-only' : 'writable'}; user ${k.user ?? 'image default'}; logs ${k.logDriver ?? 'none'}`,
        evidenceId: `container:${k.name}`,
      })),
    },
  ],
});
