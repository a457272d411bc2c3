/**
 * Stored findings (the store's lifecycle view) as CSV, JSON, OCSF or ASFF, written piece by piece so that a large
 * export streams: `begin`, then `item` for each finding, then `end`. The CLI's `mamori findings` and the console's
 * export use the same writers.
 */
import type { Evidence, ExclusionMatch, Finding, Outcome, Severity } from '../core/finding.ts';
import type { ResourceRef } from '../core/resource.ts';
import { asffFinding } from './asff.ts';
import { csvCell, findingRow } from './csv.ts';
import { ocsfEvent, type PolicyInfo } from './ocsf.ts';

/** The shape of a stored finding that the writers read (the store's `StoredFinding`). */
export interface StoredFindingLike {
  id: string;
  policy: string;
  title: string;
  status: string;
  outcome: Outcome;
  severity: Severity;
  resource: ResourceRef;
  evidence: Evidence[];
  exclusion?: ExclusionMatch;
  error?: string;
  firstSeen: string;
  lastSeen: string;
  resolvedAt?: string;
}

export const STORED_FORMATS = ['csv', 'json', 'ocsf', 'asff'] as const;
export type StoredFormat = (typeof STORED_FORMATS)[number];

export interface StoredWriter {
  contentType: string;
  extension: string;
  begin(): string;
  item(f: StoredFindingLike, index: number): string;
  end(): string;
}

const CSV_HEADER = ['id', 'lifecycle', 'first_seen', 'last_seen', 'resolved_at', 'policy', 'outcome', 'severity', 'account', 'account_name', 'region', 'resource_type', 'resource_id', 'resource_arn', 'resource_name', 'evidence_ids', 'evidence', 'exclusion', 'error', 'title'];

function asFinding(f: StoredFindingLike): Finding {
  const out: Finding = { policy: f.policy, title: f.title, status: f.outcome, severity: f.severity, resource: f.resource, evidence: f.evidence };
  if (f.exclusion) out.exclusion = f.exclusion;
  if (f.error) out.error = f.error;
  return out;
}

function life(f: StoredFindingLike) {
  return { status: f.status, firstSeen: f.firstSeen, lastSeen: f.lastSeen, ...(f.resolvedAt ? { resolvedAt: f.resolvedAt } : {}) };
}

/** CSV row of a stored finding: the scan's columns plus the lifecycle. */
export function storedCsvRow(f: StoredFindingLike): string {
  const base = findingRow(asFinding(f));
  base.splice(1, 1); // the scan's status column is `outcome` here
  return [f.id, f.status, f.firstSeen, f.lastSeen, f.resolvedAt ?? '', base[0]!, f.outcome, ...base.slice(1)].map(csvCell).join(',');
}

function indent(json: string): string {
  return json.replace(/\n/g, '\n  ');
}

export function storedWriter(format: StoredFormat, policies: ReadonlyMap<string, PolicyInfo>, version = '0.1.0'): StoredWriter {
  switch (format) {
    case 'csv':
      return { contentType: 'text/csv; charset=utf-8', extension: 'csv', begin: () => `${CSV_HEADER.join(',')}\r\n`, item: (f) => `${storedCsvRow(f)}\r\n`, end: () => '' };
    case 'json':
      return {
        contentType: 'application/json; charset=utf-8',
        extension: 'json',
        begin: () => '{\n  "findings": [',
        item: (f, i) => `${i ? ',' : ''}\n    ${indent(indent(JSON.stringify(f, null, 2)))}`,
        end: () => '\n  ]\n}\n',
      };
    case 'ocsf':
      return {
        contentType: 'application/json; charset=utf-8',
        extension: 'ocsf.json',
        begin: () => '[',
        item: (f, i) => `${i ? ',' : ''}\n  ${indent(JSON.stringify(ocsfEvent(asFinding(f), policies.get(f.policy), Date.parse(f.lastSeen), version, life(f)), null, 2))}`,
        end: () => '\n]\n',
      };
    case 'asff':
      return {
        contentType: 'application/json; charset=utf-8',
        extension: 'asff.json',
        begin: () => '{\n  "Findings": [',
        item: (f, i) => `${i ? ',' : ''}\n    ${indent(indent(JSON.stringify(asffFinding(asFinding(f), policies.get(f.policy), f.lastSeen, life(f)), null, 2)))}`,
        end: () => '\n  ]\n}\n',
      };
  }
}

/** The whole export as one string (small exports, tests). */
export function renderStored(format: StoredFormat, findings: readonly StoredFindingLike[], policies: ReadonlyMap<string, PolicyInfo>): string {
  const w = storedWriter(format, policies);
  return w.begin() + findings.map((f, i) => w.item(f, i)).join('') + w.end();
}

/** The policy details OCSF and ASFF carry (description, remediation, frameworks), by policy id. */
export function policyInfoMap(policies: readonly { id: string; description: string; remediation?: string; frameworks: string[] }[]): Map<string, PolicyInfo> {
  return new Map(policies.map((p) => [p.id, { frameworks: p.frameworks, description: p.description, ...(p.remediation ? { remediation: p.remediation } : {}) }]));
}

/**
 * The policies whose framework ids contain `text` (case-insensitive), so that a findings search for
 * `cis-aws-v3:5.2` or `5.2` finds what the policies search finds; titles and ids are matched on the findings.
 */
export function textMatchingPolicies(policies: readonly { id: string; frameworks: string[] }[], text: string): string[] {
  const t = text.trim().toLowerCase();
  if (!t) return [];
  return policies.filter((p) => p.frameworks.some((f) => f.toLowerCase().includes(t))).map((p) => p.id);
}
