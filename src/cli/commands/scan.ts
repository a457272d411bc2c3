import { storedCustomPolicies } from '../../app/policy-settings.ts';
import { scanAndRecord, ScanNotRecorded } from '../../app/record.ts';
import { bool, str, type Command } from '../command.ts';
import { AWS_OPTIONS, AWS_USAGE, CONFIG_OPTIONS, resolveAws, loadCandidatePolicies, resolveConfig, selectByFlags, SELECT_OPTIONS, SELECT_USAGE } from '../options.ts';
import { progressReporter } from '../progress.ts';
import { parseFormat, writeReport } from '../render.ts';
import { renderCoverage, renderSummaryLine } from '../../outputs/table.ts';
import { cliNotifier, flushNotifications } from '../notify.ts';
import { keepRuns, openCliStore, storeDisabled, STORE_OPTIONS, STORE_USAGE } from '../store.ts';
import { remediateAfterScanCli, SCAN_REMEDIATE_OPTIONS, SCAN_REMEDIATE_USAGE } from './fix.ts';
import { plural } from '../../outputs/plural.ts';
import { distributedScanCli, JOB_OPTIONS, JOB_USAGE } from './worker.ts';
import { MamoriError } from '../../core/errors.ts';
import { resolveStoreTarget } from '../../store/index.ts';
import { storeOptions } from '../store.ts';

export const scanCommand: Command = {
  name: 'scan',
  usage: `[options]

Output:
  --format F               table (default), json, csv, ocsf (OCSF 1.3 Compliance Finding), asff (Security Hub)
  --output FILE            write the report to FILE instead of stdout
  --include-passed         also list passing results in json/csv
  --no-progress            no progress display
  --no-store               do not record the scan in the store (it is recorded by default)
  --keep-runs N            after recording, keep only the newest N runs' history (never drops a
                           finding that is not resolved)                     [MAMORI_KEEP_RUNS, store.keepRuns]

${SELECT_USAGE}

${AWS_USAGE}

${STORE_USAGE}

${SCAN_REMEDIATE_USAGE}

Distributed (docs/workers.md):
  --distribute            scan through jobs, one per account × region × service: with PostgreSQL
                          (--database-url) \`mamori worker\` processes run them and this command waits,
                          showing "Jobs done/total", then reports as a scan does; with the embedded
                          store they run in this process (--job-concurrency at a time)
${JOB_USAGE.replace(/^Jobs:\n/, '')}

Exit codes: 0 nothing failing, 3 failing findings, 1 errors or coverage gaps (incomplete scan), 2 bad usage or invalid policy/config.`,
  options: {
    ...AWS_OPTIONS,
    ...SELECT_OPTIONS,
    ...CONFIG_OPTIONS,
    ...STORE_OPTIONS,
    'no-store': { type: 'boolean' },
    'keep-runs': { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    'include-passed': { type: 'boolean' },
    'no-progress': { type: 'boolean' },
    ...SCAN_REMEDIATE_OPTIONS,
    distribute: { type: 'boolean' },
    ...JOB_OPTIONS,
  },
  async run({ values, io }) {
    const format = parseFormat(str(values, 'format'));
    const config = resolveConfig(values, io.env, io.cwd);
    const { aws, targets } = resolveAws(values, io.env, config);
    const keep = storeDisabled(values, io.env) ? undefined : keepRuns(values, io.env, config);
    if (bool(values, 'distribute') && storeDisabled(values, io.env)) {
      throw new MamoriError('USAGE', '--distribute records the scan through the store: it cannot be combined with --no-store (or MAMORI_NO_STORE=1)');
    }
    const store = storeDisabled(values, io.env) ? undefined : await openCliStore(values, io.env, config);
    let selected;
    let notifier;
    try {
      notifier = store ? await cliNotifier(store, config, io, aws) : undefined;
      // Custom policies written in the console live in the store; they are scanned like the others.
      const candidates = loadCandidatePolicies(values, io.env, config);
      const custom = store ? (await storedCustomPolicies(store, candidates, (id, message) => io.err(`mamori: warning: stored custom policy ${id} is skipped: ${message}\n`))).policies : [];
      selected = selectByFlags([...candidates, ...custom], values, config);
    } catch (e) {
      await store?.close();
      throw e;
    }
    const progress = progressReporter(io, !bool(values, 'no-progress'));
    let result: Awaited<ReturnType<typeof scanAndRecord>>;
    let remediation: { text: string; failed: boolean } | undefined;
    // A scan that ran but could not be recorded (disk full) is still reported, then the error (exit 1).
    let notRecorded: ScanNotRecorded | undefined;
    try {
      try {
        const req = { aws, targets, policies: selected, globalExclusions: config.exclusions, keepPassed: bool(values, 'include-passed'), onProgress: progress.onProgress };
        if (bool(values, 'distribute') && store) {
          const target = resolveStoreTarget(storeOptions(values, io.env, config));
          result = await distributedScanCli(req, store, values, io, target.backend === 'postgres' ? target.url : undefined);
        } else result = await scanAndRecord(req, store);
      } catch (e) {
        if (!(e instanceof ScanNotRecorded)) throw e;
        notRecorded = e;
        result = e.result;
      }
      if (bool(values, 'remediate') && !notRecorded) remediation = await remediateAfterScanCli(values, io, config, selected, result, store);
      if (store && keep !== undefined && !notRecorded) {
        const c = await store.cleanup({ keepRuns: keep });
        if (c.runsDeleted) io.err(`Kept the newest ${plural(keep, 'run')}: ${plural(c.runsDeleted, 'older run')} and ${plural(c.eventsDeleted, 'history event')} removed\n`);
      }
    } finally {
      progress.done();
      await flushNotifications(notifier, io);
      await store?.close();
    }
    const output = str(values, 'output');
    writeReport(io, result.report, format, output, { includePassed: bool(values, 'include-passed'), policies: selected });
    if (output || format !== 'table') io.err(`${[...renderCoverage(result.report), renderSummaryLine(result.report)].join('\n')}\n`);
    if (result.run) io.err(`Recorded as run ${result.run.id}${result.run.counts ? ` (${result.run.counts.new} new, ${result.run.counts.resolved} resolved, ${result.run.counts.reopened} reopened)` : ''}; see mamori findings, mamori diff, mamori runs\n`);
    if (remediation) io.err(remediation.text);
    if (notRecorded) throw notRecorded;
    return remediation?.failed ? 1 : result.report.summary.exitCode;
  },
};
