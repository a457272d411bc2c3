import { createInterface } from 'node:readline/promises';
import type { MamoriConfig } from '../../app/config.ts';
import { scanAndRecord } from '../../app/record.ts';
import { applyFix, connect, planFix, remediateAfterScan, resolveActor, type Connection, type FixPlan, type RemediationSummary } from '../../app/remediate.ts';
import { runScan, type ScanResult } from '../../app/scan.ts';
import { MamoriError } from '../../core/errors.ts';
import type { Policy } from '../../engine/policy.ts';
import { resolveMaxChanges } from '../../remediation/guards.ts';
import { resolveFixConcurrency } from '../../remediation/lanes.ts';
import { preparedJson, renderFixPlan, renderSummary } from '../../remediation/render.ts';
import { renderCoverage } from '../../outputs/table.ts';
import type { Store } from '../../store/index.ts';
import { bool, EXIT, str, type Command, type Io, type OptionSpec, type Values } from '../command.ts';
import { AWS_OPTIONS, AWS_USAGE, CONFIG_OPTIONS, resolveAws, resolveConfig, resolvePolicies, SELECT_OPTIONS, SELECT_USAGE } from '../options.ts';
import { progressReporter } from '../progress.ts';
import { cliNotifier, flushNotifications } from '../notify.ts';
import { openCliStore, STORE_OPTIONS, STORE_USAGE } from '../store.ts';

/** Options every remediation command shares. */
export const REMEDIATION_OPTIONS: OptionSpec = {
  actor: { type: 'string' },
  'max-changes': { type: 'string' },
  'fix-concurrency': { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  format: { type: 'string' },
};

export const REMEDIATION_USAGE = `Remediation:
  --yes, -y               do not ask for confirmation (required when stdin is not a terminal)
  --max-changes N         at most N changes in this run (10)     [MAMORI_MAX_CHANGES, remediation.maxChanges]
  --fix-concurrency N     lanes (account × service) changed at once, 1 = one change at a time (8)
                                                   [MAMORI_FIX_CONCURRENCY, remediation.concurrency]
  --actor NAME            who acts, for the audit trail (the OS user)                [MAMORI_ACTOR]
  --format table|json     output format (table)`;

export function outputFormat(values: Values): 'table' | 'json' {
  const f = str(values, 'format') ?? 'table';
  if (f !== 'table' && f !== 'json') throw new MamoriError('USAGE', `--format expects table or json, got "${f}"`);
  return f;
}

export function maxChanges(values: Values, io: Io, config: MamoriConfig): number {
  return resolveMaxChanges({ flag: str(values, 'max-changes'), env: io.env['MAMORI_MAX_CHANGES'], config: config.remediation?.maxChanges });
}

export function fixConcurrency(values: Values, io: Io, config: MamoriConfig): number {
  return resolveFixConcurrency({ flag: str(values, 'fix-concurrency'), env: io.env['MAMORI_FIX_CONCURRENCY'], config: config.remediation?.concurrency });
}

/**
 * Ask before changing anything: `--yes` answers for the user; on a terminal the user is asked; otherwise (a pipe,
 * CI) the command refuses, so that nothing is ever changed by a script that did not say so.
 */
export async function confirm(io: Io, values: Values, question: string): Promise<boolean> {
  if (bool(values, 'yes')) return true;
  if (!process.stdin.isTTY || !io.interactive) {
    throw new MamoriError('USAGE', 'refusing to change anything without confirmation: stdin is not a terminal. Review the plan above and pass --yes to apply it.');
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** The store, the connection to the accounts and who acts: what every command that changes AWS needs. */
export async function openRemediation(values: Values, io: Io, config: MamoriConfig): Promise<{ store: Store; conn: Connection; actor: string; close(): Promise<void> }> {
  const { aws, targets } = resolveAws(values, io.env, config);
  const store = await openCliStore(values, io.env, config);
  let conn: Connection;
  let notifier;
  try {
    notifier = await cliNotifier(store, config, io, aws);
    conn = await connect({ aws, targets });
  } catch (e) {
    await store.close();
    throw e;
  }
  return {
    store,
    conn,
    actor: resolveActor(str(values, 'actor'), io.env),
    async close() {
      conn.close();
      await flushNotifications(notifier, io);
      await store.close();
    },
  };
}

export function exitFor(summary: RemediationSummary): number {
  return summary.failed.length ? EXIT.ERROR : EXIT.OK;
}

export const fixCommand: Command = {
  name: 'fix',
  usage: `[--apply] [options]

Scans the selected policies (same selection and AWS flags as scan), then prints per resource the exact API
calls that remove the violating parts and what stays. Nothing is changed without --apply; with --apply the plan
is applied after confirmation (--yes in scripts), each change journaled before it is made and verified after.
Policies whose response mode is "off" are left alone; excluded resources are never changed.

  --apply                 make the changes (default: print the plan only)
  --no-progress           no progress display

${REMEDIATION_USAGE}

${SELECT_USAGE}

${AWS_USAGE}

${STORE_USAGE}

Exit codes: 0 planned (or applied without failures), 1 a change failed or errors, 2 bad usage or refused.`,
  options: { ...AWS_OPTIONS, ...SELECT_OPTIONS, ...CONFIG_OPTIONS, ...STORE_OPTIONS, ...REMEDIATION_OPTIONS, apply: { type: 'boolean' }, 'no-progress': { type: 'boolean' } },
  async run({ values, io }) {
    const format = outputFormat(values);
    const config = resolveConfig(values, io.env, io.cwd);
    const { aws, targets } = resolveAws(values, io.env, config);
    const { selected } = resolvePolicies(values, io.env, config);
    const apply = bool(values, 'apply');
    const limit = maxChanges(values, io, config);
    const concurrency = fixConcurrency(values, io, config);
    // A dry run writes nothing anywhere; --apply records the scan too, so that the journal points at current findings.
    const store = apply ? await openCliStore(values, io.env, config) : undefined;
    let conn: Connection | undefined;
    let notifier;
    try {
      notifier = store ? await cliNotifier(store, config, io, aws) : undefined;
      const progress = progressReporter(io, !bool(values, 'no-progress'));
      let scan;
      try {
        const req = { aws, targets, policies: selected, globalExclusions: config.exclusions, onProgress: progress.onProgress };
        scan = store ? await scanAndRecord(req, store) : await runScan(req);
      } finally {
        progress.done();
      }
      conn = await connect({ aws, targets });
      const plan: FixPlan = await planFix(conn.access, scan, selected, config, ['notify', 'approve', 'auto'], { concurrency });
      const ready = plan.prepared.filter((p) => p.outcome === 'ready');
      // What the plan is based on: a plan with "nothing to change" for the caller's account alone must say so.
      const coverage = `${renderCoverage(scan.report).join('\n')}\n`;
      if (format === 'table') io.out(`${renderFixPlan(plan.prepared, plan.notPlanned, { maxChanges: limit, apply })}${coverage}`);
      else io.err(coverage);
      if (!apply || !store || !ready.length) {
        if (format === 'json') io.out(`${JSON.stringify({ plan: plan.prepared.map(preparedJson), notPlanned: plan.notPlanned }, null, 2)}\n`);
        return EXIT.OK;
      }
      if (format === 'json' && !bool(values, 'yes')) io.err(renderFixPlan(plan.prepared, plan.notPlanned, { maxChanges: limit, apply }));
      if (!(await confirm(io, values, `Apply ${Math.min(ready.length, limit)} change${ready.length === 1 ? '' : 's'}?`))) {
        io.err('Nothing changed.\n');
        return EXIT.OK;
      }
      const summary = await applyFix({ store, access: conn.access, actor: resolveActor(str(values, 'actor'), io.env), maxChanges: limit, concurrency }, plan);
      if (format === 'json') io.out(`${JSON.stringify({ plan: plan.prepared.map(preparedJson), notPlanned: plan.notPlanned, summary }, null, 2)}\n`);
      else io.out(`\n${renderSummary(summary)}`);
      return exitFor(summary);
    } finally {
      conn?.close();
      await flushNotifications(notifier, io);
      await store?.close();
    }
  },
};

/** What `mamori scan` adds for `--remediate` (wired there with a few lines). */
export const SCAN_REMEDIATE_OPTIONS: OptionSpec = { remediate: { type: 'boolean' }, 'max-changes': { type: 'string' }, 'fix-concurrency': { type: 'string' }, actor: { type: 'string' } };

export const SCAN_REMEDIATE_USAGE = `Remediation (see mamori fix, docs/remediation.md):
  --remediate              after the scan, apply the plans of policies in auto mode and record those in
                           approve mode for mamori approve (needs the store)
  --max-changes N          at most N changes in this run (10)     [MAMORI_MAX_CHANGES, remediation.maxChanges]
  --fix-concurrency N      lanes (account × service) changed at once (8)
                                                   [MAMORI_FIX_CONCURRENCY, remediation.concurrency]
  --actor NAME             who acts, for the audit trail (the OS user)                [MAMORI_ACTOR]`;

/**
 * `mamori scan --remediate`: auto plans applied, approve plans recorded. Returns the summary text (for stderr, so
 * that stdout stays the report) and whether a change failed.
 */
export async function remediateAfterScanCli(values: Values, io: Io, config: MamoriConfig, policies: readonly Policy[], scan: Pick<ScanResult, 'report' | 'resources'>, store: Store | undefined): Promise<{ text: string; failed: boolean }> {
  if (!store) throw new MamoriError('USAGE', '--remediate needs the store (the journal records every change before it is made): drop --no-store');
  const { aws, targets } = resolveAws(values, io.env, config);
  const conn = await connect({ aws, targets });
  try {
    const session = { store, access: conn.access, actor: resolveActor(str(values, 'actor'), io.env), maxChanges: maxChanges(values, io, config), concurrency: fixConcurrency(values, io, config) };
    const { summary } = await remediateAfterScan(session, scan, policies, config);
    return { text: `\nRemediation (auto mode applied, approve mode recorded):\n${renderSummary(summary)}`, failed: summary.failed.length > 0 };
  } finally {
    conn.close();
  }
}
