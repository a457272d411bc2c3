/**
 * Browser tests of the console: Debian's Chromium (headless) through playwright-core, one browser per test file,
 * the console built once (web/dist, rebuilt when its sources are newer) and served by a test server on 127.0.0.1.
 */
import { existsSync, mkdirSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWeb, REPO_ROOT, WEB_DIST, webBuildStale } from '../../src/server/web.ts';
import { PASSWORD } from '../server/helpers.ts';

export const CHROMIUM = process.env['MAMORI_CHROMIUM'] ?? '/usr/bin/chromium';
/**
 * The tests always take the screenshots; they land in docs/screenshots/ (tracked) only when
 * MAMORI_UPDATE_SCREENSHOTS=1, so that an ordinary test run leaves the work tree clean.
 */
export const SCREENSHOTS = process.env['MAMORI_UPDATE_SCREENSHOTS'] === '1' ? join(REPO_ROOT, 'docs', 'screenshots') : join(tmpdir(), 'mamori-screenshots');

/** Builds web/dist unless it is current; a lock directory keeps parallel test files from building at once. */
export async function ensureWebBuilt(): Promise<string> {
  const lock = join(REPO_ROOT, 'web', '.build-lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than two minutes was left by a killed run.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmdirSync(lock);
      if (Date.now() > deadline) throw new Error('timed out waiting for another console build');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (webBuildStale()) buildWeb();
  } finally {
    rmdirSync(lock);
  }
  return WEB_DIST;
}

export function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set MAMORI_CHROMIUM)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export async function signInAs(page: Page, base: string, username: string, password = PASSWORD): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
