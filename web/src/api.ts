/** The typed API client: the shapes come from the server's contract (types only, nothing else is imported). */
import type {
  AccountView,
  ApiError,
  AuditPage,
  CreatedToken,
  CustomPolicyView,
  DecisionResponse,
  ExclusionChange,
  ExclusionPatchRequest,
  ExclusionRequest,
  Facets,
  FindingDetail,
  FindingFilters,
  FindingPage,
  JournalPage,
  Me,
  Ok,
  Overview,
  PolicyDetail,
  PolicySettingsRequest,
  PolicySettingsResponse,
  PolicySummary,
  ResourceView,
  RunView,
  ScanJob,
  ScanRequest,
  NotificationsPage,
  SchedulesPage,
  ScheduleRunStarted,
  ContinuousStatus,
  DeliveryView,
  ChannelTestResult,
  DeliveryStatus,
  TokenView,
  UserView,
  ValidateResponse,
  Role,
} from '../../src/server/contract.ts';

export type * from '../../src/server/contract.ts';

/** An API error with its HTTP status and stable code. */
export class ApiFailure extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ApiError['details'];
  constructor(status: number, body: Partial<ApiError>) {
    super(body.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body.error ?? 'HTTP';
    this.details = body.details;
  }
}

let csrfToken = '';
let onUnauthorized: () => void = () => {};
let onPasswordChangeRequired: () => void = () => {};

export function setCsrf(token: string): void {
  csrfToken = token;
}

export function whenSignedOut(fn: () => void): void {
  onUnauthorized = fn;
}

/** The server refuses everything (403 PASSWORD_CHANGE_REQUIRED) until a password set by someone else is changed. */
export function whenPasswordChangeRequired(fn: () => void): void {
  onPasswordChangeRequired = fn;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    if (res.status === 401 && path !== '/api/session') onUnauthorized();
    if (res.status === 403 && (data as Partial<ApiError> | undefined)?.error === 'PASSWORD_CHANGE_REQUIRED') onPasswordChangeRequired();
    throw new ApiFailure(res.status, (data ?? {}) as Partial<ApiError>);
  }
  return data as T;
}

function qs(params: Record<string, string | number | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const api = {
  me: () => call<Me>('GET', '/api/session'),
  signIn: (username: string, password: string) => call<Me>('POST', '/api/session', { username, password }),
  signOut: () => call<Ok>('DELETE', '/api/session'),
  changePassword: (currentPassword: string, newPassword: string) => call<Me>('PUT', '/api/session/password', { currentPassword, newPassword }),

  overview: () => call<Overview>('GET', '/api/overview'),
  findings: (f: FindingFilters & { total?: '0' | '1' }) => call<FindingPage>('GET', `/api/findings${qs({ ...f })}`),
  facets: () => call<Facets>('GET', '/api/facets'),
  finding: (id: string) => call<FindingDetail>('GET', `/api/findings/${encodeURIComponent(id)}`),
  resource: (arn: string) => call<ResourceView>('GET', `/api/resource${qs({ arn })}`),

  policies: (q?: string) => call<{ policies: PolicySummary[] }>('GET', `/api/policies${qs({ q })}`),
  policy: (id: string) => call<PolicyDetail>('GET', `/api/policies/${encodeURIComponent(id)}`),
  setPolicy: (id: string, s: PolicySettingsRequest) => call<PolicySettingsResponse>('PUT', `/api/policies/${encodeURIComponent(id)}/settings`, s),
  addExclusion: (policy: string, x: ExclusionRequest) => call<ExclusionChange>('POST', `/api/policies/${encodeURIComponent(policy)}/exclusions`, x),
  updateExclusion: (id: string, x: ExclusionPatchRequest) => call<ExclusionChange>('PATCH', `/api/exclusions/${encodeURIComponent(id)}`, x),
  removeExclusion: (id: string, reason?: string) => call<ExclusionChange>('DELETE', `/api/exclusions/${encodeURIComponent(id)}`, reason ? { reason } : {}),
  validatePolicy: (source: string) => call<ValidateResponse>('POST', '/api/policies/validate', { source }),
  customPolicies: () => call<{ policies: CustomPolicyView[] }>('GET', '/api/custom-policies'),
  saveCustomPolicy: (id: string, source: string) => call<{ policies: CustomPolicyView[] }>('PUT', `/api/custom-policies/${encodeURIComponent(id)}`, { source }),
  deleteCustomPolicy: (id: string) => call<Ok>('DELETE', `/api/custom-policies/${encodeURIComponent(id)}`),

  journal: (status?: string, limit?: number) => call<JournalPage>('GET', `/api/remediation/journal${qs({ status, limit })}`),
  plan: (policy?: string) => call<{ pending: number; notes: string[] }>('POST', '/api/remediation/plan', policy ? { policy } : {}),
  approve: (ids: number[]) => call<DecisionResponse>('POST', '/api/remediation/approve', { ids }),
  reject: (ids: number[], reason?: string) => call<DecisionResponse>('POST', '/api/remediation/reject', { ids, ...(reason ? { reason } : {}) }),
  undo: (id: number, force = false) => call<DecisionResponse>('POST', `/api/remediation/journal/${id}/undo`, { force }),
  undoRun: (runId: number, force = false) => call<DecisionResponse>('POST', `/api/runs/${runId}/undo`, { force }),

  accounts: () => call<{ accounts: AccountView[] }>('GET', '/api/accounts'),
  runs: (limit = 30) => call<{ runs: RunView[] }>('GET', `/api/runs${qs({ limit })}`),
  startScan: (req: ScanRequest) => call<ScanJob>('POST', '/api/scans', req),
  scans: () => call<{ current?: ScanJob; jobs: ScanJob[] }>('GET', '/api/scans'),
  scan: (id: string) => call<ScanJob>('GET', `/api/scans/${encodeURIComponent(id)}`),
  notifications: (status?: DeliveryStatus, limit = 100) => call<NotificationsPage>('GET', `/api/notifications${qs({ limit, ...(status ? { status } : {}) })}`),
  testChannel: (name: string) => call<ChannelTestResult>('POST', `/api/notifications/channels/${encodeURIComponent(name)}/test`),
  retryDelivery: (id: number) => call<DeliveryView>('POST', `/api/notifications/deliveries/${id}/retry`),
  schedules: () => call<SchedulesPage>('GET', '/api/schedules'),
  runSchedule: (name: string) => call<ScheduleRunStarted>('POST', `/api/schedules/${encodeURIComponent(name)}/run`),
  continuous: () => call<ContinuousStatus>('GET', '/api/continuous'),

  users: () => call<{ users: UserView[] }>('GET', '/api/users'),
  addUser: (username: string, password: string, role: Role) => call<UserView>('POST', '/api/users', { username, password, role }),
  updateUser: (id: number, patch: { role?: Role; password?: string; disabled?: boolean }) => call<UserView>('PATCH', `/api/users/${id}`, patch),
  removeUser: (id: number) => call<Ok>('DELETE', `/api/users/${id}`),
  tokens: () => call<{ tokens: TokenView[] }>('GET', '/api/tokens'),
  createToken: (name: string, expiresInDays?: number) => call<CreatedToken>('POST', '/api/tokens', { name, ...(expiresInDays ? { expiresInDays } : {}) }),
  revokeToken: (id: number) => call<Ok>('DELETE', `/api/tokens/${id}`),
  audit: (limit = 200) => call<AuditPage>('GET', `/api/audit${qs({ limit })}`),
};
