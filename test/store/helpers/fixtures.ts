/** Small builders for scans: findings, resources and gaps with sensible defaults. */
import type { CoverageGap, Finding, Outcome, Resource, Severity } from '../../../src/core/index.ts';
import type { RunRecord, RunScope, Store } from '../../../src/store/index.ts';

export interface FindingOpts {
  outcome?: Outcome;
  severity?: Severity;
  account?: string;
  region?: string;
  type?: string;
  title?: string;
  evidence?: Finding['evidence'];
  error?: string;
}

export function arnOf(id: string, o: { account?: string; region?: string; type?: string } = {}): string {
  const service = (o.type ?? 'aws.ec2.security-group').split('.')[1];
  return `arn:aws:${service}:${o.region ?? 'eu-west-1'}:${o.account ?? '111111111111'}:${id}`;
}

export function finding(policy: string, resourceId: string, o: FindingOpts = {}): Finding {
  const account = o.account ?? '111111111111';
  const region = o.region ?? 'eu-west-1';
  const type = o.type ?? 'aws.ec2.security-group';
  const outcome = o.outcome ?? 'fail';
  const f: Finding = {
    policy,
    title: o.title ?? `${policy} title`,
    status: outcome,
    severity: o.severity ?? 'high',
    resource: { type, id: resourceId, arn: arnOf(resourceId, { account, region, type }), account, region, name: `${resourceId}-name`, tags: { env: 'test' } },
    evidence:
      o.evidence ??
      (outcome === 'fail' || outcome === 'excluded' ? [{ id: `sgr-${resourceId}`, kind: 'sg-rule', summary: 'tcp 22 from 0.0.0.0/0', data: { port: 22 } }] : []),
  };
  if (outcome === 'excluded') f.exclusion = { id: 'ex-1', scope: 'global', reason: 'test account', matched: 'account name Test' };
  if (outcome === 'error') f.error = o.error ?? 'AccessDenied reading the policy';
  return f;
}

export function resource(resourceId: string, o: { account?: string; region?: string; type?: string; config?: Record<string, unknown> } = {}): Resource {
  const account = o.account ?? '111111111111';
  const region = o.region ?? 'eu-west-1';
  const type = o.type ?? 'aws.ec2.security-group';
  return { type, id: resourceId, arn: arnOf(resourceId, { account, region, type }), account, region, name: `${resourceId}-name`, tags: { env: 'test' }, config: o.config ?? { groupId: resourceId }, related: [] };
}

export function gap(o: Partial<CoverageGap> = {}): CoverageGap {
  return {
    kind: 'access-denied',
    account: '111111111111',
    region: 'eu-west-1',
    resourceType: 'aws.ec2.security-group',
    code: 'UnauthorizedOperation',
    message: 'not authorized to perform ec2:DescribeSecurityGroups',
    policies: [],
    ...o,
  };
}

export interface ScanOpts {
  scope?: RunScope;
  resources?: Resource[];
  gaps?: CoverageGap[];
  evaluated?: RunScope;
}

/** Begins and commits one scan. */
export async function scan(store: Store, findings: Finding[], o: ScanOpts = {}): Promise<RunRecord> {
  const run = await store.beginRun({ kind: 'scan', scope: o.scope ?? {} });
  const input: Parameters<Store['commitScan']>[1] = { findings, resources: o.resources ?? [], gaps: o.gaps ?? [], apiCalls: { 'ec2:DescribeSecurityGroups': 1 }, durationMs: 5 };
  if (o.evaluated) input.evaluated = o.evaluated;
  return store.commitScan(run.id, input);
}

/** Lifecycle status of each finding, keyed `policy resourceId`. */
export async function statuses(store: Store): Promise<Record<string, string>> {
  const page = await store.listFindings({ limit: 10_000 });
  return Object.fromEntries(page.findings.map((f) => [`${f.policy} ${f.resource.id}`, f.status]));
}
