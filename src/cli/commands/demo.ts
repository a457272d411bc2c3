import { existsSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadConfig, type MamoriConfig } from '../../app/config.ts';
import { MamoriError } from '../../core/errors.ts';
import { loadBuiltinPolicies } from '../../engine/loader.ts';
import { scanAndRecord } from '../../app/record.ts';
import { buildEstate, demoEstate } from '../../sim/estates/index.ts';
import { DEMO_CONFIG, DEMO_CONFIG_FILE } from '../../sim/estates/demo.ts';
import { startSim } from '../../sim/server.ts';
import { bool, str, type Command, type Io, type Values } from '../command.ts';
import { resolveConfig } from '../options.ts';
import { progressReporter } from '../progress.ts';
import { parseFormat, writeReport } from '../render.ts';
import { renderSummaryLine } from '../../outputs/table.ts';
import { openCliStore, storeDisabled, STORE_OPTIONS } from '../store.ts';

/** The demo's configuration (its exclusions), read from the shipped file so that errors name it. */
export function demoConfig(): MamoriConfig {
  return loadConfig({ file: DEMO_CONFIG_FILE, cwd: '/' });
}

/** What `mamori serve --demo` adds to the demo's configuration for continuous protection (docs/demo.md). */
export const DEMO_CONTINUOUS_FILE = join(dirname(DEMO_CONFIG_FILE), 'continuous.yaml');
/** The demo's "someone opens SMB to the world" script, printed by `serve --demo` (plain JavaScript: any Node runs it). */
export const DEMO_OPEN_SMB_SCRIPT = join(dirname(DEMO_CONFIG_FILE), 'open-smb.mjs');

/**
 * The configuration of `mamori serve --demo`: the demo's mamori.yaml with the keys of continuous.yaml beside it
 * (Development's CIFS policy in auto, the demo inbox channel, the event settings). A key in both files is an error
 * naming both, never a silent override.
 */
export function demoServeConfig(files: { base: string; extra: string } = { base: DEMO_CONFIG_FILE, extra: DEMO_CONTINUOUS_FILE }): MamoriConfig {
  const base = loadConfig({ file: files.base, cwd: '/' });
  const extra = loadConfig({ file: files.extra, cwd: '/' });
  const { exclusions, file: _file, ...added } = extra;
  const both = Object.keys(added).filter((k) => k in base);
  if (exclusions.length) both.unshift('exclusions');
  if (both.length) throw new MamoriError('CONFIG_INVALID', `${files.extra}: ${both.join(', ')}: the demo keeps ${both.length === 1 ? 'it' : 'them'} in ${files.base}; this file may only add keys that one does not have`);
  return { ...base, ...added };
}

/**
 * The data directory that applies (--data-dir, MAMORI_DATA_DIR, `store.dataDir` of the configuration, ~/.mamori),
 * as an absolute path so that the commands printed with it run from anywhere.
 */
export function baseDataDir(values: Values, io: Pick<Io, 'env' | 'cwd'>): string {
  const dir = str(values, 'data-dir') ?? io.env['MAMORI_DATA_DIR'] ?? resolveConfig({}, io.env, io.cwd).store?.dataDir ?? join(homedir(), '.mamori');
  return resolve(io.cwd, dir);
}

/** The demo keeps its own store, `demo/` under the data directory that applies, so that it never mixes with real scans. */
export function demoStoreDir(values: Values, io: Pick<Io, 'env' | 'cwd'>): string {
  return join(baseDataDir(values, io), 'demo');
}

/** A word as a POSIX shell reads it back unchanged. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

const SIM_URL = 'http://127.0.0.1:4566';

/** The next steps: every line runs as printed in a POSIX shell (the `#` parts are shell comments). */
export function tryNext(opts: { baseDir: string; storeDir: string | undefined; runId?: number }): string {
  const q = shellQuote;
  const config = q(DEMO_CONFIG_FILE);
  // A long command gets its comment on the line above, so that lines stay readable and still paste as they are.
  const line = (cmd: string, what: string) => (cmd.length > 58 ? `  # ${what}\n  ${cmd}` : `  ${cmd.padEnd(58)} # ${what}`);
  const demoStore = opts.storeDir ? ` --data-dir ${q(opts.storeDir)}` : '';
  return [
    '',
    'What you are looking at: docs/demo.md explains every finding above. The exclusions are in',
    `${DEMO_CONFIG_FILE} (copy it with: npx mamori demo --write-config mamori.yaml).`,
    '',
    'Try next:',
    line(`npx mamori serve --demo --data-dir ${q(opts.baseDir)}`, 'the console over the demo estate (sign-in details on start)'),
    ...(opts.storeDir ? [line(`npx mamori findings${demoStore}`, `the findings as stored, with their lifecycle${opts.runId !== undefined ? ` (run ${opts.runId})` : ''}`)] : []),
    line(`npx mamori demo --format json --data-dir ${q(opts.baseDir)}`, 'the same report as the stable JSON contract'),
    line('npx mamori policies show aws-ec2-sg-open-cifs-445', 'one built-in policy; npx mamori policies list: all'),
    '',
    'The demo estate as if it were AWS: keep the local endpoint running in one shell,',
    line('npx mamori sim --estate demo', `serves the demo estate on ${SIM_URL} until Ctrl-C`),
    'then in another shell:',
    `  export AWS_ENDPOINT_URL=${SIM_URL} AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo`,
    line(`npx mamori scan --org --role-name MamoriAudit --config ${config} --policy aws-ec2-sg-open-cifs-445${demoStore}`, 'every account, with the exclusions (exit code 3: there are failing findings)'),
    line(`npx mamori fix --org --role-name MamoriAudit --config ${config} --policy aws-ec2-sg-open-cifs-445${demoStore}`, 'the fix plan; nothing changes without --apply'),
    '',
  ].join('\n');
}

export const demoCommand: Command = {
  name: 'demo',
  usage: `[--format table|json|csv|ocsf|asff] [--output FILE] [--data-dir DIR] [--write-config FILE]

Starts the local AWS endpoint with the demo estate (Kumo Retail: 5 accounts, 3 regions), scans every
account of its organization with the built-in policies and the demo's configuration
(examples/demo/mamori.yaml of the package: its exclusions), prints the findings and what to try next — every
printed command runs as printed. The run is recorded in the demo's own store, demo/ under the data directory
that applies (--data-dir, MAMORI_DATA_DIR, store.dataDir, ~/.mamori), so that \`mamori findings\`, \`diff\`,
\`runs\` and \`mamori serve --demo\` can be tried on it; --no-store records nothing.

  --write-config FILE     write the demo's mamori.yaml to FILE (to edit, or pass as --config) and exit

Exits 0 when the demo ran (the findings are the point), 1 if it could not.`,
  options: {
    ...STORE_OPTIONS,
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    'no-progress': { type: 'boolean' },
    'no-store': { type: 'boolean' },
    'write-config': { type: 'string' },
  },
  async run({ values, io }) {
    const writeConfig = str(values, 'write-config');
    if (writeConfig !== undefined) {
      const path = resolve(io.cwd, writeConfig);
      if (existsSync(path)) throw new MamoriError('USAGE', `--write-config ${writeConfig}: the file exists; choose another name or remove it first`);
      try {
        writeFileSync(path, DEMO_CONFIG, { flag: 'wx' });
      } catch (e) {
        throw new MamoriError('USAGE', `--write-config ${writeConfig}: cannot write: ${(e as Error).message}`);
      }
      io.err(`Wrote the demo's configuration to ${path}; use it with --config ${shellQuote(path)}\n`);
      return 0;
    }
    const format = parseFormat(str(values, 'format'));
    const { world } = buildEstate(demoEstate);
    const config = demoConfig();
    const baseDir = baseDataDir(values, io);
    const storeDir = join(baseDir, 'demo');
    // Always the embedded store under the demo's own directory: never a PostgreSQL database or data directory
    // that real scans use.
    const store = storeDisabled(values, io.env) ? undefined : await openCliStore({ 'data-dir': storeDir }, { ...io.env, MAMORI_DATABASE_URL: undefined, MAMORI_DATA_DIR: undefined }, { exclusions: [] });
    const policies = loadBuiltinPolicies();
    const sim = await startSim({ world });
    const progress = progressReporter(io, !bool(values, 'no-progress'));
    try {
      const result = await scanAndRecord({
        aws: { endpointUrl: sim.url, homeRegion: 'us-east-1', maxAttempts: 5, concurrencyPerService: 8 },
        credentials: async () => ({ accessKeyId: 'AKIAMAMORIDEMO', secretAccessKey: 'demo' }),
        targets: { org: true, roleName: 'MamoriAudit' },
        policies,
        globalExclusions: config.exclusions,
        onProgress: progress.onProgress,
      }, store);
      progress.done();
      const output = str(values, 'output');
      writeReport(io, result.report, format, output, { policies });
      const next = tryNext({ baseDir, storeDir: store ? storeDir : undefined, ...(result.run ? { runId: result.run.id } : {}) });
      if (format === 'table' && !output) io.out(next);
      else io.err(`${renderSummaryLine(result.report)}\n${result.run ? `Recorded as run ${result.run.id} in ${storeDir}\n` : ''}`);
      return result.report.summary.complete ? 0 : 1;
    } finally {
      progress.done();
      await sim.stop();
      await store?.close();
    }
  },
};
