/**
 * Continuous protection in the console, as a user tries it (issue 13): `mamori serve --demo` started as a process
 * (it sets up event delivery on its demo endpoint, watches the queues, keeps CIFS in auto for Development and
 * delivers notifications to its local inbox), the admin signs in with the printed one-time password, and someone
 * opens tcp 445 to the world on a fresh group in Development through the SDK. Within seconds the browser shows the
 * fix verified in the remediation history, naming the write that triggered it, the finding resolved and the
 * notification delivered; through the SDK the 445 line is gone and the group's other line stays. Then the command
 * serve prints runs as printed and does the same.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, DescribeSecurityGroupRulesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/server/web.ts';
import { waitFor } from '../helpers/wait.ts';
import { ensureWebBuilt, launch, shot } from './helpers.ts';

const BIN = join(REPO_ROOT, 'bin', 'mamori.js');
const DEV = '333333333333';
const REGION = 'us-east-1';
const CIFS = 'aws-ec2-sg-open-cifs-445';

let dir: string;
let child: ChildProcess;
let stderr = '';
let consoleUrl: string;
let endpoint: string;
let browser: Browser;
let page: Page;

/** Waits for a line of serve's stderr, failing with all of it. */
const printed = (what: string, re: RegExp, ms = 60_000) => waitFor(what, () => re.exec(stderr) ?? undefined, { ms, context: () => `serve --demo printed:\n${stderr}` });

async function developmentEc2(session: string): Promise<EC2Client> {
  const sts = new STSClient({ region: REGION, endpoint, credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' } });
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${DEV}:role/OrganizationAccountAccessRole`, RoleSessionName: session }))).Credentials!;
  return new EC2Client({ region: REGION, endpoint, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
}

async function inboundLines(ec2: EC2Client, groupId: string): Promise<string[]> {
  const rules = (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }))).SecurityGroupRules ?? [];
  return rules.filter((r) => !r.IsEgress).map((r) => `${r.IpProtocol} ${r.FromPort} ${r.CidrIpv4 ?? r.CidrIpv6}`).sort();
}

beforeAll(async () => {
  await ensureWebBuilt();
  dir = mkdtempSync(join(tmpdir(), 'mamori-continuous-'));
  child = spawn(process.execPath, [BIN, 'serve', '--demo', '--data-dir', dir, '--port', '0', '--host', '127.0.0.1', '--no-build'], {
    env: { ...process.env, MAMORI_CONFIG: '', CI: '1', AWS_PROFILE: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`serve --demo exited ${code}:\n${stderr}`))));
  const ready = printed('the try-it command', /open-smb\.mjs (http:\/\/127\.0\.0\.1:\d+)/);
  endpoint = (await Promise.race([ready, exited]))[1]!;
  consoleUrl = (await printed('the console URL', /mamori console on (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
  const password = (await printed('the one-time password', /one-time password (\S+)/))[1]!;

  browser = await launch();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${consoleUrl}/`);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const form = page.getByRole('form', { name: 'Change password' });
  await form.getByLabel('Current password').fill(password);
  await form.getByLabel(/^New password \(/).fill('the demo admin’s own password');
  await form.getByLabel('New password again').fill('the demo admin’s own password');
  await form.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (child && child.exitCode === null) {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('mamori serve --demo: continuous protection', () => {
  it('sets up event delivery in every demo account and region and shows the watch loop on the Overview', async () => {
    expect(stderr).toMatch(/event delivery set up as `mamori events setup --org --yes` would: \d+ rules in 5 accounts × 3 regions/);
    const status = page.getByRole('status', { name: 'Continuous protection status' });
    await status.waitFor();
    expect(await status.textContent()).toMatch(/watching 3 event queues \(us-east-1, eu-west-1, ap-northeast-1\)/);
  });

  it('revokes tcp 445 opened to the world on a fresh group in Development within seconds; the browser shows the verified fix, the write behind it, the resolved finding and the delivered notification', async () => {
    const ec2 = await developmentEc2('alice');
    const groupName = `share-${Date.now().toString(36)}`;
    const groupId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: groupName, Description: 'a quick file share' }))).GroupId!;
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }] }));
    const opened = Date.now();
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 445, ToPort: 445, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));

    // The Overview follows the watch loop by itself: the group appears, fixed and verified.
    const handled = page.getByRole('list', { name: 'Handled last' }).getByRole('listitem').filter({ hasText: groupId });
    const fixed = handled.filter({ hasText: 'fixed 1 (verified)' });
    await fixed.waitFor({ timeout: 20_000 });
    expect(Date.now() - opened).toBeLessThan(20_000);
    expect(await fixed.textContent()).toContain(`${groupId} (Development ${DEV}, ${REGION}) `);
    expect(await fixed.textContent()).toContain('AuthorizeSecurityGroupIngress by alice (OrganizationAccountAccessRole, 333333333333)');
    await shot(page, 'continuous-overview');

    // The remediation history: the verified change on that group, in a run made by the watch loop after alice's write.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Remediation' }).click();
    const entry = page.getByRole('article').filter({ hasText: groupName }).filter({ has: page.locator('.status-verified') });
    await entry.first().waitFor();
    const run = page.locator('.run-group').filter({ has: entry });
    expect(await run.getByRole('heading').textContent()).toMatch(/by mamori serve \(watch\), after (CreateSecurityGroup, )?AuthorizeSecurityGroupIngress by alice \(OrganizationAccountAccessRole, 333333333333\)/);

    // The finding: recorded by the watch loop's re-read, and resolved by the verified fix.
    await page.goto(`${consoleUrl}/findings?policy=${CIFS}&resource=${groupId}&status=all`);
    await page.getByRole('row').filter({ hasText: groupName }).filter({ has: page.locator('.status-resolved') }).waitFor();

    // The notification: delivered to the demo's inbox, which checked its signature.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notifications' }).click();
    const delivery = page.getByRole('table', { name: 'Deliveries, newest first' }).getByRole('row').filter({ hasText: `fix.verified · ${CIFS} · ${groupName}` });
    await delivery.filter({ has: page.locator('.status-sent') }).waitFor();
    expect(await delivery.first().getByRole('cell').nth(1).textContent()).toBe('demo-inbox');
    await printed('the inbox line', new RegExp(`Demo inbox: Fix verified \\[high\\] ${CIFS}: ${groupName} \\(${groupId}\\) in Development \\(${DEV}\\) ${REGION} \\(delivery demo-inbox-\\d+, signature verified\\)`), 5000);

    // In the account: the 445 line is gone, the other line stays.
    expect(await inboundLines(ec2, groupId)).toEqual(['tcp 443 10.0.0.0/8']);
  });

  it('prints a command that runs as printed and does the same', async () => {
    const line = (await printed('the try-it command', /^ {2}(node \S+open-smb\.mjs http:\/\/127\.0\.0\.1:\d+)$/m))[1]!;
    const run = spawn('sh', ['-c', line.replace(/^node /, `'${process.execPath}' `)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    run.stdout.on('data', (d: Buffer) => (out += d.toString()));
    run.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => run.once('exit', r));
    expect(code, `${out}\n${err}\nserve:\n${stderr}`).toBe(0);
    const groupId = /^(sg-[0-9a-f]+) .*opened tcp 445 to 0\.0\.0\.0\/0 in Development/m.exec(out)?.[1];
    expect(groupId, out).toBeDefined();
    expect(out).toMatch(new RegExp(`^${groupId}: the tcp 445 line is gone after [\\d.]+ s; stays: tcp 443 from 10\\.0\\.0\\.0/8$`, 'm'));
    expect(await inboundLines(await developmentEc2('auditor'), groupId!)).toEqual(['tcp 443 10.0.0.0/8']);
  });
});
