/**
 * The contract between the server (`src/server`) and the console (`web/`): every request and response body of the
 * API under `/api/`. The web app imports only types from here. The JSON schemas in `schemas.ts` describe the same
 * shapes for validation and for the OpenAPI document.
 */
import type { CoverageGap, Evidence, ExclusionMatch, ResourceRef, Severity } from '../core/index.ts';
import type { AuditEntry, JournalStatus, LifecycleStatus, Role, RunCounts, RunStatus } from '../store/types.ts';

export type { Evidence, ExclusionMatch, ResourceRef, Severity, CoverageGap, AuditEntry, JournalStatus, LifecycleStatus, Role, RunStatus, RunCounts };

export type ResponseMode = 'off' | 'notify' | 'approve' | 'auto';

/**
 * Where the response mode in effect comes from: the policy file's own `response.mode`, the console's setting, the
 * `responses` of mamori.yaml, or an `accounts` entry of mamori.yaml (the most specific wins, in reverse order).
 */
export type ModeSource = 'policy' | 'console' | 'config' | 'account';

export interface EffectiveMode {
  mode: ResponseMode;
  source: ModeSource;
  /** The `accounts` entry's patterns, when the source is `account`. */
  accounts?: string[];
}

/** Every error response: a stable code and a message for people; `details` for validation errors with positions. */
export interface ApiError {
  error: string;
  message: string;
  details?: PolicyProblem[];
}

// --- Session ------------------------------------------------------------------------------------

export interface LoginRequest {
  username: string;
  password: string;
}

export interface Me {
  user: { id: number; username: string; role: Role };
  /** Send it back as the `X-CSRF-Token` header on every state-changing request. */
  csrfToken: string;
  /** How the request was authenticated. */
  via: 'session' | 'token';
  /** The server runs against the demo estate (local AWS endpoint). */
  demo: boolean;
  /** The password was set by someone else: every request but this one, sign-out and changing it is refused (403 PASSWORD_CHANGE_REQUIRED). */
  mustChangePassword: boolean;
}

/** PUT /api/session/password. */
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

// --- Overview -----------------------------------------------------------------------------------

export interface CountBy {
  key: string;
  label?: string;
  count: number;
  /** Failing findings by severity within this group. */
  bySeverity?: Partial<Record<Severity, number>>;
}

export interface TrendPoint {
  runId: number;
  at: string;
  /** Failing findings after this scan (new + open + reopened). */
  failing: number;
  new: number;
  resolved: number;
}

export interface Overview {
  failingBySeverity: Record<Severity, number>;
  byStatus: Record<LifecycleStatus, number>;
  byAccount: CountBy[];
  byPolicy: CountBy[];
  /** Since the last scan, against the one before. */
  /** The first 20 of each list; `counts` has the full numbers. */
  changes: { fromRun?: number; toRun?: number; new: FindingRow[]; resolved: FindingRow[]; reopened: FindingRow[]; counts: { new: number; resolved: number; reopened: number } };
  trend: TrendPoint[];
  /** Coverage gaps of the last scan: where mamori could not look. */
  gaps: CoverageGap[];
  lastScan?: RunView;
  pendingApprovals: number;
}

// --- Findings -----------------------------------------------------------------------------------

export type FindingSort = 'severity' | 'lastSeen' | 'firstSeen' | 'policy' | 'resource';
export type FindingExportFormat = 'csv' | 'json' | 'ocsf' | 'asff';

/** Filters of the findings list; list values are comma-separated. */
export interface FindingFilters {
  severity?: string;
  status?: string;
  account?: string;
  region?: string;
  service?: string;
  policy?: string;
  resource?: string;
  text?: string;
  sort?: FindingSort;
  /** Default: the sort's natural direction (most severe, newest, A to Z first). */
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

export interface FindingRow {
  id: string;
  policy: string;
  title: string;
  status: LifecycleStatus;
  severity: Severity;
  resource: ResourceRef;
  evidenceCount: number;
  exclusion?: ExclusionMatch;
  firstSeen: string;
  lastSeen: string;
  resolvedAt?: string;
}

export interface FindingPage {
  findings: FindingRow[];
  /** Matching findings; only on the first page (counting is the slow part). */
  total?: number;
  /** False when `total` is the store's estimate (matches above 10,000 are not counted one by one). */
  totalExact?: boolean;
  nextCursor?: string;
}

/** One line of a resource's configuration, marked when it is a violating part. */
export interface ConfigLine {
  text: string;
  /** The evidence id this line is (an `sgr-` id, `grant:AllUsers:READ`, `statement:Sid` ...). */
  evidenceId?: string;
  /** Violating: shown with ⚠. */
  violating: boolean;
  /** Which policies it violates. */
  policies?: string[];
  detail?: string;
}

export interface ConfigSection {
  title: string;
  lines: ConfigLine[];
}

export interface ResourceView {
  resource: ResourceRef;
  /** When the stored snapshot was last refreshed by a scan. */
  lastSeen?: string;
  goneAt?: string;
  sections: ConfigSection[];
  /** The snapshot as stored, for anything the sections do not show. */
  config: Record<string, unknown>;
  /** `arn` when the related resource is stored (its page can be opened). */
  related: { type: string; id: string; arn?: string; relation?: string; tags?: Record<string, string> }[];
  findings: FindingRow[];
}

export interface FindingEventView {
  runId: number;
  /** What observed the change: `scan`, `reread`, or a remediation run (`fix`, `approve`, `undo` ...). */
  runKind?: string;
  /** The journal entry whose verified fix or undo caused it. */
  journalId?: number;
  from?: LifecycleStatus;
  to: LifecycleStatus;
  at: string;
}

export interface PlannedFix {
  /** The remediation action of the policy. */
  action?: string;
  actionTitle?: string;
  actionDescription?: string;
  reversible?: boolean;
  /** The policy's response mode in effect for this finding's account. */
  mode: ResponseMode;
  /** Where that mode comes from. */
  modeSource?: EffectiveMode;
  /** What the policy says about fixing it. */
  hint?: string;
  /** Journal entries of this resource and action, newest first. */
  entries: JournalView[];
}

export interface FindingDetail {
  finding: FindingRow & { evidence: Evidence[]; error?: string; outcome: string };
  policy?: { id: string; title: string; description: string; rationale?: string; severity: Severity; frameworks: string[] };
  resource?: ResourceView;
  fix: PlannedFix;
  history: FindingEventView[];
}

export interface Facets {
  accounts: { id: string; name?: string }[];
  regions: string[];
  services: string[];
  policies: { id: string; title: string }[];
}

// --- Policies -----------------------------------------------------------------------------------

export interface PolicySummary {
  id: string;
  title: string;
  resource: string;
  service: string;
  /** In effect: the override when set, else the policy's own. */
  severity: Severity;
  defaultSeverity: Severity;
  enabled: boolean;
  /** The console's setting, else the policy's own mode. */
  mode: ResponseMode;
  defaultMode: ResponseMode;
  /** What scans use for accounts without an override, when mamori.yaml decides it (`responses`) rather than `mode`. */
  configMode?: ResponseMode;
  action?: string;
  frameworks: string[];
  custom: boolean;
  failing: number;
  excluded: number;
}

export interface ExclusionView {
  id: string;
  /** `stored`: added in the console or API (editable); `policy`: in the policy file; `config`: in mamori.yaml. */
  source: 'stored' | 'policy' | 'config';
  policy?: string;
  match: Record<string, unknown>;
  reason: string;
  owner?: string;
  expires?: string;
  expired: boolean;
  createdBy?: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface PolicyDetail {
  policy: PolicySummary & { description: string; rationale?: string; remediation?: string; file?: string };
  /** The policy's YAML as written. */
  source?: string;
  exclusions: ExclusionView[];
  settings?: { updatedBy: string; updatedAt: string };
  /** Modes the policy can take: approve and auto need a remediation action. */
  modes: ResponseMode[];
  /** The mode scans use (mamori.yaml can override the console's setting), and per-account overrides of mamori.yaml. */
  effectiveMode?: EffectiveMode & { accountOverrides: { accounts: string[]; mode: ResponseMode }[] };
}

export interface PolicySettingsRequest {
  enabled?: boolean;
  /** null: the policy's own. */
  severity?: Severity | null;
  mode?: ResponseMode | null;
}

export interface PolicySettingsResponse {
  policy: PolicySummary;
  /** Fixes planned for approval right away when the mode became `approve`. */
  planned: number;
  notes: string[];
}

export interface ExclusionRequest {
  /** Criteria as in the policy language: account, region, resource, tags, related. */
  match: Record<string, unknown>;
  reason: string;
  owner?: string;
  /** `YYYY-MM-DD` or an ISO date-time. */
  expires?: string;
}

export interface ExclusionPatchRequest {
  match?: Record<string, unknown>;
  reason?: string;
  owner?: string | null;
  expires?: string | null;
}

export interface ExclusionChange {
  exclusion: ExclusionView;
  /** Findings whose status changed because of the change (re-evaluated from the stored snapshot). */
  reevaluated: number;
}

/** A validation problem, positioned in the YAML. */
export interface PolicyProblem {
  message: string;
  line?: number;
  column?: number;
  /** `file:line:column: message` */
  formatted: string;
}

export interface ValidateRequest {
  source: string;
}

export interface ValidateResponse {
  valid: boolean;
  id?: string;
  problems: PolicyProblem[];
}

export interface CustomPolicyView {
  id: string;
  source: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

// --- Remediation --------------------------------------------------------------------------------

export interface ApiCallView {
  service: string;
  operation: string;
  params: Record<string, unknown>;
  purpose: string;
}

export interface JournalView {
  id: number;
  /** The run that journaled it (for an approved plan, the run that planned it). */
  runId?: number;
  status: JournalStatus;
  policy: string;
  action: string;
  resource: ResourceRef;
  findingId?: string;
  evidence: Evidence[];
  plannedCalls: ApiCallView[];
  before?: unknown;
  after?: unknown;
  result?: unknown;
  error?: string;
  approvedBy?: string;
  approvedAt?: string;
  undoOf?: number;
  /** The entry that undid this one. */
  undoneBy?: number;
  /** The plan in words, as `mamori fix` prints it: what goes, what stays, notes (from the state the plan was made from). */
  plan?: { removes: string[]; keeps: string[]; notes: string[] };
  reversible: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface JournalPage {
  entries: JournalView[];
}

export interface DecisionRequest {
  ids: number[];
  reason?: string;
}

export interface OutcomeView {
  entryId?: number;
  outcome: string;
  action: string;
  resource: ResourceRef;
  why?: string;
}

export interface DecisionResponse {
  fixed: OutcomeView[];
  skipped: OutcomeView[];
  failed: OutcomeView[];
  pending: OutcomeView[];
  /** The resources' stored snapshots were refreshed by a re-read of their account, region and type. */
  refreshed: boolean;
  /** After an undo: the resources put back, for an exclusion (the next scan would plan the same fix again). */
  excludeSuggestions?: ExcludeSuggestion[];
}

export interface ExcludeSuggestion {
  policies: string[];
  resource: { arn: string; id: string; account: string; accountName?: string; region: string };
}

export interface UndoRunRequest {
  force?: boolean;
}

export interface PlanRequest {
  /** Only this policy; default every policy in `approve` mode. */
  policy?: string;
}

export interface UndoRequest {
  /** Undo even when the resource changed since the fix. */
  force?: boolean;
}

// --- Accounts and scans -------------------------------------------------------------------------

export interface AccountView {
  id: string;
  name?: string;
  regions: string[];
  resources: number;
  failing: number;
  lastScanned?: string;
  gaps: number;
}

export interface RunView {
  id: number;
  kind: string;
  status: RunStatus;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  apiCalls: number;
  apiCallsByOperation: Record<string, number>;
  counts?: RunCounts;
  gaps: CoverageGap[];
  scope: { accounts?: string[]; regions?: string[]; policies?: string[]; resourceTypes?: string[]; resourceIds?: string[] };
  error?: string;
  meta: Record<string, unknown>;
}

export interface ScanRequest {
  accounts?: string[];
  regions?: string[];
  policies?: string[];
}

export interface ScanJob {
  id: string;
  state: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt?: string;
  startedBy: string;
  phase: string;
  /** Units (account × region × resource type) collected of the total. */
  done: number;
  total: number;
  resources: number;
  runId?: number;
  error?: string;
  counts?: RunCounts;
  remediation?: { fixed: number; pending: number; failed: number };
  /** What the scan covered (accounts × regions, which) and, when an organization's members were left out, how to scan them. */
  coverage?: { covered: string; hint?: string };
}

// --- Users, tokens, audit -----------------------------------------------------------------------

export interface UserView {
  id: number;
  username: string;
  role: Role;
  createdAt: string;
  disabled: boolean;
  /** Must change the password (set by someone else) at the next sign-in. */
  mustChangePassword: boolean;
}

export interface CreateUserRequest {
  username: string;
  password: string;
  role: Role;
}

export interface UpdateUserRequest {
  role?: Role;
  password?: string;
  disabled?: boolean;
}

export interface TokenView {
  id: number;
  userId: number;
  name: string;
  createdAt: string;
  lastUsedAt?: string;
  expiresAt?: string;
}

export interface CreateTokenRequest {
  name: string;
  /** Days until it expires; default never. */
  expiresInDays?: number;
}

export interface CreatedToken {
  token: TokenView;
  /** Shown once; only its hash is stored. */
  secret: string;
}

export interface AuditPage {
  entries: AuditEntry[];
}

export interface Ok {
  ok: true;
}
