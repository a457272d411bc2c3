import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Where a command writes; tests pass buffers, the CLI passes the process streams. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is an interactive terminal (progress display, colors). */
  interactive: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandContext {
  values: Values;
  positionals: string[];
  io: Io;
}

/** One CLI verb: `src/cli/commands/<name>.ts`. */
export interface Command {
  name: string;
  /** Usage lines after `mamori <name>`, and option help. */
  usage: string;
  options: OptionSpec;
  /** Allow positional arguments (default: none). */
  positionals?: boolean;
  run(ctx: CommandContext): Promise<number>;
}

export const EXIT = { OK: 0, ERROR: 1, USAGE: 2, FINDINGS: 3 } as const;

export function str(values: Values, key: string): string | undefined {
  const v = values[key];
  if (Array.isArray(v)) return v.length ? String(v[v.length - 1]) : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** A repeatable option, also accepting comma-separated values: `--region a --region b,c`. */
export function list(values: Values, key: string): string[] | undefined {
  const v = values[key];
  if (v === undefined) return undefined;
  const items = (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

export function bool(values: Values, key: string): boolean {
  return values[key] === true;
}
