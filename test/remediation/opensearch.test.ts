/**
 * The OpenSearch actions end to end through the local endpoint and the real SDK: scan → `mamori fix` plan → apply →
 * verified; the settings no policy flagged unchanged; `mamori undo` gives back exactly the before-state for the
 * reversible ones and is refused for the irreversible ones; the endpoint refuses what AWS refuses.
 */
import { OpenSearchClient, UpdateDomainConfigCommand } from '@aws-sdk/client-opensearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createOpenSearchDomain, type OpenSearchDomain } from '../../src/sim/services/opensearch/model.ts';
import { clientConfig } from '../../src/sim/testing.ts';
import { harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const LOG_GROUP = `arn:aws:logs:${REGION}:${MGMT}:log-group:/aws/opensearch/search/errors`;
const KEY = `arn:aws:kms:${REGION}:${MGMT}:key/3c4d5e6f-0000-4000-8000-123456789abc`;
const REVERSIBLE = ['aws-opensearch-tls-policy-old', 'aws-opensearch-error-logs-off'];
const IRREVERSIBLE = ['aws-opensearch-unencrypted-at-rest', 'aws-opensearch-node-to-node-unencrypted', 'aws-opensearch-software-outdated'];
const IDS = [...REVERSIBLE, ...IRREVERSIBLE];
const PARAMS: Record<string, Record<string, unknown>> = { 'aws-opensearch-error-logs-off': { logGroupArn: LOG_GROUP }, 'aws-opensearch-unencrypted-at-rest': { kmsKeyArn: KEY } };

/** The policies that need a destination get one, as a user's copy of them would. */
const policies: Policy[] = loadBuiltinPolicies().map((p) => (PARAMS[p.id] ? { ...p, response: { ...p.response, params: PARAMS[p.id]! } } : p));

let h: Harness;
let search: OpenSearchDomain;
let secure: OpenSearchDomain;
beforeAll(async () => {
  h = await harness({ seed: 'opensearch-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] }, { policies });
  const w = h.sim.world;
  // Every fixable mistake at once, with slow logs published (a setting no policy is about).
  search = createOpenSearchDomain(w, MGMT, REGION, { name: 'search', softwareUpdateAvailable: true, logs: { INDEX_SLOW_LOGS: `arn:aws:logs:${REGION}:${MGMT}:log-group:/aws/opensearch/search/slow` } });
  secure = createOpenSearchDomain(w, MGMT, REGION, { name: 'secure', encryptionAtRest: true, nodeToNode: true, enforceHttps: true, tlsPolicy: 'Policy-Min-TLS-1-2-2019-07', fineGrained: true, logs: { ES_APPLICATION_LOGS: `arn:aws:logs:${REGION}:${MGMT}:log-group:/secure` } });
});
afterAll(() => h.close());

const snapshot = (d: OpenSearchDomain) => structuredClone(d);

describe('OpenSearch actions: fix, verify, undo', () => {
  it('plans one call per fix with only the violating option, irreversible ones marked as such', async () => {
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome} ${p.reversible}`).sort()).toEqual([
      'search opensearch-enable-encryption-at-rest ready false',
      'search opensearch-enable-error-logs ready true',
      'search opensearch-enable-node-to-node-encryption ready false',
      'search opensearch-set-tls-policy ready true',
      'search opensearch-update-service-software ready false',
    ]);
    const call = (action: string) => plan.prepared.find((p) => p.action === action)!.plan!.calls;
    expect(call('opensearch-enable-encryption-at-rest')).toEqual([{ service: 'opensearch', operation: 'UpdateDomainConfig', params: { DomainName: 'search', EncryptionAtRestOptions: { Enabled: true, KmsKeyId: KEY } }, purpose: expect.any(String) }]);
    expect(call('opensearch-set-tls-policy').map((c) => c.params)).toEqual([{ DomainName: 'search', DomainEndpointOptions: { TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' } }]);
    expect(call('opensearch-enable-error-logs').map((c) => c.params)).toEqual([{ DomainName: 'search', LogPublishingOptions: { ES_APPLICATION_LOGS: { CloudWatchLogsLogGroupArn: LOG_GROUP, Enabled: true } } }]);
    expect(call('opensearch-update-service-software').map((c) => [c.operation, c.params])).toEqual([['StartServiceSoftwareUpdate', { DomainName: 'search', ScheduleAt: 'NOW' }]]);
    expect(plan.prepared.find((p) => p.action === 'opensearch-set-tls-policy')!.plan!.keeps).toEqual(expect.arrayContaining(['EnforceHTTPS = false']));
  });

  it('applies and verifies every fix, leaves the rest, undoes the reversible ones exactly and refuses the others', async () => {
    const before = { search: snapshot(search), secure: snapshot(secure) };
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(5);
    expect(search.EncryptionAtRestOptions).toEqual({ Enabled: true, KmsKeyId: KEY });
    expect(search.NodeToNodeEncryptionOptions).toEqual({ Enabled: true });
    expect(search.DomainEndpointOptions).toEqual({ ...before.search.DomainEndpointOptions, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' });
    expect(search.LogPublishingOptions).toEqual({ ...before.search.LogPublishingOptions, ES_APPLICATION_LOGS: { CloudWatchLogsLogGroupArn: LOG_GROUP, Enabled: true } });
    expect(search.ServiceSoftwareOptions.UpdateAvailable).toBe(false);
    // What no policy was about stays as it was.
    expect([search.ClusterConfig, search.AdvancedSecurityOptions, search.AccessPolicies, search.DomainEndpointOptions.EnforceHTTPS]).toEqual([before.search.ClusterConfig, before.search.AdvancedSecurityOptions, before.search.AccessPolicies, false]);
    expect(snapshot(secure)).toEqual(before.secure);
    expect((await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES)).prepared).toEqual([]);

    const byAction = new Map(summary.fixed.map((o) => [o.action, o.entryId!]));
    for (const action of ['opensearch-enable-encryption-at-rest', 'opensearch-enable-node-to-node-encryption', 'opensearch-update-service-software']) {
      await expect(previewUndo(h.store, h.conn.access, byAction.get(action)!), action).rejects.toMatchObject({ code: 'REMEDIATION_REFUSED', message: expect.stringContaining('cannot be undone') });
    }
    for (const action of ['opensearch-enable-error-logs', 'opensearch-set-tls-policy']) {
      const preview = await previewUndo(h.store, h.conn.access, byAction.get(action)!);
      expect(preview.changedSince).toEqual([]);
      const r = await undo(h.session(), preview);
      expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    }
    expect(search.DomainEndpointOptions).toEqual(before.search.DomainEndpointOptions);
    // Error logs are off again; AWS keeps the entry with its log group, disabled.
    expect(search.LogPublishingOptions).toEqual({ ...before.search.LogPublishingOptions, ES_APPLICATION_LOGS: { CloudWatchLogsLogGroupArn: LOG_GROUP, Enabled: false } });
  });

  it('refuses to plan error logs or encryption without their parameter, naming it', async () => {
    const ids = ['aws-opensearch-error-logs-off', 'aws-opensearch-unencrypted-at-rest'];
    createOpenSearchDomain(h.sim.world, MGMT, REGION, { name: 'bare' });
    const plan = await planFix(h.conn.access, await h.scan(ids), h.select(ids).map((p) => ({ ...p, response: { ...p.response, params: {} } })), h.config, ALL_MODES);
    const why = plan.prepared.filter((p) => p.resource.id === 'bare').map((p) => [p.action, p.outcome, p.why]).sort();
    expect(why).toEqual([
      ['opensearch-enable-encryption-at-rest', 'failed', expect.stringContaining('needs the parameter kmsKeyArn')],
      ['opensearch-enable-error-logs', 'failed', expect.stringContaining('needs the parameter logGroupArn')],
    ]);
  });

  it('is refused by the endpoint as AWS refuses it: encryption turned off again, an unknown TLS policy, a log group that is not an ARN', async () => {
    const client = new OpenSearchClient(clientConfig(h.sim, { maxAttempts: 1 }));
    const before = snapshot(secure);
    await expect(client.send(new UpdateDomainConfigCommand({ DomainName: 'secure', EncryptionAtRestOptions: { Enabled: false } }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/cannot be disabled/) });
    await expect(client.send(new UpdateDomainConfigCommand({ DomainName: 'secure', NodeToNodeEncryptionOptions: { Enabled: false } }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new UpdateDomainConfigCommand({ DomainName: 'secure', DomainEndpointOptions: { TLSSecurityPolicy: 'Policy-Min-TLS-1-3' as never } }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new UpdateDomainConfigCommand({ DomainName: 'secure', LogPublishingOptions: { ES_APPLICATION_LOGS: { Enabled: true, CloudWatchLogsLogGroupArn: '/secure' } } }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new UpdateDomainConfigCommand({ DomainName: 'nope', NodeToNodeEncryptionOptions: { Enabled: true } }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(snapshot(secure)).toEqual(before);
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['es:DescribeDomain', 'es:UpdateDomainConfig', 'es:StartServiceSoftwareUpdate', 'kms:CreateGrant', 'kms:DescribeKey']));
  });
});
