import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const stateMachineConfig = z.object({
  name: z.string(),
  stateMachineType: z.enum(['STANDARD', 'EXPRESS']).optional(),
  status: z.string().optional(),
  roleArn: z.string().optional(),
  // From DescribeStateMachine: unknown together when it fails.
  loggingLevel: z.enum(['ALL', 'ERROR', 'FATAL', 'OFF']).optional().describe('`loggingConfiguration.level` (AWS\'s default, `OFF`, when the answer has no logging configuration).'),
  includeExecutionData: z.boolean().optional().describe('`loggingConfiguration.includeExecutionData`.'),
  logDestinations: z.array(z.string()).optional().describe('The CloudWatch Logs log group ARNs logging goes to.'),
  tracingEnabled: z.boolean().optional().describe('`tracingConfiguration.enabled` (X-Ray).'),
  encryptionType: z.string().nullable().optional().describe('`encryptionConfiguration.type`: AWS_OWNED_KEY or CUSTOMER_MANAGED_KMS_KEY (`null` when not returned: AWS-owned).'),
});
export type StateMachineConfig = z.infer<typeof stateMachineConfig>;

export const stateMachine = defineResource({
  type: 'aws.states.state-machine',
  description: 'Step Functions state machines with their logging, tracing and encryption settings.',
  config: stateMachineConfig,
  scope: 'regional',
  calls: ['sfn:ListStateMachines', 'sfn:DescribeStateMachine', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['states:ListStateMachines', 'states:DescribeStateMachine', 'tag:GetResources'],
  asff: 'AwsStepFunctionStateMachine',
  changes: [
    { event: 'states.amazonaws.com:CreateStateMachine', id: 'responseElements.stateMachineArn', idKind: 'arn' },
    { event: 'states.amazonaws.com:UpdateStateMachine', id: 'requestParameters.stateMachineArn', idKind: 'arn' },
    // Removing a tag can end an exclusion that matched it.
    { event: 'states.amazonaws.com:UntagResource', id: 'requestParameters.resourceArn', idKind: 'arn' },
  ],
  sections: (c) => [
    { title: 'State machine', lines: [{ text: `${c.stateMachineType ?? '?'} ${c.status ?? ''}`.trim() }, ...(c.roleArn ? [{ text: `role ${c.roleArn}` }] : [])] },
    {
      title: 'Logging',
      lines: [
        { text: `log level ${c.loggingLevel ?? 'unknown (could not be read)'}`, evidenceId: 'path:config.loggingLevel' },
        ...(c.logDestinations?.length ? [{ text: `to ${c.logDestinations.join(', ')}` }] : []),
      ],
    },
  ],
});
