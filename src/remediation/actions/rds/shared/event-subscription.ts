/**
 * The RDS event subscription actions: each creates one subscription of mamori's for a source type's critical event
 * categories, to the SNS topic given as parameter; undo deletes the subscription it created. Built on the settings
 * factory with the subscription as the one setting (absent → present), the account's other subscriptions as what
 * stays.
 */
import { CreateEventSubscriptionCommand, DeleteEventSubscriptionCommand, DescribeEventSubscriptionsCommand, RDSClient } from '@aws-sdk/client-rds';
import { z } from 'zod';
import { listEventSubscriptions, uncovered } from '../../../../collectors/rds/event-subscription.ts';
import { MamoriError } from '../../../../core/errors.ts';
import { CRITICAL_EVENT_CATEGORIES } from '../../../../resources/aws/rds/event-subscription.ts';
import { sdk } from '../../../kit/sdk.ts';
import { settingAction, type Settings, type SettingValue } from '../../../kit/setting.ts';
import type { AnyAction } from '../../../types.ts';

const params = z.strictObject({
  snsTopicArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/, { error: 'expected an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)' })
    .optional()
    .describe('The SNS topic of the Region the events go to (required).'),
});
type Params = z.infer<typeof params>;

type Subscription = Awaited<ReturnType<typeof listEventSubscriptions>>[number];

/** The subscription as a setting value (null: absent). */
const asSetting = (s: Subscription | undefined): SettingValue => (s ? { sourceType: s.sourceType, categories: [...s.categories].sort(), snsTopicArn: s.snsTopicArn, enabled: s.enabled, sourceIds: s.sourceIds } : null);
const fromSetting = (name: string, v: SettingValue | undefined): Subscription | undefined => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, SettingValue>;
  return { name, sourceType: (o['sourceType'] as string | null) ?? null, categories: (o['categories'] as string[]) ?? [], snsTopicArn: String(o['snsTopicArn'] ?? ''), enabled: o['enabled'] === true, sourceIds: (o['sourceIds'] as string[]) ?? [] };
};
const othersOf = (all: Settings, name: string): Subscription[] => Object.entries(all).flatMap(([k, v]) => (k === name ? [] : (fromSetting(k, v) ?? [])));

/** An action creating `mamori-rds-<source>-events` for one source type's critical categories. */
export function eventSubscriptionAction(id: string, key: keyof typeof CRITICAL_EVENT_CATEGORIES): AnyAction {
  const { sourceType, categories } = CRITICAL_EVENT_CATEGORIES[key];
  const name = `mamori-rds-${sourceType.replace(/^db-/, '')}-events`;
  const missing = (all: Settings) => uncovered([...othersOf(all, name), ...(fromSetting(name, all[name]) ? [fromSetting(name, all[name])!] : [])], sourceType, categories);
  return settingAction<Params>({
    id,
    title: `Subscribe to critical RDS ${sourceType.replace(/^db-/, 'DB ').replace(/-/g, ' ')} events`,
    description: `rds:CreateEventSubscription ${name} (SourceType=${sourceType}, EventCategories=[${categories.join(', ')}], every source, enabled) to the SNS topic given as parameter snsTopicArn. The account's other subscriptions stay. Undo: rds:DeleteEventSubscription of the subscription it created.`,
    resourceType: 'aws.rds.event-subscription',
    sdk: [sdk(RDSClient, { CreateEventSubscriptionCommand, DeleteEventSubscriptionCommand, DescribeEventSubscriptionsCommand })],
    params,
    settings: [name],
    async read(api) {
      const all = await listEventSubscriptions(api.client(RDSClient));
      return Object.fromEntries(all.map((s) => [s.name, asSetting(s)]));
    },
    violations: (all) => {
      const m = missing(all);
      return m.length ? [`no enabled subscription covers ${sourceType} events ${m.join(', ')}`] : [];
    },
    fix(_all, p) {
      if (!p.snsTopicArn) throw new MamoriError('POLICY_INVALID', `${id} needs the parameter snsTopicArn (the SNS topic the RDS events go to): set response.params.snsTopicArn in the policy`);
      return { [name]: { sourceType, categories: [...categories].sort(), snsTopicArn: p.snsTopicArn, enabled: true, sourceIds: [] } };
    },
    write(values) {
      const v = fromSetting(name, values[name]);
      if (!v) return { operation: 'DeleteEventSubscription', params: { SubscriptionName: name }, purpose: `delete the subscription ${name}` };
      return {
        operation: 'CreateEventSubscription',
        params: { SubscriptionName: name, SnsTopicArn: v.snsTopicArn, SourceType: sourceType, EventCategories: [...categories], Enabled: true },
        purpose: `subscribe ${v.snsTopicArn} to ${sourceType} events ${categories.join(', ')}`,
      };
    },
    describe: (k, v) => (v === null ? `subscription ${k}: none` : `subscription ${k}: ${JSON.stringify(v)}`),
  });
}
