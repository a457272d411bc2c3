import { parseArgs } from 'node:util';
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

/** The flags a command's help shows: its synopsis and its option lines (flags of other commands quoted in prose are not its own). */
function helpFlags(usage: string): string[] {
  const lines = usage.split('\n');
  const shown = [lines[0]!, ...lines.filter((l) => /^\s+(-\w, )?--[a-z]/.test(l)).map((l) => l.trim().split(/\s{2,}/)[0]!)];
  return [...new Set(shown.flatMap((l) => [...l.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => m[1]!)))];
}

describe('every command accepts the flags its help shows', () => {
  it('each flag in the help parses (a value given to the flags that take one)', async () => {
    const refused: string[] = [];
    let checked = 0;
    for (const entry of COMMANDS) {
      const command = await entry.load();
      const flags = helpFlags(command.usage);
      expect(flags.length, `${command.name} shows no flag`).toBeGreaterThan(0);
      for (const flag of flags) {
        checked++;
        const spec = command.options[flag];
        try {
          parseArgs({ args: spec?.type === 'string' ? [`--${flag}`, 'x'] : [`--${flag}`], options: command.options, allowPositionals: true, strict: true });
        } catch {
          refused.push(`mamori ${command.name} --${flag}`);
        }
      }
    }
    expect(refused).toEqual([]);
    expect(checked).toBeGreaterThan(COMMANDS.length * 2);
  });

  it('finds the flags of a help text, and would catch one the options lack', () => {
    const usage = `[--a] [--b X]\n\nSee mamori other --c.\n\n  --d N        the d\n  --no-e       no e\n  --yes, -y    yes`;
    expect(helpFlags(usage).sort()).toEqual(['a', 'b', 'd', 'no-e', 'yes']);
    expect(() => parseArgs({ args: ['--no-e'], options: { d: { type: 'string' } }, strict: true })).toThrow(/Unknown option '--no-e'/);
  });

  it('the scan and fix commands accept the common --no-progress their help shows', async () => {
    for (const name of ['scan', 'fix', 'demo']) {
      const entry = COMMANDS.find((c) => c.name === name)!;
      const command = await entry.load();
      expect(command.options['no-progress'], name).toMatchObject({ type: 'boolean' });
    }
  });
});
