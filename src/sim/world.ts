import { createHash } from 'node:crypto';

export interface SimAccount {
  id: string;
  name: string;
  email: string;
  /** IAM account alias, if any. */
  alias?: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  joinedTimestamp: string;
  /** Role names that AssumeRole may assume in this account; absent means any role name is assumable. */
  roles?: string[];
  /** External id the roles require, if any. */
  externalId?: string;
  /** `service:Operation` patterns (glob `*`) that return the service's access-denied error for this account (coverage-gap tests). */
  deny?: string[];
}

export interface IssuedKey {
  accountId: string;
  principalArn: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: string;
}

/**
 * The whole simulated estate. Plain JSON data only (no Maps, no classes) so it can be saved to and
 * loaded from a file as is. Service state lives under `services[service][accountId][region | "global"]`.
 */
export interface World {
  version: 1;
  /** Seed for deterministic ids. */
  seed: string;
  seq: number;
  organization: { id: string; arn: string; masterAccountId: string; featureSet: 'ALL' | 'CONSOLIDATED_BILLING' } | null;
  /** The account that keys not issued by AssumeRole act as. */
  managementAccountId: string;
  accounts: Record<string, SimAccount>;
  /** Regions enabled in every account. */
  regions: string[];
  keys: Record<string, IssuedKey>;
  services: Record<string, Record<string, Record<string, unknown>>>;
}

export const DEFAULT_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-northeast-1', 'ap-southeast-2'];

export function createWorld(opts: { seed?: string; managementAccountId?: string; managementAccountName?: string; regions?: string[]; organization?: boolean } = {}): World {
  const mgmt = opts.managementAccountId ?? '111111111111';
  const world: World = {
    version: 1,
    seed: opts.seed ?? 'mamori',
    seq: 0,
    organization: null,
    managementAccountId: mgmt,
    accounts: {},
    regions: opts.regions ?? [...DEFAULT_REGIONS],
    keys: {},
    services: {},
  };
  addAccount(world, { id: mgmt, name: opts.managementAccountName ?? 'Management' });
  if (opts.organization !== false) {
    const orgId = `o-${nextHex(world, 10)}`;
    world.organization = { id: orgId, arn: `arn:aws:organizations::${mgmt}:organization/${orgId}`, masterAccountId: mgmt, featureSet: 'ALL' };
  }
  return world;
}

export function addAccount(world: World, a: Partial<SimAccount> & { id: string; name: string }): SimAccount {
  const account: SimAccount = {
    email: `aws+${a.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@example.com`,
    status: 'ACTIVE',
    joinedTimestamp: '2024-01-15T09:00:00.000Z',
    ...a,
  };
  world.accounts[a.id] = account;
  return account;
}

/** Deterministic pseudo-random lowercase hex of `len` characters; the same seed gives the same sequence. */
export function nextHex(world: World, len = 17): string {
  let out = '';
  while (out.length < len) {
    out += createHash('sha1').update(`${world.seed}:${world.seq++}`).digest('hex');
  }
  return out.slice(0, len);
}

/** Deterministic AWS-style id, e.g. `nextId(world, 'sg')` → `sg-0a1b2c3d4e5f60718`. */
export function nextId(world: World, prefix: string, len = 17): string {
  return `${prefix}-${nextHex(world, len)}`;
}

/** The state of one service in one account and region (or `global`), created on first use. */
export function serviceState<T>(world: World, service: string, accountId: string, region: string, init: () => T): T {
  const byAccount = (world.services[service] ??= {});
  const byRegion = (byAccount[accountId] ??= {});
  let s = byRegion[region] as T | undefined;
  if (s === undefined) {
    s = init();
    byRegion[region] = s;
  }
  return s;
}

/** Every (account, region) state that exists for a service. */
export function* serviceStates<T>(world: World, service: string): Generator<{ accountId: string; region: string; state: T }> {
  for (const [accountId, byRegion] of Object.entries(world.services[service] ?? {})) {
    for (const [region, state] of Object.entries(byRegion)) yield { accountId, region, state: state as T };
  }
}

export function assertRegion(world: World, region: string): boolean {
  return world.regions.includes(region);
}
