/**
 * How the console shows a resource's stored configuration: one line per part (a security-group rule line, an ACL
 * grant, a policy statement, a setting), each violating part marked with the evidence id and the policies it
 * violates. Evidence that no line shows is listed on its own, so nothing violating is ever hidden.
 */
import type { Evidence } from '../core/finding.ts';
import { resourceDescriptor } from '../resources/index.ts';
import { responseModeFor, type MamoriConfig } from '../app/config.ts';
import type { ConfigLine, ConfigSection, EffectiveMode, FindingRow, ResponseMode } from './contract.ts';
import type { PolicyEntry } from './context.ts';
import type { StoredFinding, StoredResource } from '../store/types.ts';

/** Which policies each evidence id violates. */
export type Marks = Map<string, { policies: string[]; summary: string }>;

export function marksOf(findings: readonly Pick<StoredFinding, 'policy' | 'evidence' | 'status'>[]): Marks {
  const marks: Marks = new Map();
  for (const f of findings) {
    // Resolved findings no longer mark anything; excluded ones still do (the part violates, it is just accepted).
    if (f.status === 'resolved') continue;
    for (const e of f.evidence) {
      const m = marks.get(e.id) ?? { policies: [], summary: e.summary };
      if (!m.policies.includes(f.policy)) m.policies.push(f.policy);
      marks.set(e.id, m);
    }
  }
  return marks;
}

function line(text: string, id: string | undefined, marks: Marks, used: Set<string>, detail?: string): ConfigLine {
  const m = id !== undefined ? marks.get(id) : undefined;
  if (m && id !== undefined) used.add(id);
  const out: ConfigLine = { text, violating: !!m };
  if (id !== undefined) out.evidenceId = id;
  if (m) out.policies = m.policies;
  if (detail !== undefined) out.detail = detail;
  return out;
}

/** The configuration of a resource as marked lines. */
export function configSections(resource: Pick<StoredResource, 'type' | 'config'>, marks: Marks): ConfigSection[] {
  const used = new Set<string>();
  let sections: ConfigSection[] = [];
  const c = resource.config as Record<string, unknown>;
  const shown = resourceDescriptor(resource.type)?.sections;
  if (shown) {
    sections = shown(c, { marked: (id) => marks.has(id) }).map((s) => ({ title: s.title, lines: s.lines.map((l) => line(l.text, l.evidenceId, marks, used, l.detail)) }));
  } else {
    sections = [{ title: 'Configuration', lines: Object.entries(c).map(([k, v]) => line(`${k}: ${JSON.stringify(v)}`, `path:config.${k}`, marks, used)) }];
  }
  const rest = [...marks].filter(([id]) => !used.has(id));
  if (rest.length) sections.unshift({ title: 'Other violating parts', lines: rest.map(([id, m]) => ({ text: m.summary, evidenceId: id, violating: true, policies: m.policies })) });
  return sections;
}

/** The evidence a finding carries, as marks (for one finding's page). */
export function marksOfEvidence(policy: string, evidence: readonly Evidence[]): Marks {
  return new Map(evidence.map((e) => [e.id, { policies: [policy], summary: e.summary }]));
}

export function findingRow(f: StoredFinding): FindingRow {
  const row: FindingRow = {
    id: f.id,
    policy: f.policy,
    title: f.title,
    status: f.status,
    severity: f.severity,
    resource: f.resource,
    evidenceCount: f.evidence.length,
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
  };
  if (f.exclusion) row.exclusion = f.exclusion;
  if (f.resolvedAt) row.resolvedAt = f.resolvedAt;
  return row;
}

/**
 * The response mode a scan uses for a policy, and where it comes from. Scans read mamori.yaml over the policy as the
 * console set it (`responseModeFor`): an `accounts` entry first, then `responses`, then the console's setting, then
 * the policy's own mode. Asking each layer on its own tells which one decided.
 */
export function effectiveModeOf(
  config: Pick<MamoriConfig, 'responses' | 'accounts'>,
  entry: Pick<PolicyEntry, 'base' | 'effective' | 'setting'>,
  account?: { id: string; name?: string },
): EffectiveMode & { accountOverrides: { accounts: string[]; mode: ResponseMode }[] } {
  const id = entry.base.id;
  const none = '-' as ResponseMode;
  const accountOverrides = (config.accounts ?? []).flatMap((a) => {
    const mode = responseModeFor({ responses: a.responses }, id, none);
    return mode === none ? [] : [{ accounts: a.match, mode }];
  });
  if (account) {
    for (const a of config.accounts ?? []) {
      const mode = responseModeFor({ accounts: [a] }, id, none, account);
      if (mode !== none) return { mode, source: 'account', accounts: a.match, accountOverrides };
    }
  }
  const fromConfig = responseModeFor({ responses: config.responses }, id, none);
  if (fromConfig !== none) return { mode: fromConfig, source: 'config', accountOverrides };
  if (entry.setting?.mode) return { mode: entry.setting.mode as ResponseMode, source: 'console', accountOverrides };
  return { mode: entry.base.response.mode, source: 'policy', accountOverrides };
}
