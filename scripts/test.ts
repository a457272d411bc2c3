/**
 * `npm test`'s runner: Vitest with its usual report, then one plain closing line
 * (`N passed, N failed, N skipped`) that CI systems read whatever the test runner.
 * Extra arguments go to Vitest (e.g. `npm test -- test/scan`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'mamori-test-'));
const report = join(dir, 'vitest.json');
const vitest = join(import.meta.dirname, '..', 'node_modules', 'vitest', 'vitest.mjs');
const r = spawnSync(process.execPath, [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], { stdio: 'inherit' });
let code = r.status ?? 1;
if (existsSync(report)) {
  const j = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; numFailedTestSuites: number };
  const failed = j.numFailedTests + (j.numFailedTests === 0 ? j.numFailedTestSuites : 0);
  console.log(`\nTests: ${j.numPassedTests} passed, ${failed} failed, ${j.numPendingTests + j.numTodoTests} skipped`);
  if (j.numPassedTests === 0 && code === 0) code = 1;
} else {
  console.log('\nTests: 0 passed, 1 failed (vitest wrote no report)');
  code = code || 1;
}
rmSync(dir, { recursive: true, force: true });
process.exit(code);
