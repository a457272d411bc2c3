import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const eventBusConfig = z.object({
  name: z.string(),
  kind: z.enum(['default', 'custom', 'partner']).describe('`default` (the account\'s own bus), `partner` (a SaaS partner\'s bus, `aws.partner/…`) or `custom`.'),
  policy: z.string().nullable().optional().describe('The resource-based policy (JSON text) as ListEventBuses returns it, or `null` when the bus has none.'),
});
export type EventBusConfig = z.infer<typeof eventBusConfig>;

export const eventBus = defineResource({
  type: 'aws.events.event-bus',
  description: 'EventBridge event buses with their resource-based policies (from the listing).',
  config: eventBusConfig,
  scope: 'regional',
  calls: ['eventbridge:ListEventBuses', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['events:ListEventBuses', 'tag:GetResources'],
  asff: 'AwsEventsEventbus',
  // PutPermission and RemovePermission without EventBusName change the default bus and name none: scheduled scans see those.
  changes: [
    { event: 'events.amazonaws.com:CreateEventBus', id: 'requestParameters.name' },
    { event: 'events.amazonaws.com:PutPermission', id: 'requestParameters.eventBusName' },
    { event: 'events.amazonaws.com:RemovePermission', id: 'requestParameters.eventBusName' },
  ],
  sections: (c) => [
    {
      title: 'Event bus',
      lines: [{ text: `${c.kind} bus` }, { text: c.policy === undefined ? 'policy unknown (could not be read)' : c.policy === null ? 'no resource policy' : 'resource policy attached', evidenceId: 'path:config.policy' }],
    },
  ],
});
