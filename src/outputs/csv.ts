import type { Finding } from '../core/finding.ts';

const COLUMNS = ['policy', 'status', 'severity', 'account', 'account_name', 'region', 'resource_type', 'resource_id', 'resource_arn', 'resource_name', 'evidence_ids', 'evidence', 'exclusion', 'error', 'title'] as const;

/** RFC 4180 quoting; cells that a spreadsheet would run as a formula are prefixed with a quote. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function findingRow(f: Finding): string[] {
  return [
    f.policy,
    f.status,
    f.severity,
    f.resource.account,
    f.resource.accountName ?? '',
    f.resource.region,
    f.resource.type,
    f.resource.id,
    f.resource.arn,
    f.resource.name ?? '',
    f.evidence.map((e) => e.id).join(' '),
    f.evidence.map((e) => e.summary).join('; '),
    f.exclusion ? `${f.exclusion.id}: ${f.exclusion.reason}` : '',
    f.error ?? '',
    f.title,
  ];
}

export function renderCsv(findings: readonly Finding[], opts: { includePassed?: boolean } = {}): string {
  const lines = [COLUMNS.join(',')];
  for (const f of findings) {
    if (f.status === 'pass' && !opts.includePassed) continue;
    lines.push(findingRow(f).map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
