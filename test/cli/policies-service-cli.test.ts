/**
 * `--service` matches a policy's resource type's service or its catalog service: the catalog files the API Gateway v2
 * policies under `apigateway` (and EventBridge's under `eventbridge`, on `aws.events.*` types), so both names select them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { policyServices, selectPolicies } from '../../src/engine/select.ts';
import { runCli } from '../helpers/cli.ts';

const builtin = loadBuiltinPolicies();
/** id → the catalog's service (the first two columns hold no commas or quotes). */
const catalog = new Map(
  readFileSync(join(import.meta.dirname, '..', '..', 'src', 'policies', 'catalog.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => l.split(',', 2) as [string, string]),
);

async function listed(...argv: string[]): Promise<string[]> {
  const r = await runCli(['policies', 'list', '--format', 'json', ...argv]);
  expect(r.code, r.err).toBe(0);
  return (JSON.parse(r.out) as { policies: { id: string }[] }).policies.map((p) => p.id).sort();
}

describe('policy services', () => {
  it("files every built-in policy under its catalog row's service and its resource type's service", () => {
    for (const p of builtin) {
      const service = catalog.get(p.id);
      expect(service, `${p.id} is in the catalog`).toBeDefined();
      expect(policyServices(p), p.id).toContain(service);
      expect(policyServices(p), p.id).toContain(p.resource.split('.')[1]);
    }
  });

  it('selects the v2 policies with --service apigateway (the catalog) and with apigatewayv2 (their types)', () => {
    const v2 = builtin.filter((p) => p.resource.startsWith('aws.apigatewayv2.')).map((p) => p.id).sort();
    expect(v2.length).toBeGreaterThan(0);
    expect(selectPolicies(builtin, { services: ['apigatewayv2'] }).map((p) => p.id).sort()).toEqual(v2);
    const apigateway = selectPolicies(builtin, { services: ['apigateway'] }).map((p) => p.id);
    expect(apigateway).toEqual(expect.arrayContaining(v2));
    expect(apigateway.every((id) => catalog.get(id) === 'apigateway')).toBe(true);
    // A custom policy named outside the `aws-<service>-` scheme is filed under its type's service only.
    expect(policyServices({ id: 'team-public-stage', resource: 'aws.apigatewayv2.stage' })).toEqual(['apigatewayv2']);
  });
});

describe('mamori policies list --service', () => {
  it('lists every policy the catalog files under apigateway, v1 and v2 alike', async () => {
    const ids = await listed('--service', 'apigateway');
    expect(ids).toEqual(builtin.filter((p) => catalog.get(p.id) === 'apigateway').map((p) => p.id).sort());
    expect(ids).toHaveLength(7);
    expect(ids).toEqual(expect.arrayContaining(['aws-apigateway-v2-route-no-authorization', 'aws-apigateway-v2-stage-access-logs-off', 'aws-apigateway-stage-logging-off']));
  });

  it('keeps --service apigatewayv2 working: only the v2 policies', async () => {
    expect(await listed('--service', 'apigatewayv2')).toEqual(['aws-apigateway-v2-route-no-authorization', 'aws-apigateway-v2-stage-access-logs-off']);
  });

  it('accepts the catalog name of a service whose types are named otherwise (eventbridge on aws.events)', async () => {
    expect(await listed('--service', 'eventbridge')).toEqual(await listed('--service', 'events'));
  });

  it('still refuses a service no policy is about, naming the near miss', async () => {
    const r = await runCli(['policies', 'list', '--service', 'apigatway']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no policy is about "apigatway".*did you mean "apigateway"\?/);
  });
});
