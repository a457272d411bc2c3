import { z } from 'zod';
import { defineResource } from '../../define.ts';
import { decryptAllStatement } from './kms-decrypt.ts';

export const iamPolicyConfig = z.object({
  policyName: z.string(),
  defaultVersionId: z.string().optional(),
  attachmentCount: z.number().int().optional(),
  document: z.record(z.string(), z.unknown()).optional().describe('The default version\'s document (decoded from the URL-encoded JSON IAM returns).'),
  decryptAllStatements: z.array(decryptAllStatement).optional().describe('Allow statements of the default version granting kms:Decrypt or kms:ReEncryptFrom (wildcards included) on every key.'),
});
export type IamPolicyConfig = z.infer<typeof iamPolicyConfig>;

export const iamPolicy = defineResource({
  type: 'aws.iam.policy',
  description: 'Customer managed IAM policies (GetAccountAuthorizationDetails, LocalManagedPolicy) with their default version and what it allows on KMS keys.',
  config: iamPolicyConfig,
  scope: 'global',
  calls: ['iam:GetAccountAuthorizationDetails'],
  permissions: ['iam:GetAccountAuthorizationDetails'],
  asff: 'AwsIamPolicy',
  // IAM is global: CloudTrail records it in us-east-1 (GLOBAL_REGION), where the type's resources are.
  changes: [
    { event: 'iam.amazonaws.com:CreatePolicy', id: 'responseElements.policy.arn', idKind: 'arn' },
    { event: 'iam.amazonaws.com:CreatePolicyVersion', id: 'requestParameters.policyArn', idKind: 'arn' },
    { event: 'iam.amazonaws.com:SetDefaultPolicyVersion', id: 'requestParameters.policyArn', idKind: 'arn' },
    // Removing a tag can end an exclusion that matched it.
    { event: 'iam.amazonaws.com:UntagPolicy', id: 'requestParameters.policyArn', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Managed policy',
      lines: [
        { text: `${c.policyName}, default version ${c.defaultVersionId ?? '?'}, attached ${c.attachmentCount ?? '?'} time(s)` },
        {
          text: c.decryptAllStatements === undefined ? 'statements unknown (could not be read)' : c.decryptAllStatements.length ? c.decryptAllStatements.map((s) => `${s.sid ?? `#${s.index}`}: ${s.actions.join(', ')} on ${s.resources.join(', ')}`).join('; ') : 'no statement allows decrypting with every key',
          evidenceId: 'path:config.decryptAllStatements',
        },
      ],
    },
  ],
});
