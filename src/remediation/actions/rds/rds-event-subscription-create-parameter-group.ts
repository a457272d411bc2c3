import { eventSubscriptionAction } from './shared/event-subscription.ts';

/** rds-event-subscription-create-parameter-group: subscribes the SNS topic given as parameter to the critical events of this source type. */
export const rdsEventSubscriptionCreateParameterGroup = eventSubscriptionAction('rds-event-subscription-create-parameter-group', 'dbParameterGroup');
