import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/command.ts';

/** Run the CLI in-process with captured output. */
export async function runCli(argv: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    interactive: false,
    env: { MAMORI_NO_STORE: '1', ...opts.env },
    cwd: opts.cwd ?? process.cwd(),
  };
  const code = await main(argv, io);
  return { code, out, err };
}

/**
 * Run the CLI in-process as a user with static AWS keys (env and the default credential chain, which reads
 * process.env), the data directory `<dir>/data`, actor `alice`, and `dir` as the working directory.
 */
export async function runCliWithKeys(argv: string[], opts: { dir: string; region?: string }): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    interactive: false,
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIAMAMORICLI', AWS_SECRET_ACCESS_KEY: 'cli', AWS_REGION: opts.region ?? 'us-east-1', AWS_PROFILE: '', MAMORI_DATA_DIR: join(opts.dir, 'data'), MAMORI_ACTOR: 'alice' },
    cwd: opts.dir,
  };
  process.env['AWS_ACCESS_KEY_ID'] = 'AKIAMAMORICLI';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'cli';
  delete process.env['AWS_PROFILE'];
  const code = await main(argv, io);
  return { code, out, err };
}

/**
 * Run the CLI in-process with `input` as its standard input (what `--password-stdin` reads), for tests where a
 * child process is not the point: each `node bin/mamori.js` costs a Node start and the AWS SDK's imports (seconds
 * of CPU on a shared runner). process.stdin is swapped for the call, so calls must not overlap.
 */
export async function runCliWithInput(argv: string[], input: string, opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ code: number; out: string; err: string }> {
  const own = Object.getOwnPropertyDescriptor(process, 'stdin');
  Object.defineProperty(process, 'stdin', { value: Readable.from([input]), configurable: true, writable: true });
  try {
    return await runCli(argv, opts);
  } finally {
    if (own) Object.defineProperty(process, 'stdin', own);
    else delete (process as { stdin?: unknown }).stdin;
  }
}
