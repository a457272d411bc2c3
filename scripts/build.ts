/**
 * `npm run build` (and `prepack`): the package's JavaScript and prebuilt console.
 *   - src/ compiled by tsc (tsconfig.build.json) into dist/, the same layout;
 *   - the data files that modules read relative to themselves copied beside them: the built-in
 *     policies (src/policies/aws/**.yaml) and the store's migrations (src/store/migrations/*.sql);
 *     test-only data (policy fixtures, the catalog planning table) stays out;
 *   - the console built by vite into web/dist.
 * A clone runs the sources directly (bin/mamori.js); only the package runs dist/.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildWeb } from '../src/server/web.ts';

const ROOT = join(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');

/** Read at run time by a module next to it; everything else that is not TypeScript is test data. */
const TEST_ONLY = [/\.fixtures\.(ya?ml|json)$/, /^policies\/catalog\.csv$/];

function dataFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...dataFiles(p));
    else if (!name.endsWith('.ts')) out.push(relative(SRC, p));
  }
  return out;
}

rmSync(DIST, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) {
  console.error('build: tsc failed');
  process.exit(1);
}
let copied = 0;
for (const file of dataFiles(SRC)) {
  if (TEST_ONLY.some((re) => re.test(file))) continue;
  cpSync(join(SRC, file), join(DIST, file));
  copied++;
}
if (!existsSync(join(DIST, 'cli', 'main.js'))) {
  console.error('build: dist/cli/main.js is missing after tsc');
  process.exit(1);
}
buildWeb((line) => console.log(line));
console.log(`build: dist/ (${copied} data files) and web/dist/`);
