/**
 * The README's first run in a clone, `npx mamori …`, as from a user's shell: npm on the machine's own
 * Node (which may be older than the Node 24 the project brings) and a fresh npx cache, so that npx links
 * the project on first use as it does on a new machine. Its first screen is mamori's, not npm warnings.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/server/web.ts';
import { userEnv } from './helpers.ts';

const cache = mkdtempSync(join(tmpdir(), 'mamori-npx-cache-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe('npx mamori in a clone', () => {
  it('shows mamori first, without npm warnings, on the first run with npm on the machine Node', () => {
    const env = userEnv({ extra: { npm_config_cache: cache, npm_config_update_notifier: 'false' } });
    const machineNode = spawnSync('node', ['--version'], { env, encoding: 'utf8' }).stdout?.trim() ?? 'none';
    const r = spawnSync('npx', ['--offline', 'mamori', '--help'], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 120_000 });
    if (r.error) throw r.error;
    const first = `${r.stderr}${r.stdout}`.split('\n').slice(0, 8).join('\n');
    expect(r.stderr, `npm on the machine's Node ${machineNode}`).not.toMatch(/npm warn/i);
    expect(first).not.toMatch(/npm warn|EBADENGINE/i);
    expect(r.stdout.split('\n')[0]).toMatch(/^mamori — /);
    expect(r.status).toBe(0);
  }, 120_000);
});
