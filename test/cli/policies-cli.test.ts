import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('mamori policies', () => {
  it('lists the 23 built-in seed policies', async () => {
    const r = await runCli(['policies', 'list', '--format', 'json']);
    expect(r.code).toBe(0);
    const { policies } = JSON.parse(r.out) as { policies: { id: string; resource: string }[] };
    expect(policies).toHaveLength(23);
    expect(policies.filter((p) => p.resource === 'aws.ec2.security-group')).toHaveLength(17);
  });

  it('filters by severity and service', async () => {
    const r = await runCli(['policies', 'list', '--severity', 'critical', '--service', 'rds']);
    expect(r.out).toContain('aws-rds-snapshot-public');
    expect(r.out).not.toContain('aws-ec2-');
    expect(r.out).toContain('2 policies');
  });

  it('shows one policy as YAML, and refuses an unknown id', async () => {
    const r = await runCli(['policies', 'show', 'aws-ec2-sg-open-cifs-445']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('matcher: ingress-open');
    const bad = await runCli(['policies', 'show', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown policy "nope"');
  });

  it('validates the built-in catalog', async () => {
    const r = await runCli(['policies', 'validate', 'src/policies/aws']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('23 policies valid');
  });
});
