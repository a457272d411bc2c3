/**
 * Passwords in the console (Debian Chromium, headless): a one-time password (the demo's, or one an admin set) leads
 * to a page that asks for a new one and shows nothing else until it is changed; anyone changes their own password
 * from the header; an admin resets someone else's password on the Users page, which forces a change again.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth.ts';
import { PASSWORD, startTestConsole, USERS, type TestConsole } from '../server/helpers.ts';
import { ensureWebBuilt, launch, shot, signInAs } from './helpers.ts';

let t: TestConsole;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  const webDir = await ensureWebBuilt();
  t = await startTestConsole({ webDir });
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function fresh(): Promise<Page> {
  await context?.close();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

async function signInOnly(p: Page, username: string, password: string): Promise<void> {
  await p.goto(`${t.url}/`);
  await p.getByLabel('Username').fill(username);
  await p.getByLabel('Password').fill(password);
  await p.getByRole('button', { name: 'Sign in' }).click();
}

async function changePassword(p: Page, current: string, next: string, again = next): Promise<void> {
  const form = p.getByRole('form', { name: 'Change password' });
  await form.getByLabel('Current password').fill(current);
  await form.getByLabel(/^New password \(/).fill(next);
  await form.getByLabel('New password again').fill(again);
  await form.getByRole('button', { name: 'Change password' }).click();
}

describe('a one-time password', () => {
  it('must be changed at the first sign-in: the console shows nothing else until then', async () => {
    // What `serve --demo` creates: an admin with a one-time password.
    await t.store.createUser({ username: 'demo-admin', passwordHash: await hashPassword('one-time password 42'), role: 'admin', mustChangePassword: true });
    const p = await fresh();
    await signInOnly(p, 'demo-admin', 'one-time password 42');
    await p.getByRole('heading', { name: 'Choose your password', level: 1 }).waitFor();
    expect(await p.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await shot(p, 'password-forced');
    // Going straight to a page does not get around it.
    await p.goto(`${t.url}/findings`);
    await p.getByRole('heading', { name: 'Choose your password', level: 1 }).waitFor();
    expect(await p.getByRole('heading', { name: 'Findings', level: 1 }).count()).toBe(0);
    // Mistakes are explained, and change nothing.
    await changePassword(p, 'one-time password 42', 'my own password', 'my own passwerd');
    await p.getByRole('alert').filter({ hasText: 'the new passwords differ' }).waitFor();
    await changePassword(p, 'not the one-time one', 'my own password');
    await p.getByRole('alert').filter({ hasText: 'the current password is wrong' }).waitFor();
    await changePassword(p, 'one-time password 42', 'my own password');
    // Then the page that was asked for.
    await p.getByRole('heading', { name: 'Findings', level: 1 }).waitFor();
    // The renewed session works for state-changing calls too (its new CSRF token is in use).
    await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users & tokens' }).click();
    await p.getByLabel('Token name').fill('after the change');
    await p.getByRole('button', { name: 'Create token' }).click();
    await p.getByText('New token (shown once)').waitFor();
    // The one-time password no longer signs in; the new one does, straight to the console.
    const q = await fresh();
    await signInOnly(q, 'demo-admin', 'one-time password 42');
    await q.getByRole('alert').filter({ hasText: 'wrong username or password' }).waitFor();
    await signInAs(q, t.url, 'demo-admin', 'my own password');
  });
});

describe('changing your own password', () => {
  it('works from the header link for a viewer: current and new password', async () => {
    const p = await fresh();
    await signInAs(p, t.url, USERS.viewer);
    await p.getByRole('link', { name: 'Change password' }).click();
    await p.getByRole('heading', { name: 'Change password', level: 1 }).waitFor();
    await shot(p, 'password-change');
    await changePassword(p, PASSWORD, 'the viewer’s new password');
    await p.getByRole('status').filter({ hasText: 'Your password is changed.' }).waitFor();
    // Still signed in, and the session still works.
    await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Findings' }).click();
    await p.getByRole('heading', { name: 'Findings', level: 1 }).waitFor();
    const q = await fresh();
    await signInAs(q, t.url, USERS.viewer, 'the viewer’s new password');
  });
});

describe('the audit trail on the Users page', () => {
  it('tells failed sign-ins in words, one line per address however many there were', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${t.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: i < 2 ? 'ghost' : 'spectre', password: 'not a password at all' }) });
      expect(r.status).toBe(401);
    }
    await t.console.ctx.anonymousAudit.flush();
    const p = await fresh();
    await signInAs(p, t.url, USERS.admin);
    await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users & tokens' }).click();
    await p.getByRole('heading', { name: 'Audit trail' }).waitFor();
    // The first test of this file also fails once from here (the one-time password after it was changed).
    await p.getByRole('cell', { name: /^[34] sign-ins failed from 127\.0\.0\.1 as (demo-admin, )?ghost, spectre; last / }).waitFor();
    await shot(p, 'users-audit');
    expect(await p.getByRole('cell', { name: /sign-ins? failed from 127\.0\.0\.1/ }).count()).toBe(1);
  });
});

describe('an admin resetting a password on the Users page', () => {
  it('sets a one-time password that the user must change at the next sign-in', async () => {
    const p = await fresh();
    await signInAs(p, t.url, USERS.admin);
    await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users & tokens' }).click();
    const row = p.getByRole('row').filter({ hasText: USERS.operator });
    await row.getByRole('button', { name: 'Reset password' }).click();
    await row.getByLabel(`New password for ${USERS.operator}`).fill('reset by ada 2026');
    await row.getByRole('button', { name: 'Set password' }).click();
    await p.getByRole('status').filter({ hasText: `Reset the password of ${USERS.operator}` }).waitFor();
    await p.getByRole('row').filter({ hasText: USERS.operator }).getByText('must change password').waitFor();
    const q = await fresh();
    await signInOnly(q, USERS.operator, 'reset by ada 2026');
    await q.getByRole('heading', { name: 'Choose your password', level: 1 }).waitFor();
    await changePassword(q, 'reset by ada 2026', 'otto chose this one');
    await q.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  });
});
