import { exclusionSuggestions, previewRunUndo, previewUndo, undo, undoRun, type ExclusionSuggestion, type RemediationSummary } from '../../app/remediate.ts';
import { MamoriError } from '../../core/errors.ts';
import { renderPlan, renderSummary, resourceLine } from '../../remediation/render.ts';
import type { JournalEntry, Store } from '../../store/index.ts';
import { bool, EXIT, str, type Command, type Io } from '../command.ts';
import { AWS_OPTIONS, AWS_USAGE, CONFIG_OPTIONS, resolveConfig } from '../options.ts';
import { STORE_OPTIONS, STORE_USAGE } from '../store.ts';
import { confirm, exitFor, fixConcurrency, maxChanges, openRemediation, outputFormat, REMEDIATION_OPTIONS, REMEDIATION_USAGE } from './fix.ts';

/** Journal entries and runs have integer ids (PostgreSQL `integer`): anything else is a usage error, never a SQL one. */
const MAX_ID = 2_147_483_647;

export function parseId(text: string | undefined, what: string): number {
  const t = (text ?? '').trim();
  if (!/^\d+$/.test(t)) throw new MamoriError('USAGE', `${what} must be a positive whole number, got "${text ?? ''}"`);
  const n = Number(t);
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_ID) throw new MamoriError('USAGE', `${what} ${t} is out of range: ids run from 1 to ${MAX_ID}`);
  return n;
}

function accountsOf(entries: readonly JournalEntry[]): string {
  const names = [...new Set(entries.map((e) => (e.resource.accountName ? `${e.resource.account} (${e.resource.accountName})` : e.resource.account)))];
  return `${names.length === 1 ? 'account' : 'accounts'} ${names.join(', ')}`;
}

/** YAML for mamori.yaml that keeps each resource as it is now: the next scan would otherwise plan the same fix again. */
export function exclusionSnippet(suggestions: readonly ExclusionSuggestion[]): string {
  const lines = ['exclusions:'];
  for (const s of suggestions) {
    lines.push(`  - id: keep-${s.resource.id.replace(/[^A-Za-z0-9_-]+/g, '-').toLowerCase()}`);
    lines.push(`    policies: [${s.policies.join(', ')}]`);
    lines.push(`    reason: "why this stays as it is"   # required: say why`);
    lines.push(`    match:`);
    lines.push(`      account: ["${s.resource.account}"]`);
    lines.push(`      resource: ["${s.resource.arn}"]`);
  }
  return lines.join('\n');
}

/** The entries among `ids` that are undone now. */
async function undoneEntries(store: Store, ids: readonly number[]): Promise<JournalEntry[]> {
  const out: JournalEntry[] = [];
  for (const id of ids) {
    const e = await store.getJournalEntry(id);
    if (e?.status === 'undone') out.push(e);
  }
  return out;
}

async function offerExclusion(io: Io, store: Store, summary: RemediationSummary, originals: readonly number[]): Promise<void> {
  if (!summary.fixed.length) return;
  const undone = await undoneEntries(store, originals);
  if (!undone.length) return;
  io.out(
    `\nThe next scan will plan the same fix again. To keep ${undone.length === 1 ? 'this resource' : 'these resources'} as ${undone.length === 1 ? 'it is' : 'they are'}, add an exclusion to mamori.yaml (or in the console, on the finding's page):\n\n${exclusionSnippet(exclusionSuggestions(undone))}\n`,
  );
}

export const undoCommand: Command = {
  name: 'undo',
  usage: `<id> | --run N [--yes] [--force] [options]

Reads the resource, prints the calls that put back what change <id> removed (see mamori history), and makes
them after confirmation. When the resource changed since the fix, undo refuses; --force puts back what was
removed on top of the current state (nothing else is touched).

With --run N, undoes every change of remediation run N (see mamori runs), newest first, each with the same
guards, after one confirmation. A change that is refused does not stop the others.

  --run N                 undo every change of run N
  --force                 undo even though the resource changed since the fix
  --no-progress           accepted for scripts that pass the same flags as fix (undo shows no progress display)

${REMEDIATION_USAGE}

${AWS_USAGE}

${STORE_USAGE}

Exit codes: 0 undone (or nothing confirmed), 1 an undo failed, 2 bad usage or refused.`,
  options: { ...AWS_OPTIONS, ...CONFIG_OPTIONS, ...STORE_OPTIONS, ...REMEDIATION_OPTIONS, force: { type: 'boolean' }, run: { type: 'string' }, 'no-progress': { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals, io }) {
    const format = outputFormat(values);
    const runText = str(values, 'run');
    if (runText !== undefined && positionals.length) throw new MamoriError('USAGE', 'mamori undo expects either a journal entry id or --run N, not both');
    if (runText === undefined && positionals.length !== 1) throw new MamoriError('USAGE', 'mamori undo expects one journal entry id (see mamori history), or --run N (see mamori runs)');
    const runId = runText !== undefined ? parseId(runText, '--run') : undefined;
    const id = runId === undefined ? parseId(positionals[0], 'the journal entry id') : undefined;
    const force = bool(values, 'force');
    const config = resolveConfig(values, io.env, io.cwd);
    const limit = maxChanges(values, io, config);
    const r = await openRemediation(values, io, config);
    try {
      const session = { store: r.store, access: r.conn.access, actor: r.actor, maxChanges: limit, concurrency: fixConcurrency(values, io, config) };
      if (runId !== undefined) {
        const { entries, previews, refused } = await previewRunUndo(r.store, r.conn.access, runId);
        if (format === 'table') {
          io.out(`Undo run ${runId}: ${entries.length} change${entries.length === 1 ? '' : 's'} in ${accountsOf(entries)}, newest first\n\n`);
          for (const p of previews) {
            io.out(`#${p.entry.id} ${p.entry.action} (${p.entry.status}): ${resourceLine(p.entry.resource)}\n${renderPlan(p.plan).join('\n')}\n`);
            if (p.changedSince.length) io.out(`    changed since the fix${force ? ' (--force: put back anyway)' : ' (refused without --force)'}:\n${p.changedSince.map((d) => `      - ${d}`).join('\n')}\n`);
          }
          for (const x of refused) io.out(`#${x.entry.id} not undone: ${x.why}\n`);
          if (previews.length > limit) io.out(`The guard allows ${limit} change${limit === 1 ? '' : 's'} per run (--max-changes): the newest ${limit} are undone, the others are listed as skipped.\n`);
          io.out('\n');
        }
        if (!previews.length) throw new MamoriError('REMEDIATION_REFUSED', `run ${runId}: none of its changes can be undone`);
        if (!(await confirm(io, values, `Undo ${previews.length} change${previews.length === 1 ? '' : 's'} of run ${runId} in ${accountsOf(previews.map((p) => p.entry))}?`))) {
          io.err('Nothing changed.\n');
          return EXIT.OK;
        }
        const summary = await undoRun(session, runId, { force });
        if (format === 'json') io.out(`${JSON.stringify({ run: runId, summary, excludeSuggestions: summary.fixed.length ? exclusionSuggestions(await undoneEntries(r.store, entries.map((e) => e.id))) : [] }, null, 2)}\n`);
        else {
          io.out(renderSummary(summary, { fixedTitle: 'Undone and verified', fixedWord: 'undone' }));
          await offerExclusion(io, r.store, summary, entries.map((e) => e.id));
        }
        return exitFor(summary);
      }
      const preview = await previewUndo(r.store, r.conn.access, id!);
      if (format === 'table') {
        io.out(`Undo #${id} (${preview.entry.action}, ${preview.entry.status}): ${resourceLine(preview.entry.resource)}\n`);
        io.out(`${renderPlan(preview.plan).join('\n')}\n`);
        if (preview.changedSince.length) io.out(`Changed since the fix:\n${preview.changedSince.map((d) => `  - ${d}`).join('\n')}\n`);
      }
      if (preview.changedSince.length && !force) {
        throw new MamoriError('REMEDIATION_REFUSED', `${preview.entry.resource.type} ${preview.entry.resource.id} changed since change #${id}; refusing to undo. --force puts back what was removed on top of the current state.`);
      }
      if (preview.plan.calls.length && !(await confirm(io, values, `Undo change #${id} in ${accountsOf([preview.entry])}?`))) {
        io.err('Nothing changed.\n');
        return EXIT.OK;
      }
      const { summary } = await undo(session, preview, { force });
      if (format === 'json') {
        const e = await r.store.getJournalEntry(id!);
        io.out(`${JSON.stringify({ plan: preview.plan, changedSince: preview.changedSince, summary, excludeSuggestions: e?.status === 'undone' && summary.fixed.length ? exclusionSuggestions([e]) : [] }, null, 2)}\n`);
      } else {
        io.out(renderSummary(summary, { fixedTitle: 'Undone and verified', fixedWord: 'undone' }));
        await offerExclusion(io, r.store, summary, [id!]);
      }
      return exitFor(summary);
    } finally {
      await r.close();
    }
  },
};
