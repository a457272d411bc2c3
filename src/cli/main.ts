import { parseArgs } from 'node:util';
import { isMamoriError } from '../core/errors.ts';
import { EXIT, type Command, type Io } from './command.ts';
import { COMMANDS, type CommandEntry } from './commands/index.ts';

import { VERSION } from './version.ts';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'mamori — find dangerous AWS misconfigurations and fix them precisely and reversibly',
    '',
    'Usage: mamori <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `mamori <command> --help` for a command\'s options.',
    'Exit codes: 0 nothing failing, 3 failing findings, 1 errors prevented a complete run, 2 bad usage or invalid policy/config.',
    '',
  ].join('\n');
}

function commandHelp(entry: CommandEntry, c: Command): string {
  return `mamori ${c.name} — ${entry.summary}\n\nUsage: mamori ${c.name} ${c.usage.trimStart()}\n`;
}

/**
 * A writer to stdout or stderr that survives its reader going away: after EPIPE (`mamori policies list | head`)
 * further output is dropped quietly and the command finishes its work (a fix is never cut short by a closed
 * pipe). Any other write error (a full disk) is reported on the other stream and makes the exit code 1.
 */
function pipeWriter(stream: NodeJS.WriteStream, other: () => NodeJS.WriteStream): (t: string) => void {
  let closed = false;
  const onError = (e: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
    // Set again at exit: the command's own exit code is assigned after this may have run.
    process.exitCode = 1;
    process.once('exit', () => {
      process.exitCode = 1;
    });
    try {
      other().write(`mamori: cannot write output: ${e.message}\n`);
    } catch {
      // Nowhere left to report it; the exit code says it.
    }
  };
  stream.on('error', onError);
  return (t) => {
    if (closed) return;
    try {
      stream.write(t);
    } catch (e) {
      onError(e as NodeJS.ErrnoException);
    }
  };
}

let stdio: { out: (t: string) => void; err: (t: string) => void } | undefined;

export function processIo(): Io {
  stdio ??= { out: pipeWriter(process.stdout, () => process.stderr), err: pipeWriter(process.stderr, () => process.stdout) };
  return {
    out: stdio.out,
    err: stdio.err,
    interactive: !!process.stderr.isTTY && !process.env['CI'],
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Run the CLI; returns the exit code. Errors are printed as one line, never as a stack trace (set MAMORI_DEBUG=1 for one). */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    io.out(help());
    return verb ? EXIT.OK : EXIT.USAGE;
  }
  if (verb === '--version' || verb === '-v' || verb === 'version') {
    io.out(`mamori ${VERSION}\n`);
    return EXIT.OK;
  }
  const entry = COMMANDS.find((c) => c.name === verb);
  if (!entry) {
    io.err(`mamori: unknown command "${verb}"\n\n${help()}`);
    return EXIT.USAGE;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(entry, command));
    return EXIT.OK;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: command.positionals ?? false, strict: true });
  } catch (e) {
    io.err(`mamori ${verb}: ${(e as Error).message.split('\n')[0]}\n\n${commandHelp(entry, command)}`);
    return EXIT.USAGE;
  }
  try {
    return await command.run({ values: parsed.values, positionals: parsed.positionals, io });
  } catch (e) {
    if (isMamoriError(e)) {
      io.err(`mamori: ${e.format()}\n`);
      if (io.env['MAMORI_DEBUG'] && e.cause) io.err(`${String((e.cause as Error).stack ?? e.cause)}\n`);
      return e.code === 'USAGE' || e.code === 'POLICY_INVALID' || e.code === 'CONFIG_INVALID' ? EXIT.USAGE : EXIT.ERROR;
    }
    const err = e as Error;
    io.err(`mamori: internal error: ${err?.message ?? String(e)}\n`);
    if (io.env['MAMORI_DEBUG']) io.err(`${err?.stack ?? ''}\n`);
    else io.err('Set MAMORI_DEBUG=1 to see where it happened, and please report it.\n');
    return EXIT.ERROR;
  }
}
