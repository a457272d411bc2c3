import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test files run in parallel, one worker per core: Vitest's own default leaves one core free (cores - 1), which on a
 * 2-core CI machine runs every file one after the other although most of a file's time is spent waiting on child
 * processes, servers and the database. `VITEST_MAX_WORKERS` (or `--maxWorkers`) overrides it, e.g. `1` to profile a file.
 */
const workers = Math.max(1, availableParallelism());

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // A hang guard, not a speed limit: with a file per core, a file's child processes share the cores with the other file.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: workers,
  },
});
