import { eventSubscriptionAction } from './shared/event-subscription.ts';

/** rds-event-subscription-create-instance: subscribes the SNS topic given as parameter to the critical events of this source type. */
export const rdsEventSubscriptionCreateInstance = eventSubscriptionAction('rds-event-subscription-create-instance', 'dbInstance');
