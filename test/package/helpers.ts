/** Environments for running npm and the installed package the way a user's shell would. */
import { delimiter, dirname } from 'node:path';

/**
 * The test's environment without what npm and the test runner add: no npm_* variables (they would
 * override the project's .npmrc), no node_modules/.bin on PATH (so `node` and `npx` are the machine's
 * unless `nodeFirst` is given) and no MAMORI_* settings of the developer's shell.
 */
export function userEnv(opts: { nodeFirst?: string; extra?: Record<string, string> } = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^npm_/i.test(k) || k.startsWith('MAMORI_') || k === 'INIT_CWD' || k === 'NODE') continue;
    env[k] = v;
  }
  const path = (process.env['PATH'] ?? '').split(delimiter).filter((p) => p && !/[\\/]node_modules[\\/]\.bin$/.test(p));
  if (opts.nodeFirst) path.unshift(dirname(opts.nodeFirst));
  env['PATH'] = path.join(delimiter);
  return { ...env, ...opts.extra };
}
