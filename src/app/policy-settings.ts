/**
 * Policy settings made in the console (enabled, severity override, response mode), applied to the policies of a
 * scan. `scanAndRecord` applies them, so scans from the CLI and from the console that record into the same store
 * honor the same settings.
 */
import { isMamoriError } from '../core/errors.ts';
import type { Policy } from '../engine/policy.ts';
import { parsePolicy } from './policies.ts';
import { listCustomPolicies, listPolicySettings, type PolicySetting } from '../store/console.ts';
import type { Store } from '../store/index.ts';

/** The policies with their settings applied: disabled ones dropped, severity and response mode overridden. */
export function applyPolicySettings(policies: readonly Policy[], settings: readonly PolicySetting[]): Policy[] {
  const byId = new Map(settings.map((s) => [s.policy, s]));
  const out: Policy[] = [];
  for (const p of policies) {
    const s = byId.get(p.id);
    if (!s) {
      out.push(p);
      continue;
    }
    if (!s.enabled) continue;
    // A mode that acts needs an action; a setting that asks for one on a policy without it keeps the policy's mode.
    const mode = s.mode && (p.response.action !== undefined || s.mode === 'off' || s.mode === 'notify') ? s.mode : p.response.mode;
    out.push({ ...p, severity: s.severity ?? p.severity, response: { ...p.response, mode } });
  }
  return out;
}

/** The store's policy settings applied to `policies`. */
export async function withStoredSettings(store: Store, policies: readonly Policy[]): Promise<Policy[]> {
  return applyPolicySettings(policies, await listPolicySettings(store.db));
}

/**
 * Custom policies written in the console (kept in the store), except those whose id is taken by one of
 * `existing`; one that no longer parses is skipped and reported through `onInvalid`.
 */
export async function storedCustomPolicies(store: Store, existing: readonly Policy[], onInvalid?: (id: string, message: string) => void): Promise<{ policies: Policy[]; sources: Map<string, string> }> {
  const ids = new Set(existing.map((p) => p.id));
  const policies: Policy[] = [];
  const sources = new Map<string, string>();
  for (const c of await listCustomPolicies(store.db)) {
    try {
      const p = parsePolicy(c.source, `custom/${c.id}.yaml`, { expectedId: c.id });
      if (ids.has(p.id)) continue;
      policies.push(p);
      sources.set(p.id, c.source);
    } catch (e) {
      if (!isMamoriError(e)) throw e;
      onInvalid?.(c.id, e.format());
    }
  }
  return { policies, sources };
}
