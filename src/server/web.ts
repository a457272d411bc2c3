/**
 * Serving the built console (web/dist). In a clone (web/src present) it is built when missing or older
 * than its sources; an installed package ships it prebuilt, without sources or vite, and never builds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MamoriError } from '../core/errors.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_DIR = join(REPO_ROOT, 'web');
export const WEB_DIST = join(WEB_DIR, 'dist');

/** True in a clone: the console's sources are here to build from (the package has only web/dist). */
export function webSourcesPresent(): boolean {
  return existsSync(join(WEB_DIR, 'src'));
}

const NOT_BUILT = (): string =>
  webSourcesPresent()
    ? 'The console is not built: run `npm run build:web`.'
    : 'This installation of mamori has no prebuilt console (web/dist): reinstall the package.';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** A file of the build, or index.html for the console's own paths (the app routes in the browser). */
export async function serveWeb(req: FastifyRequest, reply: FastifyReply, dir: string): Promise<FastifyReply> {
  const path = decodeURIComponent(req.url.split('?')[0] ?? '/');
  const root = resolve(dir);
  const file = normalize(join(root, path));
  if (file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile()) {
    const immutable = path.startsWith('/assets/');
    return reply
      .header('content-type', TYPES[extname(file)] ?? 'application/octet-stream')
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(readFileSync(file));
  }
  if (extname(path) && path.startsWith('/assets/')) return reply.code(404).header('content-type', 'text/plain').send('not found');
  const index = join(root, 'index.html');
  if (!existsSync(index)) return reply.code(503).header('content-type', 'text/plain; charset=utf-8').send(NOT_BUILT());
  return reply.header('content-type', TYPES['.html']!).header('cache-control', 'no-cache').send(readFileSync(index));
}

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name === 'node_modules') continue;
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

/** True when web/dist is missing or older than web/ sources or the contract; always false without sources. */
export function webBuildStale(): boolean {
  if (!webSourcesPresent()) return false;
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return newest(WEB_DIR) > built || statSync(join(REPO_ROOT, 'src/server/contract.ts')).mtimeMs > built;
}

/** Runs `vite build` for web/ (what `npm run build:web` does). */
export function buildWeb(log: (line: string) => void = () => {}): void {
  if (!webSourcesPresent()) throw new MamoriError('USAGE', NOT_BUILT());
  const vite = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) throw new MamoriError('USAGE', 'the console is not built and vite is not installed: run `npm ci` (with dev dependencies), then `npm run build:web`');
  log('Building the console (vite build web/) ...');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', join(WEB_DIR, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new MamoriError('INTERNAL', `building the console failed:\n${r.stdout}${r.stderr}`);
}
