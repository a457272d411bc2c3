/**
 * EventBridge state: event buses (the default one exists in every account and region, as in AWS) with
 * their resource-based policies and tags. Plain JSON in the world; the handler only selects and pages.
 */
import { SimError } from '../../types.ts';
import { serviceState, type World } from '../../world.ts';

export interface EventBus {
  name: string;
  arn: string;
  /** The resource-based policy document, or absent. */
  policy?: Record<string, unknown>;
  tags: Record<string, string>;
}

export interface EventBridgeState {
  buses: EventBus[];
}

export function eventBridgeState(world: World, account: string, region: string): EventBridgeState {
  return serviceState<EventBridgeState>(world, 'events', account, region, () => ({ buses: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekEventBridgeState(world: World, account: string, region: string): EventBridgeState | undefined {
  return world.services['events']?.[account]?.[region] as EventBridgeState | undefined;
}

const arnOf = (account: string, region: string, name: string) => `arn:aws:events:${region}:${account}:event-bus/${name}`;

/** Every bus of an account and region, the default bus first (it always exists). */
export function eventBuses(world: World, account: string, region: string): EventBus[] {
  const custom = peekEventBridgeState(world, account, region)?.buses ?? [];
  const dflt = custom.find((b) => b.name === 'default');
  return [dflt ?? { name: 'default', arn: arnOf(account, region, 'default'), tags: {} }, ...custom.filter((b) => b.name !== 'default')];
}

export interface CreateEventBusOptions {
  name: string;
  policy?: Record<string, unknown>;
  tags?: Record<string, string>;
}

export function createEventBus(world: World, account: string, region: string, o: CreateEventBusOptions): EventBus {
  const state = eventBridgeState(world, account, region);
  if (o.name === 'default' || !/^[/.\-_A-Za-z0-9]{1,256}$/.test(o.name)) throw new SimError('ValidationException', `Event bus name ${o.name} is not valid`, 400);
  if (state.buses.some((b) => b.name === o.name)) throw new SimError('ResourceAlreadyExistsException', `Event bus ${o.name} already exists.`, 400);
  const bus: EventBus = { name: o.name, arn: arnOf(account, region, o.name), tags: { ...o.tags } };
  if (o.policy) bus.policy = structuredClone(o.policy);
  state.buses.push(bus);
  return bus;
}
