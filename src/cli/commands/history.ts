import { history } from '../../app/remediate.ts';
import { MamoriError } from '../../core/errors.ts';
import { historyJson, renderHistory } from '../../remediation/render.ts';
import { JOURNAL_STATUSES, type JournalStatus } from '../../store/index.ts';
import { EXIT, list, str, type Command } from '../command.ts';
import { CONFIG_OPTIONS, resolveConfig } from '../options.ts';
import { openCliStore, STORE_OPTIONS, STORE_USAGE } from '../store.ts';
import { outputFormat } from './fix.ts';
import { parseId } from './undo.ts';

export const historyCommand: Command = {
  name: 'history',
  usage: `[--format table|json] [--status S] [--resource ARN] [--run N] [--limit N]

Newest first. --format json prints {"entries": [{"id", "status", "policy", "resource", "calls", "before",
"after", ...}]}: the exact calls, and the state of what was touched before and after.

  --format table|json     output format (table)
  --status S              only entries in this status, repeatable (${JOURNAL_STATUSES.join(', ')})
  --resource ARN          only entries for this resource
  --run N                 only entries journaled by run N (mamori runs; mamori undo --run N undoes them)
  --limit N               at most N entries (100)
  --config FILE           configuration file (default ./mamori.yaml)             [MAMORI_CONFIG]

${STORE_USAGE}`,
  options: { ...CONFIG_OPTIONS, ...STORE_OPTIONS, format: { type: 'string' }, status: { type: 'string', multiple: true }, resource: { type: 'string' }, run: { type: 'string' }, limit: { type: 'string' } },
  async run({ values, io }) {
    const format = outputFormat(values);
    const statuses = list(values, 'status');
    for (const s of statuses ?? []) if (!(JOURNAL_STATUSES as readonly string[]).includes(s)) throw new MamoriError('USAGE', `--status expects one of ${JOURNAL_STATUSES.join(', ')}, got "${s}"`);
    const limitRaw = str(values, 'limit');
    const limit = limitRaw === undefined ? 100 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1) throw new MamoriError('USAGE', `--limit expects a positive whole number, got "${limitRaw}"`);
    const runText = str(values, 'run');
    const runId = runText === undefined ? undefined : parseId(runText, '--run');
    const config = resolveConfig(values, io.env, io.cwd);
    const store = await openCliStore(values, io.env, config);
    try {
      const resource = str(values, 'resource');
      const entries = await history(store, { limit, ...(statuses ? { status: statuses as JournalStatus[] } : {}), ...(resource ? { resourceArn: resource } : {}), ...(runId !== undefined ? { runId } : {}) });
      io.out(format === 'json' ? `${JSON.stringify({ entries: entries.map(historyJson) }, null, 2)}\n` : renderHistory(entries));
      return EXIT.OK;
    } finally {
      await store.close();
    }
  },
};
