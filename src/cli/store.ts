import { homedir } from 'node:os';
import { join } from 'node:path';
import type { MamoriConfig } from '../app/config.ts';
import { MamoriError } from '../core/errors.ts';
import { openStore, StoreBusyError, StoreReadOnlyError, type Store } from '../store/index.ts';
import { bool, str, type OptionSpec, type Values } from './command.ts';

export const STORE_OPTIONS: OptionSpec = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
};

export const STORE_USAGE = `Store:
  --data-dir DIR          embedded store directory (~/.mamori)                   [MAMORI_DATA_DIR]
  --database-url URL      PostgreSQL instead of the embedded store               [MAMORI_DATABASE_URL]`;

/**
 * How many runs to keep (`--keep-runs`, MAMORI_KEEP_RUNS, `store.keepRuns`); undefined keeps everything.
 * Clean-up never deletes a finding that is not resolved.
 */
export function keepRuns(values: Values, env: NodeJS.ProcessEnv, config: MamoriConfig): number | undefined {
  const text = str(values, 'keep-runs') ?? env['MAMORI_KEEP_RUNS'];
  if (text === undefined) return config.store?.keepRuns;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new MamoriError('USAGE', `--keep-runs expects a positive integer, got "${text}"`);
  return n;
}

/** Where the store is, from flags, environment and config; `fallbackDataDir` is for the demo's own store. */
export function storeOptions(values: Values, env: NodeJS.ProcessEnv, config: MamoriConfig, fallbackDataDir?: string) {
  const databaseUrl = str(values, 'database-url') ?? env['MAMORI_DATABASE_URL'] ?? config.store?.databaseUrl;
  const dataDir = str(values, 'data-dir') ?? env['MAMORI_DATA_DIR'] ?? config.store?.dataDir ?? fallbackDataDir;
  return { ...(databaseUrl ? { databaseUrl } : {}), ...(dataDir ? { dataDir } : {}), env };
}

/**
 * Open the store, with an error that says which one and why when it cannot be opened. A data directory held by
 * another process (`serve` holds it for as long as it runs) is refused at once, naming that process: waiting
 * would only delay the same answer.
 */
export async function openCliStore(values: Values, env: NodeJS.ProcessEnv, config: MamoriConfig, fallbackDataDir?: string): Promise<Store> {
  const opts = storeOptions(values, env, config, fallbackDataDir);
  try {
    return await openStore({ ...opts, lockTimeoutMs: 0 });
  } catch (e) {
    // These already name the directory and say what to do.
    if (e instanceof StoreBusyError || e instanceof StoreReadOnlyError) throw e;
    const where = opts.databaseUrl ? 'the PostgreSQL database' : `the data directory ${opts.dataDir ?? join(homedir(), '.mamori')}`;
    throw new MamoriError('STORE_ERROR', `cannot open ${where}: ${(e as Error).message.split('\n')[0]}`, undefined, { cause: e });
  }
}

/** `--no-store` (or MAMORI_NO_STORE=1) runs without recording anything. */
export function storeDisabled(values: Values, env: NodeJS.ProcessEnv): boolean {
  return bool(values, 'no-store') || env['MAMORI_NO_STORE'] === '1';
}

