import { z } from 'zod';
import { defineResource } from '../../define.ts';
import { decryptAllStatement } from './kms-decrypt.ts';

export const inlinePolicyConfig = z.object({
  principalType: z.enum(['user', 'group', 'role']),
  principalName: z.string(),
  policyName: z.string(),
  document: z.record(z.string(), z.unknown()).optional().describe('The policy document (decoded from the URL-encoded JSON IAM returns).'),
  decryptAllStatements: z.array(decryptAllStatement).optional().describe('Allow statements granting kms:Decrypt or kms:ReEncryptFrom (wildcards included) on every key (`index`, `sid`, `actions`, `resources`).'),
});
export type InlinePolicyConfig = z.infer<typeof inlinePolicyConfig>;

export const inlinePolicy = defineResource({
  type: 'aws.iam.inline-policy',
  description: 'Inline policies of IAM users, groups and roles (GetAccountAuthorizationDetails), with what they allow on KMS keys.',
  config: inlinePolicyConfig,
  scope: 'global',
  calls: ['iam:GetAccountAuthorizationDetails'],
  permissions: ['iam:GetAccountAuthorizationDetails'],
  asff: 'Other',
  // IAM is global: CloudTrail records it in us-east-1 (GLOBAL_REGION), where the type's resources are.
  changes: [
    { event: 'iam.amazonaws.com:PutUserPolicy', id: 'user/{requestParameters.userName}/{requestParameters.policyName}' },
    { event: 'iam.amazonaws.com:PutGroupPolicy', id: 'group/{requestParameters.groupName}/{requestParameters.policyName}' },
    { event: 'iam.amazonaws.com:PutRolePolicy', id: 'role/{requestParameters.roleName}/{requestParameters.policyName}' },
  ],
  sections: (c) => [
    {
      title: 'Inline policy',
      lines: [
        { text: `${c.policyName} of ${c.principalType} ${c.principalName}` },
        {
          text: c.decryptAllStatements === undefined ? 'statements unknown (could not be read)' : c.decryptAllStatements.length ? c.decryptAllStatements.map((s) => `${s.sid ?? `#${s.index}`}: ${s.actions.join(', ')} on ${s.resources.join(', ')}`).join('; ') : 'no statement allows decrypting with every key',
          evidenceId: 'path:config.decryptAllStatements',
        },
      ],
    },
  ],
});
