import { EventBridgeClient, ListEventBusesCommand, type EventBus } from '@aws-sdk/client-eventbridge';
import { eventBus, type EventBusConfig } from '../../resources/aws/events/event-bus.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/** Every event bus of the region (ListEventBuses, 100 per page: the API's maximum; the SDK has no paginator for it). */
export async function listEventBuses(client: EventBridgeClient): Promise<EventBus[]> {
  const out: EventBus[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListEventBusesCommand({ Limit: 100, ...(token ? { NextToken: token } : {}) }));
    out.push(...(page.EventBuses ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

export function kindOf(name: string): EventBusConfig['kind'] {
  return name === 'default' ? 'default' : name.startsWith('aws.partner/') ? 'partner' : 'custom';
}

/** `aws.events.event-bus`: event buses with their policies from the listing, tags in bulk. */
export const eventBusCollector = defineCollector(eventBus, async (ctx) => {
  const client = ctx.client(EventBridgeClient);
  const buses = (await listEventBuses(client)).filter((b) => b.Name && b.Arn);
  if (buses.length === 0) return [];
  // Only custom buses can be tagged; the default bus has no tags to read.
  const tagged = buses.some((b) => kindOf(b.Name!) !== 'default') ? await tagsInBulk(ctx, ctx.region, 'events:event-bus') : { ok: true as const, tags: new Map<string, Record<string, string>>() };
  return buses.map((b) =>
    envelope(ctx, eventBus, {
      id: b.Name!,
      arn: b.Arn!,
      tags: (tagged.ok && tagged.tags.get(b.Arn!)) || {},
      // ListEventBuses returns Policy for every bus that has one: its absence is "no policy", not unknown.
      config: { name: b.Name!, kind: kindOf(b.Name!), policy: b.Policy ?? null },
      readErrors: tagged.ok ? {} : { tags: tagged.error },
    }),
  );
});
