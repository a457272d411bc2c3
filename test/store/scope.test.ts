import { describe, expect, it } from 'vitest';
import { BACKENDS, useStore } from './helpers/store.ts';
import { finding, gap, resource, scan, statuses } from './helpers/fixtures.ts';

const A = '111111111111';
const B = '222222222222';

describe.each(BACKENDS)('partial scans on %s', (backend) => {
  const t = useStore(backend);

  /** Two regions, two policies, two accounts: every finding failing. */
  async function seed() {
    await scan(t.store, [
      finding('p1', 'sg-eu', { region: 'eu-west-1' }),
      finding('p1', 'sg-us', { region: 'us-east-1' }),
      finding('p2', 'sg-eu', { region: 'eu-west-1' }),
      finding('p2', 'sg-us', { region: 'us-east-1' }),
      finding('p1', 'sg-b', { account: B }),
    ]);
  }

  it('a region-only scan resolves findings in that region only', async () => {
    await seed();
    const run = await scan(t.store, [], { scope: { regions: ['eu-west-1'] } });
    expect(run.counts?.resolved).toBe(3);
    expect(await statuses(t.store)).toEqual({
      'p1 sg-eu': 'resolved',
      'p2 sg-eu': 'resolved',
      'p1 sg-b': 'resolved',
      'p1 sg-us': 'new',
      'p2 sg-us': 'new',
    });
  });

  it('a policy-only scan resolves findings of that policy only', async () => {
    await seed();
    await scan(t.store, [finding('p1', 'sg-eu')], { scope: { policies: ['p1'] } });
    expect(await statuses(t.store)).toEqual({
      'p1 sg-eu': 'open',
      'p1 sg-us': 'resolved',
      'p1 sg-b': 'resolved',
      'p2 sg-eu': 'new',
      'p2 sg-us': 'new',
    });
  });

  it('an account, region and policy scope combine', async () => {
    await seed();
    await scan(t.store, [], { scope: { accounts: [A], regions: ['us-east-1'], policies: ['p2'] } });
    expect(await statuses(t.store)).toMatchObject({ 'p2 sg-us': 'resolved', 'p1 sg-us': 'new', 'p2 sg-eu': 'new', 'p1 sg-b': 'new' });
  });

  it('a resource-type scope leaves other types alone', async () => {
    await scan(t.store, [finding('p1', 'sg-1'), finding('s3-public', 'bucket-1', { type: 'aws.s3.bucket' })]);
    await scan(t.store, [], { scope: { resourceTypes: ['aws.s3.bucket'] } });
    expect(await statuses(t.store)).toEqual({ 'p1 sg-1': 'new', 's3-public bucket-1': 'resolved' });
  });

  it('what the app says it evaluated narrows the declared scope', async () => {
    await seed();
    // Declared "all accounts", but only account B could be listed and scanned.
    await scan(t.store, [], { evaluated: { accounts: [B] } });
    expect(await statuses(t.store)).toMatchObject({ 'p1 sg-b': 'resolved', 'p1 sg-eu': 'new', 'p2 sg-us': 'new' });
  });

  it('findings reported outside the scope are still recorded (an observed failure is a fact)', async () => {
    await scan(t.store, [finding('p1', 'sg-us', { region: 'us-east-1' })], { scope: { regions: ['eu-west-1'] } });
    expect(await statuses(t.store)).toEqual({ 'p1 sg-us': 'new' });
  });

  it('a coverage gap prevents resolution where collection failed', async () => {
    await seed();
    const run = await scan(t.store, [], { gaps: [gap({ account: A, region: 'eu-west-1', resourceType: 'aws.ec2.security-group' })] });
    expect(run.status).toBe('partial');
    expect(run.gaps).toHaveLength(1);
    expect(await statuses(t.store)).toEqual({
      'p1 sg-eu': 'new',
      'p2 sg-eu': 'new',
      'p1 sg-us': 'resolved',
      'p2 sg-us': 'resolved',
      'p1 sg-b': 'resolved',
    });
  });

  it('a gap on a whole account (assume-role failed) protects every region and type of it', async () => {
    await seed();
    await scan(t.store, [], { gaps: [gap({ kind: 'assume-role', account: A, region: '*', resourceType: '*' })] });
    expect(await statuses(t.store)).toMatchObject({ 'p1 sg-eu': 'new', 'p1 sg-us': 'new', 'p2 sg-us': 'new', 'p1 sg-b': 'resolved' });
  });

  it('a gap that names policies protects their findings even on another resource type', async () => {
    await scan(t.store, [finding('p1', 'sg-1'), finding('p9', 'i-1', { type: 'aws.ec2.instance' })]);
    await scan(t.store, [], { gaps: [gap({ resourceType: 'aws.ec2.network-interface', policies: ['p9'] })] });
    expect(await statuses(t.store)).toEqual({ 'p1 sg-1': 'resolved', 'p9 i-1': 'new' });
  });

  it('an explicit pass resolves even behind a gap: it was evaluated', async () => {
    await seed();
    await scan(t.store, [finding('p1', 'sg-eu', { outcome: 'pass' })], { gaps: [gap()] });
    expect(await statuses(t.store)).toMatchObject({ 'p1 sg-eu': 'resolved', 'p2 sg-eu': 'new' });
  });

  it('marks resources gone only inside the scope, by type collected, and not behind a gap', async () => {
    const { store } = t;
    await scan(store, [], {
      resources: [resource('sg-eu'), resource('sg-us', { region: 'us-east-1' }), resource('bucket-1', { type: 'aws.s3.bucket' }), resource('sg-gap', { account: B })],
    });
    expect((await store.listResources()).map((r) => r.id).sort()).toEqual(['bucket-1', 'sg-eu', 'sg-gap', 'sg-us']);
    // Region-only scan of security groups that finds none in eu-west-1, and cannot read account B.
    await scan(store, [], {
      scope: { regions: ['eu-west-1'], resourceTypes: ['aws.ec2.security-group'] },
      gaps: [gap({ account: B })],
    });
    const live = (await store.listResources()).map((r) => r.id).sort();
    expect(live).toEqual(['bucket-1', 'sg-gap', 'sg-us']);
    const gone = await store.getResource(resource('sg-eu').arn);
    expect(gone?.goneAt).toBeDefined();
    expect(gone?.config).toEqual({ groupId: 'sg-eu' });
    // It comes back when seen again.
    await scan(store, [], { resources: [resource('sg-eu', { config: { groupId: 'sg-eu', ingress: [] } })], scope: { regions: ['eu-west-1'] } });
    const back = await store.getResource(resource('sg-eu').arn);
    expect(back?.goneAt).toBeUndefined();
    expect(back?.config).toEqual({ groupId: 'sg-eu', ingress: [] });
  });

  it('a scan without a resource-type scope only judges the types it returned', async () => {
    const { store } = t;
    await scan(store, [], { resources: [resource('sg-1'), resource('bucket-1', { type: 'aws.s3.bucket' })] });
    await scan(store, [], { resources: [resource('sg-2')] });
    expect((await store.listResources()).map((r) => r.id).sort()).toEqual(['bucket-1', 'sg-2']);
  });
});
