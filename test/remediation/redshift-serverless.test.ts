/**
 * `mamori fix` and `mamori undo` over the Redshift Serverless actions, as a user runs them: the dry run prints the
 * exact calls and what stays and changes nothing; `--apply --yes` fixes and verifies, touching only the violating
 * namespace and workgroup; `undo` puts back exactly the before-state; `iam-policy --remediate` names the new calls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createNamespace, createServerlessWorkgroup, redshiftServerlessState } from '../../src/sim/services/redshiftserverless/model.ts';
import { createWorld, type World } from '../../src/sim/world.ts';
import { runCliWithKeys } from '../helpers/cli.ts';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const POLICIES = ['aws-redshift-serverless-logs-not-exported', 'aws-redshift-serverless-public'];

let sim: SimServer;
let dir: string;
let world: World;

beforeAll(async () => {
  world = createWorld({ regions: [REGION], organization: false, managementAccountId: ACCOUNT });
  // Exports user activity only, and its workgroup is public: both get fixed.
  createNamespace(world, ACCOUNT, REGION, { name: 'adhoc', logExports: ['useractivitylog'] });
  createServerlessWorkgroup(world, ACCOUNT, REGION, { name: 'adhoc-wg', namespace: 'adhoc', publiclyAccessible: true, config: { require_ssl: 'false' } });
  // Done right: nothing to change.
  createNamespace(world, ACCOUNT, REGION, { name: 'reporting', adminUsername: 'reports', dbName: 'reports', logExports: ['connectionlog', 'userlog'] });
  createServerlessWorkgroup(world, ACCOUNT, REGION, { name: 'reporting-wg', namespace: 'reporting', enhancedVpcRouting: true });
  sim = await startSim({ world });
  dir = mkdtempSync(join(tmpdir(), 'mamori-rss-cli-'));
});
afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]) => runCliWithKeys(args, { dir });
const aws = () => ['--endpoint-url', sim.url, '--region', REGION];
const policyArgs = POLICIES.flatMap((p) => ['--policy', p]);
const state = () => structuredClone(redshiftServerlessState(world, ACCOUNT, REGION));

describe('mamori fix and undo over the Redshift Serverless actions', () => {
  it('plans, applies with verification, touches only the violating resources, and undoes back to the before-state', async () => {
    const before = state();
    const dry = await run('fix', ...policyArgs, ...aws());
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('redshiftserverless:UpdateNamespace {"namespaceName":"adhoc","logExports":["useractivitylog","connectionlog","userlog"]}');
    expect(dry.out).toContain('redshiftserverless:UpdateWorkgroup {"workgroupName":"adhoc-wg","publiclyAccessible":false}');
    expect(dry.out).not.toContain('reporting');
    expect(state()).toEqual(before);

    const applied = await run('fix', '--apply', '--yes', ...policyArgs, ...aws());
    expect(applied.code, applied.out + applied.err).toBe(0);
    expect(applied.out).toContain('Summary: 2 fixed, 0 skipped, 0 failed');
    const after = state();
    expect(after.namespaces[0]!.logExports).toEqual(['useractivitylog', 'connectionlog', 'userlog']);
    expect(after.workgroups[0]!.publiclyAccessible).toBe(false);
    // Untouched: the rest of the adhoc resources, and the reporting ones entirely.
    expect({ ...after.namespaces[0]!, logExports: [] }).toEqual({ ...before.namespaces[0]!, logExports: [] });
    expect({ ...after.workgroups[0]!, publiclyAccessible: true }).toEqual(before.workgroups[0]);
    expect(after.namespaces[1]).toEqual(before.namespaces[1]);
    expect(after.workgroups[1]).toEqual(before.workgroups[1]);

    const again = await run('fix', ...policyArgs, ...aws());
    expect(again.out).toContain('Nothing to change.');

    const { entries } = JSON.parse((await run('history', '--format', 'json')).out) as { entries: { id: number; status: string }[] };
    expect(entries.map((e) => e.status)).toEqual(['verified', 'verified']);
    for (const e of entries) {
      const u = await run('undo', String(e.id), '--yes', ...aws());
      expect(u.code, u.out + u.err).toBe(0);
    }
    expect(state()).toEqual(before);
  });

  it('names the new calls in iam-policy --remediate', async () => {
    const r = await run('iam-policy', '--remediate', ...policyArgs);
    expect(r.code, r.err).toBe(0);
    const actions = (JSON.parse(r.out) as { Statement: { Action: string[] }[] }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['redshift-serverless:UpdateNamespace', 'redshift-serverless:GetNamespace', 'redshift-serverless:UpdateWorkgroup', 'redshift-serverless:GetWorkgroup']));
  });
});
