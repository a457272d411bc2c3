/**
 * One request must not stall the console: YAML sent to the policy editor is parsed within fixed bounds, so
 * other users' requests keep being answered while adversarial documents are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adversarialYaml, aliasBomb } from '../input/generators.ts';
import { signIn, startTestConsole, USERS, type Client, type TestConsole } from './helpers.ts';

let t: TestConsole;
let admin: Client;

beforeAll(async () => {
  t = await startTestConsole();
  admin = await signIn(t, USERS.admin);
});
afterAll(async () => {
  await t?.close();
});

/** A request over the real socket, so that time spent blocked in the event loop is measured. */
async function http(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown>; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { cookie: admin.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': admin.csrf, 'content-type': 'application/json' }) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as Record<string, unknown>;
  return { status: res.status, json, ms: performance.now() - t0 };
}

describe('console: YAML parsing is bounded', () => {
  it('answers the 199 KB, 25,041-key document with a located problem', async () => {
    const source = adversarialYaml();
    await http('POST', '/api/policies/validate', { source: 'id: warm\n' });
    const r = await http('POST', '/api/policies/validate', { source });
    expect(r.status).toBe(200);
    expect(r.json.valid).toBe(false);
    const [problem] = r.json.problems as { message: string; line?: number; column?: number }[];
    expect(problem!.message).toBe('more than 2,000 values (the limit for a policy)');
    expect(problem!.line).toBeGreaterThan(1);
    // Includes HTTP and JSON of a 199 KB body on a shared machine; the old parse alone blocked the server 7.8 s.
    expect(r.ms).toBeLessThan(2_000);
  });

  it('keeps GET /api/session p99 under 100 ms while 4 such requests run (median over alternating phases)', async () => {
    const source = adversarialYaml();
    // The control: four requests just as large that any server must read (a valid policy with a long
    // description). On a quiet machine its p99 is a few ms and the criterion is the 100 ms; on a
    // machine busy with other work the adversarial document may cost no more than twice the control.
    const benign = `id: big\ntitle: t\ndescription: "${'x'.repeat(source.length - 120)}"\nseverity: low\nresource: aws.s3.bucket\ncondition: {matcher: s3-public-acl}\n`;
    let sent = 0;
    /** GET /api/session in a loop for `ms` while 4 clients keep sending `body`; the slowest session answer. */
    const phase = async (body: string, valid: boolean, ms: number): Promise<number> => {
      let running = true;
      const attackers = Array.from({ length: 4 }, async () => {
        while (running) {
          const r = await http('POST', '/api/policies/validate', { source: body });
          expect(r.status).toBe(200);
          expect(r.json.valid).toBe(valid);
          if (!valid) sent++;
        }
      });
      let slowest = 0;
      const until = performance.now() + ms;
      while (performance.now() < until) {
        const r = await http('GET', '/api/session');
        expect(r.status).toBe(200);
        slowest = Math.max(slowest, r.ms);
      }
      running = false;
      await Promise.all(attackers);
      return slowest;
    };
    // Alternating phases, so that a change in the machine's load affects both measurements alike. A phase's
    // slowest answer is at least its p99; the median over phases keeps one stray pause (a GC, another
    // process) from deciding, while the old parser stalled every adversarial phase for seconds.
    const control: number[] = [];
    const adversarial: number[] = [];
    for (let round = 0; round < 7; round++) {
      control.push(await phase(benign, true, 400));
      adversarial.push(await phase(source, false, 400));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
    expect(sent).toBeGreaterThanOrEqual(8);
    expect(median(adversarial)).toBeLessThan(Math.max(100, 2 * median(control)));
  });

  it('refuses an alias bomb as a custom policy with 400 and a located message, never 500', async () => {
    const r = await http('PUT', '/api/custom-policies/bomb', { source: aliasBomb() });
    expect(r.status).toBe(400);
    expect(String(r.json.message ?? r.json.error)).toMatch(/^custom\/bomb\.yaml:\d+:\d+: more than 2,000 values once aliases are expanded/);
    const v = await http('POST', '/api/policies/validate', { source: aliasBomb() });
    expect(v.status).toBe(200);
    expect(v.json.valid).toBe(false);
  });

  it('refuses a __proto__ key and a bad action parameter in a custom policy with 400', async () => {
    const base = 'id: my-acl\ntitle: t\ndescription: d\nseverity: high\nresource: aws.s3.bucket\ncondition:\n  matcher: s3-public-acl\n';
    const proto = await http('PUT', '/api/custom-policies/my-acl', { source: `${base}response:\n  __proto__: {mode: auto}\n` });
    expect(proto.status).toBe(400);
    expect(JSON.stringify(proto.json)).toContain('the key \\"__proto__\\" is not allowed');
    const params = await http('PUT', '/api/custom-policies/my-acl', { source: `${base}response:\n  mode: auto\n  action: s3-remove-public-access\n  params: {blockPublicAccess: "yes please"}\n` });
    expect(params.status).toBe(400);
    expect(JSON.stringify(params.json)).toContain('response.params.blockPublicAccess: expected true or false, got \\"yes please\\"');
  });
});
