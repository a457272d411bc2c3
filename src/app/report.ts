import type { CoverageGap, Finding, Outcome, Severity } from '../core/finding.ts';

export interface ExpiredExclusion {
  id: string;
  reason: string;
  expires: string;
  /** The policy the exclusion belongs to; absent for global exclusions. */
  policy?: string;
}

/** The scan summary: part of the JSON contract (see docs/output.md). */
export interface ScanSummary {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  accounts: { id: string; name?: string; regions: string[] }[];
  policies: number;
  resourceTypes: string[];
  resources: number;
  /** Findings by outcome. */
  counts: Record<Outcome, number>;
  /** Failing findings by severity. */
  failingBySeverity: Record<Severity, number>;
  coverageGaps: CoverageGap[];
  expiredExclusions: ExpiredExclusion[];
  apiCalls: { total: number; byOperation: Record<string, number>; retries: number; throttled: number };
  /**
   * Present when only the caller's account was scanned although it can list an organization of more active
   * accounts (a management account or delegated administrator scanned without --org): the members were not covered.
   */
  organizationNotScanned?: { activeAccounts: number };
  /** False when a coverage gap or error kept part of the scope from being evaluated. */
  complete: boolean;
  exitCode: number;
}

/** What `mamori scan --format json` prints. */
export interface ScanReport {
  version: 1;
  findings: Finding[];
  summary: ScanSummary;
}

/** 0 nothing failing, 3 failing findings, 1 errors prevented a complete scan (takes precedence: a gate must not pass an incomplete scan). */
export function exitCodeFor(counts: Record<Outcome, number>, complete: boolean): number {
  if (!complete || counts.error > 0) return 1;
  if (counts.fail > 0) return 3;
  return 0;
}
