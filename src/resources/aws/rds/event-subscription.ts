import { z } from 'zod';
import { defineResource, fieldLine, section } from '../../define.ts';

/**
 * The event categories FSBP RDS.19–22 want covered for each source type: a subscription covers them when it is
 * enabled, has that source type, no source ids (every source of the type) and lists them (or no category: all).
 */
export const CRITICAL_EVENT_CATEGORIES = {
  dbInstance: { sourceType: 'db-instance', categories: ['failure', 'maintenance', 'configuration change'] },
  dbCluster: { sourceType: 'db-cluster', categories: ['failure', 'maintenance'] },
  dbParameterGroup: { sourceType: 'db-parameter-group', categories: ['configuration change'] },
  dbSecurityGroup: { sourceType: 'db-security-group', categories: ['configuration change', 'failure'] },
} as const;

const missing = z.array(z.string()).optional();

export const eventSubscriptionsConfig = z.object({
  region: z.string(),
  subscriptions: z
    .array(z.object({ name: z.string(), enabled: z.boolean(), sourceType: z.string().nullable(), sourceIds: z.array(z.string()), categories: z.array(z.string()), snsTopicArn: z.string() }))
    .optional()
    .describe('Every event subscription of the account in the region (DescribeEventSubscriptions); `sourceType` `null`: every source type, `categories` empty: every category.'),
  missingDbInstance: missing.describe('Critical DB instance event categories (failure, maintenance, configuration change) no enabled subscription covers for every instance; empty: covered.'),
  missingDbCluster: missing.describe('Critical DB cluster event categories (failure, maintenance) no enabled subscription covers; empty: covered.'),
  missingDbParameterGroup: missing.describe('Critical DB parameter group event categories (configuration change) no enabled subscription covers; empty: covered.'),
  missingDbSecurityGroup: missing.describe('Critical DB security group event categories (configuration change, failure) no enabled subscription covers; empty: covered.'),
});
export type EventSubscriptionsConfig = z.infer<typeof eventSubscriptionsConfig>;

const cover = (m: string[] | undefined) => (m === undefined ? 'unknown (could not be read)' : m.length ? `not covered: ${m.join(', ')}` : 'covered');

export const eventSubscriptions = defineResource({
  type: 'aws.rds.event-subscription',
  description: 'The RDS event subscriptions of an account in a Region (one resource per account and Region with DB instances) and which critical event categories they leave uncovered.',
  config: eventSubscriptionsConfig,
  scope: 'regional',
  calls: ['rds:DescribeDBInstances', 'rds:DescribeEventSubscriptions'],
  permissions: ['rds:DescribeDBInstances', 'rds:DescribeEventSubscriptions'],
  asff: 'AwsRdsEventSubscription',
  // The resource is the region's set of subscriptions (one per account and region): any change to a subscription, its deletion included, re-reads it.
  changes: [
    { event: 'rds.amazonaws.com:CreateEventSubscription', id: 'recipientAccountId', idKind: 'account' },
    { event: 'rds.amazonaws.com:ModifyEventSubscription', id: 'recipientAccountId', idKind: 'account' },
    { event: 'rds.amazonaws.com:DeleteEventSubscription', id: 'recipientAccountId', idKind: 'account' },
    { event: 'rds.amazonaws.com:AddSourceIdentifierToSubscription', id: 'recipientAccountId', idKind: 'account' },
    { event: 'rds.amazonaws.com:RemoveSourceIdentifierFromSubscription', id: 'recipientAccountId', idKind: 'account' },
  ],
  sections: (c) => [
    section(
      'Critical events',
      fieldLine('missingDbInstance', `DB instances: ${cover(c.missingDbInstance)}`),
      fieldLine('missingDbCluster', `DB clusters: ${cover(c.missingDbCluster)}`),
      fieldLine('missingDbParameterGroup', `DB parameter groups: ${cover(c.missingDbParameterGroup)}`),
      fieldLine('missingDbSecurityGroup', `DB security groups: ${cover(c.missingDbSecurityGroup)}`),
    ),
    section(
      'Subscriptions',
      ...(c.subscriptions === undefined
        ? [{ text: 'unknown (could not be read)' }]
        : c.subscriptions.length === 0
          ? [{ text: 'none' }]
          : c.subscriptions.map((s) => ({
              text: `${s.name}${s.enabled ? '' : ' (disabled)'}: ${s.sourceType ?? 'all sources'}${s.sourceIds.length ? ` ${s.sourceIds.join(', ')}` : ''} — ${s.categories.join(', ') || 'all categories'} → ${s.snsTopicArn}`,
            }))),
    ),
  ],
});
