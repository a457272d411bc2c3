import type { ScanReport } from '../app/report.ts';
import type { Finding, Severity } from '../core/finding.ts';

/** What the OCSF and ASFF renderers need to know about a policy beyond the finding. */
export interface PolicyInfo {
  description?: string;
  remediation?: string;
  frameworks: string[];
}

const OCSF_SEVERITY: Record<Severity, [number, string]> = {
  critical: [5, 'Critical'],
  high: [4, 'High'],
  medium: [3, 'Medium'],
  low: [2, 'Low'],
  info: [1, 'Informational'],
};

/** OCSF 1.3 Compliance Finding (class 2003): one event per finding, as a JSON array. */
export function renderOcsf(report: ScanReport, policies: ReadonlyMap<string, PolicyInfo>, opts: { includePassed?: boolean; version?: string } = {}): string {
  const time = Date.parse(report.summary.finishedAt);
  const events = report.findings
    .filter((f) => opts.includePassed || f.status !== 'pass')
    .map((f) => ocsfEvent(f, policies.get(f.policy), time, opts.version ?? '0.1.0'));
  return `${JSON.stringify(events, null, 2)}\n`;
}

/** Where a stored finding stands in its lifecycle: exports of the store carry it, a scan's report does not. */
export interface Lifecycle {
  status: string;
  firstSeen: string;
  lastSeen: string;
  resolvedAt?: string;
}

// OCSF finding status ids: 1 New, 2 In Progress, 3 Suppressed, 4 Resolved.
const OCSF_LIFECYCLE: Record<string, [number, string]> = { new: [1, 'New'], open: [2, 'In Progress'], reopened: [2, 'In Progress'], error: [2, 'In Progress'], excluded: [3, 'Suppressed'], resolved: [4, 'Resolved'] };

/** One OCSF Compliance Finding; `life` adds the stored lifecycle (status, first and last seen). */
export function ocsfEvent(f: Finding, p: PolicyInfo | undefined, time: number, version: string, life?: Lifecycle): Record<string, unknown> {
  const [severityId, severity] = OCSF_SEVERITY[f.severity];
  // Finding status: 1 New, 3 Suppressed (excluded); compliance status: 1 Pass, 3 Fail, 0 Unknown (could not evaluate).
  const [statusId, status] = (life && OCSF_LIFECYCLE[life.status]) ?? (f.status === 'excluded' ? [3, 'Suppressed'] : [1, 'New']);
  const [complianceId, compliance] = f.status === 'pass' ? [1, 'Pass'] : f.status === 'error' ? [0, 'Unknown'] : [3, 'Fail'];
  const uid = `${f.policy}:${f.resource.arn}`;
  return {
    activity_id: 1,
    activity_name: 'Create',
    category_uid: 2,
    category_name: 'Findings',
    class_uid: 2003,
    class_name: 'Compliance Finding',
    type_uid: 200301,
    type_name: 'Compliance Finding: Create',
    time,
    severity_id: severityId,
    severity,
    status_id: statusId,
    status,
    ...(f.status === 'error' && f.error ? { status_detail: f.error } : {}),
    ...(f.exclusion ? { status_detail: `excluded by ${f.exclusion.id}: ${f.exclusion.reason}` } : {}),
    message: f.title,
    metadata: { version: '1.3.0', product: { name: 'mamori', vendor_name: 'mamori', version }, event_code: f.policy, uid },
    finding_info: {
      uid,
      title: f.title,
      ...(p?.description ? { desc: p.description } : {}),
      types: ['Security Control'],
      ...(life ? { first_seen_time: Date.parse(life.firstSeen), last_seen_time: Date.parse(life.lastSeen) } : {}),
    },
    compliance: { status_id: complianceId, status: compliance, control: f.policy, standards: p?.frameworks ?? [] },
    cloud: { provider: 'AWS', region: f.resource.region, account: { uid: f.resource.account, type_id: 10, type: 'AWS Account', ...(f.resource.accountName ? { name: f.resource.accountName } : {}) } },
    resources: [
      {
        uid: f.resource.arn,
        name: f.resource.name ?? f.resource.id,
        type: f.resource.type,
        region: f.resource.region,
        cloud_partition: 'aws',
        labels: Object.entries(f.resource.tags).map(([k, v]) => `${k}:${v}`),
        data: { evidence: f.evidence.map((e) => ({ id: e.id, kind: e.kind, summary: e.summary })) },
      },
    ],
    ...(p?.remediation ? { remediation: { desc: p.remediation } } : {}),
    unmapped: { resource_id: f.resource.id, evidence_ids: f.evidence.map((e) => e.id) },
  };
}
