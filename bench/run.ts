/**
 * `npm run bench [-- name ...]`: runs each benchmark in its own process (so peak memory and timings
 * are its own), one after the other, and prints their reports. Names: engine, sim, scan, calls, store, server, policy-analysis, events, fix, distribute.
 * Benchmarks report throughputs and ratios; none of them asserts a time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ALL = ['engine', 'sim', 'scan', 'calls', 'store', 'server', 'policy-analysis', 'events', 'fix', 'distribute'];
const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));
const selected = names.length ? names : ALL;
let failed = 0;
for (const name of selected) {
  const file = join(import.meta.dirname, `${name}.bench.ts`);
  if (!existsSync(file)) {
    console.error(`bench: no benchmark "${name}" (have: ${ALL.filter((n) => existsSync(join(import.meta.dirname, `${n}.bench.ts`))).join(', ')})`);
    failed++;
    continue;
  }
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--expose-gc', file, ...flags], { stdio: 'inherit' });
  console.log(`(${name}: ${((Date.now() - started) / 1000).toFixed(1)}s${r.status ? `, exit ${r.status}` : ''})`);
  if (r.status) failed++;
}
process.exit(failed ? 1 : 0);
