import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const mlTransformConfig = z.object({
  transformId: z.string(),
  name: z.string().nullable().optional(),
  status: z.string().nullable().optional().describe('NOT_READY, READY or DELETING.'),
  mlUserDataEncryptionMode: z.string().optional().describe('`TransformEncryption.MlUserDataEncryption.MlUserDataEncryptionMode`: DISABLED or SSE-KMS (absent in the answer: DISABLED).'),
});
export type MlTransformConfig = z.infer<typeof mlTransformConfig>;

export const mlTransform = defineResource({
  type: 'aws.glue.ml-transform',
  description: 'AWS Glue machine learning transforms with the encryption of their user data.',
  config: mlTransformConfig,
  scope: 'regional',
  calls: ['glue:GetMLTransforms', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['glue:GetMLTransforms', 'tag:GetResources'],
  asff: 'Other',
  changes: [
    { event: 'glue.amazonaws.com:CreateMLTransform', id: 'responseElements.transformId' },
    { event: 'glue.amazonaws.com:UpdateMLTransform', id: 'requestParameters.transformId' },
  ],
  sections: (c) => [
    {
      title: 'ML transform',
      lines: [
        { text: `${c.name ?? c.transformId}${c.status ? ` — ${c.status}` : ''}` },
        { text: c.mlUserDataEncryptionMode === undefined ? 'user data encryption unknown' : `user data encryption ${c.mlUserDataEncryptionMode}`, evidenceId: 'path:config.mlUserDataEncryptionMode' },
      ],
    },
  ],
});
