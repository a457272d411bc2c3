import { z } from 'zod';
import { defineResource } from '../../define.ts';

/**
 * The day AWS deprecates each Lambda-managed runtime, from AWS's runtime tables
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html, "Supported runtimes" and
 * "Deprecated runtimes"; policy: https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html).
 * From that day the runtime gets no more security patches. Update this table when AWS publishes new
 * dates; an identifier it does not list is taken as a runtime released since (supported).
 */
export const LAMBDA_RUNTIME_DEPRECATION: Readonly<Record<string, string>> = {
  nodejs: '2016-10-31',
  'nodejs4.3': '2020-03-05',
  'nodejs4.3-edge': '2019-04-30',
  'nodejs6.10': '2019-08-12',
  'nodejs8.10': '2020-03-06',
  'nodejs10.x': '2021-07-30',
  'nodejs12.x': '2023-03-31',
  'nodejs14.x': '2023-12-04',
  'nodejs16.x': '2024-06-12',
  'nodejs18.x': '2025-09-01',
  'nodejs20.x': '2026-04-30',
  'nodejs22.x': '2027-04-30',
  'nodejs24.x': '2028-04-30',
  'python2.7': '2021-07-15',
  'python3.6': '2022-07-18',
  'python3.7': '2023-12-04',
  'python3.8': '2024-10-14',
  'python3.9': '2025-12-15',
  'python3.10': '2026-06-30',
  'python3.11': '2027-06-30',
  'python3.12': '2028-10-31',
  'python3.13': '2029-06-30',
  'python3.14': '2029-06-30',
  java8: '2024-01-08',
  'java8.al2': '2026-06-30',
  java11: '2026-06-30',
  java17: '2026-06-30',
  java21: '2029-06-30',
  java25: '2029-06-30',
  'dotnetcore1.0': '2019-07-30',
  'dotnetcore2.0': '2019-05-30',
  'dotnetcore2.1': '2022-01-05',
  'dotnetcore3.1': '2023-04-03',
  'dotnet5.0': '2022-05-10',
  dotnet6: '2024-12-20',
  dotnet7: '2024-05-14',
  dotnet8: '2026-11-10',
  dotnet10: '2028-11-14',
  'ruby2.5': '2021-07-30',
  'ruby2.7': '2023-12-07',
  'ruby3.2': '2026-03-31',
  'ruby3.3': '2027-03-31',
  'ruby3.4': '2028-03-31',
  'go1.x': '2024-01-08',
  provided: '2024-01-08',
  'provided.al2': '2026-06-30',
  'provided.al2023': '2029-06-30',
};

/** Whether a runtime is deprecated on `now`, with its deprecation date (`null`: not in the table). */
export function runtimeDeprecation(runtime: string, now: Date): { runtimeDeprecated: boolean; runtimeDeprecationDate: string | null } {
  const date = LAMBDA_RUNTIME_DEPRECATION[runtime];
  if (!date) return { runtimeDeprecated: false, runtimeDeprecationDate: null };
  return { runtimeDeprecated: now.toISOString().slice(0, 10) >= date, runtimeDeprecationDate: date };
}

const publicStatement = z.object({ sid: z.string().nullable(), principal: z.unknown(), action: z.unknown() });

export const functionConfig = z.object({
  functionName: z.string(),
  packageType: z.string().optional().describe('`Zip` or `Image`.'),
  runtime: z.string().nullable().optional().describe('Runtime identifier (`python3.12`); `null` for container images, which bring their own.'),
  runtimeDeprecated: z.boolean().nullable().optional().describe('The runtime is past its deprecation date on the day of the scan (table in the descriptor); `null` for container images.'),
  runtimeDeprecationDate: z.string().nullable().optional().describe('The day AWS deprecates (deprecated) the runtime; `null` when not in the table or a container image.'),
  role: z.string().optional(),
  vpcId: z.string().nullable().optional().describe('`VpcConfig.VpcId` (`null`: not attached to a VPC).'),
  subnetIds: z.array(z.string()).optional(),
  securityGroupIds: z.array(z.string()).optional(),
  availabilityZones: z.array(z.string()).nullable().optional().describe('The distinct Availability Zones of its subnets (ec2:DescribeSubnets); `null`: not in a VPC.'),
  availabilityZoneCount: z.number().nullable().optional().describe('How many zones `availabilityZones` names; `null`: not in a VPC.'),
  policy: z.record(z.string(), z.unknown()).nullable().optional().describe('The resource-based policy document (GetPolicy; `null`: none).'),
  publicStatements: z.array(publicStatement).optional().describe('Statements of the policy that allow anyone (`Principal` `*`) with no condition on the source account, ARN or organization.'),
});
export type FunctionConfig = z.infer<typeof functionConfig>;

export const lambdaFunction = defineResource({
  type: 'aws.lambda.function',
  description: 'Lambda functions: runtime and its deprecation, VPC attachment, resource-based policy.',
  config: functionConfig,
  scope: 'regional',
  calls: ['lambda:ListFunctions', 'lambda:GetPolicy', 'resourcegroupstaggingapi:GetResources', 'ec2:DescribeSubnets'],
  permissions: ['lambda:ListFunctions', 'lambda:GetPolicy', 'tag:GetResources', 'ec2:DescribeSubnets'],
  asff: 'AwsLambdaFunction',
  // Lambda's CloudTrail event names carry the API version; FunctionName may be a name or an ARN (idKind name matches
  // both): https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html
  changes: [
    { event: 'lambda.amazonaws.com:CreateFunction20150331', id: 'responseElements.functionArn', idKind: 'arn' },
    { event: 'lambda.amazonaws.com:UpdateFunctionConfiguration20150331v2', id: 'responseElements.functionArn', idKind: 'arn' },
    { event: 'lambda.amazonaws.com:AddPermission20150331v2', id: 'requestParameters.functionName', idKind: 'name' },
    { event: 'lambda.amazonaws.com:RemovePermission20150331v2', id: 'requestParameters.functionName', idKind: 'name' },
    // Removing a tag can end an exclusion that matched it.
    { event: 'lambda.amazonaws.com:UntagResource20170331v2', id: 'requestParameters.resource', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Function',
      lines: [
        {
          text: c.runtime === null ? 'container image' : `runtime ${c.runtime ?? '?'}${c.runtimeDeprecationDate ? ` — deprecated ${c.runtimeDeprecated ? 'since' : 'on'} ${c.runtimeDeprecationDate}` : ''}`,
          evidenceId: 'path:config.runtimeDeprecated',
        },
        {
          text: c.vpcId ? `vpc ${c.vpcId}, subnets ${(c.subnetIds ?? []).join(', ')} in ${c.availabilityZones ? c.availabilityZones.join(', ') || 'no zone' : 'unknown zones'}` : c.vpcId === null ? 'not in a VPC' : 'vpc unknown',
          evidenceId: 'path:config.availabilityZoneCount',
        },
      ],
    },
    {
      title: 'Resource-based policy',
      lines: [
        {
          text: c.publicStatements === undefined ? 'unknown (could not be read)' : c.policy === null ? 'none' : c.publicStatements.length ? `public: ${c.publicStatements.map((s) => s.sid ?? '(no Sid)').join(', ')}` : 'not public',
          evidenceId: 'path:config.publicStatements',
        },
      ],
    },
  ],
});
