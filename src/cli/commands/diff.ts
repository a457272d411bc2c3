import { MamoriError } from '../../core/errors.ts';
import { renderColumns } from '../../outputs/columns.ts';
import { csvCell } from '../../outputs/csv.ts';
import { storedCsvRow, storedWriter } from '../../outputs/stored.ts';
import type { StoredFinding } from '../../store/index.ts';
import { str, type Command } from '../command.ts';
import { CONFIG_OPTIONS, resolveConfig } from '../options.ts';
import { openCliStore, STORE_OPTIONS, STORE_USAGE } from '../store.ts';

function rows(list: StoredFinding[]): string[][] {
  return list.map((f) => [f.severity, f.policy, f.resource.account, f.resource.region, f.resource.name && f.resource.name !== f.resource.id ? `${f.resource.id} (${f.resource.name})` : f.resource.id]);
}

export const diffCommand: Command = {
  name: 'diff',
  usage: `[--since RUN] [--format table|json|csv]

  --since RUN     changes after run RUN (default: the last scan against the one before)
  --format F      table (default); json: {"new": [...], "resolved": [...], "reopened": [...]};
                  csv: one row per finding, its change (new, reopened, resolved) first, then the columns of
                  mamori findings --format csv

The ends of a diff are scans, never a scoped re-read or a fix; what fixes, undos and re-reads changed
between them is included (a finding fixed between two scans is listed as resolved).

${STORE_USAGE}`,
  options: { ...STORE_OPTIONS, ...CONFIG_OPTIONS, since: { type: 'string' }, format: { type: 'string' } },
  async run({ values, io }) {
    const format = str(values, 'format') ?? 'table';
    if (format !== 'table' && format !== 'json' && format !== 'csv') throw new MamoriError('USAGE', `--format expects table, json or csv, got "${format}"`);
    const sinceText = str(values, 'since');
    const since = sinceText === undefined ? undefined : Number(sinceText);
    if (since !== undefined && (!Number.isInteger(since) || since < 0)) throw new MamoriError('USAGE', `--since expects a run id, got "${sinceText}"`);
    const config = resolveConfig(values, io.env, io.cwd);
    const store = await openCliStore(values, io.env, config);
    try {
      const opts = since !== undefined ? { since } : {};
      const d = await store.diff(opts);
      if (format === 'json') {
        io.out(`${JSON.stringify(d, null, 2)}\n`);
        return 0;
      }
      if (format === 'csv') {
        const header = storedWriter('csv', new Map()).begin();
        io.out(`change,${header}`);
        for (const [change, list] of [['new', d.new], ['reopened', d.reopened], ['resolved', d.resolved]] as const) {
          for (const f of list) io.out(`${csvCell(change)},${storedCsvRow(f)}\r\n`);
        }
        return 0;
      }
      const range = await store.diffRange(opts);
      io.out(`Changes ${range.fromRun !== undefined ? `after run ${range.fromRun}` : 'since the first run'}${range.toRun !== undefined ? ` up to scan ${range.toRun}` : ''}:\n\n`);
      for (const [label, list] of [['New', d.new], ['Reopened', d.reopened], ['Resolved', d.resolved]] as const) {
        io.out(`${label} (${list.length})\n`);
        if (list.length) io.out(renderColumns(['SEVERITY', 'POLICY', 'ACCOUNT', 'REGION', 'RESOURCE'], rows(list)));
        io.out('\n');
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
