import type { ResourceRef } from './resource.ts';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Rank for sorting and thresholds: critical = 4 ... info = 0. */
export function severityRank(s: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(s);
}

export const OUTCOMES = ['fail', 'pass', 'excluded', 'error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * One violating part of a resource: a security-group rule line, an ACL grant, a policy statement.
 * `id` is stable across scans for the same part (the `sgr-` id, `grant:AllUsers:READ`, `statement:<Sid or index>`),
 * so that the console can mark it, exclusions can name it and remediation removes exactly it.
 */
export interface Evidence {
  id: string;
  /** What kind of part this is, e.g. `sg-rule`, `acl-grant`, `policy-statement`, `attribute-value`, `setting`. */
  kind: string;
  /** One line for people, e.g. `tcp 445 from 0.0.0.0/0`. */
  summary: string;
  /** The part itself, as the collector normalized it; remediation reads this. */
  data: Record<string, unknown>;
}

/** The exclusion that made a finding `excluded`. */
export interface ExclusionMatch {
  id: string;
  scope: 'global' | 'policy';
  reason: string;
  owner?: string;
  expires?: string;
  /** Which criterion matched, e.g. `account name Test` or `related aws.ec2.instance i-0abc tag CASB-Audit=No`. */
  matched: string;
}

export interface Finding {
  /** The policy id. */
  policy: string;
  title: string;
  status: Outcome;
  severity: Severity;
  resource: ResourceRef;
  /** The violating parts; empty unless the resource fails (or is excluded although it would fail). */
  evidence: Evidence[];
  exclusion?: ExclusionMatch;
  /** Why the policy could not be evaluated, when status is `error`. */
  error?: string;
}

/** A policy that could not be evaluated somewhere, because collection failed (access denied, API error, assume-role). */
export interface CoverageGap {
  kind: 'access-denied' | 'error' | 'assume-role' | 'region-disabled';
  account: string;
  accountName?: string;
  region: string;
  /** Resource type whose collection failed; `*` when the whole account could not be reached. */
  resourceType: string;
  service?: string;
  operation?: string;
  /** AWS error code, e.g. `AccessDenied`, `UnauthorizedOperation`. */
  code: string;
  message: string;
  /** Policy ids that could not be evaluated because of this gap. */
  policies: string[];
}
