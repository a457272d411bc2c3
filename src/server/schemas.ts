/**
 * JSON schemas of the API: requests are validated with them, and the OpenAPI document (`/api/openapi.json`,
 * docs/openapi.json) is generated from them. They describe the shapes of `contract.ts`.
 */
type Schema = Record<string, unknown>;

export const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
export const int = (extra: Schema = {}): Schema => ({ type: 'integer', ...extra });
export const bool = (): Schema => ({ type: 'boolean' });
export const arr = (items: Schema, extra: Schema = {}): Schema => ({ type: 'array', items, ...extra });
export const nullable = (s: Schema): Schema => ({ anyOf: [s, { type: 'null' }] });
/** An object; `required` lists the keys that are always there. Extra keys are allowed in responses (documentation). */
export const obj = (properties: Record<string, Schema>, required: string[] = [], extra: Schema = {}): Schema => ({ type: 'object', properties, ...(required.length ? { required } : {}), ...extra });
/** A request body: unknown keys are refused. */
export const body = (properties: Record<string, Schema>, required: string[] = []): Schema => obj(properties, required, { additionalProperties: false });
const anyObj = (): Schema => ({ type: 'object', additionalProperties: true });
export const ref = (name: keyof typeof COMPONENTS): Schema => ({ $ref: `${name}#` });

const SEVERITY = str({ enum: ['critical', 'high', 'medium', 'low', 'info'] });
const STATUS = str({ enum: ['new', 'open', 'resolved', 'reopened', 'excluded', 'error'] });
const MODE = str({ enum: ['off', 'notify', 'approve', 'auto'] });
const ROLE = str({ enum: ['viewer', 'operator', 'admin'] });
const bySeverity = obj(Object.fromEntries(['critical', 'high', 'medium', 'low', 'info'].map((s) => [s, int()])));

const resourceRef = obj({ type: str(), id: str(), arn: str(), account: str(), accountName: str(), region: str(), name: str(), tags: { type: 'object', additionalProperties: str() } }, ['type', 'id', 'arn', 'account', 'region', 'tags']);
const evidence = obj({ id: str(), kind: str(), summary: str(), data: anyObj() }, ['id', 'kind', 'summary', 'data']);
const exclusionMatch = obj({ id: str(), scope: str({ enum: ['global', 'policy'] }), reason: str(), owner: str(), expires: str(), matched: str() }, ['id', 'scope', 'reason', 'matched']);
const gap = obj({ kind: str(), account: str(), accountName: str(), region: str(), resourceType: str(), service: str(), operation: str(), code: str(), message: str(), policies: arr(str()) }, ['kind', 'account', 'region', 'resourceType', 'code', 'message', 'policies']);

/** Shared shapes, registered with Fastify (`$ref: 'Name#'`) and listed under components in the OpenAPI document. */
export const COMPONENTS = {
  ApiError: obj(
    { error: str({ description: 'stable code, e.g. UNAUTHORIZED, FORBIDDEN, CSRF, VALIDATION, NOT_FOUND, CONFLICT, RATE_LIMITED, PASSWORD_CHANGE_REQUIRED' }), message: str(), details: arr(anyObj()), requestId: str({ description: 'on 5xx: the id under which the server logged the error' }) },
    ['error', 'message'],
  ),
  Ok: obj({ ok: { type: 'boolean', enum: [true] } }, ['ok']),
  ResourceRef: resourceRef,
  Evidence: evidence,
  FindingRow: obj(
    { id: str(), policy: str(), title: str(), status: STATUS, severity: SEVERITY, resource: resourceRef, evidenceCount: int(), exclusion: exclusionMatch, firstSeen: str({ format: 'date-time' }), lastSeen: str({ format: 'date-time' }), resolvedAt: str({ format: 'date-time' }) },
    ['id', 'policy', 'title', 'status', 'severity', 'resource', 'evidenceCount', 'firstSeen', 'lastSeen'],
  ),
  ConfigSection: obj({ title: str(), lines: arr(obj({ text: str(), evidenceId: str(), violating: bool(), policies: arr(str()), detail: str() }, ['text', 'violating'])) }, ['title', 'lines']),
  CoverageGap: gap,
  Run: obj(
    { id: int(), kind: str(), status: str({ enum: ['running', 'succeeded', 'partial', 'failed'] }), startedAt: str(), finishedAt: str(), durationMs: int(), apiCalls: int(), apiCallsByOperation: { type: 'object', additionalProperties: int() }, counts: anyObj(), gaps: arr(gap), scope: anyObj(), error: str(), meta: anyObj() },
    ['id', 'kind', 'status', 'startedAt', 'apiCalls', 'apiCallsByOperation', 'gaps', 'scope', 'meta'],
  ),
  Journal: obj(
    {
      id: int(),
      status: str(),
      policy: str(),
      action: str(),
      resource: resourceRef,
      findingId: str(),
      evidence: arr(evidence),
      plannedCalls: arr(obj({ service: str(), operation: str(), params: anyObj(), purpose: str() })),
      before: {},
      after: {},
      result: {},
      error: str(),
      approvedBy: str(),
      approvedAt: str(),
      undoOf: int(),
      undoneBy: int(),
      runId: int(),
      plan: obj({ removes: arr(str()), keeps: arr(str()), notes: arr(str()) }, ['removes', 'keeps', 'notes']),
      reversible: bool(),
      createdAt: str(),
      updatedAt: str(),
    },
    ['id', 'status', 'policy', 'action', 'resource', 'evidence', 'plannedCalls', 'reversible', 'createdAt', 'updatedAt'],
  ),
  PolicySummary: obj(
    { id: str(), title: str(), resource: str(), service: str(), severity: SEVERITY, defaultSeverity: SEVERITY, enabled: bool(), mode: MODE, defaultMode: MODE, configMode: MODE, action: str(), frameworks: arr(str()), custom: bool(), failing: int(), excluded: int() },
    ['id', 'title', 'resource', 'service', 'severity', 'defaultSeverity', 'enabled', 'mode', 'defaultMode', 'frameworks', 'custom', 'failing', 'excluded'],
  ),
  Exclusion: obj(
    { id: str(), source: str({ enum: ['stored', 'policy', 'config'] }), policy: str(), match: anyObj(), reason: str(), owner: str(), expires: str(), expired: bool(), createdBy: str(), createdAt: str(), updatedAt: str() },
    ['id', 'source', 'match', 'reason', 'expired'],
  ),
  PolicyProblem: obj({ message: str(), line: int(), column: int(), formatted: str() }, ['message', 'formatted']),
  Outcome: obj({ entryId: int(), outcome: str(), action: str(), resource: resourceRef, why: str() }, ['outcome', 'action', 'resource']),
  ScanJob: obj(
    { id: str(), state: str({ enum: ['running', 'succeeded', 'failed'] }), startedAt: str(), finishedAt: str(), startedBy: str(), phase: str(), done: int(), total: int(), resources: int(), runId: int(), error: str(), counts: anyObj(), remediation: anyObj(), coverage: obj({ covered: str(), hint: str() }, ['covered']) },
    ['id', 'state', 'startedAt', 'startedBy', 'phase', 'done', 'total', 'resources'],
  ),
  User: obj({ id: int(), username: str(), role: ROLE, createdAt: str(), disabled: bool(), mustChangePassword: bool() }, ['id', 'username', 'role', 'createdAt', 'disabled', 'mustChangePassword']),
  Token: obj({ id: int(), userId: int(), name: str(), createdAt: str(), lastUsedAt: str(), expiresAt: str() }, ['id', 'userId', 'name', 'createdAt']),
} satisfies Record<string, Schema>;

export const S = {
  severity: SEVERITY,
  status: STATUS,
  mode: MODE,
  role: ROLE,
  bySeverity,
  anyObj,
};

const effectiveMode = obj({ mode: MODE, source: str({ enum: ['policy', 'console', 'config', 'account'] }), accounts: arr(str()) }, ['mode', 'source']);
const excludeSuggestion = obj({ policies: arr(str()), resource: obj({ arn: str(), id: str(), account: str(), accountName: str(), region: str() }, ['arn', 'id', 'account', 'region']) }, ['policies', 'resource']);
const decision = obj({ fixed: arr(ref('Outcome')), skipped: arr(ref('Outcome')), failed: arr(ref('Outcome')), pending: arr(ref('Outcome')), refreshed: bool(), excludeSuggestions: arr(excludeSuggestion) }, ['fixed', 'skipped', 'failed', 'pending', 'refreshed']);
const policyDetailPolicy = { allOf: [ref('PolicySummary'), obj({ description: str(), rationale: str(), remediation: str(), file: str() }, ['description'])] };
const resourceView = obj(
  { resource: ref('ResourceRef'), lastSeen: str(), goneAt: str(), sections: arr(ref('ConfigSection')), config: anyObj(), related: arr(anyObj()), findings: arr(ref('FindingRow')) },
  ['resource', 'sections', 'config', 'related', 'findings'],
);

/** Response bodies by name, for the route table. */
export const RESPONSES = {
  me: obj(
    { user: obj({ id: int(), username: str(), role: ROLE }, ['id', 'username', 'role']), csrfToken: str(), via: str({ enum: ['session', 'token'] }), demo: bool(), mustChangePassword: bool() },
    ['user', 'csrfToken', 'via', 'demo', 'mustChangePassword'],
  ),
  overview: obj(
    {
      failingBySeverity: bySeverity,
      byStatus: anyObj(),
      byAccount: arr(obj({ key: str(), label: str(), count: int(), bySeverity }, ['key', 'count'])),
      byPolicy: arr(obj({ key: str(), label: str(), count: int(), bySeverity }, ['key', 'count'])),
      changes: obj({ fromRun: int(), toRun: int(), new: arr(ref('FindingRow')), resolved: arr(ref('FindingRow')), reopened: arr(ref('FindingRow')), counts: obj({ new: int(), resolved: int(), reopened: int() }, ['new', 'resolved', 'reopened']) }, ['new', 'resolved', 'reopened', 'counts']),
      trend: arr(obj({ runId: int(), at: str(), failing: int(), new: int(), resolved: int() }, ['runId', 'at', 'failing', 'new', 'resolved'])),
      gaps: arr(ref('CoverageGap')),
      lastScan: ref('Run'),
      pendingApprovals: int(),
    },
    ['failingBySeverity', 'byStatus', 'byAccount', 'byPolicy', 'changes', 'trend', 'gaps', 'pendingApprovals'],
  ),
  findingPage: obj({ findings: arr(ref('FindingRow')), total: int(), totalExact: bool(), nextCursor: str() }, ['findings']),
  facets: obj({ accounts: arr(obj({ id: str(), name: str() }, ['id'])), regions: arr(str()), services: arr(str()), policies: arr(obj({ id: str(), title: str() }, ['id', 'title'])) }, ['accounts', 'regions', 'services', 'policies']),
  findingDetail: obj(
    {
      finding: { allOf: [ref('FindingRow'), obj({ evidence: arr(ref('Evidence')), error: str(), outcome: str() }, ['evidence', 'outcome'])] },
      policy: obj({ id: str(), title: str(), description: str(), rationale: str(), severity: SEVERITY, frameworks: arr(str()) }),
      resource: resourceView,
      fix: obj({ action: str(), actionTitle: str(), actionDescription: str(), reversible: bool(), mode: MODE, modeSource: effectiveMode, hint: str(), entries: arr(ref('Journal')) }, ['mode', 'entries']),
      history: arr(obj({ runId: int(), runKind: str(), journalId: int(), from: STATUS, to: STATUS, at: str() }, ['runId', 'to', 'at'])),
    },
    ['finding', 'fix', 'history'],
  ),
  resourceView,
  policies: obj({ policies: arr(ref('PolicySummary')) }, ['policies']),
  policyDetail: obj(
    {
      policy: policyDetailPolicy,
      source: str(),
      exclusions: arr(ref('Exclusion')),
      settings: obj({ updatedBy: str(), updatedAt: str() }),
      modes: arr(MODE),
      effectiveMode: { allOf: [effectiveMode, obj({ accountOverrides: arr(obj({ accounts: arr(str()), mode: MODE }, ['accounts', 'mode'])) }, ['accountOverrides'])] },
    },
    ['policy', 'exclusions', 'modes'],
  ),
  policySettings: obj({ policy: ref('PolicySummary'), planned: int(), notes: arr(str()) }, ['policy', 'planned', 'notes']),
  exclusions: obj({ exclusions: arr(ref('Exclusion')) }, ['exclusions']),
  exclusionChange: obj({ exclusion: ref('Exclusion'), reevaluated: int() }, ['exclusion', 'reevaluated']),
  validate: obj({ valid: bool(), id: str(), problems: arr(ref('PolicyProblem')) }, ['valid', 'problems']),
  customPolicies: obj({ policies: arr(obj({ id: str(), source: str(), createdBy: str(), createdAt: str(), updatedBy: str(), updatedAt: str() })) }, ['policies']),
  journal: obj({ entries: arr(ref('Journal')) }, ['entries']),
  decision,
  planned: obj({ pending: int(), notes: arr(str()) }, ['pending', 'notes']),
  accounts: obj({ accounts: arr(obj({ id: str(), name: str(), regions: arr(str()), resources: int(), failing: int(), lastScanned: str(), gaps: int() }, ['id', 'regions', 'resources', 'failing', 'gaps'])) }, ['accounts']),
  runs: obj({ runs: arr(ref('Run')) }, ['runs']),
  run: ref('Run'),
  scanJob: ref('ScanJob'),
  scanJobs: obj({ current: ref('ScanJob'), jobs: arr(ref('ScanJob')) }, ['jobs']),
  users: obj({ users: arr(ref('User')) }, ['users']),
  user: ref('User'),
  tokens: obj({ tokens: arr(ref('Token')) }, ['tokens']),
  createdToken: obj({ token: ref('Token'), secret: str({ description: 'shown once' }) }, ['token', 'secret']),
  audit: obj({ entries: arr(obj({ id: int(), at: str(), actor: str(), action: str(), targetType: str(), targetId: str(), details: anyObj() }, ['id', 'at', 'actor', 'action'])) }, ['entries']),
  ok: ref('Ok'),
} satisfies Record<string, Schema>;

/** Numeric ids are PostgreSQL integers: anything outside 1..2^31-1 can name nothing, and is refused before the store. */
export const MAX_ID = 2_147_483_647;
const ID = int({ minimum: 1, maximum: MAX_ID });

export const REQUESTS = {
  login: body({ username: str({ minLength: 1, maxLength: 200 }), password: str({ minLength: 1, maxLength: 1024 }) }, ['username', 'password']),
  findingsQuery: obj(
    {
      severity: str({ description: 'comma-separated severities' }),
      status: str({ description: 'comma-separated lifecycle statuses; default new,open,reopened; `all` for every status' }),
      account: str({ description: 'comma-separated account ids' }),
      region: str(),
      service: str(),
      policy: str(),
      resource: str({ description: 'ARN or resource id; `*` is a wildcard' }),
      text: str({ maxLength: 200 }),
      sort: str({ enum: ['severity', 'lastSeen', 'firstSeen', 'policy', 'resource'] }),
      order: str({ enum: ['asc', 'desc'] }),
      limit: int({ minimum: 1, maximum: 500 }),
      cursor: str({ maxLength: 2000 }),
    },
    [],
    { additionalProperties: false },
  ),
  idParam: obj({ id: str({ minLength: 1, maxLength: 300 }) }, ['id']),
  numParam: obj({ id: ID }, ['id']),
  resourceQuery: obj({ arn: str({ minLength: 1, maxLength: 2048 }) }, ['arn'], { additionalProperties: false }),
  policiesQuery: obj({ q: str({ maxLength: 200 }) }, [], { additionalProperties: false }),
  policySettings: body({ enabled: bool(), severity: nullable(SEVERITY), mode: nullable(MODE) }),
  exclusion: body({ match: anyObj(), reason: str({ minLength: 1, maxLength: 2000 }), owner: str({ minLength: 1, maxLength: 200 }), expires: str({ maxLength: 40 }) }, ['match', 'reason']),
  exclusionPatch: body({ match: anyObj(), reason: str({ minLength: 1, maxLength: 2000 }), owner: nullable(str({ minLength: 1, maxLength: 200 })), expires: nullable(str({ maxLength: 40 })) }),
  removeExclusion: body({ reason: str({ maxLength: 2000 }) }),
  validate: body({ source: str({ maxLength: 200_000 }) }, ['source']),
  journalQuery: obj({ status: str({ description: 'comma-separated journal statuses' }), limit: int({ minimum: 1, maximum: 1000 }) }, [], { additionalProperties: false }),
  decision: body({ ids: arr(ID, { minItems: 1, maxItems: 500 }), reason: str({ maxLength: 2000 }) }, ['ids']),
  plan: body({ policy: str({ maxLength: 200 }) }),
  undo: body({ force: bool() }),
  undoRun: body({ force: bool() }),
  scan: body({ accounts: arr(str(), { maxItems: 1000 }), regions: arr(str(), { maxItems: 100 }), policies: arr(str(), { maxItems: 1000 }) }),
  runsQuery: obj({ limit: int({ minimum: 1, maximum: 500 }), kind: str() }, [], { additionalProperties: false }),
  createUser: body({ username: str({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._@-]+$' }), password: str({ minLength: 1, maxLength: 1024 }), role: ROLE }, ['username', 'password', 'role']),
  changePassword: body({ currentPassword: str({ minLength: 1, maxLength: 1024 }), newPassword: str({ minLength: 1, maxLength: 1024 }) }, ['currentPassword', 'newPassword']),
  updateUser: body({ role: ROLE, password: str({ minLength: 1, maxLength: 1024 }), disabled: bool() }),
  createToken: body({ name: str({ minLength: 1, maxLength: 200 }), expiresInDays: int({ minimum: 1, maximum: 3650 }) }, ['name']),
  auditQuery: obj({ limit: int({ minimum: 1, maximum: 1000 }), beforeId: int({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), action: str(), actor: str() }, [], { additionalProperties: false }),
} satisfies Record<string, Schema>;
