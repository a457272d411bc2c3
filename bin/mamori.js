#!/usr/bin/env node
// mamori's command entry. One rule picks what runs:
//   - a clone (src/cli/main.ts is here) runs the TypeScript sources through Node's type stripping
//     (default from Node 22.18; 22.13-22.17 need the flag, so we re-exec with it) — never a stale dist/;
//   - the package (no src/, see "files" in package.json) runs the JavaScript that `npm run build` wrote
//     to dist/ — Node does not strip types under node_modules.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const fromSources = existsSync(new URL('../src/cli/main.ts', import.meta.url));
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);

if (fromSources) {
  if (major < 22 || (major === 22 && minor < 13)) {
    process.stderr.write(
      `mamori: running from the sources needs Node.js >= 22.13 (this is ${process.versions.node}).\n` +
        `From a clone, run it through npm so the project's Node 24 is used: npx mamori <command>\n`,
    );
    process.exit(2);
  }
  if (!process.features.typescript) {
    const r = spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', ...process.argv.slice(1)], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
} else {
  // "engines" in package.json (">=22.13"): the oldest Node with node:sqlite (the store lock), and what its
  // dependencies ask for (cookie 2 needs Node 22; the AWS SDK drops Node 20 in 2027).
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const [, needMajor = 0, needMinor = 0] = (/^>=\s*(\d+)(?:\.(\d+))?/.exec(manifest.engines?.node ?? '') ?? []).map(Number);
  if (major < needMajor || (major === needMajor && minor < needMinor)) {
    process.stderr.write(`mamori: Node.js ${manifest.engines.node} is required (this is ${process.versions.node}).\n`);
    process.exit(2);
  }
  const main = new URL('../dist/cli/main.js', import.meta.url);
  if (!existsSync(main)) {
    process.stderr.write('mamori: this installation has neither src/ nor dist/: reinstall the package (or, in a clone, restore src/).\n');
    process.exit(2);
  }
  const mod = /** @type {{ main: (argv: string[]) => Promise<number> }} */ (await import(main.href));
  process.exitCode = await mod.main(process.argv.slice(2));
}
