/**
 * `mamori watch`: event-driven protection. Long-polls an SQS queue that EventBridge rules fill with CloudTrail
 * records of writes ("AWS API Call via CloudTrail"), re-reads only the resource each write touched, evaluates the
 * policies of its type, records the observation, and responds as `mamori scan --remediate` does: `auto` plans are
 * applied (journaled, guarded, verified), `approve` plans are queued, exclusions hold. See docs/continuous.md.
 */
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { DEFAULT_ROLE_NAME, resolveTargets, type ScanTarget, type TargetOptions } from '../aws/accounts.ts';
import { ClientFactory, type AwsSettings } from '../aws/clients.ts';
import { MamoriError } from '../core/errors.ts';
import type { Policy } from '../engine/policy.ts';
import { RESOURCES } from '../resources/index.ts';
import type { Store } from '../store/index.ts';
import type { MamoriConfig } from './config.ts';
import { AwsAccess } from '../remediation/aws.ts';
import { modeResolver, remediateAfterScan } from './remediate.ts';
import { rereadResource, StoredSettingsCache, type ResourceRef } from './reread.ts';
import { changeIndex, isOwnSession, MalformedEvent, parseChangeEvent, valueAt, type ChangeEvent, type TypeChange } from './watch-events.ts';

export interface WatchOptions {
  queueUrl: string;
  aws: AwsSettings;
  credentials?: AwsCredentialIdentityProvider;
  /** The accounts in scope (with `org`, the roles assumed in member accounts), as for a scan. */
  targets: TargetOptions;
  /** The selected policies; an event for a type none of them reads is ignored. */
  policies: Policy[];
  config: Pick<MamoriConfig, 'responses' | 'accounts' | 'exclusions'>;
  store: Store;
  actor: string;
  /** The change guard of each response (per re-read resource). */
  maxChanges: number;
  /** Events for one resource arriving within this window are handled by one re-read (ms; 500). */
  coalesceMs?: number;
  /** A message whose handling failed this many times is left to the queue's redrive policy (5). */
  maxReceives?: number;
  /** Long-poll wait (seconds, 0–20; 20). */
  waitSeconds?: number;
  /** Visibility timeout of received messages (seconds; 120): longer than a re-read and its fixes take. */
  visibilityTimeout?: number;
  /** Resources re-read and responded to at once (8); events for one resource are always handled one after another. */
  concurrency?: number;
  /** The store's exclusions and policy settings are read again when they change, and at least this often (ms; 60,000). */
  settingsMaxAgeMs?: number;
  /** Skip the writes mamori's own role session made on resources it just fixed (true). */
  skipOwn?: boolean;
  /** A progress line (stderr). */
  log: (line: string) => void;
  /** Each handled resource, for `--format json` and tests. */
  onResult?: (r: WatchResult) => void;
  /** Send the notifications the responses queued. */
  pump?: () => Promise<void>;
  /** More meta for the re-read and fix runs of these writes (the console names the writes that triggered a fix). */
  runMeta?: (events: readonly ChangeEvent[]) => Record<string, unknown>;
  signal: AbortSignal;
}

/** What one (coalesced) re-read found and did. */
export interface WatchResult {
  account: string;
  region: string;
  type: string;
  id: string;
  arn?: string;
  /** The writes handled (coalesced), oldest first. */
  events: { eventId: string; event: string; time: string }[];
  /** `fixed`: something was fixed; `queued`: plans wait for approval; `clean`: nothing fails; `gone`: the resource no longer exists; `error`. */
  outcome: 'fixed' | 'queued' | 'clean' | 'failing' | 'gone' | 'error';
  /** Failing policies found by the re-read. */
  failing: string[];
  fixed: number;
  pending: number;
  failed: number;
  skipped: number;
  readMs: number;
  /** From the oldest write's event time to the end of the response (the fix verified). */
  totalMs: number;
  runId?: number;
  error?: string;
}

interface Pending {
  key: string;
  ref: ResourceRef;
  events: ChangeEvent[];
  messages: Message[];
  timer?: NodeJS.Timeout;
}

const SEEN_LIMIT = 10_000;
/** How long after a fix a write by mamori's own role session on that resource is taken for the fix's echo. */
const OWN_ECHO_MS = 300_000;

/** `https://sqs.eu-west-1.amazonaws.com/…` → `eu-west-1`; other endpoints (the local one) use the home region. */
export function queueRegion(url: string, fallback: string): string {
  return /^https?:\/\/sqs[.-]([a-z]{2}(?:-[a-z]+)+-\d)\./.exec(url)?.[1] ?? fallback;
}

/** Runs until `signal` aborts. Resolves once the receiving stopped and the re-reads in flight ended. */
export async function watch(o: WatchOptions): Promise<void> {
  const types = new Set(o.policies.map((p) => p.resource));
  const index = changeIndex(RESOURCES.values(), types);
  if (!index.size) throw new MamoriError('USAGE', `none of the ${o.policies.length} selected policies reads a resource type that declares the writes that change it: nothing to watch`);
  const coalesceMs = o.coalesceMs ?? 500;
  const maxReceives = o.maxReceives ?? 5;
  const roleName = o.targets.roleName ?? DEFAULT_ROLE_NAME;
  const factory = new ClientFactory(o.aws);
  const credentials = o.credentials ?? fromNodeProviderChain(o.aws.profile ? { profile: o.aws.profile } : {});
  const sqs = factory.get(SQSClient, { id: 'queue', credentials }, queueRegion(o.queueUrl, o.aws.homeRegion));
  const modeOf = modeResolver(o.config);

  const seen = new Set<string>();
  const remember = (id: string) => {
    seen.add(id);
    if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value!);
  };
  /** Resources mamori fixed lately (key → ms): their own-session events are the echo of that fix. */
  const fixedLately = new Map<string, number>();
  /** Resources whose responses are being applied now: their own-session events arrive before the fix is verified. */
  const fixing = new Set<string>();
  const pending = new Map<string, Pending>();
  /** Events waiting or being handled → their re-read, so that a duplicate delivery joins it. */
  const byEvent = new Map<string, Pending>();
  const running = new Map<string, Promise<void>>();
  let slots = o.concurrency ?? 8;
  const waiters: (() => void)[] = [];
  const acquire = async () => {
    while (slots <= 0) await new Promise<void>((r) => waiters.push(r));
    slots--;
  };
  const release = () => {
    slots++;
    waiters.shift()?.();
  };

  // One connection for everything the watcher does: one client factory (SDK clients and keep-alive sockets reused
  // from one re-read to the next) and the accounts in scope resolved once, whose AssumeRole credentials are cached
  // until shortly before they expire (src/aws/accounts.ts). An event naming an account it does not know (one that
  // joined the organization since, or whose role could not be assumed) resolves the accounts again, keeping the
  // credentials of those already known.
  const known = new Map<string, ScanTarget>();
  const unreachable = new Map<string, string>();
  let access = new AwsAccess(factory, []);
  let resolving: Promise<void> | undefined;
  const resolveAccounts = () =>
    (resolving ??= (async () => {
      try {
        const r = await resolveTargets(factory, credentials, { ...o.targets, regions: [o.aws.homeRegion] });
        for (const t of r.targets) if (!known.has(t.id)) known.set(t.id, t);
        unreachable.clear();
        for (const g of r.gaps) if (!known.has(g.account)) unreachable.set(g.account, `${g.code}: ${g.message}`);
        access = new AwsAccess(factory, known.values());
      } finally {
        resolving = undefined;
      }
    })());
  const targetOf = async (account: string): Promise<ScanTarget> => {
    if (!known.has(account)) await resolveAccounts();
    const t = known.get(account);
    if (t) return t;
    const why = unreachable.get(account);
    if (why) throw new MamoriError('AWS_ACCESS', `account ${account} cannot be reached: ${why}`);
    throw new MamoriError('USAGE', `account ${account} is not among the accounts in scope (${[...known.keys()].join(', ')})`);
  };
  const settings = new StoredSettingsCache(o.store, o.settingsMaxAgeMs);

  const remove = async (m: Message) => {
    if (!m.ReceiptHandle) return;
    try {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: o.queueUrl, ReceiptHandle: m.ReceiptHandle }));
    } catch (e) {
      o.log(`watch: could not delete message ${m.MessageId}: ${(e as Error).message} (it will be delivered again and found a duplicate)`);
    }
  };

  const handle = async (p: Pending) => {
    await acquire();
    const started = Date.now();
    const oldest = Math.min(...p.events.map((e) => e.time));
    const events = p.events.map((e) => ({ eventId: e.eventId, event: e.event, time: new Date(e.time).toISOString() }));
    const result: WatchResult = { account: p.ref.account, region: p.ref.region, type: p.ref.type, id: p.ref.id, events, outcome: 'clean', failing: [], fixed: 0, pending: 0, failed: 0, skipped: 0, readMs: 0, totalMs: 0 };
    try {
      const target = await targetOf(p.ref.account);
      const req = { aws: o.aws, targets: o.targets, policies: o.policies, globalExclusions: o.config.exclusions, session: { factory, targets: [target] } };
      const meta = { ...o.runMeta?.(p.events), command: 'watch', events: events.map((e) => e.eventId) };
      const read = await rereadResource(req, o.store, p.ref, meta, { settings: () => settings.get() });
      result.readMs = Date.now() - started;
      if (read.run) result.runId = read.run.id;
      if (read.resource) result.arn = read.resource.arn;
      // A read that could not run is an error, never a clean resource.
      const gaps = read.gaps.filter((g) => g.resourceType === p.ref.type || g.resourceType === '*');
      if (gaps.length) throw new MamoriError('AWS_ACCESS', `could not re-read: ${gaps.map((g) => `${g.code} ${g.message}`).join('; ')}`);
      if (!read.resource) {
        result.outcome = 'gone';
      } else {
        const failing = read.findings.filter((f) => f.status === 'fail');
        result.failing = [...new Set(failing.map((f) => f.policy))];
        const byId = new Map(read.policies.map((x) => [x.id, x]));
        const acts = failing.some((f) => {
          const policy = byId.get(f.policy);
          const mode = policy && modeOf(policy, { id: f.resource.account, ...(f.resource.accountName ? { name: f.resource.accountName } : {}) });
          return mode === 'auto' || mode === 'approve';
        });
        result.outcome = failing.length ? 'failing' : 'clean';
        if (acts) {
          fixing.add(p.key);
          const { summary } = await remediateAfterScan(
            { store: o.store, access, actor: o.actor, maxChanges: o.maxChanges, meta },
            read.scan,
            read.policies,
            o.config,
          ).finally(() => fixing.delete(p.key));
          result.fixed = summary.fixed.length;
          result.pending = summary.pending.length;
          result.failed = summary.failed.length;
          result.skipped = summary.skipped.length;
          if (summary.fixed.length) fixedLately.set(p.key, Date.now());
          // Kept five minutes (the window in which a write of mamori's session is its own fix's echo): the map stays small.
          if (fixedLately.size > 1000) for (const [k, at] of fixedLately) if (Date.now() - at >= OWN_ECHO_MS) fixedLately.delete(k);
          result.outcome = summary.failed.length ? 'error' : summary.fixed.length ? 'fixed' : summary.pending.length ? 'queued' : result.outcome;
          if (summary.failed.length) result.error = summary.failed.map((f) => `${f.action}: ${f.why ?? 'failed'}`).join('; ');
        }
      }
      for (const e of p.events) {
        remember(e.eventId);
        byEvent.delete(e.eventId);
      }
      await Promise.all(p.messages.splice(0).map(remove));
    } catch (e) {
      result.outcome = 'error';
      result.error = (e as { format?: () => string }).format?.() ?? (e as Error).message ?? String(e);
      // Not deleted: SQS delivers the messages again after the visibility timeout, up to the redrive policy.
      for (const e of p.events) byEvent.delete(e.eventId);
    } finally {
      release();
    }
    result.totalMs = Date.now() - oldest;
    o.log(describeResult(result));
    o.onResult?.(result);
    if (o.pump && (result.fixed || result.pending || result.failing.length)) await o.pump().catch((e: Error) => o.log(`watch: notifications not sent: ${e.message}`));
  };

  const schedule = (p: Pending) => {
    pending.delete(p.key);
    const before = running.get(p.key) ?? Promise.resolve();
    // One re-read per resource at a time: a write made during a re-read gets a re-read of its own after it.
    const next = before.then(() => handle(p)).finally(() => {
      if (running.get(p.key) === next) running.delete(p.key);
    });
    running.set(p.key, next);
  };

  const accept = async (m: Message) => {
    const receives = Number(m.Attributes?.ApproximateReceiveCount ?? '1');
    let ev: ChangeEvent;
    try {
      ev = parseChangeEvent(m.Body ?? '');
    } catch (e) {
      if (!(e instanceof MalformedEvent)) throw e;
      // It would never parse: retrying it only delays the others. The log keeps what it was.
      o.log(`watch: malformed message ${m.MessageId} removed from the queue: ${e.message}; body: ${(m.Body ?? '').slice(0, 300)}`);
      await remove(m);
      return;
    }
    if (seen.has(ev.eventId)) {
      o.log(`watch: duplicate delivery of event ${ev.eventId} (${ev.event}) ignored`);
      await remove(m);
      return;
    }
    const known = byEvent.get(ev.eventId);
    if (known) {
      // Delivered again while its first delivery waits or is being handled: deleted with it.
      o.log(`watch: duplicate delivery of event ${ev.eventId} (${ev.event}) joins the re-read in progress`);
      known.messages.push(m);
      return;
    }
    if (receives > maxReceives) {
      o.log(`watch: event ${ev.eventId} (${ev.event}) failed ${receives - 1} times; left to the queue's redrive policy (dead-letter queue)`);
      return;
    }
    const matched: TypeChange[] = index.get(ev.event) ?? [];
    if (!matched.length) {
      o.log(`watch: event ${ev.event} ignored: no selected policy reads a resource type it changes`);
      remember(ev.eventId);
      await remove(m);
      return;
    }
    if (ev.errorCode) {
      o.log(`watch: event ${ev.event} ignored: the call failed (${ev.errorCode}) and changed nothing`);
      remember(ev.eventId);
      await remove(m);
      return;
    }
    let attached = false;
    for (const { type, change } of matched) {
      const id = valueAt(ev.detail, change.id);
      if (!id) {
        o.log(`watch: event ${ev.event} ${ev.eventId} has no ${change.id}; ${type} not re-read`);
        continue;
      }
      const key = `${ev.account}|${ev.region}|${type}|${id}`;
      const lately = fixedLately.get(key);
      if ((o.skipOwn ?? true) && ((lately !== undefined && Date.now() - lately < OWN_ECHO_MS) || fixing.has(key)) && isOwnSession(ev.actor, roleName)) {
        o.log(`watch: ${ev.event} on ${id} was mamori's own fix (${ev.actor}); not re-read`);
        continue;
      }
      let p = pending.get(key);
      if (!p) {
        p = { key, ref: { account: ev.account, region: ev.region, type, id, ...(change.idKind ? { idKind: change.idKind } : {}) }, events: [], messages: [] };
        pending.set(key, p);
        const entry = p;
        p.timer = setTimeout(() => schedule(entry), coalesceMs);
      }
      if (!p.events.some((e) => e.eventId === ev.eventId)) p.events.push(ev);
      if (!attached) byEvent.set(ev.eventId, p);
      // Each message is deleted once, with the first resource it names.
      if (!attached) p.messages.push(m);
      attached = true;
    }
    if (!attached) {
      remember(ev.eventId);
      await remove(m);
    }
  };

  o.log(`watch: ${o.queueUrl}: ${index.size} kinds of writes to ${[...new Set([...index.values()].flat().map((t) => t.type))].length} resource types (${o.policies.length} policies)`);
  // Notifications due later (a retry after a failed send, a digest window) go out between polls, not only after
  // the next response.
  let lastPump = 0;
  try {
    while (!o.signal.aborted) {
      if (o.pump && Date.now() - lastPump >= 2000) {
        lastPump = Date.now();
        await o.pump().catch((e: Error) => o.log(`watch: notifications not sent: ${e.message}`));
      }
      let messages: Message[];
      try {
        const r = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: o.queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: o.waitSeconds ?? 20,
            VisibilityTimeout: o.visibilityTimeout ?? 120,
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          }),
          { abortSignal: o.signal },
        );
        messages = r.Messages ?? [];
      } catch (e) {
        if (o.signal.aborted) break;
        o.log(`watch: receiving from ${o.queueUrl} failed: ${(e as Error).message}; retrying in 2 s`);
        await new Promise((r) => setTimeout(r, 2000));
        continue;
      }
      for (const m of messages) await accept(m);
    }
  } finally {
    // Events not yet re-read stay in the queue (not deleted): they come back after the visibility timeout.
    for (const p of pending.values()) clearTimeout(p.timer);
    pending.clear();
    await Promise.allSettled([...running.values()]);
    factory.destroy();
  }
}

/** `222222222222 us-east-1 aws.ec2.security-group sg-1 (2 events): fixed 1 (aws-ec2-sg-open-cifs-445); re-read 120 ms, 1.4 s event → verified` */
export function describeResult(r: WatchResult): string {
  const names = [...new Set(r.events.map((e) => e.event.split(':')[1]))].join(', ');
  const head = `watch: ${r.account} ${r.region} ${r.type} ${r.id} (${names}${r.events.length > 1 ? `, ${r.events.length} events` : ''})`;
  const failing = r.failing.length ? ` failing ${r.failing.join(', ')};` : '';
  const what =
    r.outcome === 'gone'
      ? 'no longer exists'
      : r.outcome === 'error'
        ? `error: ${r.error}`
        : r.outcome === 'fixed'
          ? `${failing} fixed ${r.fixed} (verified)${r.pending ? `, ${r.pending} waiting for approval` : ''}`
          : r.outcome === 'queued'
            ? `${failing} ${r.pending} waiting for approval (mamori approve)`
            : r.outcome === 'failing'
              ? `${failing} no automatic response (notify or off)`
              : 'nothing fails';
  return `${head}: ${what.trim()}; re-read ${r.readMs} ms, ${(r.totalMs / 1000).toFixed(2)} s from the event${r.outcome === 'fixed' ? ' to the verified fix' : ''}`;
}
