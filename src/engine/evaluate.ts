import { resourceRef } from '../core/index.ts';
import type { Evidence, ExclusionMatch, Finding, Resource } from '../core/index.ts';
import type { CompiledPolicies, CompiledPolicy } from './compile.ts';
import { EvalFailure } from './condition.ts';
import { compileExclusion } from './exclusions.ts';
import type { CompiledExclusion, Exclusion, ExclusionScope } from './exclusions.ts';
import { compileGlobs } from '../core/glob.ts';
import { NO_EVIDENCE } from './read.ts';

export interface EvaluateOptions {
  /** Exclusions from the global configuration; their `policies` globs say which policies they cover. */
  globalExclusions?: readonly Exclusion[];
  /** The time against which expiry is checked; defaults to the current time. */
  now?: Date | number;
}

/** An exclusion that has expired and so no longer applies; reported so that someone renews or removes it. */
export interface ExpiredExclusion {
  id: string;
  scope: ExclusionScope;
  /** The policy that holds it, for policy-scope exclusions. */
  policy?: string;
  reason: string;
  owner?: string;
  expires: string;
  /** Failing findings it would have excluded in this evaluation. */
  wouldHaveExcluded: number;
}

export interface EvaluationResult {
  findings: Finding[];
  expiredExclusions: ExpiredExclusion[];
}

interface PolicyPlan {
  active: CompiledExclusion[];
  expired: Array<{ ex: CompiledExclusion; report: ExpiredExclusion }>;
}

/**
 * Every (policy, resource of its type) pair gives exactly one finding: `fail` with evidence, `pass`,
 * `excluded` (a failing resource matched by an exclusion; its evidence is kept) or `error` (the
 * check could not be decided, e.g. a configuration field could not be read). A check that throws
 * becomes an `error` finding for that pair and the evaluation goes on.
 *
 * Pass findings share one frozen empty evidence array: do not mutate `evidence`.
 */
export function evaluate(compiled: CompiledPolicies, resources: Iterable<Resource>, opts: EvaluateOptions = {}): EvaluationResult {
  const count = Array.isArray(resources) ? countPairs(compiled, resources) : -1;
  // Filling a pre-sized array costs far less than growing one by push when it holds millions of
  // findings. Beyond ~32M elements V8 would make it a slow dictionary, so growth is used then.
  if (count >= 0 && count <= 30_000_000) {
    const findings = new Array<Finding>(count);
    let i = 0;
    const { expiredExclusions } = evaluateEach(compiled, resources, (f) => (findings[i++] = f), opts);
    findings.length = i;
    return { findings, expiredExclusions };
  }
  const findings: Finding[] = [];
  const { expiredExclusions } = evaluateEach(compiled, resources, (f) => findings.push(f), opts);
  return { findings, expiredExclusions };
}

function countPairs(compiled: CompiledPolicies, resources: readonly Resource[]): number {
  let n = 0;
  for (let i = 0; i < resources.length; i++) {
    const list = compiled.byType.get((resources[i] as Resource).type);
    if (list !== undefined) n += list.length;
  }
  return n;
}

/** Like `evaluate`, but hands each finding to `onFinding` instead of keeping them: for large inventories and streaming to a store. */
export function evaluateEach(
  compiled: CompiledPolicies,
  resources: Iterable<Resource>,
  onFinding: (finding: Finding) => void,
  opts: EvaluateOptions = {},
): { expiredExclusions: ExpiredExclusion[] } {
  const now = opts.now === undefined ? Date.now() : typeof opts.now === 'number' ? opts.now : opts.now.getTime();
  const { plans, expired } = planExclusions(compiled, opts.globalExclusions ?? [], now);

  for (const r of resources) {
    const list = compiled.byType.get(r.type);
    if (list === undefined) continue;
    const ref = resourceRef(r);
    for (let i = 0; i < list.length; i++) {
      const cp = list[i] as CompiledPolicy;
      const p = cp.policy;
      let finding: Finding;
      try {
        const res = cp.test(r);
        if (res instanceof EvalFailure) {
          finding = { policy: p.id, title: p.title, status: 'error', severity: p.severity, resource: ref, evidence: NO_EVIDENCE as Evidence[], error: res.reason };
        } else if (res.length === 0) {
          finding = { policy: p.id, title: p.title, status: 'pass', severity: p.severity, resource: ref, evidence: NO_EVIDENCE as Evidence[] };
        } else {
          const exclusion = findExclusion(plans.get(cp) as PolicyPlan, r);
          finding = exclusion
            ? { policy: p.id, title: p.title, status: 'excluded', severity: p.severity, resource: ref, evidence: res as Evidence[], exclusion }
            : { policy: p.id, title: p.title, status: 'fail', severity: p.severity, resource: ref, evidence: res as Evidence[] };
        }
      } catch (e) {
        finding = {
          policy: p.id,
          title: p.title,
          status: 'error',
          severity: p.severity,
          resource: ref,
          evidence: NO_EVIDENCE as Evidence[],
          error: `evaluation failed: ${e instanceof Error ? e.message : String(e)}`,
        };
      }
      onFinding(finding);
    }
  }
  return { expiredExclusions: expired };
}

function findExclusion(plan: PolicyPlan, r: Resource): ExclusionMatch | undefined {
  for (let i = 0; i < plan.active.length; i++) {
    const ex = plan.active[i] as CompiledExclusion;
    const matched = ex.test(r);
    if (matched !== undefined) return ex.toMatch(matched);
  }
  for (const { ex, report } of plan.expired) {
    if (ex.test(r) !== undefined) report.wouldHaveExcluded++;
  }
  return undefined;
}

/** Per policy: its own exclusions first, then the global ones that name it; expired ones set aside for reporting. */
function planExclusions(compiled: CompiledPolicies, globals: readonly Exclusion[], now: number) {
  const plans = new Map<CompiledPolicy, PolicyPlan>();
  const expired: ExpiredExclusion[] = [];
  const globalCompiled = globals.map((g) => ({
    ex: compileExclusion(g, 'global'),
    applies: g.policies ? compileGlobs(g.policies) : () => true,
    report: undefined as ExpiredExclusion | undefined,
  }));
  const reportFor = (ex: CompiledExclusion, policy?: string): ExpiredExclusion => {
    const e = ex.exclusion;
    const report: ExpiredExclusion = { id: e.id, scope: ex.scope, reason: e.reason, expires: e.expires ?? '', wouldHaveExcluded: 0 };
    if (policy !== undefined) report.policy = policy;
    if (e.owner !== undefined) report.owner = e.owner;
    expired.push(report);
    return report;
  };
  for (const cp of compiled.policies) {
    const plan: PolicyPlan = { active: [], expired: [] };
    for (const ex of cp.exclusions) {
      if (ex.expiresAt > now) plan.active.push(ex);
      else plan.expired.push({ ex, report: reportFor(ex, cp.policy.id) });
    }
    for (const g of globalCompiled) {
      if (!g.applies(cp.policy.id)) continue;
      if (g.ex.expiresAt > now) plan.active.push(g.ex);
      else plan.expired.push({ ex: g.ex, report: (g.report ??= reportFor(g.ex)) });
    }
    plans.set(cp, plan);
  }
  return { plans, expired };
}
