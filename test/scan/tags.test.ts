/**
 * Tags in bulk: collectors read tags through the Resource Groups Tagging API (one GetResources call per
 * 100 resources of a type and region), never one tagging call per resource — and a failure to read them
 * is a read error on each resource, not an empty tag set taken as true.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createBucket } from '../../src/sim/services/s3/model.ts';
import { createWorld, type World } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
let sim: SimServer | undefined;
afterEach(() => sim?.stop());

function estate(): World {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // 150 tagged buckets need two pages of 100 in us-east-1; eu-west-1 holds a tagged and an untagged one.
  for (let i = 0; i < 150; i++) createBucket(world, ACCOUNT, { name: `bulk-${String(i).padStart(3, '0')}`, region: 'us-east-1', tags: { team: `t${i}`, env: 'prod' } });
  createBucket(world, ACCOUNT, { name: 'eu-tagged', region: 'eu-west-1', tags: { owner: 'data' } });
  createBucket(world, ACCOUNT, { name: 'eu-untagged', region: 'eu-west-1' });
  return world;
}

async function scanBuckets(world: World): Promise<ScanResult> {
  sim = await startSim({ world });
  return runScan({ ...simScanSettings(sim), targets: {}, policies: loadBuiltinPolicies().filter((p) => p.resource === 'aws.s3.bucket'), globalExclusions: [] });
}

describe('tags in bulk through the Resource Groups Tagging API', () => {
  it('gives every bucket exactly its tags with one GetResources page per 100 buckets and region, and no per-bucket tagging call', async () => {
    const result = await scanBuckets(estate());
    const buckets = new Map(result.resources.filter((r) => r.type === 'aws.s3.bucket').map((r) => [r.id, r]));
    expect(buckets.size).toBe(152);
    expect(buckets.get('bulk-007')!.tags).toEqual({ team: 't7', env: 'prod' });
    expect(buckets.get('bulk-149')!.tags).toEqual({ team: 't149', env: 'prod' });
    expect(buckets.get('eu-tagged')!.tags).toEqual({ owner: 'data' });
    expect(buckets.get('eu-untagged')!.tags).toEqual({});
    expect([...buckets.values()].every((b) => b.readErrors?.['tags'] === undefined)).toBe(true);
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['s3:GetBucketTagging']).toBeUndefined();
    expect(calls['resourcegroupstaggingapi:GetResources']).toBe(3);
  });

  it('records the tags of every bucket as unreadable when GetResources is denied, keeping the rest of the bucket', async () => {
    const world = estate();
    world.accounts[ACCOUNT]!.deny = ['tagging:GetResources'];
    const result = await scanBuckets(world);
    const b = result.resources.find((r) => r.id === 'eu-tagged')!;
    expect(b.readErrors?.['tags']).toMatch(/AccessDenied/);
    expect(b.readErrors?.['acl']).toBeUndefined();
    expect((b.config as { acl?: unknown }).acl).toBeDefined();
  });
});
