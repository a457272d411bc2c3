/**
 * One job of a distributed scan: an account × region × service slice (account-scoped and global types: one slice
 * per account and service, region `*`). It collects the slice's types — plus related types of other services
 * that its policies' exclusions look at — evaluates the policies of its types, and returns its share of the
 * report. What a one-process scan does for the whole estate, {@link runSlice} does for one slice, with the same
 * functions, so the union of the slices is the one-process scan.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { assumeRoleCredentials, type ScanTarget } from '../aws/accounts.ts';
import { CallCounter, ClientFactory, type AwsSettings } from '../aws/clients.ts';
import { collectorFor } from '../collectors/index.ts';
import type { CoverageGap, Finding } from '../core/finding.ts';
import { compile } from '../engine/compile.ts';
import { evaluateEach } from '../engine/evaluate.ts';
import type { Exclusion } from '../engine/exclusions.ts';
import type { Policy } from '../engine/policy.ts';
import { GLOBAL_REGION } from '../resources/define.ts';
import type { ScanSlice } from '../store/slices.ts';
import { collectInventory, linkRelated, readErrorGaps } from './collect.ts';
import { relatedTypes, undecidableExclusions } from './scan.ts';

/** What every job of a run needs, stored once per run in the database (never secrets: workers use their own credentials). */
export interface ScanPayload {
  version: 1;
  aws: AwsSettings;
  /** The account of the coordinator's base credentials: its slices use the worker's base credentials, the others AssumeRole. */
  callerAccountId: string;
  roleName: string;
  externalId?: string;
  policies: Policy[];
  globalExclusions: Exclusion[];
  keepPassed: boolean;
  /** One instant for every slice, so that an exclusion expiring during the run is judged the same everywhere. */
  now: string;
  /** Config fields the policies read, per type; a type absent here is read whole (as related types are). */
  fieldsByType: Record<string, string[]>;
  policiesByType: Record<string, string[]>;
  /** For types only exclusions need: the policies a gap in them affects. */
  relatedPolicies: Record<string, string[]>;
  /** (account, region, type) units in flight at once inside one job. */
  unitConcurrency: number;
}

/** The data of one job: small, no policies and no credentials. */
export interface SliceJob {
  runId: number;
  /** `account/region/service`, region `*` for account-scoped and global types, service `*` for every service. */
  key: string;
  account: string;
  accountName?: string;
  region: string;
  /** The regions the account is scanned in (collectors decide by them what to read once per account). */
  regions: string[];
  service: string;
  /** The types this slice collects, stores and evaluates. */
  types: string[];
  /** Types of other slices collected here only to decide exclusions; their resources and gaps belong to their own slice. */
  borrowed: string[];
}

export function sliceKey(account: string, region: string, service: string): string {
  return `${account}/${region}/${service}`;
}

/**
 * How finely a scan is cut: a job per account × region × service (the default: a large service's slice stays one
 * job's worth), or per account × region with every service in it (`region`: ~50 times fewer jobs for a
 * whole-catalog scan of small accounts, where the per-job cost would otherwise be half the work).
 */
export type SliceBy = 'service' | 'region';
export const SLICE_BY: readonly SliceBy[] = ['service', 'region'];

/** The slices of a scan, in key order: every needed type once per account and region (or account), grouped by service (or not). */
export function planSlices(
  runId: number,
  targets: readonly { id: string; name?: string; regions: string[] }[],
  types: readonly string[],
  policies: readonly Policy[],
  globals: readonly Exclusion[],
  by: SliceBy = 'service',
): SliceJob[] {
  const slices = new Map<string, SliceJob>();
  for (const type of types) {
    const collector = collectorFor(type);
    if (!collector) throw new Error(`no collector for resource type ${type}`);
    for (const t of targets) {
      const regions = collector.scope === 'regional' ? t.regions : collector.scope === 'global' && !t.regions.includes(GLOBAL_REGION) ? [] : ['*'];
      for (const region of regions) {
        const service = by === 'service' ? collector.service : '*';
        const key = sliceKey(t.id, region, service);
        let s = slices.get(key);
        if (!s) {
          s = { runId, key, account: t.id, ...(t.name ? { accountName: t.name } : {}), region, regions: t.regions, service, types: [], borrowed: [] };
          slices.set(key, s);
        }
        s.types.push(type);
      }
    }
  }
  for (const s of slices.values()) {
    const own = new Set(s.types);
    const mine = policies.filter((p) => own.has(p.resource));
    s.borrowed = [...relatedTypes(mine, [...globals]).keys()].filter((t) => !own.has(t)).sort();
    s.types.sort();
  }
  return [...slices.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The calls of the job in whose async context a call is made: one factory's clients serve many jobs. */
const sliceCalls = new AsyncLocalStorage<Record<string, number>>();

class SliceCounter extends CallCounter {
  override add(key: string): void {
    super.add(key);
    const mine = sliceCalls.getStore();
    if (mine) mine[key] = (mine[key] ?? 0) + 1;
  }
}

interface Pooled {
  factory: ClientFactory;
  credentials: AwsCredentialIdentityProvider;
  users: number;
}

/**
 * SDK clients, connections and assumed-role credentials kept across the jobs of an account: creating a client
 * costs more CPU than a call, and an AssumeRole per job would add a call to every slice. Jobs are queued in key
 * order (account first), so a worker takes an account's slices one after another; the clients of the few most
 * recent accounts are kept, older ones closed, so that a worker's memory does not grow with the organization.
 */
export class SliceClients {
  private readonly pool = new Map<string, Pooled>();
  private readonly keep: number;
  private readonly base: (aws: AwsSettings) => AwsCredentialIdentityProvider;
  private readonly bases = new Map<string, AwsCredentialIdentityProvider>();

  constructor(opts: { keepAccounts?: number; baseCredentials?: AwsCredentialIdentityProvider } = {}) {
    this.keep = opts.keepAccounts ?? 8;
    const given = opts.baseCredentials;
    this.base = (aws) => {
      if (given) return given;
      const key = aws.profile ?? '';
      let p = this.bases.get(key);
      if (!p) {
        p = fromNodeProviderChain(aws.profile ? { profile: aws.profile } : {});
        this.bases.set(key, p);
      }
      return p;
    };
  }

  acquire(job: SliceJob, payload: ScanPayload): { factory: ClientFactory; credentials: AwsCredentialIdentityProvider; release: () => void } {
    const key = JSON.stringify([payload.aws, payload.callerAccountId, payload.roleName, payload.externalId ?? null, job.account]);
    let entry = this.pool.get(key);
    if (entry) this.pool.delete(key);
    else {
      const factory = new ClientFactory(payload.aws, new SliceCounter(payload.aws.maxAttempts));
      const base = this.base(payload.aws);
      // The same credentials resolveTargets gives the account: the caller's own, or its role assumed from them.
      const credentials =
        job.account === payload.callerAccountId
          ? base
          : assumeRoleCredentials(factory, { id: payload.callerAccountId, credentials: base }, `arn:aws:iam::${job.account}:role/${payload.roleName}`, payload.externalId);
      entry = { factory, credentials, users: 0 };
    }
    this.pool.set(key, entry); // most recent last
    entry.users++;
    const e = entry;
    return {
      factory: e.factory,
      credentials: e.credentials,
      release: () => {
        e.users--;
        this.evict();
      },
    };
  }

  private evict(): void {
    const idle = [...this.pool.entries()].filter(([, e]) => e.users === 0);
    while (this.pool.size > this.keep && idle.length) {
      const [key, e] = idle.shift()!;
      this.pool.delete(key);
      e.factory.destroy();
    }
  }

  close(): void {
    for (const e of this.pool.values()) e.factory.destroy();
    this.pool.clear();
  }
}

/** Scans one slice with clients from `clients` (a worker's pool), or with clients of its own. */
export async function runSlice(job: SliceJob, payload: ScanPayload, opts: { clients?: SliceClients; baseCredentials?: AwsCredentialIdentityProvider } = {}): Promise<ScanSlice> {
  const own = opts.clients ? undefined : new SliceClients({ keepAccounts: 0, ...(opts.baseCredentials ? { baseCredentials: opts.baseCredentials } : {}) });
  const { factory, credentials, release } = (opts.clients ?? own!).acquire(job, payload);
  const calls: Record<string, number> = {};
  const retries0 = factory.counter.retryStrategy.retries;
  const throttles0 = factory.counter.retryStrategy.throttles;
  try {
    return await sliceCalls.run(calls, () => scanSlice(job, payload, factory, credentials, calls, retries0, throttles0));
  } finally {
    release();
    own?.close();
  }
}

async function scanSlice(
  job: SliceJob,
  payload: ScanPayload,
  factory: ClientFactory,
  credentials: AwsCredentialIdentityProvider,
  calls: Record<string, number>,
  retries0: number,
  throttles0: number,
): Promise<ScanSlice> {
  const target: ScanTarget = { id: job.account, ...(job.accountName ? { name: job.accountName } : {}), credentials, regions: job.regions };
  const policiesByType = new Map(Object.entries(payload.policiesByType));
  const fieldsByType = new Map(Object.entries(payload.fieldsByType).map(([t, f]) => [t, new Set(f)]));
  const inventory = await collectInventory({
    factory,
    targets: [target],
    types: [...job.types, ...job.borrowed],
    policiesByType,
    fieldsByType,
    concurrency: payload.unitConcurrency,
    ...(job.region === '*' ? {} : { onlyRegion: job.region }),
  });
  linkRelated(inventory.resources);
  const own = new Set(job.types);
  const policies = payload.policies.filter((p) => own.has(p.resource));
  const findings: Finding[] = [];
  const { passed } = evaluateEach(compile(policies), inventory.resources, (f) => findings.push(f), {
    globalExclusions: payload.globalExclusions,
    passes: payload.keepPassed ? 'findings' : 'count',
    now: new Date(payload.now),
  });
  undecidableExclusions(findings, policies, payload.globalExclusions, inventory.collected);
  const resources = inventory.resources.filter((r) => own.has(r.type));
  const gaps: CoverageGap[] = inventory.gaps.filter((g) => own.has(g.resourceType));
  for (const g of gaps) if (!policiesByType.has(g.resourceType)) g.policies = payload.relatedPolicies[g.resourceType] ?? [];
  gaps.push(...readErrorGaps(resources, policiesByType));
  // Retries are counted per factory: with jobs of one account at once, a slice's share is approximate.
  const retry = factory.counter.retryStrategy;
  return {
    findings,
    resources,
    gaps,
    apiCalls: { byOperation: { ...calls }, retries: retry.retries - retries0, throttled: retry.throttles - throttles0 },
    passed,
    checkedResources: resources.filter((r) => policiesByType.has(r.type)).length,
    collected: [...inventory.collected].filter((k) => own.has(k.slice(k.lastIndexOf('|') + 1))),
  };
}

/**
 * A slice whose job failed for good: an `error` coverage gap per type naming the account, region and service and
 * the policies affected. Never a pass: the gap keeps the store from resolving anything there and the scan is incomplete.
 */
export function failedSlice(job: SliceJob, payload: ScanPayload, error: string, attempts: number): ScanSlice {
  const gaps = job.types.map((type): CoverageGap => {
    const g: CoverageGap = {
      kind: 'error',
      account: job.account,
      region: job.region,
      resourceType: type,
      service: job.service === '*' ? type.split('.')[1]! : job.service,
      code: 'JobFailed',
      message: `the ${job.service === '*' ? 'all-services' : job.service} job for ${job.account} ${job.region === '*' ? 'all regions' : job.region} failed ${attempts === 1 ? 'once' : `${attempts} times`}: ${error}`,
      policies: payload.policiesByType[type] ?? payload.relatedPolicies[type] ?? [],
    };
    if (job.accountName) g.accountName = job.accountName;
    return g;
  });
  return { findings: [], resources: [], gaps, apiCalls: { byOperation: {}, retries: 0, throttled: 0 }, passed: 0, checkedResources: 0, collected: [] };
}
