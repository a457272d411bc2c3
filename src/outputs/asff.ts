import type { ScanReport } from '../app/report.ts';
import type { Finding } from '../core/finding.ts';
import { resourceDescriptor } from '../resources/index.ts';
import type { Lifecycle, PolicyInfo } from './ocsf.ts';

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/**
 * AWS Security Finding Format, ready for `securityhub:BatchImportFindings` (`{"Findings": [...]}`,
 * to be sent in batches of 100). Findings are imported into the account and region of each resource.
 */
export function renderAsff(report: ScanReport, policies: ReadonlyMap<string, PolicyInfo>, opts: { includePassed?: boolean } = {}): string {
  const at = report.summary.finishedAt;
  const findings = report.findings.filter((f) => opts.includePassed || f.status !== 'pass').map((f) => asffFinding(f, policies.get(f.policy), at));
  return `${JSON.stringify({ Findings: findings }, null, 2)}\n`;
}

const WORKFLOW: Record<string, string> = { new: 'NEW', open: 'NOTIFIED', reopened: 'NEW', error: 'NEW', excluded: 'SUPPRESSED', resolved: 'RESOLVED' };

/** One ASFF finding; `life` adds the stored lifecycle (workflow status, record state, first and last observed). */
export function asffFinding(f: Finding, p: PolicyInfo | undefined, at: string, life?: Lifecycle): Record<string, unknown> {
  const region = f.resource.region === 'global' ? 'us-east-1' : f.resource.region;
  const compliance = f.status === 'pass' ? 'PASSED' : f.status === 'error' ? 'NOT_AVAILABLE' : 'FAILED';
  const evidence = f.evidence.map((e) => e.summary).join('; ');
  const description = [p?.description ?? f.title, evidence ? `Violating: ${evidence}.` : '', f.error ? `Not evaluated: ${f.error}.` : ''].filter(Boolean).join(' ');
  return {
    SchemaVersion: '2018-10-08',
    Id: `${f.resource.arn}/${f.policy}`,
    ProductArn: `arn:aws:securityhub:${region}:${f.resource.account}:product/${f.resource.account}/default`,
    GeneratorId: `mamori/${f.policy}`,
    AwsAccountId: f.resource.account,
    Types: ['Software and Configuration Checks/AWS Security Best Practices'],
    CreatedAt: life?.firstSeen ?? at,
    UpdatedAt: at,
    Severity: { Label: f.severity === 'info' ? 'INFORMATIONAL' : f.severity.toUpperCase() },
    Title: clip(f.title, 256),
    Description: clip(description, 1024),
    ...(p?.remediation ? { Remediation: { Recommendation: { Text: clip(p.remediation, 512) } } } : {}),
    ProductFields: {
      'mamori/PolicyId': f.policy,
      'mamori/EvidenceIds': clip(f.evidence.map((e) => e.id).join(' ') || '-', 4096),
      ...(f.exclusion ? { 'mamori/Exclusion': clip(`${f.exclusion.id}: ${f.exclusion.reason}`, 4096) } : {}),
    },
    Resources: [
      {
        Type: resourceDescriptor(f.resource.type)?.asff ?? 'Other',
        Id: f.resource.arn,
        Partition: 'aws',
        Region: region,
        ...(Object.keys(f.resource.tags).length ? { Tags: f.resource.tags } : {}),
      },
    ],
    Compliance: { Status: compliance, ...(p?.frameworks.length ? { RelatedRequirements: p.frameworks.slice(0, 32) } : {}) },
    Workflow: { Status: (life && WORKFLOW[life.status]) ?? (f.status === 'excluded' ? 'SUPPRESSED' : 'NEW') },
    RecordState: life?.status === 'resolved' ? 'ARCHIVED' : 'ACTIVE',
    ...(life ? { FirstObservedAt: life.firstSeen, LastObservedAt: life.lastSeen } : {}),
  };
}
