import { resourceRef } from '../core/index.ts';
import type { Evidence, ExclusionMatch, Finding, Resource, ResourceRef } from '../core/index.ts';
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

export interface EvaluateEachOptions extends EvaluateOptions {
  /** `findings` (default): a finding for every pair; `count`: passing pairs are counted in `passed`, not handed over. */
  passes?: 'findings' | 'count';
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

/**
 * Like `evaluate`, but hands each finding to `onFinding` instead of keeping them: for large inventories
 * and streaming to a store. With `passes: 'count'` a passing pair builds no finding at all and is only
 * counted (`passed`): for callers that keep fail, excluded and error findings and count the rest, as a
 * scan does. Every other finding is the same in both modes.
 */
export function evaluateEach(
  compiled: CompiledPolicies,
  resources: Iterable<Resource>,
  onFinding: (finding: Finding) => void,
  opts: EvaluateEachOptions = {},
): { expiredExclusions: ExpiredExclusion[]; passed: number } {
  const now = opts.now === undefined ? Date.now() : typeof opts.now === 'number' ? opts.now : opts.now.getTime();
  const { plans, expired } = planExclusions(compiled, opts.globalExclusions ?? [], now);
  const countPasses = opts.passes === 'count';
  let passed = 0;

  const evaluateResource = (r: Resource, list: readonly CompiledPolicy[]): void => {
    // Built on the first finding of the resource: in counting mode a resource that passes everything needs none.
    let ref: ResourceRef | undefined;
    const config = r.config;
    const errors = r.readErrors;
    for (let i = 0; i < list.length; i++) {
      const cp = list[i] as CompiledPolicy;
      let finding: Finding;
      try {
        const res = cp.test(r, config, errors);
        // Most pairs pass with the shared empty result: decided before any type test.
        if (res === NO_EVIDENCE || (!(res instanceof EvalFailure) && res.length === 0)) {
          if (countPasses) {
            passed++;
            continue;
          }
          finding = newFinding(cp, 'pass', (ref ??= resourceRef(r)), NO_EVIDENCE as Evidence[]);
        } else if (res instanceof EvalFailure) {
          finding = newFinding(cp, 'error', (ref ??= resourceRef(r)), NO_EVIDENCE as Evidence[]);
          finding.error = res.reason;
        } else {
          const exclusion = findExclusion(plans.get(cp) as PolicyPlan, r);
          if (exclusion) {
            finding = newFinding(cp, 'excluded', (ref ??= resourceRef(r)), res as Evidence[]);
            finding.exclusion = exclusion;
          } else finding = newFinding(cp, 'fail', (ref ??= resourceRef(r)), res as Evidence[]);
        }
      } catch (e) {
        finding = newFinding(cp, 'error', (ref ??= resourceRef(r)), NO_EVIDENCE as Evidence[]);
        finding.error = `evaluation failed: ${e instanceof Error ? e.message : String(e)}`;
      }
      onFinding(finding);
    }
  };

  // Inventories come grouped by type (one collector after another): the last type's list is kept at hand.
  let lastType: string | undefined;
  let lastList: readonly CompiledPolicy[] | undefined;
  const listFor = (type: string): readonly CompiledPolicy[] | undefined => {
    if (type !== lastType) {
      lastType = type;
      lastList = compiled.byType.get(type);
    }
    return lastList;
  };
  if (Array.isArray(resources)) {
    const all = resources as readonly Resource[];
    for (let k = 0; k < all.length; k++) {
      const r = all[k] as Resource;
      const list = listFor(r.type);
      if (list !== undefined) evaluateResource(r, list);
    }
  } else {
    for (const r of resources) {
      const list = listFor(r.type);
      if (list !== undefined) evaluateResource(r, list);
    }
  }
  return { expiredExclusions: expired, passed };
}

/** One object shape for every finding (optional fields added after), so that code reading findings stays monomorphic. */
function newFinding(cp: CompiledPolicy, status: Finding['status'], resource: ResourceRef, evidence: Evidence[]): Finding {
  const p = cp.policy;
  return { policy: p.id, title: p.title, status, severity: p.severity, resource, evidence };
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
