import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { runCli } from '../helpers/cli.ts';

describe('CLI command registry', () => {
  it('every entry loads the command of its name, with usage', async () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(command.usage.length).toBeGreaterThan(0);
      expect(entry.summary.length).toBeGreaterThan(10);
    }
  });

  it('--help lists every command; an unknown one is a usage error', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const c of COMMANDS) expect(help.out).toContain(`  ${c.name} `);
    const bad = await runCli(['scna']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown command "scna"');
  });

  it('<command> --help prints its usage and summary', async () => {
    const r = await runCli(['scan', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('mamori scan — scan AWS accounts');
    expect(r.out).toContain('--endpoint-url');
  });
});
