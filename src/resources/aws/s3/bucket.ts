import { z } from 'zod';
import { defineResource, fieldLine, section, valueText, type Section, type SectionLine } from '../../define.ts';

export const s3PermissionSchema = z.enum(['READ', 'WRITE', 'READ_ACP', 'WRITE_ACP', 'FULL_CONTROL']);
export type S3Permission = z.infer<typeof s3PermissionSchema>;

export const s3GranteeSchema = z.object({
  type: z.enum(['CanonicalUser', 'Group', 'AmazonCustomerByEmail']),
  id: z.string().optional(),
  uri: z.string().optional(),
  displayName: z.string().optional(),
  emailAddress: z.string().optional(),
});
export type S3Grantee = z.infer<typeof s3GranteeSchema>;

export const s3GrantSchema = z.object({ grantee: s3GranteeSchema, permission: s3PermissionSchema });
export type S3Grant = z.infer<typeof s3GrantSchema>;

export const s3AclSchema = z.object({ owner: z.object({ id: z.string(), displayName: z.string().optional() }), grants: z.array(s3GrantSchema) });
export type S3Acl = z.infer<typeof s3AclSchema>;

export const publicAccessBlockSchema = z.object({
  blockPublicAcls: z.boolean(),
  ignorePublicAcls: z.boolean(),
  blockPublicPolicy: z.boolean(),
  restrictPublicBuckets: z.boolean(),
});
export type PublicAccessBlock = z.infer<typeof publicAccessBlockSchema>;

export const s3EncryptionRuleSchema = z.object({ sseAlgorithm: z.string().optional(), kmsMasterKeyId: z.string().optional(), bucketKeyEnabled: z.boolean().optional() });
export type S3EncryptionRule = z.infer<typeof s3EncryptionRuleSchema>;

export const s3LifecycleRuleSchema = z.object({
  id: z.string().nullable(),
  status: z.enum(['Enabled', 'Disabled']),
  prefix: z.string().nullable(),
  expirationDays: z.number().nullable(),
  expiration: z.boolean().describe('The rule expires current objects (Days, Date or expired delete markers).'),
  noncurrentVersionExpiration: z.boolean(),
  transitions: z.number(),
});
export type S3LifecycleRule = z.infer<typeof s3LifecycleRuleSchema>;

export const s3BucketConfig = z.object({
  name: z.string(),
  location: z.string().describe('The bucket\'s region from GetBucketLocation (`us-east-1` for an empty LocationConstraint).'),
  creationDate: z.string().optional(),
  ownership: z.enum(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']).nullable().optional().describe('Object ownership; `null` when no ownership controls are set (ACLs are in effect).'),
  acl: s3AclSchema.optional(),
  policy: z.string().nullable().optional().describe('The bucket policy document as returned (JSON text); `null` when the bucket has no policy.'),
  policyStatus: z.object({ isPublic: z.boolean().optional() }).nullable().optional().describe('GetBucketPolicyStatus; `null` when the bucket has no policy.'),
  publicAccessBlock: publicAccessBlockSchema.nullable().optional().describe('Bucket-level Block Public Access; `null` when not configured.'),
  accountPublicAccessBlock: publicAccessBlockSchema.nullable().optional().describe('Account-level Block Public Access (S3 Control); `null` when not configured.'),
  encryption: z.object({ rules: z.array(s3EncryptionRuleSchema) }).nullable().optional().describe('Default encryption rules; `null` when the bucket has no default encryption configuration.'),
  aclGrantsBeyondOwner: z.array(s3GrantSchema).optional().describe('From GetBucketAcl: the grants to anyone but the bucket owner (other accounts, groups).'),
  logging: z.object({ targetBucket: z.string(), targetPrefix: z.string() }).nullable().optional().describe('Server access logging (GetBucketLogging); `null` when off.'),
  notificationDestinations: z.array(z.string()).optional().describe('Event notification destinations (GetBucketNotificationConfiguration): topic, queue and function ARNs, and `EventBridge`; empty when none.'),
  lifecycleRules: z.array(s3LifecycleRuleSchema).nullable().optional().describe('Lifecycle rules (GetBucketLifecycleConfiguration); `null` when the bucket has no lifecycle configuration.'),
  enabledLifecycleRules: z.array(z.string()).optional().describe('The IDs of the lifecycle rules with Status Enabled (`#<index>` for a rule without ID); empty when none.'),
  versioning: z.enum(['Enabled', 'Suspended']).nullable().optional().describe('Versioning status (GetBucketVersioning); `null` when never enabled.'),
  mfaDelete: z.enum(['Enabled', 'Disabled']).nullable().optional().describe('MFA Delete (GetBucketVersioning); `null` when never configured.'),
});
export type S3BucketConfig = z.infer<typeof s3BucketConfig>;

function bpaLines(label: string, b: PublicAccessBlock | null | undefined, path: string): SectionLine[] {
  if (b === undefined) return [{ text: `${label}: unknown (could not be read)` }];
  if (b === null) return [{ text: `${label}: not configured`, evidenceId: `path:config.${path}` }];
  return (Object.keys(b) as (keyof PublicAccessBlock)[]).map((k) => ({ text: `${label} ${k}: ${b[k]}`, evidenceId: `path:config.${path}.${k}` }));
}

function statementsOf(policy: string): unknown[] {
  try {
    const doc = JSON.parse(policy) as { Statement?: unknown };
    return Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  } catch {
    return [];
  }
}

export const bucket = defineResource({
  type: 'aws.s3.bucket',
  description: 'S3 buckets of the account in the regions in scope, with ACL, ownership, policy, Block Public Access, default encryption, access logging, event notifications, lifecycle rules and versioning.',
  config: s3BucketConfig,
  scope: 'account',
  calls: [
    's3:ListBuckets',
    's3:GetBucketLocation',
    's3:GetBucketAcl',
    's3:GetBucketOwnershipControls',
    's3:GetBucketPolicy',
    's3:GetBucketPolicyStatus',
    's3:GetPublicAccessBlock',
    's3:GetBucketEncryption',
    's3:GetBucketLogging',
    's3:GetBucketNotificationConfiguration',
    's3:GetBucketLifecycleConfiguration',
    's3:GetBucketVersioning',
    's3control:GetPublicAccessBlock',
    'resourcegroupstaggingapi:GetResources',
  ],
  permissions: [
    's3:ListAllMyBuckets',
    's3:GetBucketLocation',
    's3:GetBucketAcl',
    's3:GetBucketOwnershipControls',
    's3:GetBucketPolicy',
    's3:GetBucketPolicyStatus',
    's3:GetBucketPublicAccessBlock',
    's3:GetEncryptionConfiguration',
    's3:GetBucketLogging',
    's3:GetBucketNotification',
    's3:GetLifecycleConfiguration',
    's3:GetBucketVersioning',
    's3:GetAccountPublicAccessBlock',
    'tag:GetResources',
  ],
  asff: 'AwsS3Bucket',
  // CloudTrail names the Block Public Access writes PutBucketPublicAccessBlock/DeleteBucketPublicAccessBlock (the API's
  // PutPublicAccessBlock/DeletePublicAccessBlock): https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html
  changes: [
    { event: 's3.amazonaws.com:CreateBucket', id: 'requestParameters.bucketName' },
    { event: 's3.amazonaws.com:PutBucketAcl', id: 'requestParameters.bucketName' },
    { event: 's3.amazonaws.com:PutBucketPolicy', id: 'requestParameters.bucketName' },
    { event: 's3.amazonaws.com:DeleteBucketPolicy', id: 'requestParameters.bucketName' },
    { event: 's3.amazonaws.com:PutBucketPublicAccessBlock', id: 'requestParameters.bucketName' },
    { event: 's3.amazonaws.com:DeleteBucketPublicAccessBlock', id: 'requestParameters.bucketName' },
    { event: 's3.amazonaws.com:PutBucketOwnershipControls', id: 'requestParameters.bucketName' },
    { event: 's3.amazonaws.com:DeleteBucketOwnershipControls', id: 'requestParameters.bucketName' },
    { event: 's3.amazonaws.com:PutBucketEncryption', id: 'requestParameters.bucketName' },
    { event: 's3.amazonaws.com:DeleteBucketEncryption', id: 'requestParameters.bucketName' },
    // CloudTrail names PutBucketLifecycleConfiguration and PutBucketNotificationConfiguration by their older operations, PutBucketLifecycle and
    // PutBucketNotification (same page); tags matter to exclusions.
    { event: 's3.amazonaws.com:PutBucketLogging', id: 'requestParameters.bucketName' },
    { event: 's3.amazonaws.com:PutBucketNotification', id: 'requestParameters.bucketName' },
    { event: 's3.amazonaws.com:PutBucketLifecycle', id: 'requestParameters.bucketName' },
    { event: 's3.amazonaws.com:DeleteBucketLifecycle', id: 'requestParameters.bucketName' },
    { event: 's3.amazonaws.com:PutBucketVersioning', id: 'requestParameters.bucketName' },
    { event: 's3.amazonaws.com:PutBucketTagging', id: 'requestParameters.bucketName' },
    { event: 's3.amazonaws.com:DeleteBucketTagging', id: 'requestParameters.bucketName' },
  ],
  sections(c, ctx): Section[] {
    const sections: Section[] = [];
    const acl = c.acl;
    sections.push({
      title: 'ACL grants',
      lines: acl
        ? acl.grants.map((g) => {
            const group = g.grantee.uri?.split('/').pop();
            const who = g.grantee.type === 'Group' ? (group ?? g.grantee.uri ?? 'group') : (g.grantee.displayName ?? g.grantee.id ?? g.grantee.emailAddress ?? g.grantee.type);
            return group ? { text: `${g.permission} to ${who}`, evidenceId: `grant:${group}:${g.permission}` } : { text: `${g.permission} to ${who}` };
          })
        : [{ text: 'ACL: unknown (could not be read)' }],
    });
    const statements = typeof c.policy === 'string' ? statementsOf(c.policy) : [];
    sections.push({
      title: 'Bucket policy',
      lines:
        c.policy === null
          ? [{ text: 'no bucket policy' }]
          : c.policy === undefined
            ? [{ text: 'policy: unknown (could not be read)' }]
            : statements.map((s, i) => {
                const st = s as Record<string, unknown>;
                const sid = typeof st.Sid === 'string' && st.Sid !== '' ? st.Sid : undefined;
                // Evidence names a statement by Sid where it has one, else by position; mark whichever the findings used.
                const bySid = sid !== undefined && ctx.marked(`statement:${sid}`) ? `statement:${sid}` : `statement:#${i}`;
                const id = sid !== undefined && !ctx.marked(`statement:#${i}`) ? `statement:${sid}` : bySid;
                return {
                  text: `${sid ?? `#${i}`}: ${String(st.Effect ?? '?')} ${JSON.stringify(st.Action ?? st.NotAction ?? '')} to ${JSON.stringify(st.Principal ?? st.NotPrincipal ?? '')}${st.Condition ? ' with conditions' : ''}`,
                  evidenceId: id,
                  detail: JSON.stringify(st),
                };
              }),
    });
    sections.push({ title: 'Block Public Access', lines: [...bpaLines('bucket', c.publicAccessBlock, 'publicAccessBlock'), ...bpaLines('account', c.accountPublicAccessBlock, 'accountPublicAccessBlock')] });
    sections.push({
      title: 'Default encryption',
      lines:
        c.encryption === undefined
          ? [{ text: 'unknown (could not be read)', evidenceId: 'path:config.encryption' }]
          : c.encryption === null
            ? [{ text: 'none', evidenceId: 'path:config.encryption' }]
            : c.encryption.rules.map((r) => ({ text: `${r.sseAlgorithm ?? '?'}${r.kmsMasterKeyId ? ` key ${r.kmsMasterKeyId}` : ''}${r.bucketKeyEnabled ? ' (bucket key)' : ''}`, evidenceId: 'path:config.encryption' })),
    });
    if (c.ownership !== undefined) sections.push({ title: 'Object ownership', lines: [{ text: c.ownership ?? 'not set (ACLs in effect)', evidenceId: 'path:config.ownership' }] });
    if (c.aclGrantsBeyondOwner?.length) {
      sections.push(section('ACL grants beyond the owner', ...c.aclGrantsBeyondOwner.map((g) => fieldLine('aclGrantsBeyondOwner', `${g.permission} to ${g.grantee.uri?.split('/').pop() ?? g.grantee.displayName ?? g.grantee.id ?? g.grantee.type}`))));
    }
    sections.push(
      section(
        'Logging, events, lifecycle, versioning',
        fieldLine('logging', `server access logging: ${valueText(c.logging, (l) => `to ${l.targetBucket}/${l.targetPrefix}`, 'off')}`),
        fieldLine('notificationDestinations', `event notifications: ${c.notificationDestinations === undefined ? 'unknown (could not be read)' : c.notificationDestinations.length ? c.notificationDestinations.join(', ') : 'none'}`),
        fieldLine('enabledLifecycleRules', `lifecycle: ${valueText(c.lifecycleRules, (rules) => `${rules.length} rule(s), enabled: ${(c.enabledLifecycleRules ?? []).join(', ') || 'none'}`, 'no configuration')}`),
        fieldLine('versioning', `versioning: ${valueText(c.versioning, (v) => v, 'never enabled')}`),
        fieldLine('mfaDelete', `MFA Delete: ${valueText(c.mfaDelete, (v) => v, 'never configured')}`),
      ),
    );
    return sections;
  },
});
