/** Plans, summaries and the journal as people read them (`mamori fix`, `approve`, `undo`, `history`) and as JSON. */
import type { ResourceRef } from '../core/resource.ts';
import type { JournalEntry } from '../store/index.ts';
import type { NotPlanned } from './requests.ts';
import type { ChangeOutcome, PreparedChange, RemediationSummary } from './runner.ts';
import type { ApiCall, Plan } from './types.ts';

export function resourceLine(r: ResourceRef): string {
  const name = r.name && r.name !== r.id ? ` (${r.name})` : '';
  return `${r.type} ${r.id}${name} · ${r.account}${r.accountName ? ` ${r.accountName}` : ''} · ${r.region}`;
}

export function callLine(c: ApiCall): string {
  return `${c.service}:${c.operation} ${JSON.stringify(c.params)}`;
}

function list(title: string, items: readonly string[], indent: string): string[] {
  if (!items.length) return [];
  return [`${indent}${title}`, ...items.map((i) => `${indent}  - ${i}`)];
}

/** One plan: the exact calls with their parameters, what goes and what stays. */
export function renderPlan(plan: Plan, indent = '    '): string[] {
  return [
    ...list('removes:', plan.removes, indent),
    ...(plan.calls.length ? [`${indent}calls:`, ...plan.calls.map((c) => `${indent}  ${callLine(c)}`)] : []),
    ...list('stays:', plan.keeps, indent),
    ...list('notes:', plan.notes, indent),
  ];
}

/** The dry-run output of `mamori fix`. */
export function renderFixPlan(prepared: readonly PreparedChange[], notPlanned: readonly NotPlanned[], opts: { maxChanges: number; apply: boolean }): string {
  const ready = prepared.filter((p) => p.outcome === 'ready');
  const out: string[] = [];
  out.push(opts.apply ? 'Plan:' : 'Plan (dry run: nothing is changed without --apply):', '');
  if (!ready.length) out.push('  Nothing to change.', '');
  ready.forEach((p, i) => {
    out.push(`${String(i + 1).padStart(3)}. ${resourceLine(p.resource)}`);
    out.push(`    ${p.policies.join(', ')} (${p.severity}) · action ${p.action} · mode ${p.mode} · ${p.reversible ? 'reversible (mamori undo)' : 'NOT reversible'}`);
    if (p.plan) out.push(...renderPlan(p.plan));
    out.push('');
  });
  const skipped = prepared.filter((p) => p.outcome !== 'ready');
  if (skipped.length || notPlanned.length) {
    out.push('Not changed:');
    for (const p of skipped) out.push(`  - ${p.outcome} ${resourceLine(p.resource)} [${p.policies.join(', ')}]: ${p.why ?? ''}`);
    for (const n of notPlanned) out.push(`  - ${n.reason} ${resourceLine(n.resource)} [${n.policy}]: ${n.why}`);
    out.push('');
  }
  const capped = ready.length > opts.maxChanges;
  out.push(
    `${ready.length} change${ready.length === 1 ? '' : 's'} planned${capped ? `; the guard allows ${opts.maxChanges} per run (--max-changes)` : ''}.${opts.apply ? '' : ready.length ? ' Run again with --apply to make them.' : ''}`,
  );
  return out.join('\n') + '\n';
}

function outcomeLine(o: ChangeOutcome): string {
  return `${o.entryId !== undefined ? `#${o.entryId} ` : ''}${resourceLine(o.resource)} · ${o.action} [${o.policies.join(', ')}]${o.why ? `: ${o.why}` : ''}`;
}

/** fixed / skipped (why) / failed (why) / pending approval / recovered. */
export function renderSummary(s: RemediationSummary, opts: { fixedTitle?: string; fixedWord?: string } = {}): string {
  const out: string[] = [];
  const section = (title: string, items: readonly ChangeOutcome[]) => {
    if (!items.length) return;
    out.push(`${title}: ${items.length}`);
    for (const o of items) out.push(`  ${outcomeLine(o)}`);
  };
  section('Recovered from an interrupted run', s.recovered);
  section(opts.fixedTitle ?? 'Fixed and verified', s.fixed);
  section('Awaiting approval', s.pending);
  section('Skipped', s.skipped);
  section('Failed', s.failed);
  out.push(`Summary: ${s.fixed.length} ${opts.fixedWord ?? 'fixed'}, ${s.skipped.length} skipped, ${s.failed.length} failed${s.pending.length ? `, ${s.pending.length} awaiting approval` : ''}${s.recovered.length ? `, ${s.recovered.length} recovered` : ''}.`);
  return out.join('\n') + '\n';
}

export function preparedJson(p: PreparedChange): Record<string, unknown> {
  return {
    action: p.action,
    mode: p.mode,
    policies: p.policies,
    severity: p.severity,
    resource: p.resource,
    outcome: p.outcome,
    ...(p.why ? { why: p.why } : {}),
    reversible: p.reversible,
    calls: p.plan?.calls ?? [],
    removes: p.plan?.removes ?? [],
    keeps: p.plan?.keeps ?? [],
    notes: p.plan?.notes ?? [],
  };
}

/** One journal entry in the `mamori history --format json` contract. */
export function historyJson(e: JournalEntry): Record<string, unknown> {
  return {
    id: e.id,
    status: e.status,
    policy: e.policy,
    resource: e.resource,
    action: e.action,
    calls: e.plannedCalls,
    before: e.before ?? null,
    after: e.after ?? null,
    ...(e.result !== undefined ? { result: e.result } : {}),
    ...(e.error ? { error: e.error } : {}),
    ...(e.undoOf !== undefined ? { undoOf: e.undoOf } : {}),
    ...(e.approvedBy ? { approvedBy: e.approvedBy, approvedAt: e.approvedAt } : {}),
    ...(e.runId !== undefined ? { runId: e.runId } : {}),
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

/** `mamori history` as a table. */
export function renderHistory(entries: readonly JournalEntry[]): string {
  if (!entries.length) return 'No remediation recorded yet.\n';
  const rows = entries.map((e) => [
    `#${e.id}`,
    e.status,
    e.undoOf !== undefined ? `undo #${e.undoOf}` : e.action,
    `${e.resource.type.replace(/^aws\./, '')} ${e.resource.id}`,
    e.resource.account,
    e.policy,
    e.updatedAt.replace('T', ' ').slice(0, 19),
    e.error ?? '',
  ]);
  const head = ['ID', 'STATUS', 'ACTION', 'RESOURCE', 'ACCOUNT', 'POLICY', 'UPDATED', 'NOTE'];
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.slice(0, widths[i]).padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [fmt(head), ...rows.map(fmt)].join('\n') + '\n';
}
