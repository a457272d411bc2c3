import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModel, renderModel, SERVICES } from '../../../scripts/sim-models.ts';
import { loadModel, resolve, type Shape } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'mamori-sim-models-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A miniature `aws-sdk/apis/` with two versions of one model, in the `.min.json` form. */
function writeApis(): string {
  const old = { metadata: { protocol: 'json', apiVersion: '2019-01-01', endpointPrefix: 'widgets' }, operations: {}, shapes: {} };
  const model = {
    version: '2.0',
    metadata: { apiVersion: '2020-01-01', endpointPrefix: 'widgets', jsonVersion: '1.1', protocol: 'json', serviceFullName: 'Widgets', signingName: 'widget', targetPrefix: 'Widgets_20200101', uid: 'widgets-2020-01-01' },
    operations: {
      ListWidgets: {
        input: { type: 'structure', members: { nextToken: {}, maxResults: { type: 'integer' } } },
        output: { type: 'structure', members: { widgets: { type: 'list', member: { shape: 'S3' } }, nextToken: {} } },
        endpointdiscovery: {},
      },
      DeleteWidget: { input: { type: 'structure', members: { id: { shape: 'S9' } } } },
      TagWidget: { input: { type: 'structure', members: { id: {}, tags: { shape: 'S5' } } }, output: { type: 'structure', members: {} } },
    },
    shapes: {
      S3: { type: 'structure', required: ['id'], members: { id: { contextParam: { name: 'Id' } }, createdAt: { type: 'timestamp', timestampFormat: 'iso8601' }, tags: { shape: 'S5' } } },
      S5: { type: 'map', key: {}, value: {} },
      S9: { type: 'string', sensitive: true },
    },
  };
  writeFileSync(join(dir, 'widgets-2019-01-01.min.json'), JSON.stringify(old));
  writeFileSync(join(dir, 'widgets-2020-01-01.min.json'), JSON.stringify(model));
  writeFileSync(join(dir, 'widgets-2020-01-01.paginators.json'), JSON.stringify({ pagination: { ListWidgets: { input_token: 'nextToken', output_token: 'nextToken', limit_key: 'maxResults', result_key: 'widgets' } } }));
  return dir;
}

describe('the model generator', () => {
  const apis = writeApis();

  it('takes the newest version, keeps reads and the listed writes, and only the shapes they reach', () => {
    const m = buildModel(apis, 'widgets', { model: 'widgets', writes: ['TagWidget'] });
    expect(m.source).toBe('widgets-2020-01-01');
    expect(m.metadata).toEqual({ protocol: 'json', apiVersion: '2020-01-01', endpointPrefix: 'widgets', signingName: 'widget', targetPrefix: 'Widgets_20200101', jsonVersion: '1.1' });
    expect(Object.keys(m.operations)).toEqual(['ListWidgets', 'TagWidget']);
    expect(Object.keys(m.shapes)).toEqual(['S3', 'S5']);
    expect(m.operations['ListWidgets']!.paginator).toEqual({ inputToken: 'nextToken', outputToken: 'nextToken', limitKey: 'maxResults', resultKey: 'widgets' });
  });

  it('drops what serializing does not need (context parameters, endpoint discovery, sensitivity)', () => {
    const text = renderModel(buildModel(apis, 'widgets', { model: 'widgets' }));
    expect(text).not.toMatch(/contextParam|endpointdiscovery|sensitive|serviceFullName/);
    expect(JSON.parse(text).shapes.S3).toEqual({ type: 'structure', required: ['id'], members: { id: {}, createdAt: { type: 'timestamp', timestampFormat: 'iso8601' }, tags: { shape: 'S5' } } });
  });

  it('adds members AWS added after the model, into the shared shape, and refuses additions the model already has', () => {
    const m = buildModel(apis, 'widgets', { model: 'widgets', additions: { 'ListWidgets:widgets[].arn': { locationName: 'arn' } } });
    expect(m.shapes['S3']!.members!['arn']).toEqual({ locationName: 'arn' });
    expect(() => buildModel(apis, 'widgets', { model: 'widgets', additions: { 'ListWidgets:widgets[].id': {} } })).toThrow('already has id');
    expect(() => buildModel(apis, 'widgets', { model: 'widgets', additions: { 'ListWidgets:gadgets[].id': {} } })).toThrow('no member gadgets[]');
  });

  it('adds whole operations AWS added after the model, in name order, and refuses one the model already has', () => {
    const op = { input: { type: 'structure' as const, members: {} }, output: { type: 'structure' as const, members: { Mode: { locationName: 'mode' } } } };
    const m = buildModel(apis, 'widgets', { model: 'widgets', operationAdditions: { GetWidgetMode: op } });
    expect(m.operations['GetWidgetMode']).toEqual(op);
    expect(Object.keys(m.operations)).toEqual(Object.keys(m.operations).sort());
    expect(() => buildModel(apis, 'widgets', { model: 'widgets', operationAdditions: { ListWidgets: op } })).toThrow('already has it');
  });

  it('refuses a write the model does not have and a model that is not there', () => {
    expect(() => buildModel(apis, 'widgets', { model: 'widgets', writes: ['PolishWidget'] })).toThrow('has no operation PolishWidget');
    expect(() => buildModel(apis, 'gadgets', { model: 'gadgets' })).toThrow('no model gadgets-<version>.min.json');
  });
});

describe('the committed models', () => {
  const files = readdirSync(import.meta.dirname).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();

  it('are exactly the generator’s services', () => {
    expect(files).toEqual(Object.keys(SERVICES).sort());
  });

  it.each(Object.entries(SERVICES))('%s: names its source, keeps its writes, and every shape reference resolves', (name, spec) => {
    const m = loadModel(name);
    expect(m.service).toBe(name);
    expect(m.source.startsWith(`${spec.model}-`)).toBe(true);
    for (const w of spec.writes ?? []) expect(m.operations, w).toHaveProperty(w);
    for (const o of Object.keys(spec.operationAdditions ?? {})) expect(m.operations, o).toHaveProperty(o);
    const visit = (s: Shape | undefined, seen: Set<Shape>): void => {
      if (!s || seen.has(s)) return;
      seen.add(s);
      const r = resolve(m, s);
      for (const x of Object.values(r.members ?? {})) visit(x, seen);
      visit(r.member, seen);
      visit(r.key, seen);
      visit(r.value, seen);
    };
    for (const op of Object.values(m.operations)) {
      visit(op.input, new Set());
      visit(op.output, new Set());
    }
  });
});
