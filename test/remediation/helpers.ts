/** A local AWS endpoint with an estate, a store in memory, and the remediation use cases wired to both. */
import { parseConfig, type MamoriConfig } from '../../src/app/config.ts';
import { expect } from 'vitest';
import { connect, previewUndo, undo, type Connection, type SessionOptions } from '../../src/app/remediate.ts';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import type { AwsSettings } from '../../src/aws/clients.ts';
import type { TargetOptions } from '../../src/aws/accounts.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { selectPolicies } from '../../src/engine/select.ts';
import type { RunnerHooks } from '../../src/remediation/runner.ts';
import { buildEstate, type EstateDoc } from '../../src/sim/estates/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import type { SgRule as SimRule } from '../../src/sim/services/ec2/model.ts';
import { listRules } from '../../src/sim/services/ec2/model.ts';
import { openStore, type Store } from '../../src/store/index.ts';

export const MGMT = '111111111111';
export const PROD = '222222222222';
export const CREDENTIALS = async () => ({ accessKeyId: 'AKIAMAMORITEST', secretAccessKey: 'test' });

export interface Harness {
  sim: SimServer;
  groups: ReturnType<typeof buildEstate>['groups'];
  store: Store;
  aws: AwsSettings;
  targets: TargetOptions;
  conn: Connection;
  policies: Policy[];
  config: MamoriConfig;
  scan(policyIds?: string[]): Promise<ScanResult>;
  session(o?: { maxChanges?: number; hooks?: RunnerHooks; actor?: string }): SessionOptions;
  select(policyIds?: string[]): Policy[];
  close(): Promise<void>;
}

export async function harness(doc: EstateDoc, opts: { config?: string; org?: boolean; maxAttempts?: number; store?: Store; policies?: Policy[] } = {}): Promise<Harness> {
  const built = buildEstate(doc);
  const sim = await startSim({ world: built.world });
  const aws: AwsSettings = { endpointUrl: sim.url, homeRegion: 'us-east-1', maxAttempts: opts.maxAttempts ?? 5, concurrencyPerService: 8 };
  const targets: TargetOptions = { regions: doc.regions, ...(opts.org ? { org: true, roleName: 'OrganizationAccountAccessRole' } : {}) };
  const store = opts.store ?? (await openStore({ inMemory: true, env: {} }));
  const conn = await connect({ aws, credentials: CREDENTIALS, targets });
  const config = opts.config ? parseConfig(opts.config, 'test mamori.yaml') : { exclusions: [] };
  const all = opts.policies ?? loadBuiltinPolicies();
  const select = (ids?: string[]) => (ids ? selectPolicies(all, { ids }) : all);
  return {
    sim,
    groups: built.groups,
    store,
    aws,
    targets,
    conn,
    policies: all,
    config,
    select,
    scan: (ids) => runScan({ aws, credentials: CREDENTIALS, targets, policies: select(ids), globalExclusions: config.exclusions }),
    session: (o = {}) => ({ store, access: conn.access, actor: o.actor ?? 'tester', maxChanges: o.maxChanges ?? 100, ...(o.hooks ? { hooks: o.hooks } : {}) }),
    async close() {
      conn.close();
      await sim.stop();
      if (!opts.store) await store.close();
    },
  };
}

/** A rule line as content only (what an undo must restore; ids may differ). */
export function lineOf(r: SimRule): string {
  const peer = r.cidrIpv4 ?? r.cidrIpv6 ?? r.prefixListId ?? `${r.referencedUserId ?? ''}/${r.referencedGroupId ?? ''}`;
  return `${r.isEgress ? 'egress' : 'ingress'} ${r.ipProtocol} ${r.fromPort}-${r.toPort} ${peer} ${r.description ?? ''} ${JSON.stringify(r.tags ?? [])}`;
}

/** The rule lines of a group in the endpoint's model, sorted. */
export function modelRules(sim: SimServer, account: string, region: string, groupId: string): SimRule[] {
  return listRules(sim.world, account, region, groupId).map((r) => ({ ...r }));
}

export function sortedLines(rules: readonly SimRule[]): string[] {
  return rules.map(lineOf).sort();
}

/** Undoes each fixed change, newest first, expecting the resource unchanged since the fix and every undo verified. */
export async function undoEach(h: Harness, fixed: readonly { entryId?: number }[]): Promise<void> {
  for (const o of [...fixed].reverse()) {
    const preview = await previewUndo(h.store, h.conn.access, o.entryId!);
    expect(preview.changedSince).toEqual([]);
    const r = await undo(h.session(), preview);
    expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
  }
}
