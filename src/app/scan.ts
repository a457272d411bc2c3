import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { resolveTargets, type ScanTarget, type TargetOptions } from '../aws/accounts.ts';
import { CallCounter, ClientFactory, type AwsSettings } from '../aws/clients.ts';
import type { ResourceNarrowing } from '../collectors/types.ts';
import { COLLECTORS } from '../collectors/index.ts';
import { SEVERITIES, type CoverageGap, type Finding, type Outcome, type Severity } from '../core/finding.ts';
import type { Resource } from '../core/resource.ts';
import { MamoriError } from '../core/errors.ts';
import { compile, requiredResourceTypes } from '../engine/compile.ts';
import { evaluateEach } from '../engine/evaluate.ts';
import type { Exclusion } from '../engine/exclusions.ts';
import { compileGlobs } from '../core/glob.ts';
import type { Policy } from '../engine/policy.ts';
import { configFieldsRead } from '../engine/fields.ts';
import { collectInventory, linkRelated, readErrorGaps, unitKey, type CollectProgress } from './collect.ts';
import { exitCodeFor, type ScanReport } from './report.ts';

export interface ScanRequest {
  aws: AwsSettings;
  /** Base credentials; default: the AWS default credential chain (with `aws.profile`). */
  credentials?: AwsCredentialIdentityProvider;
  targets: TargetOptions;
  /** The selected policies. */
  policies: Policy[];
  globalExclusions: Exclusion[];
  /**
   * Keep `pass` findings in the report (for `--include-passed`). Off by default: passes are counted but
   * not kept, since a large estate has millions of them and the store resolves findings without them.
   */
  keepPassed?: boolean;
  /** (account, region, resource type) units collected at once. */
  concurrency?: number;
  now?: Date;
  onProgress?: (p: ScanProgress) => void;
  /** Read only these resources of these types, and of the types exclusions relate to only what they refer to (see collect.ts). */
  only?: ReadonlyMap<string, ResourceNarrowing>;
  /**
   * An open connection to reuse (`mamori watch`): its factory (clients, keep-alive sockets, cached AssumeRole
   * credentials) and the accounts already resolved; `targets` then only narrows them. The factory stays open.
   */
  session?: { factory: ClientFactory; targets: readonly ScanTarget[] };
}

/** `endpoint`: where the first calls go (a custom endpoint, else AWS itself), so that a slow start names its target. */
export type ScanProgress = { phase: 'accounts'; endpoint: string } | ({ phase: 'collect' } & CollectProgress) | { phase: 'evaluate'; resources: number };

export interface ScanResult {
  report: ScanReport;
  resources: Resource[];
  /** What this scan covered, for the store: findings outside it are not resolved by it. */
  scope: { accounts: string[]; regions: string[]; policies: string[]; resourceTypes: string[]; collected: string[] };
}

/** Resource types that exclusions look at through `related` (e.g. the instances using a security group). */
export function relatedTypes(policies: Policy[], globals: Exclusion[]): Map<string, Exclusion[]> {
  const out = new Map<string, Exclusion[]>();
  const add = (e: Exclusion) => {
    for (const r of e.match.related ?? []) {
      if (!COLLECTORS.has(r.type)) continue;
      const list = out.get(r.type) ?? [];
      list.push(e);
      out.set(r.type, list);
    }
  };
  for (const p of policies) p.exclusions.forEach(add);
  globals.forEach(add);
  return out;
}

/**
 * A failing finding whose exclusions need a related resource type that could not be collected in its
 * account and region cannot be decided: it may be excluded. It becomes an error, so that nobody
 * (and no remediation) acts on a resource that might have been meant to be left alone.
 */
export function undecidableExclusions(findings: Finding[], policies: Policy[], globals: Exclusion[], collected: Set<string>): void {
  const byPolicy = new Map(policies.map((p) => [p.id, p]));
  const globalMatchers = globals.map((g) => ({ g, test: g.policies ? compileGlobs(g.policies) : () => true }));
  for (const f of findings) {
    if (f.status !== 'fail') continue;
    const policy = byPolicy.get(f.policy);
    const applicable = [...(policy?.exclusions ?? []), ...globalMatchers.filter((m) => m.test(f.policy)).map((m) => m.g)];
    for (const ex of applicable) {
      const missing = (ex.match.related ?? []).find((r) => COLLECTORS.has(r.type) && !collected.has(unitKey(f.resource.account, f.resource.region, r.type)));
      if (missing) {
        f.status = 'error';
        f.error = `cannot decide exclusion ${ex.id}: ${missing.type} could not be collected in ${f.resource.account} ${f.resource.region} (see coverage gaps)`;
        break;
      }
    }
  }
}

/** Scan: resolve accounts and regions, collect each needed resource type once, evaluate every selected policy. */
export async function runScan(req: ScanRequest): Promise<ScanResult> {
  const started = new Date();
  const factory = req.session?.factory ?? new ClientFactory(req.aws);
  // On a shared factory, this scan's calls are counted apart from the others'.
  const calls = req.session ? new CallCounter(req.aws.maxAttempts) : factory.counter;
  const retriedBefore = { retries: factory.counter.retryStrategy.retries, throttles: factory.counter.retryStrategy.throttles };
  try {
    req.onProgress?.({ phase: 'accounts', endpoint: req.aws.endpointUrl ?? `AWS (${req.aws.homeRegion})` });
    const { targets, gaps: accountGaps, organization } = req.session
      ? { targets: sessionTargets(req.session.targets, req.targets), gaps: [], organization: undefined }
      : await resolveTargets(factory, req.credentials ?? fromNodeProviderChain(req.aws.profile ? { profile: req.aws.profile } : {}), req.targets);
    const policyTypes = requiredResourceTypes(req.policies);
    const related = relatedTypes(req.policies, req.globalExclusions);
    const types = [...new Set([...policyTypes, ...related.keys()])].sort();
    const policiesByType = new Map<string, string[]>();
    for (const p of req.policies) policiesByType.set(p.resource, [...(policiesByType.get(p.resource) ?? []), p.id]);
    const allPolicyIds = req.policies.map((p) => p.id);
    for (const g of accountGaps) g.policies = allPolicyIds;

    // Config fields the policies read, per type; types that exclusions relate to are read whole.
    const fieldsByType = configFieldsRead(req.policies);
    for (const t of related.keys()) fieldsByType.delete(t);
    const inventory = await factory.countInto(calls, () =>
      collectInventory({
        factory,
        targets,
        types,
        policiesByType,
        fieldsByType,
        ...(req.concurrency !== undefined ? { concurrency: req.concurrency } : {}),
        ...(req.only ? { only: req.only } : {}),
        onProgress: (p) => req.onProgress?.({ phase: 'collect', ...p }),
      }),
    );
    linkRelated(inventory.resources);
    req.onProgress?.({ phase: 'evaluate', resources: inventory.resources.length });
    const compiled = compile(req.policies);
    const findings: Finding[] = [];
    // Unless passing findings are kept, the engine only counts them (no finding built per passing pair).
    const { expiredExclusions, passed } = evaluateEach(compiled, inventory.resources, (f) => findings.push(f), {
      globalExclusions: req.globalExclusions,
      passes: req.keepPassed ? 'findings' : 'count',
      ...(req.now ? { now: req.now } : {}),
    });
    undecidableExclusions(findings, req.policies, req.globalExclusions, inventory.collected);

    // Gaps of types that only exclusions need still matter: they are named with the policies they affect.
    for (const g of inventory.gaps) {
      if (!policiesByType.has(g.resourceType)) g.policies = [...new Set((related.get(g.resourceType) ?? []).flatMap((e) => e.policies ?? allPolicyIds))];
    }
    const gaps: CoverageGap[] = [...accountGaps, ...inventory.gaps, ...readErrorGaps(inventory.resources, policiesByType)];
    const counts: Record<Outcome, number> = { fail: 0, pass: passed, excluded: 0, error: 0 };
    const failingBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    for (const f of findings) {
      counts[f.status]++;
      if (f.status === 'fail') failingBySeverity[f.severity]++;
    }
    const complete = gaps.length === 0;
    const finished = new Date();
    // Retries are counted per factory: on a shared one, those of scans running at the same time are included.
    const retry = { retries: factory.counter.retryStrategy.retries - retriedBefore.retries, throttles: factory.counter.retryStrategy.throttles - retriedBefore.throttles };
    const report: ScanReport = {
      version: 1,
      findings,
      summary: {
        startedAt: started.toISOString(),
        finishedAt: finished.toISOString(),
        durationMs: finished.getTime() - started.getTime(),
        accounts: targets.map((t) => ({ id: t.id, ...(t.name ? { name: t.name } : {}), regions: t.regions })),
        policies: req.policies.length,
        resourceTypes: types,
        resources: inventory.resources.filter((r) => policiesByType.has(r.type)).length,
        counts,
        failingBySeverity,
        coverageGaps: gaps,
        expiredExclusions: expiredExclusions.map((x) => ({ id: x.id, reason: x.reason, expires: x.expires, ...(x.policy ? { policy: x.policy } : {}) })),
        apiCalls: { total: calls.total, byOperation: { ...calls.calls }, retries: retry.retries, throttled: retry.throttles },
        ...(organization ? { organizationNotScanned: organization } : {}),
        complete,
        exitCode: exitCodeFor(counts, complete),
      },
    };
    return {
      report,
      resources: inventory.resources,
      scope: {
        accounts: targets.map((t) => t.id),
        regions: [...new Set(targets.flatMap((t) => t.regions))].sort(),
        policies: allPolicyIds,
        resourceTypes: policyTypes,
        collected: [...inventory.collected],
      },
    };
  } finally {
    if (!req.session) factory.destroy();
  }
}

/** The session's accounts that `t` selects (by id), in `t.regions` when given; an account it lacks is an error, never an empty scan. */
function sessionTargets(all: readonly ScanTarget[], t: TargetOptions): ScanTarget[] {
  const missing = (t.accounts ?? []).filter((id) => !all.some((a) => a.id === id));
  if (missing.length) throw new MamoriError('USAGE', `account ${missing.join(', ')}: not among the accounts in scope (${all.map((a) => a.id).join(', ')})`);
  const picked = t.accounts?.length ? all.filter((a) => t.accounts!.includes(a.id)) : [...all];
  return t.regions?.length ? picked.map((a) => ({ ...a, regions: t.regions! })) : picked;
}
