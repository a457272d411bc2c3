import { describe, expect, it } from 'vitest';
import type { Resource } from '../../core/index.ts';
import { ec2InstanceStoppedTooLong } from './ec2-instance-stopped-too-long.ts';

const check = (p: Record<string, unknown> = {}) => ec2InstanceStoppedTooLong.create(ec2InstanceStoppedTooLong.params.parse({ matcher: 'ec2-instance-stopped-too-long', ...p }));

function inst(config: Record<string, unknown>, readErrors?: Record<string, string>): Resource {
  const r: Resource = { type: 'aws.ec2.instance', id: 'i-1', arn: 'arn:aws:ec2:us-east-1:123456789012:instance/i-1', account: '123456789012', region: 'us-east-1', tags: {}, related: [], config: { instanceId: 'i-1', securityGroupIds: [], networkInterfaceIds: [], ...config } };
  if (readErrors) r.readErrors = readErrors;
  return r;
}

describe('ec2-instance-stopped-too-long: instances stopped beyond the allowed days', () => {
  it('reports a stopped instance past 30 days by default, with the stop time and the threshold', () => {
    const ev = check()(inst({ state: 'stopped', stoppedAt: '2026-01-01T00:00:00.000Z', stoppedDays: 31 }));
    expect(ev).toEqual([expect.objectContaining({ id: 'path:config.stoppedDays', data: { stoppedAt: '2026-01-01T00:00:00.000Z', stoppedDays: 31, allowedDays: 30 } })]);
  });

  it('takes the threshold from the policy', () => {
    expect(check({ allowedDays: 90 })(inst({ state: 'stopped', stoppedAt: '2026-01-01T00:00:00.000Z', stoppedDays: 31 }))).toEqual([]);
    expect(check({ allowedDays: 7 })(inst({ state: 'stopped', stoppedAt: '2026-01-01T00:00:00.000Z', stoppedDays: 8 }))).toHaveLength(1);
    expect(() => ec2InstanceStoppedTooLong.params.parse({ matcher: 'ec2-instance-stopped-too-long', allowedDays: 0 })).toThrow();
  });

  it('gives no evidence for running instances or instances stopped exactly the allowed days', () => {
    expect(check()(inst({ state: 'running', stoppedAt: null, stoppedDays: null }))).toEqual([]);
    expect(check()(inst({ state: 'stopped', stoppedAt: '2026-01-01T00:00:00.000Z', stoppedDays: 30 }))).toEqual([]);
  });

  it('throws when a stopped instance has no readable stop time', () => {
    expect(() => check()(inst({ state: 'stopped' }, { stoppedDays: 'StateTransitionReason carries no stop time: ""' }))).toThrow('config.stoppedDays unknown');
  });
});
