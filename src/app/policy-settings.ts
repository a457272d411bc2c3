/**
 * Policy settings made in the console (enabled, severity override, response mode), applied to the policies of a
 * scan. `scanAndRecord` applies them, so scans from the CLI and from the console that record into the same store
 * honor the same settings.
 */
import type { Policy } from '../engine/policy.ts';
import { listPolicySettings, type PolicySetting } from '../store/console.ts';
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
