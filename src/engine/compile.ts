import { MamoriError } from '../core/index.ts';
import { compileCondition } from './condition.ts';
import type { Predicate } from './condition.ts';
import { compileExclusion } from './exclusions.ts';
import type { CompiledExclusion } from './exclusions.ts';
import type { Policy } from './policy.ts';

export interface CompiledPolicy {
  policy: Policy;
  /** Evidence (empty = pass) or an EvalFailure saying why the resource could not be checked. */
  test: Predicate;
  exclusions: CompiledExclusion[];
}

/** Policies compiled once to predicates and indexed by the resource type they check. */
export interface CompiledPolicies {
  policies: readonly CompiledPolicy[];
  byType: ReadonlyMap<string, readonly CompiledPolicy[]>;
}

export function compilePolicy(policy: Policy): CompiledPolicy {
  try {
    return {
      policy,
      test: compileCondition(policy.condition),
      exclusions: policy.exclusions.map((e) => compileExclusion(e, 'policy')),
    };
  } catch (e) {
    throw new MamoriError('POLICY_INVALID', `policy ${policy.id} could not be compiled: ${(e as Error).message}`, policy.file !== undefined ? { file: policy.file } : undefined, { cause: e });
  }
}

export function compile(policies: readonly Policy[]): CompiledPolicies {
  const compiled = policies.map(compilePolicy);
  const byType = new Map<string, CompiledPolicy[]>();
  for (const cp of compiled) {
    const list = byType.get(cp.policy.resource);
    if (list) list.push(cp);
    else byType.set(cp.policy.resource, [cp]);
  }
  return { policies: compiled, byType };
}

/** The resource types the collectors must gather for these policies, sorted. */
export function requiredResourceTypes(policies: readonly Policy[] | CompiledPolicies): string[] {
  const list = Array.isArray(policies) ? (policies as readonly Policy[]) : (policies as CompiledPolicies).policies.map((c) => c.policy);
  return [...new Set(list.map((p) => p.resource))].sort();
}
