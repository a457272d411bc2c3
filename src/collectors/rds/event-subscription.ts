import { paginateDescribeEventSubscriptions, RDSClient } from '@aws-sdk/client-rds';
import { describeAwsError } from '../../aws/errors.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { CRITICAL_EVENT_CATEGORIES, eventSubscriptions, type EventSubscriptionsConfig } from '../../resources/aws/rds/event-subscription.ts';
import { sharedRead } from '../memo.ts';
import { defineCollector, envelope } from '../types.ts';
import { listDbInstances } from './instance.ts';

type Subscription = NonNullable<EventSubscriptionsConfig['subscriptions']>[number];

/** Every event subscription of the account in the region (DescribeEventSubscriptions, 100 per page). */
export async function listEventSubscriptions(client: RDSClient): Promise<Subscription[]> {
  const out: Subscription[] = [];
  for await (const page of paginateDescribeEventSubscriptions({ client, pageSize: 100 }, {})) {
    for (const s of page.EventSubscriptionsList ?? []) {
      if (!s.CustSubscriptionId) continue;
      out.push({
        name: s.CustSubscriptionId,
        // A subscription AWS answers without Enabled cannot be counted on.
        enabled: s.Enabled === true,
        sourceType: s.SourceType ?? null,
        sourceIds: [...(s.SourceIdsList ?? [])],
        categories: (s.EventCategoriesList ?? []).map((c) => c.toLowerCase()),
        snsTopicArn: s.SnsTopicArn ?? '?',
      });
    }
  }
  return out;
}

/**
 * The categories of `wanted` that no subscription covers for every source of `sourceType`: a subscription covers
 * what it lists (every category when it lists none) when it is enabled, of that source type (or of none: all
 * types) and names no source ids. Categories add up across subscriptions.
 */
export function uncovered(subscriptions: readonly Subscription[], sourceType: string, wanted: readonly string[]): string[] {
  const covering = subscriptions.filter((s) => s.enabled && (s.sourceType === null || s.sourceType === sourceType) && s.sourceIds.length === 0);
  return wanted.filter((c) => !covering.some((s) => s.categories.length === 0 || s.categories.includes(c)));
}

/** The evaluated config of one account and region from its subscriptions. */
export function eventSubscriptionsConfigOf(region: string, subscriptions: Subscription[]): EventSubscriptionsConfig {
  const config: EventSubscriptionsConfig = { region, subscriptions };
  for (const [key, { sourceType, categories }] of Object.entries(CRITICAL_EVENT_CATEGORIES)) {
    const field = `missing${key[0]!.toUpperCase()}${key.slice(1)}` as 'missingDbInstance';
    config[field] = uncovered(subscriptions, sourceType, categories);
  }
  return config;
}

/**
 * `aws.rds.event-subscription`: one resource per account and Region where RDS has DB instances (the instance
 * listing is shared with the instance collector): the account uses RDS there, and Prowler too checks subscriptions only
 * where there is something to hear about. An unreadable subscription listing leaves every coverage unknown.
 */
export const eventSubscriptionsCollector = defineCollector(eventSubscriptions, async (ctx) => {
  const client = ctx.client(RDSClient);
  const instances = await sharedRead(ctx, 'rds:DescribeDBInstances', () => listDbInstances(client));
  if (instances.length === 0) return [];
  const errors: ReadErrors = {};
  let config: EventSubscriptionsConfig = { region: ctx.region };
  try {
    config = eventSubscriptionsConfigOf(ctx.region, await listEventSubscriptions(client));
  } catch (e) {
    const why = describeAwsError(e);
    for (const f of ['subscriptions', 'missingDbInstance', 'missingDbCluster', 'missingDbParameterGroup', 'missingDbSecurityGroup']) errors[f] = why;
  }
  return [
    envelope(ctx, eventSubscriptions, {
      id: `${ctx.account.id}/${ctx.region}`,
      arn: `arn:aws:rds:${ctx.region}:${ctx.account.id}:event-subscriptions`,
      name: `RDS event subscriptions ${ctx.region}`,
      config,
      readErrors: errors,
    }),
  ];
});
