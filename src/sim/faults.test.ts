import { describe, expect, it } from 'vitest';
import { FaultInjector, FaultSpecError, parseFaults } from './faults.ts';

function outcomes(injector: FaultInjector, service: string, operation: string, n: number): string[] {
  return Array.from({ length: n }, () => injector.decide(service, operation).fault ?? 'ok');
}

describe('faults: spec text', () => {
  it('parses global settings with ms suffixes into one rule matching everything', () => {
    expect(parseFaults('latency=20ms,jitter=5ms')).toEqual({ rules: [{ match: '*', latencyMs: 20, jitterMs: 5 }] });
    expect(parseFaults('latency=20,throttle=0.1,error=0.05')).toEqual({ rules: [{ match: '*', latencyMs: 20, throttle: 0.1, error: 0.05 }] });
  });

  it('parses per-operation rules separated by semicolons, with spaces tolerated', () => {
    const spec = parseFaults(' latency=10ms ; ec2:Describe* throttle=0.2, error=0.1 ;rds:DescribeDBSnapshots latency=50;;');
    expect(spec.rules).toEqual([
      { match: '*', latencyMs: 10 },
      { match: 'ec2:Describe*', throttle: 0.2, error: 0.1 },
      { match: 'rds:DescribeDBSnapshots', latencyMs: 50 },
    ]);
    expect(spec.seed).toBeUndefined();
  });

  it('takes a seed from any rule', () => {
    expect(parseFaults('throttle=0.5,seed=42')).toEqual({ rules: [{ match: '*', throttle: 0.5 }], seed: 42 });
    expect(parseFaults('s3:* error=1;seed=7').seed).toBe(7);
  });

  it('accepts an empty spec as no faults', () => {
    expect(parseFaults('')).toEqual({ rules: [] });
    expect(new FaultInjector(parseFaults('  ')).active).toBe(false);
    expect(new FaultInjector(undefined).active).toBe(false);
  });

  it.each([
    ['latency', /not key=value/],
    ['ec2:DescribeInstances', /not key=value/],
    ['latency=', /not key=value/],
    ['latency=fast', /non-negative number/],
    ['latency=-5ms', /non-negative number/],
    ['throttle=1.5', /share between 0 and 1/],
    ['error=2', /share between 0 and 1/],
    ['seed=1.5', /seed must be an integer/],
    ['seed=abc', /seed must be an integer/],
    ['retries=3', /unknown key "retries"/],
    ['latency=20ms jitter=5ms', /non-negative number/],
  ])('refuses %j with a FaultSpecError', (text, message) => {
    expect(() => parseFaults(text)).toThrow(FaultSpecError);
    expect(() => parseFaults(text)).toThrow(message);
  });
});

describe('faults: per-operation rules', () => {
  it('applies rules whose glob matches service:Operation, later rules overriding the keys they set', () => {
    const f = new FaultInjector(parseFaults('latency=20,jitter=5,throttle=0.1;ec2:Describe* throttle=0.5;ec2:DescribeInstances latency=100'));
    expect(f.settingsFor('s3', 'ListBuckets')).toEqual({ latencyMs: 20, jitterMs: 5, throttle: 0.1 });
    expect(f.settingsFor('ec2', 'DescribeSecurityGroups')).toEqual({ latencyMs: 20, jitterMs: 5, throttle: 0.5 });
    expect(f.settingsFor('ec2', 'DescribeInstances')).toEqual({ latencyMs: 100, jitterMs: 5, throttle: 0.5 });
    expect(f.settingsFor('ec2', 'ModifySecurityGroupRules')).toEqual({ latencyMs: 20, jitterMs: 5, throttle: 0.1 });
  });

  it('treats a bare service name as every operation of that service, and matches case-insensitively', () => {
    const f = new FaultInjector(parseFaults('rds error=1;S3:listbuckets throttle=1'));
    expect(f.settingsFor('rds', 'DescribeDBSnapshots')).toEqual({ error: 1 });
    expect(f.settingsFor('rdsx', 'DescribeDBSnapshots')).toEqual({});
    expect(f.settingsFor('s3', 'ListBuckets')).toEqual({ throttle: 1 });
    expect(f.settingsFor('s3', 'GetBucketPolicy')).toEqual({});
  });

  it('injects only where a rule matches: throttle=1 always throttles, error=1 always errors, others pass', () => {
    const f = new FaultInjector(parseFaults('rds:* throttle=1;sts:GetCallerIdentity error=1'));
    expect(outcomes(f, 'rds', 'DescribeDBInstances', 20)).toEqual(Array(20).fill('throttle'));
    expect(outcomes(f, 'sts', 'GetCallerIdentity', 20)).toEqual(Array(20).fill('error'));
    expect(outcomes(f, 'sts', 'AssumeRole', 20)).toEqual(Array(20).fill('ok'));
    expect(f.decide('ec2', 'DescribeVpcs')).toEqual({ delayMs: 0, fault: undefined });
  });

  it('draws throttles and errors in the configured shares', () => {
    const f = new FaultInjector(parseFaults('throttle=0.3,error=0.2,seed=1'));
    const all = outcomes(f, 'ec2', 'DescribeInstances', 20_000);
    const share = (k: string) => all.filter((x) => x === k).length / all.length;
    expect(share('throttle')).toBeGreaterThan(0.28);
    expect(share('throttle')).toBeLessThan(0.32);
    expect(share('error')).toBeGreaterThan(0.18);
    expect(share('error')).toBeLessThan(0.22);
  });

  it('keeps latency plus jitter within bounds and never negative', () => {
    const f = new FaultInjector(parseFaults('latency=20,jitter=5;s3:* latency=1,jitter=10'));
    for (let i = 0; i < 2000; i++) {
      const d = f.decide('ec2', 'DescribeVpcs').delayMs;
      expect(d).toBeGreaterThanOrEqual(15);
      expect(d).toBeLessThanOrEqual(25);
      expect(f.decide('s3', 'ListBuckets').delayMs).toBeGreaterThanOrEqual(0);
    }
    expect(new FaultInjector(parseFaults('latency=30')).decide('x', 'Y').delayMs).toBe(30);
  });
});

describe('faults: determinism', () => {
  it('repeats the same sequence of faults and delays for the same seed', () => {
    const spec = 'latency=10,jitter=10,throttle=0.3,error=0.1,seed=1234';
    const run = () => {
      const f = new FaultInjector(parseFaults(spec));
      return Array.from({ length: 500 }, (_, i) => f.decide(i % 2 ? 'ec2' : 'rds', 'Describe'));
    };
    expect(run()).toEqual(run());
  });

  it('gives a different sequence for a different seed, and a fixed default seed without one', () => {
    const seq = (spec: string) => outcomes(new FaultInjector(parseFaults(spec)), 'ec2', 'DescribeInstances', 200).join(',');
    expect(seq('throttle=0.5,seed=1')).not.toBe(seq('throttle=0.5,seed=2'));
    expect(seq('throttle=0.5')).toBe(seq('throttle=0.5'));
  });
});
