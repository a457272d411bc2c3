import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { ClientFactory } from '../aws/clients.ts';
import { classifyAwsError } from '../aws/errors.ts';
import { mapLimit } from '../aws/limiter.ts';
import type { ScanTarget } from '../aws/accounts.ts';
import { collectorFor } from '../collectors/index.ts';
import { RunMemo } from '../collectors/memo.ts';
import { isEmptyNarrowing, isWanted, type Collector, type ResourceNarrowing } from '../collectors/types.ts';
import type { CoverageGap } from '../core/finding.ts';
import type { Resource } from '../core/resource.ts';
import { GLOBAL_REGION } from '../resources/define.ts';

export interface CollectProgress {
  done: number;
  total: number;
  /** e.g. `222222222222 eu-west-1 aws.ec2.security-group` */
  label: string;
  resources: number;
}

export interface CollectOptions {
  factory: ClientFactory;
  targets: ScanTarget[];
  /** Resource types to collect, each once per account and region. */
  types: string[];
  /** Policies that read each type, so that a coverage gap can say what could not be evaluated. */
  policiesByType: Map<string, string[]>;
  /** Config fields the policies read per type (absent type: every field), so that collectors may skip reads nobody needs. */
  fieldsByType?: Map<string, Set<string>>;
  /** (account, region, type) units in flight at once. */
  concurrency?: number;
  /**
   * Collect regional types only in this region (a distributed scan's slice); collectors still see the account's
   * regions, since some decide by them what to read once per account (WAF's CLOUDFRONT scope).
   */
  onlyRegion?: string;
  onProgress?: (p: CollectProgress) => void;
  /**
   * Read only these resources of these types (a re-read after an event). The other types (those exclusions relate
   * to) are then read after them, narrowed to the resources the read ones refer to in `related`: what exclusions
   * can look at, and nothing more.
   */
  only?: ReadonlyMap<string, ResourceNarrowing>;
}

export interface Inventory {
  resources: Resource[];
  gaps: CoverageGap[];
  /** `account|region|type` units that were collected completely. */
  collected: Set<string>;
}

interface Unit {
  target: ScanTarget;
  region: string;
  collector: Collector;
  only?: ResourceNarrowing;
}

export function unitKey(account: string, region: string, type: string): string {
  return `${account}|${region}|${type}`;
}

/**
 * Collect every needed resource type once per account and region (account-scoped types once per account,
 * global ones once per account when {@link GLOBAL_REGION} is in its regions), with bounded concurrency. A unit
 * that fails is a coverage gap (access denied) or an error (anything else) naming the policies that
 * could not be evaluated there; not-found (a service absent in a region) is skipped quietly.
 */
export async function collectInventory(opts: CollectOptions): Promise<Inventory> {
  const unitsOf = (types: readonly string[], only?: (type: string) => ResourceNarrowing): Unit[] => {
    const units: Unit[] = [];
    for (const type of types) {
      const collector = collectorFor(type);
      if (!collector) throw new Error(`no collector for resource type ${type}`);
      const narrowing = only ? { only: only(type) } : {};
      for (const target of opts.targets) {
        if (collector.scope === 'account') units.push({ target, region: opts.factory.settings.homeRegion, collector, ...narrowing });
        else if (collector.scope === 'global') {
          if (target.regions.includes(GLOBAL_REGION)) units.push({ target, region: GLOBAL_REGION, collector, ...narrowing });
        } else for (const region of target.regions) if (opts.onlyRegion === undefined || region === opts.onlyRegion) units.push({ target, region, collector, ...narrowing });
      }
    }
    return units;
  };
  const resources: Resource[] = [];
  const gaps: CoverageGap[] = [];
  const collected = new Set<string>();
  let done = 0;
  let total = 0;
  const memo = new RunMemo();
  const collectUnit = async ({ target, region, collector, only }: Unit) => {
    const account = { id: target.id, ...(target.name ? { name: target.name } : {}) };
    const credentials: { id: string; credentials: AwsCredentialIdentityProvider } = { id: target.id, credentials: target.credentials };
    try {
      // Nothing named: nothing to read (nor anything an exclusion could look at), yet the type is known completely.
      const found = only && isEmptyNarrowing(only) ? [] : await collector.collect({
        account,
        region,
        regions: target.regions,
        client: (ctor, r) => opts.factory.get(ctor, credentials, r ?? region),
        shared: memo.scoped(target.id, region),
        ...(opts.fieldsByType?.has(collector.type) ? { fields: opts.fieldsByType.get(collector.type)! } : {}),
        ...(only && collector.narrow ? { only } : {}),
      });
      // A collector without `narrow` listed the whole type: keep the named resources.
      resources.push(...(only ? found.filter((r) => isWanted(only, r)) : found));
      if (collector.scope === 'account') for (const r of target.regions) collected.add(unitKey(target.id, r, collector.type));
      else collected.add(unitKey(target.id, region, collector.type));
    } catch (e) {
      const c = classifyAwsError(e);
      if (c.kind === 'not-found' || collector.ignoreErrors?.includes(c.code)) {
        collected.add(unitKey(target.id, region, collector.type));
      } else {
        const g: CoverageGap = {
          kind: c.kind === 'access-denied' ? 'access-denied' : 'error',
          account: target.id,
          region: collector.scope === 'account' ? '*' : region,
          resourceType: collector.type,
          service: collector.service,
          code: c.code,
          message: c.message,
          policies: opts.policiesByType.get(collector.type) ?? [],
        };
        if (target.name) g.accountName = target.name;
        const op = /perform: ([\w-]+:\w+)/.exec(c.message)?.[1] ?? /operation[: ]+(\w+)/i.exec(c.message)?.[1];
        if (op) g.operation = op;
        gaps.push(g);
      }
    }
    done++;
    opts.onProgress?.({ done, total, label: `${target.name ?? target.id} ${collector.scope === 'account' ? 'all regions' : collector.scope === 'global' ? 'global' : region} ${collector.type}`, resources: resources.length });
  };
  const only = opts.only;
  if (!only) {
    const units = unitsOf(opts.types);
    total = units.length;
    await mapLimit(units, opts.concurrency ?? 16, collectUnit);
    return { resources, gaps, collected };
  }
  // Narrowed: the named resources first, then, of the other types (those exclusions relate to), the resources they
  // refer to in `related` (e.g. the instances using a security group), by id.
  const rest = opts.types.filter((t) => !only.has(t));
  const first = unitsOf(opts.types.filter((t) => only.has(t)), (t) => only.get(t)!);
  total = first.length + rest.length * opts.targets.length;
  await mapLimit(first, opts.concurrency ?? 16, collectUnit);
  const referred = new Map<string, Set<string>>(rest.map((t) => [t, new Set<string>()]));
  for (const r of resources) for (const ref of r.related) referred.get(ref.type)?.add(ref.id);
  await mapLimit(unitsOf(rest, (t) => ({ ids: [...referred.get(t)!] })), opts.concurrency ?? 16, collectUnit);
  return { resources, gaps, collected };
}

/** Gaps for resource details that could not be read (e.g. s3:GetBucketPolicy denied on some buckets), one per field and code. */
export function readErrorGaps(resources: readonly Resource[], policiesByType: Map<string, string[]>): CoverageGap[] {
  const byKey = new Map<string, { gap: CoverageGap; count: number }>();
  for (const r of resources) {
    if (!r.readErrors) continue;
    for (const [field, message] of Object.entries(r.readErrors)) {
      const code = /^([\w.]+):/.exec(message)?.[1] ?? 'Error';
      const key = `${r.account}|${r.region}|${r.type}|${field}|${code}`;
      const entry = byKey.get(key);
      if (entry) {
        entry.count++;
        continue;
      }
      const denied = /AccessDenied|Unauthorized|Forbidden/i.test(code);
      const gap: CoverageGap = {
        kind: denied ? 'access-denied' : 'error',
        account: r.account,
        region: r.region,
        resourceType: r.type,
        code,
        message: `${field} of ${r.id}: ${message}`,
        policies: policiesByType.get(r.type) ?? [],
      };
      if (r.accountName) gap.accountName = r.accountName;
      byKey.set(key, { gap, count: 1 });
    }
  }
  return [...byKey.values()].map(({ gap, count }) => (count > 1 ? { ...gap, message: `${gap.message} (and ${count - 1} more ${gap.resourceType} in this region)` } : gap));
}

/** Fill in the tags of related resources from the inventory (e.g. the instances using a security group). */
export function linkRelated(resources: readonly Resource[]): void {
  const index = new Map<string, Resource>();
  for (const r of resources) index.set(`${r.account}|${r.region}|${r.type}|${r.id}`, r);
  for (const r of resources) {
    for (const ref of r.related) {
      const other = index.get(`${r.account}|${r.region}|${ref.type}|${ref.id}`);
      if (!other) continue;
      ref.tags = other.tags;
      if (!ref.arn) ref.arn = other.arn;
    }
  }
}
