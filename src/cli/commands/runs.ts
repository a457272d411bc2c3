import { MamoriError } from '../../core/errors.ts';
import { renderColumns } from '../../outputs/columns.ts';
import { RUN_KINDS, type RunRecord, type RunScope } from '../../store/index.ts';
import { list, str, type Command } from '../command.ts';
import { CONFIG_OPTIONS, resolveConfig } from '../options.ts';
import { keepRuns, openCliStore, STORE_OPTIONS, STORE_USAGE } from '../store.ts';
import { plural } from '../../outputs/plural.ts';

/** A run's scope in a few words: "111111111111 · us-east-1 · aws.ec2.security-group", or "all accounts · all regions · 23 policies". */
export function describeScope(run: RunRecord): string {
  const observing = run.kind === 'scan' || run.kind === 'reread';
  const scope: RunScope = observing ? run.scope : ((run.meta['observed'] as RunScope | undefined) ?? {});
  if (!observing && !Object.keys(scope).length) return '-';
  const dim = (v: string[] | undefined, many: string, all: string): string => (v === undefined ? all : v.length === 1 ? v[0]! : `${v.length} ${many}`);
  const parts = [dim(scope.accounts, 'accounts', 'all accounts'), dim(scope.regions, 'regions', 'all regions')];
  if (scope.resourceIds) parts.push(scope.resourceIds.length === 1 ? scope.resourceIds[0]!.split(/[:/]/).pop()! : plural(scope.resourceIds.length, 'resource'));
  else if (scope.resourceTypes && scope.resourceTypes.length <= 2) parts.push(scope.resourceTypes.join(', '));
  else if (scope.policies) parts.push(scope.policies.length === 1 ? scope.policies[0]! : `${scope.policies.length} policies`);
  return parts.join(' · ');
}

export const runsCommand: Command = {
  name: 'runs',
  usage: `[--limit N] [--kind K] [--format table|json] [--keep-runs N]

Every run with its kind and scope: scan (a scan someone started), reread (a scoped re-read mamori made after a
fix or an undo in the console; it changes the findings in its scope only and is never taken for a scan), and the
remediation runs fix, approve, undo, plan, recover.

  --kind K        only runs of this kind, repeatable (${RUN_KINDS.join(', ')})
  --keep-runs N   delete runs beyond the newest N and their history (never findings that are not resolved)  [MAMORI_KEEP_RUNS, store.keepRuns]

${STORE_USAGE}`,
  options: { ...STORE_OPTIONS, ...CONFIG_OPTIONS, limit: { type: 'string' }, kind: { type: 'string', multiple: true }, format: { type: 'string' }, 'keep-runs': { type: 'string' } },
  async run({ values, io }) {
    const format = str(values, 'format') ?? 'table';
    if (format !== 'table' && format !== 'json') throw new MamoriError('USAGE', `--format expects table or json, got "${format}"`);
    const limit = Number(str(values, 'limit') ?? '20');
    if (!Number.isInteger(limit) || limit < 1) throw new MamoriError('USAGE', `--limit expects a positive integer`);
    const kinds = list(values, 'kind');
    for (const k of kinds ?? []) if (!(RUN_KINDS as readonly string[]).includes(k)) throw new MamoriError('USAGE', `--kind expects one of ${RUN_KINDS.join(', ')}, got "${k}"`);
    const config = resolveConfig(values, io.env, io.cwd);
    const keep = keepRuns(values, io.env, config);
    const store = await openCliStore(values, io.env, config);
    try {
      if (keep !== undefined) {
        const r = await store.cleanup({ keepRuns: keep });
        io.err(`Cleaned up: ${plural(r.runsDeleted, 'run')}, ${plural(r.eventsDeleted, 'history event')}, ${plural(r.findingsDeleted, 'resolved finding')}, ${plural(r.resourcesDeleted, 'resource')}\n`);
      }
      const runs = await store.listRuns({ limit, ...(kinds ? { kind: kinds } : {}) });
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
          ['RUN', 'KIND', 'SCOPE', 'STATUS', 'STARTED', 'DURATION', 'API CALLS', 'FINDINGS', 'NEW', 'RESOLVED', 'GAPS'],
          runs.map((r) => [
            String(r.id),
            r.kind,
            describeScope(r),
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
