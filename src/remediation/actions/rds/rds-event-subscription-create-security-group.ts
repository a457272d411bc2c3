import { eventSubscriptionAction } from './shared/event-subscription.ts';

/** rds-event-subscription-create-security-group: subscribes the SNS topic given as parameter to the critical events of this source type. */
export const rdsEventSubscriptionCreateSecurityGroup = eventSubscriptionAction('rds-event-subscription-create-security-group', 'dbSecurityGroup');
