#!/usr/bin/env node
// mamori's command entry. The sources are TypeScript run directly by Node's type stripping
// (Node >= 22.18 strips types by default; 22.12-22.17 need the flag, so we re-exec with it).
import { spawnSync } from 'node:child_process';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `mamori: Node.js >= 22.12 is required (this is ${process.versions.node}).\n` +
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
