/**
 * One request must not stall the console: YAML sent to the policy editor is parsed within fixed bounds, so
 * other users' requests keep being answered while adversarial documents are refused.
 *
 * The stall came from the full parse (the yaml library's parseDocument: seconds for 199 KB of unique keys). The
 * tests check that an adversarial document never reaches it — a fact, where a time bound on a shared machine
 * either flakes or is too loose to tell a stall. How fast the console answers is for the benchmarks.
 */
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adversarialYaml, aliasBomb } from '../input/generators.ts';
import { signIn, startTestConsole, USERS, type Client, type TestConsole } from './helpers.ts';

vi.mock(import('yaml'), async (importOriginal) => {
  const yaml = await importOriginal();
  // The cast keeps parseDocument's generic signature, which a Mock type flattens.
  return { ...yaml, parseDocument: vi.fn(yaml.parseDocument) as unknown as typeof yaml.parseDocument };
});
/** How many times the full parser saw exactly `source`. */
const fullParses = (source: string) => vi.mocked(parseDocument).mock.calls.filter(([text]) => text === source).length;

let t: TestConsole;
let admin: Client;

beforeAll(async () => {
  t = await startTestConsole();
  admin = await signIn(t, USERS.admin);
});
afterAll(async () => {
  await t?.close();
});

/** A request over the real socket, as another user's browser sends it. */
async function http(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { cookie: admin.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': admin.csrf, 'content-type': 'application/json' }) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as Record<string, unknown>;
  return { status: res.status, json };
}

describe('console: YAML parsing is bounded', () => {
  it('answers the 199 KB, 25,041-key document with a located problem, without parsing it in full', async () => {
    const source = adversarialYaml();
    const r = await http('POST', '/api/policies/validate', { source });
    expect(r.status).toBe(200);
    expect(r.json.valid).toBe(false);
    const [problem] = r.json.problems as { message: string; line?: number; column?: number }[];
    expect(problem!.message).toBe('more than 2,000 values (the limit for a policy)');
    // Refused where the 2,001st value starts (two per `key: 1` line), by the streaming count that stops there.
    expect([problem!.line, problem!.column]).toEqual([1001, 1]);
    // The old code parsed it in full first, which blocked the server for 7.8 s.
    expect(fullParses(source)).toBe(0);
    // A document of the same size that is within the limits does go through the full parse (the spy sees it).
    const benign = `id: big\ntitle: t\ndescription: "${'x'.repeat(source.length - 120)}"\nseverity: low\nresource: aws.s3.bucket\ncondition: {matcher: s3-public-acl}\n`;
    expect((await http('POST', '/api/policies/validate', { source: benign })).json.valid).toBe(true);
    expect(fullParses(benign)).toBe(1);
  });

  it('keeps answering GET /api/session while 4 clients keep sending such documents, none of which is parsed in full', async () => {
    const source = adversarialYaml();
    let sent = 0;
    let running = true;
    const attackers = Array.from({ length: 4 }, async () => {
      while (running) {
        const r = await http('POST', '/api/policies/validate', { source });
        expect(r.status).toBe(200);
        expect(r.json.valid).toBe(false);
        sent++;
      }
    });
    let answered = 0;
    try {
      while (sent < 16 || answered < 16) {
        const r = await http('GET', '/api/session');
        expect(r.status).toBe(200);
        answered++;
      }
    } finally {
      running = false;
      await Promise.all(attackers);
    }
    expect(fullParses(source)).toBe(0);
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
