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
