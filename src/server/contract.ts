/**
 * The contract between the server (`src/server`) and the console (`web/`): every request and response body of the
 * API under `/api/`, once, as zod schemas. The TypeScript types are inferred from them (`z.infer`), and
 * `schemas.ts` turns the same schemas into the JSON schemas that validate requests and make the OpenAPI document.
 * The web app imports only types from here.
 */
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../core/finding.ts';
import { auditEntrySchema, DELIVERY_STATUSES, NOTIFICATION_KINDS, JOURNAL_STATUSES, LIFECYCLE_STATUSES, ROLES, RUN_STATUSES, runCountsSchema, runScopeSchema } from '../store/types.ts';
import type { AuditEntry, DeliveryStatus, JournalStatus, LifecycleStatus, NotificationKind, Role, RunCounts, RunStatus } from '../store/types.ts';

export type { Severity, AuditEntry, DeliveryStatus, JournalStatus, LifecycleStatus, NotificationKind, Role, RunStatus, RunCounts };

/**
 * The shapes the OpenAPI document lists under `components.schemas` (and Fastify knows as `Name#`). A schema in this
 * registry is referenced, not repeated, wherever another schema contains it.
 */
export const COMPONENT_REGISTRY = z.registry<{ id: string }>();
function component<T extends z.ZodType>(id: string, schema: T): T {
  COMPONENT_REGISTRY.add(schema, { id });
  return schema;
}

const str = () => z.string();
const int = () => z.int();
const bool = () => z.boolean();
const dateTime = () => z.string().meta({ format: 'date-time' });
const anyObj = () => z.record(z.string(), z.unknown());
/** A request body or query: unknown keys are refused. */
const strict = z.strictObject;

export const SeveritySchema = z.enum(SEVERITIES);
export const LifecycleStatusSchema = z.enum(LIFECYCLE_STATUSES);
export const RoleSchema = z.enum(ROLES);
export const JournalStatusSchema = z.enum(JOURNAL_STATUSES);

/** A count per severity; every severity is there. */
const bySeverityFull = z.object(Object.fromEntries(SEVERITIES.map((s) => [s, int()])) as Record<Severity, z.ZodInt>);

// The engine's RESPONSE_MODES, written out: the console type-checks this file, and the engine pulls in Node modules
// (test/server/contract.test.ts checks the two lists are the same).
export const ResponseModeSchema = z.enum(['off', 'notify', 'approve', 'auto']);
export type ResponseMode = z.infer<typeof ResponseModeSchema>;

/**
 * Where the response mode in effect comes from: the policy file's own `response.mode`, the console's setting, the
 * `responses` of mamori.yaml, or an `accounts` entry of mamori.yaml (the most specific wins, in reverse order).
 */
export const ModeSourceSchema = z.enum(['policy', 'console', 'config', 'account']);
export type ModeSource = z.infer<typeof ModeSourceSchema>;

export const EffectiveMode = z.object({
  mode: ResponseModeSchema,
  source: ModeSourceSchema,
  /** The `accounts` entry's patterns, when the source is `account`. */
  accounts: z.array(str()).optional(),
});
export type EffectiveMode = z.infer<typeof EffectiveMode>;

/** A validation problem, positioned in the YAML. */
export const PolicyProblem = component(
  'PolicyProblem',
  z.object({
    message: str(),
    line: int().optional(),
    column: int().optional(),
    /** `file:line:column: message` */
    formatted: str(),
  }),
);
export type PolicyProblem = z.infer<typeof PolicyProblem>;

/** Every error response: a stable code and a message for people; `details` for validation errors with positions. */
export const ApiError = component(
  'ApiError',
  z.object({
    error: str().meta({ description: 'stable code, e.g. UNAUTHORIZED, FORBIDDEN, CSRF, VALIDATION, NOT_FOUND, CONFLICT, RATE_LIMITED, PASSWORD_CHANGE_REQUIRED' }),
    message: str(),
    details: z.array(PolicyProblem).optional(),
    requestId: str().meta({ description: 'on 5xx: the id under which the server logged the error' }).optional(),
  }),
);
export type ApiError = z.infer<typeof ApiError>;

export const Ok = component('Ok', z.object({ ok: z.literal(true) }));
export type Ok = z.infer<typeof Ok>;

// --- Shapes of the core (src/core), as the API sends them --------------------------------------------------------
// test/server/contract.test.ts checks that these and the core's interfaces are the same types.

export const ResourceRef = component(
  'ResourceRef',
  z.object({ type: str(), id: str(), arn: str(), account: str(), accountName: str().optional(), region: str(), name: str().optional(), tags: z.record(z.string(), z.string()) }),
);
export type ResourceRef = z.infer<typeof ResourceRef>;

/** One violating part of a resource (a rule line, a grant, a statement), with an id stable across scans. */
export const Evidence = component('Evidence', z.object({ id: str(), kind: str(), summary: str(), data: anyObj() }));
export type Evidence = z.infer<typeof Evidence>;

/** The exclusion that made a finding `excluded`. */
export const ExclusionMatch = z.object({ id: str(), scope: z.enum(['global', 'policy']), reason: str(), owner: str().optional(), expires: str().optional(), matched: str() });
export type ExclusionMatch = z.infer<typeof ExclusionMatch>;

/** Where mamori could not look. */
export const CoverageGap = component(
  'CoverageGap',
  z.object({
    kind: z.enum(['access-denied', 'error', 'assume-role', 'region-disabled']),
    account: str(),
    accountName: str().optional(),
    region: str(),
    resourceType: str(),
    service: str().optional(),
    operation: str().optional(),
    code: str(),
    message: str(),
    policies: z.array(str()),
  }),
);
export type CoverageGap = z.infer<typeof CoverageGap>;

// --- Session ------------------------------------------------------------------------------------

export const LoginRequest = strict({ username: str().min(1).max(200), password: str().min(1).max(1024) });
export type LoginRequest = z.infer<typeof LoginRequest>;

export const Me = z.object({
  user: z.object({ id: int(), username: str(), role: RoleSchema }),
  /** Send it back as the `X-CSRF-Token` header on every state-changing request. */
  csrfToken: str(),
  /** How the request was authenticated. */
  via: z.enum(['session', 'token']),
  /** The server runs against the demo estate (local AWS endpoint). */
  demo: bool(),
  /** The password was set by someone else: every request but this one, sign-out and changing it is refused (403 PASSWORD_CHANGE_REQUIRED). */
  mustChangePassword: bool(),
});
export type Me = z.infer<typeof Me>;

/** PUT /api/session/password. */
export const ChangePasswordRequest = strict({ currentPassword: str().min(1).max(1024), newPassword: str().min(1).max(1024) });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

// --- Runs (used by the overview) ----------------------------------------------------------------

export const RunView = component(
  'Run',
  z.object({
    id: int(),
    kind: str(),
    status: z.enum(RUN_STATUSES),
    startedAt: str(),
    finishedAt: str().optional(),
    durationMs: int().optional(),
    apiCalls: int(),
    apiCallsByOperation: z.record(z.string(), int()),
    counts: runCountsSchema.optional(),
    gaps: z.array(CoverageGap),
    scope: runScopeSchema,
    error: str().optional(),
    meta: anyObj(),
  }),
);
export type RunView = z.infer<typeof RunView>;

// --- Findings -----------------------------------------------------------------------------------

export const FindingSortSchema = z.enum(['severity', 'lastSeen', 'firstSeen', 'policy', 'resource']);
export type FindingSort = z.infer<typeof FindingSortSchema>;
export type FindingExportFormat = 'csv' | 'json' | 'ocsf' | 'asff';

export const FindingRow = component(
  'FindingRow',
  z.object({
    id: str(),
    policy: str(),
    title: str(),
    status: LifecycleStatusSchema,
    severity: SeveritySchema,
    resource: ResourceRef,
    evidenceCount: int(),
    exclusion: ExclusionMatch.optional(),
    firstSeen: dateTime(),
    lastSeen: dateTime(),
    resolvedAt: dateTime().optional(),
  }),
);
export type FindingRow = z.infer<typeof FindingRow>;

/** Filters of the findings list; list values are comma-separated. */
export const FindingFilters = strict({
  severity: str().meta({ description: 'comma-separated severities' }).optional(),
  status: str().meta({ description: 'comma-separated lifecycle statuses; default new,open,reopened; `all` for every status' }).optional(),
  account: str().meta({ description: 'comma-separated account ids' }).optional(),
  region: str().optional(),
  service: str().optional(),
  policy: str().optional(),
  resource: str().meta({ description: 'ARN or resource id; `*` is a wildcard' }).optional(),
  text: str().max(200).optional(),
  sort: FindingSortSchema.optional(),
  /** Default: the sort's natural direction (most severe, newest, A to Z first). */
  order: z.enum(['asc', 'desc']).optional(),
  limit: int().min(1).max(500).optional(),
  cursor: str().max(2000).optional(),
});
export type FindingFilters = z.infer<typeof FindingFilters>;

export const FindingPage = z.object({
  findings: z.array(FindingRow),
  /** Matching findings; only on the first page (counting is the slow part). */
  total: int().optional(),
  /** False when `total` is the store's estimate (matches above 10,000 are not counted one by one). */
  totalExact: bool().optional(),
  nextCursor: str().optional(),
});
export type FindingPage = z.infer<typeof FindingPage>;

export const CountBy = z.object({
  key: str(),
  label: str().optional(),
  count: int(),
  /** Failing findings by severity within this group. */
  bySeverity: bySeverityFull.partial().optional(),
});
export type CountBy = z.infer<typeof CountBy>;

export const TrendPoint = z.object({
  runId: int(),
  at: str(),
  /** Failing findings after this scan (new + open + reopened). */
  failing: int(),
  new: int(),
  resolved: int(),
});
export type TrendPoint = z.infer<typeof TrendPoint>;

export const Overview = z.object({
  failingBySeverity: bySeverityFull,
  byStatus: z.object(Object.fromEntries(LIFECYCLE_STATUSES.map((s) => [s, int()])) as Record<LifecycleStatus, z.ZodInt>),
  byAccount: z.array(CountBy),
  byPolicy: z.array(CountBy),
  /** Since the last scan, against the one before: the first 20 of each list; `counts` has the full numbers. */
  changes: z.object({
    fromRun: int().optional(),
    toRun: int().optional(),
    new: z.array(FindingRow),
    resolved: z.array(FindingRow),
    reopened: z.array(FindingRow),
    counts: z.object({ new: int(), resolved: int(), reopened: int() }),
  }),
  trend: z.array(TrendPoint),
  /** Coverage gaps of the last scan: where mamori could not look. */
  gaps: z.array(CoverageGap),
  lastScan: RunView.optional(),
  pendingApprovals: int(),
});
export type Overview = z.infer<typeof Overview>;

/** One line of a resource's configuration, marked when it is a violating part. */
export const ConfigLine = z.object({
  text: str(),
  /** The evidence id this line is (an `sgr-` id, `grant:AllUsers:READ`, `statement:Sid` ...). */
  evidenceId: str().optional(),
  /** Violating: shown with ⚠. */
  violating: bool(),
  /** Which policies it violates. */
  policies: z.array(str()).optional(),
  detail: str().optional(),
});
export type ConfigLine = z.infer<typeof ConfigLine>;

export const ConfigSection = component('ConfigSection', z.object({ title: str(), lines: z.array(ConfigLine) }));
export type ConfigSection = z.infer<typeof ConfigSection>;

export const ResourceView = z.object({
  resource: ResourceRef,
  /** When the stored snapshot was last refreshed by a scan. */
  lastSeen: str().optional(),
  goneAt: str().optional(),
  sections: z.array(ConfigSection),
  /** The snapshot as stored, for anything the sections do not show. */
  config: anyObj(),
  /** `arn` when the related resource is stored (its page can be opened). */
  related: z.array(z.object({ type: str(), id: str(), arn: str().optional(), relation: str().optional(), tags: z.record(z.string(), z.string()).optional() })),
  findings: z.array(FindingRow),
});
export type ResourceView = z.infer<typeof ResourceView>;

export const FindingEventView = z.object({
  runId: int(),
  /** What observed the change: `scan`, `reread`, or a remediation run (`fix`, `approve`, `undo` ...). */
  runKind: str().optional(),
  /** The journal entry whose verified fix or undo caused it. */
  journalId: int().optional(),
  from: LifecycleStatusSchema.optional(),
  to: LifecycleStatusSchema,
  at: str(),
});
export type FindingEventView = z.infer<typeof FindingEventView>;

// --- Remediation --------------------------------------------------------------------------------

export const ApiCallView = z.object({ service: str(), operation: str(), params: anyObj(), purpose: str() });
export type ApiCallView = z.infer<typeof ApiCallView>;

export const JournalView = component(
  'Journal',
  z.object({
    id: int(),
    status: JournalStatusSchema,
    policy: str(),
    action: str(),
    resource: ResourceRef,
    findingId: str().optional(),
    evidence: z.array(Evidence),
    plannedCalls: z.array(ApiCallView),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    result: z.unknown().optional(),
    error: str().optional(),
    approvedBy: str().optional(),
    approvedAt: str().optional(),
    undoOf: int().optional(),
    /** The entry that undid this one. */
    undoneBy: int().optional(),
    /** The run that journaled it (for an approved plan, the run that planned it). */
    runId: int().optional(),
    /** The plan in words, as `mamori fix` prints it: what goes, what stays, notes (from the state the plan was made from). */
    plan: z.object({ removes: z.array(str()), keeps: z.array(str()), notes: z.array(str()) }).optional(),
    reversible: bool(),
    createdAt: str(),
    updatedAt: str(),
  }),
);
export type JournalView = z.infer<typeof JournalView>;

/** A write that CloudTrail recorded and the watch loop handled (from the event; who made it when recorded). */
export const WatchedWrite = z.object({ eventId: str(), event: str(), time: dateTime(), actor: str().optional() });
export type WatchedWrite = z.infer<typeof WatchedWrite>;

/** Who or what made a remediation run: its actor, command and, for the watch loop, the writes that triggered it. */
export const RunOrigin = z.object({ id: int(), kind: str(), actor: str().optional(), command: str().optional(), writes: z.array(WatchedWrite).optional() });
export type RunOrigin = z.infer<typeof RunOrigin>;

export const JournalPage = z.object({
  entries: z.array(JournalView),
  /** The runs of these entries: who made them and, for the watch loop, after which writes. */
  runs: z.array(RunOrigin).optional(),
});
export type JournalPage = z.infer<typeof JournalPage>;

export const PlannedFix = z.object({
  /** The remediation action of the policy. */
  action: str().optional(),
  actionTitle: str().optional(),
  actionDescription: str().optional(),
  reversible: bool().optional(),
  /** The policy's response mode in effect for this finding's account. */
  mode: ResponseModeSchema,
  /** Where that mode comes from. */
  modeSource: EffectiveMode.optional(),
  /** What the policy says about fixing it. */
  hint: str().optional(),
  /** Journal entries of this resource and action, newest first. */
  entries: z.array(JournalView),
});
export type PlannedFix = z.infer<typeof PlannedFix>;

export const FindingDetail = z.object({
  finding: z.intersection(FindingRow, z.object({ evidence: z.array(Evidence), error: str().optional(), outcome: str() })),
  policy: z.object({ id: str(), title: str(), description: str(), rationale: str().optional(), severity: SeveritySchema, frameworks: z.array(str()) }).optional(),
  resource: ResourceView.optional(),
  fix: PlannedFix,
  history: z.array(FindingEventView),
});
export type FindingDetail = z.infer<typeof FindingDetail>;

export const Facets = z.object({
  accounts: z.array(z.object({ id: str(), name: str().optional() })),
  regions: z.array(str()),
  services: z.array(str()),
  policies: z.array(z.object({ id: str(), title: str() })),
});
export type Facets = z.infer<typeof Facets>;

// --- Policies -----------------------------------------------------------------------------------

export const PolicySummary = component(
  'PolicySummary',
  z.object({
    id: str(),
    title: str(),
    resource: str(),
    service: str(),
    /** In effect: the override when set, else the policy's own. */
    severity: SeveritySchema,
    defaultSeverity: SeveritySchema,
    enabled: bool(),
    /** The console's setting, else the policy's own mode. */
    mode: ResponseModeSchema,
    defaultMode: ResponseModeSchema,
    /** What scans use for accounts without an override, when mamori.yaml decides it (`responses`) rather than `mode`. */
    configMode: ResponseModeSchema.optional(),
    action: str().optional(),
    frameworks: z.array(str()),
    custom: bool(),
    failing: int(),
    excluded: int(),
  }),
);
export type PolicySummary = z.infer<typeof PolicySummary>;

export const PoliciesPage = z.object({ policies: z.array(PolicySummary) });
export type PoliciesPage = z.infer<typeof PoliciesPage>;

export const ExclusionView = component(
  'Exclusion',
  z.object({
    id: str(),
    /** `stored`: added in the console or API (editable); `policy`: in the policy file; `config`: in mamori.yaml. */
    source: z.enum(['stored', 'policy', 'config']),
    policy: str().optional(),
    match: anyObj(),
    reason: str(),
    owner: str().optional(),
    expires: str().optional(),
    expired: bool(),
    createdBy: str().optional(),
    createdAt: str().optional(),
    updatedAt: str().optional(),
  }),
);
export type ExclusionView = z.infer<typeof ExclusionView>;

export const ExclusionsPage = z.object({ exclusions: z.array(ExclusionView) });
export type ExclusionsPage = z.infer<typeof ExclusionsPage>;

export const PolicyDetail = z.object({
  policy: z.intersection(PolicySummary, z.object({ description: str(), rationale: str().optional(), remediation: str().optional(), file: str().optional() })),
  /** The policy's YAML as written. */
  source: str().optional(),
  exclusions: z.array(ExclusionView),
  settings: z.object({ updatedBy: str(), updatedAt: str() }).optional(),
  /** Modes the policy can take: approve and auto need a remediation action. */
  modes: z.array(ResponseModeSchema),
  /** The mode scans use (mamori.yaml can override the console's setting), and per-account overrides of mamori.yaml. */
  effectiveMode: z.intersection(EffectiveMode, z.object({ accountOverrides: z.array(z.object({ accounts: z.array(str()), mode: ResponseModeSchema })) })).optional(),
});
export type PolicyDetail = z.infer<typeof PolicyDetail>;

export const PolicySettingsRequest = strict({
  enabled: bool().optional(),
  /** null: the policy's own. */
  severity: SeveritySchema.nullable().optional(),
  mode: ResponseModeSchema.nullable().optional(),
});
export type PolicySettingsRequest = z.infer<typeof PolicySettingsRequest>;

export const PolicySettingsResponse = z.object({
  policy: PolicySummary,
  /** Fixes planned for approval right away when the mode became `approve`. */
  planned: int(),
  notes: z.array(str()),
});
export type PolicySettingsResponse = z.infer<typeof PolicySettingsResponse>;

export const ExclusionRequest = strict({
  /** Criteria as in the policy language: account, region, resource, tags, related. */
  match: anyObj(),
  reason: str().min(1).max(2000),
  owner: str().min(1).max(200).optional(),
  /** `YYYY-MM-DD` or an ISO date-time. */
  expires: str().max(40).optional(),
});
export type ExclusionRequest = z.infer<typeof ExclusionRequest>;

export const ExclusionPatchRequest = strict({
  match: anyObj().optional(),
  reason: str().min(1).max(2000).optional(),
  owner: str().min(1).max(200).nullable().optional(),
  expires: str().max(40).nullable().optional(),
});
export type ExclusionPatchRequest = z.infer<typeof ExclusionPatchRequest>;

export const RemoveExclusionRequest = strict({ reason: str().max(2000).optional() });
export type RemoveExclusionRequest = z.infer<typeof RemoveExclusionRequest>;

export const ExclusionChange = z.object({
  exclusion: ExclusionView,
  /** Findings whose status changed because of the change (re-evaluated from the stored snapshot). */
  reevaluated: int(),
});
export type ExclusionChange = z.infer<typeof ExclusionChange>;

export const ValidateRequest = strict({ source: str().max(200_000) });
export type ValidateRequest = z.infer<typeof ValidateRequest>;

export const ValidateResponse = z.object({ valid: bool(), id: str().optional(), problems: z.array(PolicyProblem) });
export type ValidateResponse = z.infer<typeof ValidateResponse>;

export const CustomPolicyView = z.object({ id: str(), source: str(), createdBy: str(), createdAt: str(), updatedBy: str(), updatedAt: str() });
export type CustomPolicyView = z.infer<typeof CustomPolicyView>;

export const CustomPoliciesPage = z.object({ policies: z.array(CustomPolicyView) });
export type CustomPoliciesPage = z.infer<typeof CustomPoliciesPage>;

// --- Remediation requests and outcomes ----------------------------------------------------------

/** Numeric ids are PostgreSQL integers: anything outside 1..2^31-1 can name nothing, and is refused before the store. */
export const MAX_ID = 2_147_483_647;
const id = () => int().min(1).max(MAX_ID);

export const DecisionRequest = strict({ ids: z.array(id()).min(1).max(500), reason: str().max(2000).optional() });
export type DecisionRequest = z.infer<typeof DecisionRequest>;

export const OutcomeView = component('Outcome', z.object({ entryId: int().optional(), outcome: str(), action: str(), resource: ResourceRef, why: str().optional() }));
export type OutcomeView = z.infer<typeof OutcomeView>;

export const ExcludeSuggestion = z.object({
  policies: z.array(str()),
  resource: z.object({ arn: str(), id: str(), account: str(), accountName: str().optional(), region: str() }),
});
export type ExcludeSuggestion = z.infer<typeof ExcludeSuggestion>;

export const DecisionResponse = z.object({
  fixed: z.array(OutcomeView),
  skipped: z.array(OutcomeView),
  failed: z.array(OutcomeView),
  pending: z.array(OutcomeView),
  /** The resources' stored snapshots were refreshed by a re-read of their account, region and type. */
  refreshed: bool(),
  /** After an undo: the resources put back, for an exclusion (the next scan would plan the same fix again). */
  excludeSuggestions: z.array(ExcludeSuggestion).optional(),
});
export type DecisionResponse = z.infer<typeof DecisionResponse>;

export const UndoRunRequest = strict({ force: bool().optional() });
export type UndoRunRequest = z.infer<typeof UndoRunRequest>;

export const PlanRequest = strict({
  /** Only this policy; default every policy in `approve` mode. */
  policy: str().max(200).optional(),
});
export type PlanRequest = z.infer<typeof PlanRequest>;

export const PlanResponse = z.object({ pending: int(), notes: z.array(str()) });
export type PlanResponse = z.infer<typeof PlanResponse>;

export const UndoRequest = strict({
  /** Undo even when the resource changed since the fix. */
  force: bool().optional(),
});
export type UndoRequest = z.infer<typeof UndoRequest>;

export const JournalQuery = strict({ status: str().meta({ description: 'comma-separated journal statuses' }).optional(), limit: int().min(1).max(1000).optional() });
export type JournalQuery = z.infer<typeof JournalQuery>;

// --- Accounts and scans -------------------------------------------------------------------------

export const AccountView = z.object({
  id: str(),
  name: str().optional(),
  regions: z.array(str()),
  resources: int(),
  failing: int(),
  lastScanned: str().optional(),
  gaps: int(),
});
export type AccountView = z.infer<typeof AccountView>;

export const AccountsPage = z.object({ accounts: z.array(AccountView) });
export type AccountsPage = z.infer<typeof AccountsPage>;

export const RunsPage = z.object({ runs: z.array(RunView) });
export type RunsPage = z.infer<typeof RunsPage>;

export const RunsQuery = strict({ limit: int().min(1).max(500).optional(), kind: str().optional() });
export type RunsQuery = z.infer<typeof RunsQuery>;

export const ScanRequest = strict({ accounts: z.array(str()).max(1000).optional(), regions: z.array(str()).max(100).optional(), policies: z.array(str()).max(1000).optional() });
export type ScanRequest = z.infer<typeof ScanRequest>;

export const ScanJob = component(
  'ScanJob',
  z.object({
    id: str(),
    state: z.enum(['running', 'succeeded', 'failed']),
    startedAt: str(),
    finishedAt: str().optional(),
    startedBy: str(),
    phase: str(),
    /** Units (account × region × resource type) collected of the total. */
    done: int(),
    total: int(),
    resources: int(),
    runId: int().optional(),
    error: str().optional(),
    counts: runCountsSchema.optional(),
    remediation: z.object({ fixed: int(), pending: int(), failed: int() }).optional(),
    /** What the scan covered (accounts × regions, which) and, when an organization's members were left out, how to scan them. */
    coverage: z.object({ covered: str(), hint: str().optional() }).optional(),
  }),
);
export type ScanJob = z.infer<typeof ScanJob>;

export const ScanJobs = z.object({ current: ScanJob.optional(), jobs: z.array(ScanJob) });
export type ScanJobs = z.infer<typeof ScanJobs>;

// --- Users, tokens, audit -----------------------------------------------------------------------

export const UserView = component(
  'User',
  z.object({
    id: int(),
    username: str(),
    role: RoleSchema,
    createdAt: str(),
    disabled: bool(),
    /** Must change the password (set by someone else) at the next sign-in. */
    mustChangePassword: bool(),
  }),
);
export type UserView = z.infer<typeof UserView>;

export const UsersPage = z.object({ users: z.array(UserView) });
export type UsersPage = z.infer<typeof UsersPage>;

export const CreateUserRequest = strict({ username: str().min(1).max(200).regex(/^[A-Za-z0-9._@-]+$/), password: str().min(1).max(1024), role: RoleSchema });
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

export const UpdateUserRequest = strict({ role: RoleSchema.optional(), password: str().min(1).max(1024).optional(), disabled: bool().optional() });
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

export const TokenView = component(
  'Token',
  z.object({ id: int(), userId: int(), name: str(), createdAt: str(), lastUsedAt: str().optional(), expiresAt: str().optional() }),
);
export type TokenView = z.infer<typeof TokenView>;

export const TokensPage = z.object({ tokens: z.array(TokenView) });
export type TokensPage = z.infer<typeof TokensPage>;

export const CreateTokenRequest = strict({
  name: str().min(1).max(200),
  /** Days until it expires; default never. */
  expiresInDays: int().min(1).max(3650).optional(),
});
export type CreateTokenRequest = z.infer<typeof CreateTokenRequest>;

export const CreatedToken = z.object({
  token: TokenView,
  /** Shown once; only its hash is stored. */
  secret: str().meta({ description: 'shown once' }),
});
export type CreatedToken = z.infer<typeof CreatedToken>;

export const AuditPage = z.object({ entries: z.array(auditEntrySchema) });
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditQuery = strict({
  limit: int().min(1).max(1000).optional(),
  beforeId: int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  action: str().optional(),
  actor: str().optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

// --- Notifications ------------------------------------------------------------------------------

export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS);
export const DeliveryStatusSchema = z.enum(DELIVERY_STATUSES);

export const NotificationEventView = z.object({
  id: int(),
  kind: NotificationKindSchema,
  at: dateTime(),
  policy: str(),
  title: str(),
  severity: str(),
  account: str(),
  accountName: str().optional(),
  region: str(),
  resource: z.object({ arn: str(), type: str(), id: str(), name: str().optional() }),
  findingId: str().optional(),
  findingStatus: str().optional(),
  runId: int().optional(),
  journalId: int().optional(),
  action: str().optional(),
  error: str().optional(),
});
export type NotificationEventView = z.infer<typeof NotificationEventView>;

export const DeliveryView = component(
  'Delivery',
  z.object({
    id: int(),
    channel: str(),
    /** The route's index in mamori.yaml's notifications.routes (-1: a test message). */
    route: int(),
    status: DeliveryStatusSchema,
    digest: bool(),
    events: z.array(NotificationEventView),
    attempts: int(),
    nextAttemptAt: dateTime(),
    lastError: str().optional(),
    createdAt: dateTime(),
    sentAt: dateTime().optional(),
  }),
);
export type DeliveryView = z.infer<typeof DeliveryView>;

/** A channel as the console shows it: its type and where it sends, never a secret (a secret shows as its reference). */
export const ChannelView = z.object({ name: str(), type: z.enum(['webhook', 'slack', 'sns', 'email']), target: str(), signed: bool().optional() });
export type ChannelView = z.infer<typeof ChannelView>;

export const RouteView = z.object({
  index: int(),
  channels: z.array(str()),
  events: z.array(NotificationKindSchema),
  /** The lowest severity sent; absent: all. */
  severity: SeveritySchema.optional(),
  policies: z.array(str()).optional(),
  accounts: z.array(str()).optional(),
  /** `immediate`, or the digest window in milliseconds. */
  digest: z.union([z.literal('immediate'), int()]),
});
export type RouteView = z.infer<typeof RouteView>;

export const NotificationsPage = z.object({
  /** mamori.yaml of this server has a notifications: section. */
  configured: bool(),
  channels: z.array(ChannelView),
  routes: z.array(RouteView),
  counts: z.object({ pending: int(), sent: int(), dead: int() }),
  deliveries: z.array(DeliveryView),
});
export type NotificationsPage = z.infer<typeof NotificationsPage>;

export const NotificationsQuery = strict({
  status: DeliveryStatusSchema.optional(),
  channel: str().max(100).optional(),
  limit: int().min(1).max(1000).optional(),
});
export type NotificationsQuery = z.infer<typeof NotificationsQuery>;

export const ChannelParam = z.object({ name: str().min(1).max(100) });

export const ChannelTestResult = z.object({ ok: bool(), error: str().optional() });
export type ChannelTestResult = z.infer<typeof ChannelTestResult>;

/** A scheduled scan (mamori.yaml `schedules:`) with its next run and its last run. */
export const ScheduleView = z.object({
  name: str(),
  cron: str(),
  timezone: str().optional(),
  scope: z.object({ accounts: z.array(str()).optional(), regions: z.array(str()).optional(), policies: z.array(str()).optional() }).optional(),
  remediate: bool().optional(),
  nextRun: str().optional(),
  running: bool(),
  lastStartedAt: str().optional(),
  lastFinishedAt: str().optional(),
  lastStatus: z.enum(['running', 'succeeded', 'failed', 'skipped']).optional(),
  lastRunId: int().optional(),
  lastError: str().optional(),
  /** `schedule`, `missed` (run on start for a slot missed while down) or who ran it with "Run now". */
  lastTrigger: str().optional(),
});
export type ScheduleView = z.infer<typeof ScheduleView>;
export const SchedulesPage = z.object({ schedules: z.array(ScheduleView) });
export type SchedulesPage = z.infer<typeof SchedulesPage>;
export const ScheduleRunStarted = z.object({ name: str(), started: bool() });
export type ScheduleRunStarted = z.infer<typeof ScheduleRunStarted>;

/** One resource the watch loop re-read after writes to it, and what it did. */
export const WatchActivity = z.object({
  at: dateTime(),
  account: str(),
  /** As the resources of that account are stored (from the organization), when known. */
  accountName: str().optional(),
  region: str(),
  type: str(),
  id: str(),
  arn: str().optional(),
  events: z.array(WatchedWrite),
  outcome: z.enum(['fixed', 'queued', 'clean', 'failing', 'gone', 'error']),
  failing: z.array(str()),
  fixed: int(),
  pending: int(),
  /** From the oldest write to the end of the response (for `fixed`, to the verified fix), ms. */
  totalMs: int(),
  readMs: int(),
  runId: int().optional(),
  error: str().optional(),
});
export type WatchActivity = z.infer<typeof WatchActivity>;

/** Continuous protection in this server: the queues its watch loop reads and what it handled since it started. */
export const ContinuousStatus = z.object({
  /** False when no queue is configured (`events.queueUrl`; `serve --demo` sets one up). */
  watching: bool(),
  queues: z.array(z.object({ url: str(), region: str(), state: z.enum(['watching', 'stopped']), error: str().optional() })),
  startedAt: dateTime().optional(),
  /** The newest write handled (CloudTrail's event time). */
  lastEventAt: dateTime().optional(),
  /** Writes handled (after coalescing, each counted), resources re-read, fixes made and verified, plans queued, errors. */
  events: int(),
  rereads: int(),
  fixes: int(),
  queued: int(),
  errors: int(),
  /** From the write to the verified fix: the last one, and the median and 95th percentile of the last 100 fixes (ms). */
  lag: z.object({ lastMs: int().optional(), p50Ms: int().optional(), p95Ms: int().optional() }),
  /** The resources handled last, newest first (at most 20). */
  recent: z.array(WatchActivity),
});
export type ContinuousStatus = z.infer<typeof ContinuousStatus>;

// --- Path and query parameters ------------------------------------------------------------------

export const IdParam = z.object({ id: str().min(1).max(300) });
export const NumParam = z.object({ id: id() });
export const ResourceQuery = strict({ arn: str().min(1).max(2048) });
export const PoliciesQuery = strict({ q: str().max(200).optional() });
