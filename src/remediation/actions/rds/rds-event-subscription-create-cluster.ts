import { eventSubscriptionAction } from './shared/event-subscription.ts';

/** rds-event-subscription-create-cluster: subscribes the SNS topic given as parameter to the critical events of this source type. */
export const rdsEventSubscriptionCreateCluster = eventSubscriptionAction('rds-event-subscription-create-cluster', 'dbCluster');
