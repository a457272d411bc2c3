/**
 * Event delivery: an event put on a bus is matched against the bus's enabled rules and sent to each
 * matching rule's targets asynchronously (a few milliseconds later, never inside the request that
 * caused it), as EventBridge does. Targets: SQS queues (the queue policy must let
 * events.amazonaws.com send with the rule as aws:SourceArn) and event buses (another account's bus
 * must allow this account in its resource policy). A delivery that is refused is recorded as a
 * failed invocation (`deliveryFailures`), like the FailedInvocations metric; it is not retried.
 */
import { serviceState, type World } from '../../world.ts';
import { deliverToQueue } from '../sqs-delivery.ts';
import { eventBuses } from './model.ts';
import { matches, parsePattern } from './patterns.ts';
import { busAllows, peekRules, type Rule, type RuleTarget } from './rules.ts';

/** An event as EventBridge delivers it to targets. */
export interface BridgeEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export interface DeliveryFailure {
  at: string;
  ruleArn: string;
  targetArn: string;
  eventId: string;
  reason: string;
}

interface FailureState {
  failures: DeliveryFailure[];
}

/** Bus-to-bus forwarding stops after this many hops, so two buses targeting each other cannot loop. */
const MAX_HOPS = 2;
const MAX_FAILURES_KEPT = 200;

/** Deliveries scheduled and not yet done, per world: tests and `settled` wait for them. */
const pending = new WeakMap<World, Set<Promise<void>>>();

/** Put an event on a bus: match its rules now, deliver to targets on the next turn of the event loop. */
export function putEvent(world: World, account: string, region: string, busName: string, event: BridgeEvent, hops = 0): void {
  const rules = peekRules(world, account, region).filter((r) => r.busName === busName && r.state !== 'DISABLED' && r.eventPattern !== undefined);
  for (const rule of rules) {
    if (!matches(parsePattern(rule.eventPattern!), event)) continue;
    for (const target of rule.targets) schedule(world, () => deliver(world, account, region, rule, target, event, hops));
  }
}

function schedule(world: World, fn: () => void): void {
  let set = pending.get(world);
  if (!set) pending.set(world, (set = new Set()));
  const bucket = set;
  const p = new Promise<void>((resolve) => {
    setImmediate(() => {
      try {
        fn();
      } finally {
        bucket.delete(p);
        resolve();
      }
    });
  });
  bucket.add(p);
}

/** Resolves when every delivery scheduled so far (and any it caused) has been made. */
export async function settled(world: World): Promise<void> {
  for (;;) {
    const set = pending.get(world);
    if (!set || set.size === 0) return;
    await Promise.all([...set]);
  }
}

function payload(target: RuleTarget, event: BridgeEvent): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) {
    let v: unknown = event;
    for (const k of target.InputPath.replace(/^\$\.?/, '').split('.').filter(Boolean)) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined;
    return JSON.stringify(v ?? null);
  }
  return JSON.stringify(event);
}

function deliver(world: World, account: string, region: string, rule: Rule, target: RuleTarget, event: BridgeEvent, hops: number): void {
  const fail = (reason: string) => recordFailure(world, account, region, { at: new Date().toISOString(), ruleArn: rule.arn, targetArn: target.Arn, eventId: event.id, reason });
  const arn = /^arn:aws[\w-]*:(sqs|events):([a-z0-9-]+):(\d{12}):(?:event-bus\/)?(.+)$/.exec(target.Arn);
  if (!arn) return fail('target ARN not understood');
  const [, service, tRegion, tAccount, name] = arn as unknown as [string, string, string, string, string];
  if (service === 'sqs') {
    const refused = deliverToQueue(world, { accountId: tAccount, region: tRegion, name }, payload(target, event), { sourceArn: rule.arn, sourceAccount: account });
    if (refused) fail(refused);
    return;
  }
  if (hops + 1 > MAX_HOPS) return fail('event already forwarded between buses; not forwarded again');
  const bus = eventBuses(world, tAccount, tRegion).find((b) => b.name === name);
  if (!bus) return fail(`event bus ${name} does not exist in ${tAccount} ${tRegion}`);
  if (tAccount !== account && !busAllows(world, bus, account)) return fail(`the resource policy of ${bus.arn} does not allow events:PutEvents from ${account}`);
  putEvent(world, tAccount, tRegion, name, event, hops + 1);
}

function recordFailure(world: World, account: string, region: string, f: DeliveryFailure): void {
  const st = serviceState<FailureState>(world, 'events.failures', account, region, () => ({ failures: [] }));
  st.failures.push(f);
  if (st.failures.length > MAX_FAILURES_KEPT) st.failures.splice(0, st.failures.length - MAX_FAILURES_KEPT);
}

/** Refused deliveries of rules in an account and region, oldest first. */
export function deliveryFailures(world: World, account: string, region: string): DeliveryFailure[] {
  return (world.services['events.failures']?.[account]?.[region] as FailureState | undefined)?.failures ?? [];
}
