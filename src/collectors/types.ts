import type { z } from 'zod';
import type { RelatedRef, Resource } from '../core/resource.ts';
import type { ResourceDescriptor, ResourceScope } from '../resources/define.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ClientCtor<T> = new (config: any) => T;

/** What a collector gets: one account and region, and SDK clients cached for them. */
export interface CollectContext {
  account: { id: string; name?: string };
  /** The region being collected; for account-scoped collectors, the account's home region; for global ones, `GLOBAL_REGION`. */
  region: string;
  /** Every region in scope for this account (account-scoped collectors keep only resources in these). */
  regions: string[];
  /** An SDK client for this account, in `region` (default: the context's region). */
  client<T>(ctor: ClientCtor<T>, region?: string): T;
  /** A read made once per account, region and key for the whole run (see memo.ts); absent when a collector runs alone. */
  shared?<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** The `config` fields the scan's policies read of this type; absent: every field (a collector may skip reads no policy needs). */
  fields?: ReadonlySet<string>;
  /**
   * Read only these resources (a re-read after an event): given only to a collector that declares `narrow`. It
   * then reads just them by identifier — a missing one is simply not returned, never an error — and may return
   * no other resource of its type. Absent: every resource of the type, as a scan reads it.
   */
  only?: ResourceNarrowing;
}

/**
 * Resources of one type named by identifier: a resource is wanted when its `id` is in `ids`, its `name` (or `id`)
 * in `names`, or its `arn` in `arns`. An empty narrowing wants nothing.
 */
export interface ResourceNarrowing {
  ids?: readonly string[];
  names?: readonly string[];
  arns?: readonly string[];
}

/** Whether `r` is one of the resources `only` names. */
export function isWanted(only: ResourceNarrowing, r: { id: string; name?: string; arn: string }): boolean {
  return !!(only.ids?.includes(r.id) || (r.name !== undefined && only.names?.includes(r.name)) || only.names?.includes(r.id) || only.arns?.includes(r.arn));
}

/** Whether a narrowing names no resource at all. */
export function isEmptyNarrowing(only: ResourceNarrowing): boolean {
  return !only.ids?.length && !only.names?.length && !only.arns?.length;
}

/**
 * One resource type's reader. `collect` lists every resource of the type and follows each API's
 * pagination to the end. It throws when the listing itself fails (the scan records a coverage gap or an
 * error for the type and region); a failure reading one resource's detail becomes `readErrors` on that
 * resource. Type, scope, calls, permissions and ignorable errors come from the descriptor.
 */
export interface Collector {
  /** `aws.<service>.<resource>` */
  type: string;
  service: string;
  scope: ResourceScope;
  /** IAM actions the collector calls; `mamori iam-policy --scan` is built from these. */
  permissions: readonly string[];
  /** API operations (`service:Operation`) the collector calls. */
  calls: readonly string[];
  /** AWS error codes that mean "nothing here" for this type, on top of the shared not-found handling. */
  ignoreErrors?: readonly string[];
  resource: ResourceDescriptor;
  /**
   * The collector honours `ctx.only`: it reads the named resources alone (by identifier or filter) instead of
   * listing the type. Without it a narrowed read lists the type and keeps the named ones (collect.ts), which is
   * correct but costs the whole listing: the re-read after an event reports which path it took.
   */
  narrow?: boolean;
  collect(ctx: CollectContext): Promise<Resource[]>;
}

/**
 * A collector for a descriptor: its declarations come from the descriptor, only the reading is written here.
 * `narrow: true` declares that `collect` honours `ctx.only` (see {@link CollectContext.only}).
 */
export function defineCollector<S extends z.ZodObject>(d: ResourceDescriptor<S>, collect: (ctx: CollectContext) => Promise<Resource<z.infer<S>>[]>, opts: { narrow?: boolean } = {}): Collector {
  const c: Collector = {
    type: d.type,
    service: d.type.split('.')[1]!,
    scope: d.scope,
    permissions: d.permissions,
    calls: d.calls,
    resource: d as unknown as ResourceDescriptor,
    collect: collect as unknown as (ctx: CollectContext) => Promise<Resource[]>,
  };
  if (d.ignoreErrors) c.ignoreErrors = d.ignoreErrors;
  if (opts.narrow) c.narrow = true;
  return c;
}

/** What is particular to one resource; the envelope adds the rest. */
export interface ResourceParts<C> {
  id: string;
  arn: string;
  /** Default: the id. */
  name?: string;
  /** Default: the context's region (an account-scoped type names the resource's own). */
  region?: string;
  tags?: Record<string, string>;
  config: C;
  related?: RelatedRef[];
  readErrors?: Record<string, string>;
}

/** The common columns of every resource (type, account, account name, region, tags, read errors) around what a collector read. */
export function envelope<S extends z.ZodObject>(ctx: CollectContext, d: ResourceDescriptor<S>, p: ResourceParts<z.infer<S>>): Resource<z.infer<S>> {
  const r: Resource<z.infer<S>> = {
    type: d.type,
    id: p.id,
    arn: p.arn,
    account: ctx.account.id,
    region: p.region ?? ctx.region,
    name: p.name ?? p.id,
    tags: p.tags ?? {},
    config: p.config,
    related: p.related ?? [],
  };
  if (ctx.account.name) r.accountName = ctx.account.name;
  if (p.readErrors && Object.keys(p.readErrors).length) r.readErrors = p.readErrors;
  return r;
}
