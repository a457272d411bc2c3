/** The meta-test over the action registry (as PolicyMetaLint does for Custodian): ids, files, permissions, policies, docs. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBuiltinPolicies } from '../engine/loader.ts';
import { COLLECTORS } from '../collectors/index.ts';
import { ACTIONS } from './registry.ts';

const ACTIONS_DIR = fileURLToPath(new URL('./actions/', import.meta.url));
const DOC = fileURLToPath(new URL('../../docs/remediation.md', import.meta.url));
const POLICIES_DIR = fileURLToPath(new URL('../policies/aws/', import.meta.url));
/** The IAM prefixes of the services mamori collects (from the collectors' permissions). */
const SERVICES = new Set([...COLLECTORS.values()].flatMap((c) => c.permissions.map((p) => p.split(':')[0]!)));
/** Permissions AWS checks on the caller in services mamori does not collect: passing a role, vended log delivery, a KMS grant for encryption. */
const CROSS_SERVICE = new Set(['iam:PassRole', 'iam:CreateServiceLinkedRole', 'logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups', 'firehose:TagDeliveryStream', 'kms:DescribeKey', 'kms:CreateGrant']);

function actionFiles(): string[] {
  return readdirSync(ACTIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(ACTIONS_DIR, d.name)).map((f) => join(d.name, f)))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && basename(f) !== 'common.ts');
}

describe('remediation action registry', () => {
  it('has one file per action, named by its id, in the folder of its service', () => {
    const files = actionFiles().map((f) => f.replace(/\.ts$/, '')).sort();
    const ids = [...ACTIONS.values()].map((a) => `${a.resourceTypes[0]!.split('.')[1]}/${a.id}`).sort();
    expect(files).toEqual(ids);
  });

  it('declares for every action its permissions (as service:Action), parameters and reversibility', () => {
    for (const a of ACTIONS.values()) {
      expect(a.permissions.length, a.id).toBeGreaterThan(0);
      for (const p of a.permissions) {
        expect(p, a.id).toMatch(/^[a-z0-9-]+:[A-Z]\w+$/);
        expect(SERVICES.has(p.split(':')[0]!) || CROSS_SERVICE.has(p), `${a.id}: ${p} is in a service mamori collects`).toBe(true);
      }
      expect(a.params.safeParse({}).success, a.id).toBe(true);
      expect(a.params.safeParse({ unknownKey: 1 }).success, `${a.id} refuses unknown parameters`).toBe(false);
      if (a.reversible) expect(a.undo && a.expectedUndo, a.id).toBeTruthy();
      else expect(a.irreversibleBecause, a.id).toBeTruthy();
    }
  });

  it('serves every policy that names an action: a registered action for its resource type, ', () => {
    const policies = loadBuiltinPolicies();
    const files = readdirSync(POLICIES_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml') && !f.endsWith('.fixtures.yaml'));
    expect(policies).toHaveLength(files.length);
    // Policies without an automatic remediation (the catalog says which) name no action.
    const withAction = policies.filter((x) => x.response.action !== undefined);
    expect(withAction.length).toBeGreaterThan(0);
    for (const p of withAction) {
      const a = ACTIONS.get(p.response.action ?? '');
      expect(a, `${p.id} names ${p.response.action}`).toBeDefined();
      expect(a!.resourceTypes, p.id).toContain(p.resource);
      expect(a!.params.safeParse(p.response.params).success, p.id).toBe(true);
    }
  });

  it('defaults a policy to approve exactly when its action cannot be undone (the seed policies keep notify)', () => {
    const seedNotify = new Set(['aws-s3-bucket-unencrypted']);
    for (const p of loadBuiltinPolicies()) {
      const a = p.response.action === undefined ? undefined : ACTIONS.get(p.response.action);
      if (p.response.mode === 'approve') expect(a?.reversible, `${p.id}: approve is for irreversible actions`).toBe(false);
      if (a && !a.reversible && !seedNotify.has(p.id)) expect(p.response.mode, `${p.id}: ${a.id} cannot be undone`).toBe('approve');
    }
  });

  it("covers every operation an action declares in its sdk with one of the action's own permissions", () => {
    for (const a of ACTIONS.values()) {
      expect(a.sdk.length, `${a.id} declares what it sends`).toBeGreaterThan(0);
      for (const use of a.sdk) for (const [op, permission] of use.permissions) expect(a.permissions, `${a.id}: ${use.service}:${op} needs ${permission}`).toContain(permission);
    }
  });

  it("refuses to send what an action does not declare, through call and through the typed client", async () => {
    const { AwsAccess } = await import('./aws.ts');
    const { ClientFactory } = await import('../aws/clients.ts');
    const { EC2Client, DescribeVpcsCommand } = await import('@aws-sdk/client-ec2');
    const { S3Client } = await import('@aws-sdk/client-s3');
    const factory = new ClientFactory({ homeRegion: 'us-east-1', maxAttempts: 1, concurrencyPerService: 1, endpointUrl: 'http://127.0.0.1:9' });
    const access = new AwsAccess(factory, [{ id: '111111111111', credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }) }]);
    const api = access.api('111111111111', 'us-east-1', ACTIONS.get('revoke-open-ingress')!);
    await expect(api.call('ec2', 'DeleteSecurityGroup', { GroupId: 'sg-1' })).rejects.toThrow(/revoke-open-ingress cannot call ec2:DeleteSecurityGroup/);
    await expect(api.call('s3', 'DeleteBucketPolicy', { Bucket: 'b' })).rejects.toThrow(/cannot call s3:DeleteBucketPolicy/);
    expect(() => api.client(S3Client)).toThrow(/through S3Client/);
    await expect(api.client(EC2Client).send(new DescribeVpcsCommand({}))).rejects.toThrow(/cannot call ec2:DescribeVpcs/);
    factory.destroy();
  });

  it('is documented: docs/remediation.md describes every action', () => {
    expect(existsSync(DOC)).toBe(true);
    const doc = readFileSync(DOC, 'utf8');
    for (const id of ACTIONS.keys()) expect(doc, id).toContain(`\`${id}\``);
  });
});
