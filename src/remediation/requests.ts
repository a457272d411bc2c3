/**
 * From findings to change requests: which findings a remediation run acts on, and how they group. Findings of
 * several policies on one resource that name the same action (say, a bucket both world-readable and open to any
 * principal) become one change with the union of their evidence, so that one rewrite removes all of it and the
 * second does not find the document "drifted" by the first.
 */
import type { Evidence, Finding, Severity } from '../core/finding.ts';
import { severityRank } from '../core/finding.ts';
import type { ResourceRef } from '../core/resource.ts';
import type { Policy, ResponseMode } from '../engine/policy.ts';
import { canonical } from './compare.ts';
import { ACTIONS } from './registry.ts';

export interface ChangeRequest {
  action: string;
  mode: ResponseMode;
  /** The policies whose findings this change fixes. */
  policies: string[];
  severity: Severity;
  resource: ResourceRef;
  /** The violating parts, merged over the policies (by evidence id). */
  evidence: Evidence[];
  /** The action's parameters from the policy's `response.params` (validated when planned). */
  params: Record<string, unknown>;
}

export interface NotPlanned {
  policy: string;
  resource: ResourceRef;
  reason: 'excluded' | 'error' | 'no-action' | 'off' | 'mode' | 'unknown-action';
  why: string;
}

export interface RequestOptions {
  /** The response mode for a policy in an account (policy default, config, per-account overrides). */
  modeOf(policy: Policy, account: { id: string; name?: string }): ResponseMode;
  /** Which modes this run acts on; the others are listed as not planned. */
  modes: readonly ResponseMode[];
}

/** Failing findings → grouped change requests, most severe first; everything else with why it is not planned. */
export function changeRequests(findings: readonly Finding[], policies: readonly Policy[], opts: RequestOptions): { requests: ChangeRequest[]; notPlanned: NotPlanned[] } {
  const byId = new Map(policies.map((p) => [p.id, p]));
  const groups = new Map<string, ChangeRequest>();
  const notPlanned: NotPlanned[] = [];
  for (const f of findings) {
    if (f.status === 'pass') continue;
    const skip = (reason: NotPlanned['reason'], why: string) => notPlanned.push({ policy: f.policy, resource: f.resource, reason, why });
    if (f.status === 'excluded') {
      skip('excluded', f.exclusion ? `excluded by ${f.exclusion.id} (${f.exclusion.matched}): ${f.exclusion.reason}` : 'excluded');
      continue;
    }
    if (f.status === 'error') {
      skip('error', `could not be evaluated: ${f.error ?? 'unknown error'}`);
      continue;
    }
    const policy = byId.get(f.policy);
    const actionId = policy?.response.action;
    if (!policy || !actionId) {
      skip('no-action', 'the policy names no remediation action');
      continue;
    }
    const action = ACTIONS.get(actionId);
    if (!action) {
      skip('unknown-action', `the policy names an unknown action "${actionId}"`);
      continue;
    }
    const mode = opts.modeOf(policy, { id: f.resource.account, ...(f.resource.accountName ? { name: f.resource.accountName } : {}) });
    if (mode === 'off') {
      skip('off', 'response mode off');
      continue;
    }
    if (!opts.modes.includes(mode)) {
      skip('mode', `response mode ${mode}`);
      continue;
    }
    const params = policy.response.params ?? {};
    const key = `${f.resource.arn}|${actionId}|${mode}|${canonical(params)}`;
    let g = groups.get(key);
    if (!g) {
      g = { action: actionId, mode, policies: [], severity: f.severity, resource: f.resource, evidence: [], params };
      groups.set(key, g);
    }
    if (!g.policies.includes(f.policy)) g.policies.push(f.policy);
    if (severityRank(f.severity) > severityRank(g.severity)) g.severity = f.severity;
    for (const e of f.evidence) if (!g.evidence.some((x) => x.id === e.id)) g.evidence.push(e);
  }
  const requests = [...groups.values()].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      a.resource.account.localeCompare(b.resource.account) ||
      a.resource.region.localeCompare(b.resource.region) ||
      a.resource.type.localeCompare(b.resource.type) ||
      a.resource.id.localeCompare(b.resource.id) ||
      a.action.localeCompare(b.action),
  );
  for (const r of requests) r.policies.sort();
  return { requests, notPlanned };
}
