/** Public types of the store: what the CLI, the server and the remediation runner read and write. */
import { z } from 'zod';
import type { CoverageGap, Evidence, ExclusionMatch, Finding, Outcome, Resource, ResourceRef, Severity } from '../core/index.ts';

export const LIFECYCLE_STATUSES = ['new', 'open', 'resolved', 'reopened', 'excluded', 'error'] as const;
/** Where a finding stands across scans (not the outcome of one evaluation, which is `Outcome`). */
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];
/** Statuses of a finding that still needs attention. */
export const FAILING_STATUSES = ['new', 'open', 'reopened'] as const satisfies readonly LifecycleStatus[];

export const RUN_STATUSES = ['running', 'succeeded', 'partial', 'failed'] as const;
/** `partial`: committed, but some of the scope could not be evaluated (coverage gaps). */
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * What a run is. `scan`: a scan someone started (CLI, console, `fix`); the Overview's trend, "last scan", coverage
 * and `diff` are computed from these only. `reread`: a scoped observation mamori made itself (after a fix or an
 * undo in the console, or on an event), which changes the findings in its scope and nothing else. The others are
 * remediation runs; a verified fix or undo observes the findings it touched.
 */
export const RUN_KINDS = ['scan', 'reread', 'fix', 'approve', 'undo', 'plan', 'recover'] as const;
export type RunKind = (typeof RUN_KINDS)[number];
/** The kinds whose runs observe findings by reading AWS (scan or re-read), as opposed to remediation runs. */
export const OBSERVING_KINDS = ['scan', 'reread'] as const satisfies readonly RunKind[];

/** What a run set out to evaluate. A dimension left out means "all of them". */
export const runScopeSchema = z.object({
  accounts: z.array(z.string()).optional(),
  regions: z.array(z.string()).optional(),
  policies: z.array(z.string()).optional(),
  resourceTypes: z.array(z.string()).optional(),
  /** Resource ARNs: a re-read of one resource, or a fix's verification. */
  resourceIds: z.array(z.string()).optional(),
});
export type RunScope = z.infer<typeof runScopeSchema>;

export const runCountsSchema = z.object({
  /** Findings reported by the scan (fail, excluded and error outcomes; passes are not counted). */
  findings: z.int(),
  resources: z.int(),
  new: z.int(),
  open: z.int(),
  reopened: z.int(),
  resolved: z.int(),
  excluded: z.int(),
  error: z.int(),
  gaps: z.int(),
  /** Failing findings (new, open, reopened) in the whole store once the run was committed: the Overview's trend. */
  totalFailing: z.int().optional(),
});
export type RunCounts = z.infer<typeof runCountsSchema>;

export interface RunRecord {
  id: number;
  kind: string;
  status: RunStatus;
  scope: RunScope;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  heartbeatAt: string;
  pid?: number;
  hostname?: string;
  apiCalls: Record<string, number>;
  gaps: CoverageGap[];
  counts?: RunCounts;
  error?: string;
  meta: Record<string, unknown>;
}

export interface BeginRunInput {
  kind?: string;
  scope?: RunScope;
  meta?: Record<string, unknown>;
}

export interface CommitScanInput {
  /** Every evaluation result of the scan; `pass` results resolve findings and are not stored. */
  findings: Finding[];
  /** The resources the scan collected; stored as the latest snapshot per ARN. */
  resources: Resource[];
  gaps: CoverageGap[];
  /** API calls per `service:Operation`. */
  apiCalls?: Record<string, number>;
  durationMs?: number;
  /**
   * What was actually evaluated, when the app knows better than the declared scope (for example the accounts
   * that Organizations listed for an "all accounts" scan). Each given dimension narrows the run's scope.
   */
  evaluated?: RunScope;
  meta?: Record<string, unknown>;
}

/**
 * A verified observation that is not a scan: a fix's or an undo's verification, within its scope only. Each
 * finding given is the outcome now observed (`pass` resolves, `fail` keeps or reopens, with the evidence that is
 * still there); findings in `scope` that are not given are left alone (a fix saw only what it touched).
 */
export interface ObservationInput {
  findings: Finding[];
  /** Where the observation looked; narrows nothing by itself, it is recorded for the history. */
  scope: RunScope;
  /** The journal entry whose verification this is: shown in the finding's history as the cause. */
  journalId?: number;
}

export interface ObservationResult {
  counts: RunCounts;
}

/** A finding as stored: the scan's fields plus its lifecycle. `status` is the lifecycle status; `outcome` is the last evaluation. */
export interface StoredFinding {
  id: string;
  policy: string;
  title: string;
  status: LifecycleStatus;
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

export type FindingSort = 'severity' | 'lastSeen' | 'firstSeen' | 'policy' | 'resource';

export interface FindingQuery {
  status?: LifecycleStatus | LifecycleStatus[];
  severity?: Severity | Severity[];
  /** At least this severity. */
  minSeverity?: Severity;
  account?: string | string[];
  region?: string | string[];
  policy?: string | string[];
  /** An ARN or a resource id; `*` is a wildcard. */
  resource?: string;
  resourceType?: string | string[];
  service?: string | string[];
  /** Case-insensitive substring of title, policy, ARN or resource name. */
  text?: string;
  /** Policies whose own text (e.g. a framework id such as `cis-aws-v3:5.2`) matches `text`: their findings match too. */
  textPolicies?: string[];
  /** Default `severity` (most severe first, then by id). Cursors work with every sort. */
  sort?: FindingSort;
  /** Each sort has its natural direction (most severe, newest, A to Z first); `asc`/`desc` overrides it. */
  order?: 'asc' | 'desc';
  /** Default 100, at most 10,000. */
  limit?: number;
  /** From a previous page's `nextCursor`; takes precedence over `offset`. */
  cursor?: string;
  offset?: number;
  /** Default true; counting a large match is the slow part of a page, so a caller that pages on may skip it. */
  withTotal?: boolean;
  /** Count every match, however many; by default a match of more than 10,000 is estimated (`totalExact` false). */
  exactTotal?: boolean;
}

export interface FindingPage {
  findings: StoredFinding[];
  /** Findings matching the filters (not only this page); undefined when `withTotal` is false. */
  total?: number;
  /** False when `total` is the query planner's estimate ("about 25,000"): matches above 10,000 are not counted one by one. */
  totalExact?: boolean;
  nextCursor?: string;
}

export interface FindingDiff {
  new: StoredFinding[];
  resolved: StoredFinding[];
  reopened: StoredFinding[];
}

export interface DiffRange {
  /** Changes after this run (exclusive); undefined means from the beginning. */
  fromRun?: number;
  /** Up to and including this run. */
  toRun?: number;
}

export interface FindingSummary {
  byStatus: Record<LifecycleStatus, number>;
  /** Failing findings (new, open, reopened) by severity. */
  failingBySeverity: Record<Severity, number>;
}

export interface StoredResource<C = Record<string, unknown>> extends Resource<C> {
  firstSeen: string;
  lastSeen: string;
  goneAt?: string;
  lastRunId?: number;
}

export interface ResourceQuery {
  type?: string;
  account?: string;
  region?: string;
  includeGone?: boolean;
  limit?: number;
  offset?: number;
}

export interface CleanupResult {
  runsDeleted: number;
  eventsDeleted: number;
  findingsDeleted: number;
  resourcesDeleted: number;
}

export interface ExclusionInput {
  /** Stable id; generated when left out. */
  id?: string;
  /** The policy it applies to; left out for every policy. */
  policy?: string;
  /** The criteria as the engine's exclusion schema defines them (account, region, resource, tags ...). */
  exclusion: Record<string, unknown>;
  reason: string;
  owner?: string;
  /** ISO timestamp after which the exclusion no longer applies. */
  expires?: string;
  /** Who adds it. */
  by: string;
}

export interface StoredExclusion {
  id: string;
  scope: 'global' | 'policy';
  policy?: string;
  exclusion: Record<string, unknown>;
  reason: string;
  owner?: string;
  expires?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  removedBy?: string;
  removedAt?: string;
}

export interface ExclusionPatch {
  exclusion?: Record<string, unknown>;
  reason?: string;
  owner?: string | null;
  expires?: string | null;
}

export const JOURNAL_STATUSES = [
  'planned',
  'approved',
  'applying',
  'applied',
  'verified',
  'failed',
  'skipped',
  'undone',
  'undo-failed',
  'rejected',
] as const;
export type JournalStatus = (typeof JOURNAL_STATUSES)[number];

export interface JournalEntry {
  id: number;
  runId?: number;
  findingId?: string;
  policy: string;
  resource: ResourceRef;
  action: string;
  status: JournalStatus;
  params: Record<string, unknown>;
  before?: unknown;
  plannedCalls: unknown[];
  after?: unknown;
  result?: unknown;
  error?: string;
  approvedBy?: string;
  approvedAt?: string;
  undoOf?: number;
  createdAt: string;
  updatedAt: string;
}

export interface JournalEntryInput {
  runId?: number;
  findingId?: string;
  policy: string;
  resource: ResourceRef;
  action: string;
  status?: JournalStatus;
  params?: Record<string, unknown>;
  before?: unknown;
  plannedCalls?: unknown[];
  undoOf?: number;
  /** Who approved the change, when it is approved as it is written (`mamori fix --apply`). */
  approvedBy?: string;
}

export interface JournalPatch {
  status?: JournalStatus;
  params?: Record<string, unknown>;
  before?: unknown;
  plannedCalls?: unknown[];
  after?: unknown;
  result?: unknown;
  error?: string | null;
  /** Sets `approvedAt` too. */
  approvedBy?: string;
}

export interface JournalUpdateOptions {
  /** Compare-and-set: the update applies only while the entry is in one of these statuses (two runners cannot both apply). */
  expectStatus?: JournalStatus | JournalStatus[];
}

export interface JournalQuery {
  status?: JournalStatus | JournalStatus[];
  resourceArn?: string;
  runId?: number;
  limit?: number;
  offset?: number;
}

export interface AuditInput {
  actor: string;
  /** Dotted verb, e.g. `exclusion.add`, `remediation.approve`, `user.create`. */
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

export const auditEntrySchema = z.object({
  id: z.int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  targetType: z.string().optional(),
  targetId: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export interface AuditQuery {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  limit?: number;
  /** Entries with an id below this one (for paging back in time). */
  beforeId?: number;
}

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  username: string;
  role: Role;
  createdAt: string;
  updatedAt: string;
  disabledAt?: string;
  /** Set when someone else chose the password (one-time or reset): the user must change it before anything else. */
  mustChangePassword?: boolean;
}

/** Returned only to code that checks passwords. */
export interface UserWithPassword extends User {
  passwordHash: string;
}

export interface ApiToken {
  id: number;
  userId: number;
  name: string;
  createdAt: string;
  lastUsedAt?: string;
  expiresAt?: string;
}

/** What notifications report (queued by the database, see migration 0005 and notifications.ts). */
export const NOTIFICATION_KINDS = ['finding.new', 'finding.reopened', 'finding.resolved', 'fix.planned', 'fix.verified', 'fix.failed', 'approval.waiting'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** pending: due, or waiting for a retry or a digest window; sent; dead: gave up (a dead letter). */
export const DELIVERY_STATUSES = ['pending', 'sent', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
