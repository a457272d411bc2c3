import { MamoriError } from '../../core/errors.ts';
import { renderColumns } from '../../outputs/columns.ts';
import { str, type Command } from '../command.ts';
import { CONFIG_OPTIONS, resolveConfig } from '../options.ts';
import { keepRuns, openCliStore, STORE_OPTIONS, STORE_USAGE } from '../store.ts';

export const runsCommand: Command = {
  name: 'runs',
  usage: `[--limit N] [--format table|json] [--keep-runs N]

  --keep-runs N   delete runs beyond the newest N and their history (never findings that are not resolved)  [MAMORI_KEEP_RUNS, store.keepRuns]

${STORE_USAGE}`,
  options: { ...STORE_OPTIONS, ...CONFIG_OPTIONS, limit: { type: 'string' }, format: { type: 'string' }, 'keep-runs': { type: 'string' } },
  async run({ values, io }) {
    const format = str(values, 'format') ?? 'table';
    if (format !== 'table' && format !== 'json') throw new MamoriError('USAGE', `--format expects table or json, got "${format}"`);
    const limit = Number(str(values, 'limit') ?? '20');
    if (!Number.isInteger(limit) || limit < 1) throw new MamoriError('USAGE', `--limit expects a positive integer`);
    const config = resolveConfig(values, io.env, io.cwd);
    const keep = keepRuns(values, io.env, config);
    const store = await openCliStore(values, io.env, config);
    try {
      if (keep !== undefined) {
        const r = await store.cleanup({ keepRuns: keep });
        io.err(`Cleaned up: ${r.runsDeleted} runs, ${r.eventsDeleted} history events, ${r.findingsDeleted} resolved findings, ${r.resourcesDeleted} resources\n`);
      }
      const runs = await store.listRuns({ limit });
      if (format === 'json') {
        io.out(`${JSON.stringify({ runs }, null, 2)}\n`);
        return 0;
      }
      if (!runs.length) {
        io.out(`No runs yet (store: ${store.location}). Run mamori scan.\n`);
        return 0;
      }
      io.out(
        renderColumns(
          ['RUN', 'KIND', 'STATUS', 'STARTED', 'DURATION', 'API CALLS', 'FINDINGS', 'NEW', 'RESOLVED', 'GAPS'],
          runs.map((r) => [
            String(r.id),
            r.kind,
            r.status,
            r.startedAt.slice(0, 19).replace('T', ' '),
            r.durationMs !== undefined ? `${(r.durationMs / 1000).toFixed(1)}s` : '',
            String(Object.values(r.apiCalls).reduce((a, b) => a + b, 0)),
            String(r.counts?.findings ?? ''),
            String(r.counts?.new ?? ''),
            String(r.counts?.resolved ?? ''),
            String(r.gaps.length || ''),
          ]),
        ),
      );
      return 0;
    } finally {
      await store.close();
    }
  },
};
