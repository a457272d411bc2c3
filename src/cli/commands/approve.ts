import { approve, history } from '../../app/remediate.ts';
import { MamoriError } from '../../core/errors.ts';
import { renderPlan, renderSummary, resourceLine } from '../../remediation/render.ts';
import type { ApiCall } from '../../remediation/types.ts';
import { bool, EXIT, str, type Command } from '../command.ts';
import { AWS_OPTIONS, AWS_USAGE, CONFIG_OPTIONS, resolveConfig } from '../options.ts';
import { openCliStore, STORE_OPTIONS, STORE_USAGE } from '../store.ts';
import { exitFor, fixConcurrency, maxChanges, openRemediation, outputFormat, REMEDIATION_OPTIONS, REMEDIATION_USAGE } from './fix.ts';

export const approveCommand: Command = {
  name: 'approve',
  usage: `[<id>...] [--reject [--reason TEXT]] [options]

Without ids, lists the plans awaiting approval (policies in approve mode record them at mamori scan --remediate).
With ids, approves each plan and applies it right away: the resource is read again first, and a plan whose
resource changed since (drift) or that is excluded since is skipped. --reject closes the plans without a change.

  --reject                reject instead of approving
  --reason TEXT           why (recorded with the rejection)

${REMEDIATION_USAGE}

${AWS_USAGE}

${STORE_USAGE}`,
  options: { ...AWS_OPTIONS, ...CONFIG_OPTIONS, ...STORE_OPTIONS, ...REMEDIATION_OPTIONS, reject: { type: 'boolean' }, reason: { type: 'string' } },
  positionals: true,
  async run({ values, positionals, io }) {
    const format = outputFormat(values);
    const config = resolveConfig(values, io.env, io.cwd);
    if (!positionals.length) {
      const store = await openCliStore(values, io.env, config);
      try {
        const waiting = await history(store, { status: ['planned', 'approved'], limit: 1000 });
        if (format === 'json') io.out(`${JSON.stringify({ pending: waiting.map((e) => ({ id: e.id, status: e.status, policy: e.policy, action: e.action, resource: e.resource, calls: e.plannedCalls, createdAt: e.createdAt })) }, null, 2)}\n`);
        else if (!waiting.length) io.out('Nothing awaits approval.\n');
        else {
          for (const e of waiting.reverse()) {
            io.out(`#${e.id} ${e.status} · ${resourceLine(e.resource)}\n    ${e.policy} · action ${e.action}\n`);
            io.out(`${renderPlan({ calls: e.plannedCalls as ApiCall[], removes: [], keeps: [], notes: [] }).join('\n')}\n`);
          }
          io.out(`\nmamori approve <id>... applies them; mamori approve --reject <id>... closes them.\n`);
        }
        return EXIT.OK;
      } finally {
        await store.close();
      }
    }
    const ids = positionals.map((p) => {
      if (!/^\d+$/.test(p)) throw new MamoriError('USAGE', `expected journal entry ids, got "${p}"`);
      return Number(p);
    });
    const reject = bool(values, 'reject');
    const reason = str(values, 'reason');
    const r = await openRemediation(values, io, config);
    try {
      const summary = await approve({ store: r.store, access: r.conn.access, actor: r.actor, maxChanges: maxChanges(values, io, config), concurrency: fixConcurrency(values, io, config) }, ids, { reject, ...(reason ? { reason } : {}) });
      io.out(format === 'json' ? `${JSON.stringify({ summary }, null, 2)}\n` : renderSummary(summary));
      return exitFor(summary);
    } finally {
      await r.close();
    }
  },
};
