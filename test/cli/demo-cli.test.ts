import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/app/config.ts';
import { shellQuote } from '../../src/cli/commands/demo.ts';
import { DEMO_CONFIG_FILE } from '../../src/sim/estates/demo.ts';
import { runCli } from '../helpers/cli.ts';

const store = { MAMORI_NO_STORE: '0' };

describe('mamori demo --write-config', () => {
  it('writes the shipped demo configuration, and refuses to overwrite a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-demo-cfg-'));
    const r = await runCli(['demo', '--write-config', 'kumo.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.err).toContain(`--config ${join(dir, 'kumo.yaml')}`);
    const text = readFileSync(join(dir, 'kumo.yaml'), 'utf8');
    expect(text).toBe(readFileSync(DEMO_CONFIG_FILE, 'utf8'));
    expect(parseConfig(text, 'kumo.yaml').exclusions.map((e) => e.id)).toEqual(['test-account-smb', 'casb-audit-opt-out']);
    const again = await runCli(['demo', '--write-config', 'kumo.yaml'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.err).toBe('mamori: --write-config kumo.yaml: the file exists; choose another name or remove it first\n');
  });
});

describe('mamori demo: the store under the data directory that applies', () => {
  it('--data-dir (relative): demo/ under it, printed as an absolute path', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'mamori-demo-cwd-'));
    const r = await runCli(['demo', '--data-dir', 'data'], { cwd, env: store });
    expect(r.code).toBe(0);
    expect(readdirSync(join(cwd, 'data'))).toEqual(['demo']);
    expect(r.out).toContain(`npx mamori findings --data-dir ${join(cwd, 'data', 'demo')}`);
    expect(r.out).toContain(`npx mamori serve --demo --data-dir ${join(cwd, 'data')}`);
    expect(r.out).toContain('Covered 5 accounts × 3 regions');
  });

  it('store.dataDir of the configuration in the working directory, when no flag or environment says otherwise', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'mamori-demo-cfgdir-'));
    mkdirSync(join(cwd, 'configured'));
    writeFileSync(join(cwd, 'mamori.yaml'), `store:\n  dataDir: ${join(cwd, 'configured')}\n`);
    const r = await runCli(['demo', '--format', 'json'], { cwd, env: store });
    expect(r.code).toBe(0);
    expect(existsSync(join(cwd, 'configured', 'demo'))).toBe(true);
    expect(r.err).toContain(`Recorded as run 1 in ${join(cwd, 'configured', 'demo')}`);
  });
});

describe('shellQuote', () => {
  it('leaves plain paths alone and quotes the rest so that a shell reads them back unchanged', () => {
    expect(shellQuote('/home/ada/.mamori/demo')).toBe('/home/ada/.mamori/demo');
    expect(shellQuote("/Users/Ada Lovelace/it's")).toBe(`'/Users/Ada Lovelace/it'\\''s'`);
  });
});
