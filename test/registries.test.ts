/**
 * Meta-checks over the registries (as Cloud Custodian's permission tests): every resource type has a
 * descriptor and a collector with declared calls and permissions, every matcher and policy names a type
 * that exists, and the local endpoint's router serves every call a collector or a remediation action declares. Counts come from
 * the registries and the files on disk, never a number written here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLLECTORS } from '../src/collectors/index.ts';
import { MATCHERS } from '../src/engine/filters/index.ts';
import { loadBuiltinPolicies } from '../src/engine/loader.ts';
import { configFields, RESOURCES } from '../src/resources/index.ts';
import { loadModel, type CompactModel } from '../src/sim/models/index.ts';
import { asffFinding } from '../src/outputs/asff.ts';
import { configSections } from '../src/server/views.ts';
import { handlerFor } from '../src/sim/server.ts';
import { operationsOf } from '../src/remediation/kit/sdk.ts';
import { ACTIONS } from '../src/remediation/registry.ts';
import { SimError, type SimRequest } from '../src/sim/types.ts';

const ROOT = join(import.meta.dirname, '..');
const MODELS_DIR = join(ROOT, 'src/sim/models');
const POLICIES_DIR = join(ROOT, 'src/policies/aws');

/** Where the SDK's client name (the call counter's service name) differs from the model's file name. */
const MODEL_OF: Record<string, string> = { elasticloadbalancingv2: 'elbv2', elasticloadbalancing: 'elb', sfn: 'stepfunctions', databasemigrationservice: 'dms', s3express: 's3' };

function modelFor(service: string): CompactModel {
  const name = MODEL_OF[service] ?? service;
  if (!existsSync(join(MODELS_DIR, `${name}.json`))) throw new Error(`no committed model src/sim/models/${name}.json for calls to ${service}`);
  return loadModel(name);
}

/**
 * The smallest request for an operation as the SDK would address it, built from the model's routing
 * data: the action parameter (query, ec2), the target header (JSON), or the method and URI (REST).
 */
function requestFor(model: CompactModel, operation: string): SimRequest {
  const op = model.operations[operation];
  if (!op) throw new Error(`${model.service} has no operation ${operation} in its model`);
  const m = model.metadata;
  const base = { headers: {} as Record<string, string>, body: Buffer.alloc(0), region: 'us-east-1', accountId: '111111111111', accessKeyId: 'AKID', principalArn: 'arn:aws:iam::111111111111:user/meta', host: 'localhost', signingService: m.signingName };
  if (m.protocol === 'query' || m.protocol === 'ec2') {
    return { ...base, method: 'POST', path: '/', query: new URLSearchParams(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(`Action=${operation}&Version=${m.apiVersion}`) };
  }
  if (m.protocol === 'json') {
    return { ...base, method: 'POST', path: '/', query: new URLSearchParams(), headers: { 'x-amz-target': `${m.targetPrefix}.${operation}`, 'content-type': `application/x-amz-json-${m.jsonVersion ?? '1.1'}` }, body: Buffer.from('{}') };
  }
  const [uri = '/', qs = ''] = (op.http?.requestUri ?? '/').split('?');
  const path = uri.replace(/\{(\w+)\+?\}/g, (_, name: string) => `meta-${name.toLowerCase()}`);
  const query = new URLSearchParams(qs);
  // The S3 SDK names the operation in `x-id` where the URI alone is ambiguous (ListBuckets / ListDirectoryBuckets on `/`).
  if (!qs && m.signingName === 's3') query.set('x-id', operation);
  return { ...base, method: op.http?.method ?? 'GET', path, query, headers: { 'x-amz-account-id': '111111111111' } };
}

function policyFiles(): number {
  return readdirSync(POLICIES_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml') && !f.endsWith('.fixtures.yaml')).length;
}

describe('resource registry', () => {
  it('has one descriptor file per type, named by its id, and one collector for each', () => {
    expect(RESOURCES.size).toBeGreaterThan(0);
    for (const d of RESOURCES.values()) {
      const [, service, resource] = d.type.split('.');
      expect(existsSync(join(ROOT, 'src/resources/aws', service!, `${resource}.ts`)), d.type).toBe(true);
      expect(COLLECTORS.get(d.type)?.resource, `${d.type} has a collector built from its descriptor`).toBe(d);
    }
    expect([...COLLECTORS.keys()].sort()).toEqual([...RESOURCES.keys()].sort());
  });

  it('declares for every type its config fields, API calls, IAM permissions and ASFF type', () => {
    for (const d of RESOURCES.values()) {
      expect(configFields(d).length, d.type).toBeGreaterThan(0);
      expect(d.calls.length, d.type).toBeGreaterThan(0);
      expect(d.permissions.length, d.type).toBeGreaterThan(0);
      for (const c of d.calls) expect(c, d.type).toMatch(/^[a-z0-9]+:[A-Z][A-Za-z0-9]+$/);
      for (const p of d.permissions) expect(p, d.type).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
      expect(new Set(d.calls).size, `${d.type} lists each call once`).toBe(d.calls.length);
      expect(d.asff, d.type).toMatch(/^(Aws[A-Za-z0-9]+|Other)$/);
    }
  });

  it('knows every type a matcher applies to and every type a built-in policy targets', () => {
    for (const m of MATCHERS.values()) for (const t of m.resourceTypes) expect(RESOURCES.has(t), `matcher ${m.name} applies to ${t}`).toBe(true);
    const policies = loadBuiltinPolicies();
    expect(policies).toHaveLength(policyFiles());
    for (const p of policies) expect(COLLECTORS.has(p.resource), `${p.id} targets ${p.resource}`).toBe(true);
  });

  it('is documented: docs/policy-language.md lists every type with every config field', () => {
    const doc = readFileSync(join(ROOT, 'docs/policy-language.md'), 'utf8');
    for (const d of RESOURCES.values()) {
      const row = doc.split('\n').find((l) => l.startsWith('|') && l.includes(`\`${d.type}\``));
      expect(row, `${d.type} has a row in the fields table`).toBeDefined();
      for (const f of configFields(d)) expect(row, `${d.type}.${f}`).toContain(`\`${f}\``);
    }
  });

  it("takes each matcher's permissions from the collectors of its resource types", () => {
    for (const m of MATCHERS.values()) {
      const collected = new Set(m.resourceTypes.flatMap((t) => COLLECTORS.get(t)?.permissions ?? []));
      for (const p of m.permissions) expect(collected.has(p), `matcher ${m.name} needs ${p}`).toBe(true);
    }
  });

  it('gives ASFF the Security Hub type of each descriptor, and the console its sections with evidence marked', () => {
    for (const d of RESOURCES.values()) {
      const resource = { type: d.type, id: 'x', arn: `arn:aws:${d.type}:x`, account: '123456789012', region: 'us-east-1', tags: {} };
      const asff = asffFinding({ policy: 'p', title: 't', severity: 'high', status: 'fail', resource, evidence: [] } as never, undefined, '2026-01-01T00:00:00Z');
      expect((asff['Resources'] as { Type: string }[])[0]!.Type, d.type).toBe(d.asff);
    }
    const listener = RESOURCES.get('aws.elbv2.listener')!;
    const config = { listenerArn: 'l', loadBalancerArn: 'lb', port: 80, protocol: 'HTTP', certificateArns: [], defaultActions: [{ type: 'forward', targetGroupArn: 'tg' }], httpsRedirect: null };
    expect(listener.config.safeParse(config).success).toBe(true);
    const sections = configSections({ type: listener.type, config }, new Map([['path:config.httpsRedirect', { policies: ['aws-elbv2-http-not-redirected'], summary: 's' }]]));
    const marked = sections.flatMap((s) => s.lines).filter((l) => l.violating);
    expect(marked.map((l) => [l.text, l.policies])).toEqual([['no redirect to HTTPS', ['aws-elbv2-http-not-redirected']]]);
  });

  it('is served by the local endpoint: its router routes every call a collector declares', () => {
    const unserved: string[] = [];
    for (const d of RESOURCES.values()) {
      for (const call of d.calls) {
        const [service, operation] = call.split(':') as [string, string];
        const model = modelFor(service);
        const req = requestFor(model, operation);
        const handler = handlerFor(req.signingService, req.path);
        try {
          if (!handler) throw new SimError('UnknownService', `no handler for ${req.signingService}`);
          const routed = handler.operation(req);
          if (routed !== operation) unserved.push(`${d.type}: ${call} routed to ${routed}`);
        } catch (e) {
          unserved.push(`${d.type}: ${call} (${e instanceof Error ? e.message : String(e)})`);
        }
      }
    }
    expect(unserved).toEqual([]);
  });

  it("is served by the local endpoint: its router routes every operation a remediation action declares", () => {
    const unserved: string[] = [];
    for (const a of ACTIONS.values()) {
      for (const call of operationsOf(a.sdk)) {
        const [service, operation] = call.split(':') as [string, string];
        const req = requestFor(modelFor(service), operation);
        const handler = handlerFor(req.signingService, req.path);
        try {
          if (!handler) throw new SimError('UnknownService', `no handler for ${req.signingService}`);
          const routed = handler.operation(req);
          if (routed !== operation) unserved.push(`${a.id}: ${call} routed to ${routed}`);
        } catch (e) {
          unserved.push(`${a.id}: ${call} (${e instanceof Error ? e.message : String(e)})`);
        }
      }
    }
    expect(unserved).toEqual([]);
  });

  it('the router check can fail: an operation the endpoint does not serve is refused', () => {
    const model = modelFor('ec2');
    const req = requestFor(model, 'DescribeImages');
    expect(() => handlerFor(req.signingService, req.path)!.operation(req)).toThrow();
  });
});
