import { previewUndo, undo } from '../../app/remediate.ts';
import { MamoriError } from '../../core/errors.ts';
import { renderPlan, renderSummary, resourceLine } from '../../remediation/render.ts';
import { bool, EXIT, type Command } from '../command.ts';
import { AWS_OPTIONS, AWS_USAGE, CONFIG_OPTIONS, resolveConfig } from '../options.ts';
import { STORE_OPTIONS, STORE_USAGE } from '../store.ts';
import { confirm, exitFor, maxChanges, openRemediation, outputFormat, REMEDIATION_OPTIONS, REMEDIATION_USAGE } from './fix.ts';

export const undoCommand: Command = {
  name: 'undo',
  usage: `<id> [--yes] [--force] [options]

Reads the resource, prints the calls that put back what change <id> removed (see mamori history), and makes
them after confirmation. When the resource changed since the fix, undo refuses; --force puts back what was
removed on top of the current state (nothing else is touched).

  --force                 undo even though the resource changed since the fix

${REMEDIATION_USAGE}

${AWS_USAGE}

${STORE_USAGE}`,
  options: { ...AWS_OPTIONS, ...CONFIG_OPTIONS, ...STORE_OPTIONS, ...REMEDIATION_OPTIONS, force: { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals, io }) {
    const format = outputFormat(values);
    if (positionals.length !== 1 || !/^\d+$/.test(positionals[0] ?? '')) throw new MamoriError('USAGE', 'mamori undo expects one journal entry id (see mamori history)');
    const id = Number(positionals[0]);
    const config = resolveConfig(values, io.env, io.cwd);
    const limit = maxChanges(values, io, config);
    const r = await openRemediation(values, io, config);
    try {
      const preview = await previewUndo(r.store, r.conn.access, id);
      const force = bool(values, 'force');
      if (format === 'table') {
        io.out(`Undo #${id} (${preview.entry.action}, ${preview.entry.status}): ${resourceLine(preview.entry.resource)}\n`);
        io.out(`${renderPlan(preview.plan).join('\n')}\n`);
        if (preview.changedSince.length) io.out(`Changed since the fix:\n${preview.changedSince.map((d) => `  - ${d}`).join('\n')}\n`);
      }
      if (preview.changedSince.length && !force) {
        throw new MamoriError('REMEDIATION_REFUSED', `${preview.entry.resource.type} ${preview.entry.resource.id} changed since change #${id}; refusing to undo. --force puts back what was removed on top of the current state.`);
      }
      if (preview.plan.calls.length && !(await confirm(io, values, `Undo change #${id}?`))) {
        io.err('Nothing changed.\n');
        return EXIT.OK;
      }
      const { summary } = await undo({ store: r.store, access: r.conn.access, actor: r.actor, maxChanges: limit }, preview, { force });
      io.out(format === 'json' ? `${JSON.stringify({ plan: preview.plan, changedSince: preview.changedSince, summary }, null, 2)}\n` : renderSummary(summary, { fixedTitle: 'Undone and verified' }));
      return exitFor(summary);
    } finally {
      await r.close();
    }
  },
};
