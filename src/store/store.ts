/** The store's interface: everything the CLI, the server, the scanner and the remediation runner use. */
import type { AggregateInput, AggregateOptions } from './audit.ts';
import type { Backend, Db } from './context.ts';
import type { ExclusionQuery } from './exclusions.ts';
import type { FindingEvent } from './findings.ts';
import type { NotificationStore } from './notifications.ts';
import type { FinishRunInput, RunQuery } from './runs.ts';
import type { UserPatch } from './users.ts';
import type {
  ApiToken,
  AuditEntry,
  AuditInput,
  AuditQuery,
  BeginRunInput,
  CleanupResult,
  CommitScanInput,
  DiffRange,
  ExclusionInput,
  ExclusionPatch,
  FindingDiff,
  FindingPage,
  FindingQuery,
  FindingSummary,
  JournalEntry,
  JournalEntryInput,
  JournalPatch,
  JournalQuery,
  JournalUpdateOptions,
  ObservationInput,
  ObservationResult,
  ResourceQuery,
  Role,
  RunRecord,
  StoredExclusion,
  StoredFinding,
  StoredResource,
  User,
  UserWithPassword,
} from './types.ts';

export interface Store {
  readonly backend: Backend;
  /** The PGlite directory or the PostgreSQL URL without its password. */
  readonly location: string;
  /** The Drizzle handle, for queries the repositories do not offer. */
  readonly db: Db;
  close(): Promise<void>;

  // Runs
  /** Starts a run (committed at once as `running`); first marks runs of dead processes failed. */
  beginRun(input?: BeginRunInput): Promise<RunRecord>;
  /** Stores a scan's results in one transaction; on error the run is marked failed and nothing else changes. */
  commitScan(runId: number, input: CommitScanInput): Promise<RunRecord>;
  /** Records a verified observation that is not a scan (a fix's or an undo's verification) in a running run. */
  recordObservation(runId: number, input: ObservationInput): Promise<ObservationResult>;
  failRun(runId: number, reason: string): Promise<RunRecord | undefined>;
  /** Ends a run that is not a scan. */
  finishRun(runId: number, input: FinishRunInput): Promise<RunRecord>;
  heartbeat(runId: number): Promise<void>;
  reapStaleRuns(): Promise<number[]>;
  getRun(id: number): Promise<RunRecord | undefined>;
  /** Newest first. */
  listRuns(q?: RunQuery): Promise<RunRecord[]>;

  // Findings
  findingId(policy: string, arn: string): string;
  listFindings(q?: FindingQuery): Promise<FindingPage>;
  getFinding(id: string): Promise<StoredFinding | undefined>;
  getFindingByKey(policy: string, arn: string): Promise<StoredFinding | undefined>;
  findingHistory(id: string): Promise<FindingEvent[]>;
  findingSummary(): Promise<FindingSummary>;
  /** `{new, resolved, reopened}` since a run (default: the last committed scan against the one before). */
  diff(opts?: { since?: number }): Promise<FindingDiff>;
  /** Which runs `diff` compares, for a heading. */
  diffRange(opts?: { since?: number }): Promise<DiffRange>;

  // Resources
  getResource(arn: string): Promise<StoredResource | undefined>;
  listResources(q?: ResourceQuery): Promise<StoredResource[]>;

  // Retention
  /** Keeps the newest `keepRuns` runs; never deletes a finding that is not resolved. */
  cleanup(opts: { keepRuns: number }): Promise<CleanupResult>;
  /** Deletes audit entries older than `keepDays` days. */
  pruneAudit(opts: { keepDays: number; now?: Date }): Promise<{ auditDeleted: number }>;

  // Exclusions (each change is audited)
  addExclusion(input: ExclusionInput): Promise<StoredExclusion>;
  updateExclusion(id: string, patch: ExclusionPatch, by: string): Promise<StoredExclusion>;
  removeExclusion(id: string, by: string, reason?: string): Promise<StoredExclusion>;
  getExclusion(id: string): Promise<StoredExclusion | undefined>;
  listExclusions(q?: ExclusionQuery): Promise<StoredExclusion[]>;
  exclusionHistory(id: string): Promise<AuditEntry[]>;

  // Remediation journal (each write durable at once)
  createJournalEntry(input: JournalEntryInput): Promise<JournalEntry>;
  updateJournalEntry(id: number, patch: JournalPatch, opts?: JournalUpdateOptions): Promise<JournalEntry>;
  getJournalEntry(id: number): Promise<JournalEntry | undefined>;
  listJournalEntries(q?: JournalQuery): Promise<JournalEntry[]>;

  // Audit
  recordAudit(input: AuditInput): Promise<AuditEntry>;
  /** An event anyone can cause without signing in: aggregated per source and window, so that a flood stays small. */
  recordAggregatedAudit(input: AggregateInput, opts: AggregateOptions): Promise<AuditEntry>;
  listAudit(q?: AuditQuery): Promise<AuditEntry[]>;

  // Users and API tokens
  createUser(input: { username: string; passwordHash: string; role: Role; mustChangePassword?: boolean }): Promise<User>;
  getUser(id: number): Promise<User | undefined>;
  getUserByUsername(username: string): Promise<User | undefined>;
  getUserCredentials(username: string): Promise<UserWithPassword | undefined>;
  listUsers(): Promise<User[]>;
  updateUser(id: number, patch: UserPatch): Promise<User>;
  deleteUser(id: number): Promise<boolean>;
  createApiToken(input: { userId: number; name: string; tokenHash: string; expiresAt?: string }): Promise<ApiToken>;
  findApiToken(tokenHash: string): Promise<{ token: ApiToken; user: User } | undefined>;
  touchApiToken(id: number): Promise<void>;
  listApiTokens(userId?: number): Promise<ApiToken[]>;
  deleteApiToken(id: number): Promise<boolean>;

  // Notifications: the outbox the database fills and the deliveries made from it
  readonly notifications: NotificationStore;
}
