/** Overview, findings (paged, filtered, sorted), one finding with its resource marked, a resource, facets for filters. */
import { sql } from 'drizzle-orm';
import { responseModeFor } from '../../app/config.ts';
import { SEVERITIES, type Severity } from '../../core/finding.ts';
import { serviceOf } from '../../core/resource.ts';
import { getAction } from '../../remediation/registry.ts';
import { rowsOf } from '../../store/sql-util.ts';
import { FAILING_STATUSES, LIFECYCLE_STATUSES, type FindingQuery, type LifecycleStatus, type RunRecord, type StoredFinding } from '../../store/index.ts';
import type { CountBy, FindingDetail, Overview, PlannedFix, ResourceView, RunView } from '../contract.ts';
import { journalViews } from '../remediation.ts';
import { REQUESTS, RESPONSES } from '../schemas.ts';
import { configSections, findingRow, marksOf, marksOfEvidence, type Marks } from '../views.ts';
import { HttpError, notFound, type Deps, type RouteDef } from '../route.ts';

export function runView(r: RunRecord): RunView {
  const apiCalls = Object.values(r.apiCalls ?? {}).reduce((a, b) => a + b, 0);
  const v: RunView = { id: r.id, kind: r.kind, status: r.status, startedAt: r.startedAt, apiCalls, apiCallsByOperation: r.apiCalls ?? {}, gaps: r.gaps ?? [], scope: r.scope ?? {}, meta: r.meta ?? {} };
  if (r.finishedAt) v.finishedAt = r.finishedAt;
  if (r.durationMs !== undefined) v.durationMs = r.durationMs;
  if (r.counts) v.counts = r.counts;
  if (r.error) v.error = r.error;
  return v;
}

function csv(v: unknown): string[] | undefined {
  if (v === undefined || v === '') return undefined;
  const items = String(v).split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

/** The store query of the findings list; default: the findings that need attention (new, open, reopened). */
export function findingQuery(query: Record<string, unknown>): FindingQuery {
  const status = csv(query.status);
  for (const s of status ?? []) if (s !== 'all' && !(LIFECYCLE_STATUSES as readonly string[]).includes(s)) throw new HttpError(400, 'VALIDATION', `unknown status ${s}`);
  const severity = csv(query.severity);
  for (const s of severity ?? []) if (!(SEVERITIES as readonly string[]).includes(s)) throw new HttpError(400, 'VALIDATION', `unknown severity ${s}`);
  const q: FindingQuery = { limit: Number(query.limit ?? 50) };
  if (!status) q.status = [...FAILING_STATUSES];
  else if (!status.includes('all')) q.status = status as LifecycleStatus[];
  if (severity) q.severity = severity as Severity[];
  const lists = { account: csv(query.account), region: csv(query.region), service: csv(query.service), policy: csv(query.policy) };
  if (lists.account) q.account = lists.account;
  if (lists.region) q.region = lists.region;
  if (lists.service) q.service = lists.service;
  if (lists.policy) q.policy = lists.policy;
  if (query.resource) q.resource = String(query.resource);
  if (query.text) q.text = String(query.text);
  if (query.sort) q.sort = query.sort as FindingQuery['sort'];
  if (query.cursor) q.cursor = String(query.cursor);
  // Counting is the slow part of a large match: only the first page counts, and a client may skip it (total=0).
  q.withTotal = !query.cursor && query.total !== '0' && query.total !== false;
  return q;
}

async function countBy(deps: Deps, column: 'account' | 'policy'): Promise<CountBy[]> {
  const label = column === 'account' ? sql`max(account_name)` : sql`max(title)`;
  const col = column === 'account' ? sql`account` : sql`policy`;
  const rows = rowsOf<{ key: string; label: string | null; severity: string; n: number }>(
    await deps.ctx.store.db.execute(sql`SELECT ${col} AS key, ${label} AS label, severity, count(*)::int AS n FROM findings WHERE status IN ('new', 'open', 'reopened') GROUP BY 1, 3`),
  );
  const by = new Map<string, CountBy>();
  for (const r of rows) {
    const c = by.get(r.key) ?? { key: r.key, count: 0, bySeverity: {}, ...(r.label ? { label: r.label } : {}) };
    c.count += Number(r.n);
    c.bySeverity![r.severity as Severity] = (c.bySeverity![r.severity as Severity] ?? 0) + Number(r.n);
    by.set(r.key, c);
  }
  return [...by.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)).slice(0, 25);
}

async function resourceView(deps: Deps, arn: string, marks?: Marks): Promise<ResourceView | undefined> {
  const r = await deps.ctx.store.getResource(arn);
  const page = await deps.ctx.store.listFindings({ resource: arn, limit: 200, withTotal: false });
  const findings = page.findings.filter((f) => f.resource.arn === arn);
  if (!r) return undefined;
  const { config, related, firstSeen: _f, lastSeen, goneAt, lastRunId: _l, readErrors: _e, ...ref } = r;
  const view: ResourceView = {
    resource: ref,
    lastSeen,
    sections: configSections(r, marks ?? marksOf(findings)),
    config: config as Record<string, unknown>,
    related: related.map((x) => ({ type: x.type, id: x.id, ...(x.relation ? { relation: x.relation } : {}), ...(x.tags ? { tags: x.tags } : {}) })),
    findings: findings.map(findingRow),
  };
  if (goneAt) view.goneAt = goneAt;
  return view;
}

async function plannedFix(deps: Deps, f: StoredFinding): Promise<PlannedFix> {
  const entries = await deps.ctx.policyEntries();
  const entry = entries.find((e) => e.base.id === f.policy);
  const policy = entry?.effective ?? entry?.base;
  const mode = policy ? responseModeFor(deps.ctx.config, policy.id, policy.response.mode, { id: f.resource.account, ...(f.resource.accountName ? { name: f.resource.accountName } : {}) }) : 'notify';
  const fix: PlannedFix = { mode, entries: [] };
  if (policy?.remediation) fix.hint = policy.remediation;
  const actionId = policy?.response.action;
  if (actionId) {
    fix.action = actionId;
    try {
      const a = getAction(actionId);
      fix.actionTitle = a.title;
      fix.actionDescription = a.description;
      fix.reversible = a.reversible;
    } catch {
      // An action the registry does not know: the policy names it, nothing can run it.
    }
    const all = await deps.ctx.store.listJournalEntries({ resourceArn: f.resource.arn, limit: 50 });
    fix.entries = journalViews(all.filter((e) => e.action === actionId || e.policy.split(',').includes(f.policy)), all);
  }
  return fix;
}

export const findingRoutes: RouteDef[] = [
  {
    method: 'GET',
    url: '/api/overview',
    access: 'viewer',
    tag: 'overview',
    summary: 'Open findings by severity, account and policy; new and resolved since the last scan; trend; coverage gaps',
    schema: { response: RESPONSES.overview },
    async handler(_a, deps): Promise<Overview> {
      const { store } = deps.ctx;
      const [summary, byAccount, byPolicy, diff, range, runs, planned] = await Promise.all([
        store.findingSummary(),
        countBy(deps, 'account'),
        countBy(deps, 'policy'),
        store.diff(),
        store.diffRange(),
        store.listRuns({ kind: 'scan', limit: 30 }),
        store.listJournalEntries({ status: 'planned', limit: 1000 }),
      ]);
      const committed = runs.filter((r) => r.counts);
      const last = committed[0];
      const trend = committed
        .slice(0, 20)
        .reverse()
        .map((r) => ({ runId: r.id, at: r.finishedAt ?? r.startedAt, failing: r.counts?.totalFailing ?? (r.counts?.new ?? 0) + (r.counts?.open ?? 0) + (r.counts?.reopened ?? 0), new: r.counts?.new ?? 0, resolved: r.counts?.resolved ?? 0 }));
      const o: Overview = {
        failingBySeverity: summary.failingBySeverity,
        byStatus: summary.byStatus,
        byAccount,
        byPolicy,
        changes: {
          new: diff.new.slice(0, 20).map(findingRow),
          resolved: diff.resolved.slice(0, 20).map(findingRow),
          reopened: diff.reopened.slice(0, 20).map(findingRow),
          counts: { new: diff.new.length, resolved: diff.resolved.length, reopened: diff.reopened.length },
        },
        trend,
        gaps: last?.gaps ?? [],
        pendingApprovals: planned.length,
      };
      if (range.fromRun !== undefined) o.changes.fromRun = range.fromRun;
      if (range.toRun !== undefined) o.changes.toRun = range.toRun;
      if (last) o.lastScan = runView(last);
      return o;
    },
  },
  {
    method: 'GET',
    url: '/api/findings',
    access: 'viewer',
    tag: 'findings',
    summary: 'A page of findings: filters (comma-separated lists), sort, cursor paging; `total` on the first page unless total=0',
    schema: { querystring: { ...REQUESTS.findingsQuery, properties: { ...(REQUESTS.findingsQuery.properties as object), total: { type: 'string', enum: ['0', '1'] } } }, response: RESPONSES.findingPage },
    async handler({ query }, { ctx }) {
      const page = await ctx.store.listFindings(findingQuery(query));
      return { findings: page.findings.map(findingRow), ...(page.total !== undefined ? { total: page.total, totalExact: page.totalExact !== false } : {}), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    },
  },
  {
    method: 'GET',
    url: '/api/facets',
    access: 'viewer',
    tag: 'findings',
    summary: 'Values for the findings filters: accounts, regions, services, policies',
    schema: { response: RESPONSES.facets },
    async handler(_a, { ctx }) {
      const rows = rowsOf<{ account: string; account_name: string | null; region: string }>(
        await ctx.store.db.execute(sql`SELECT DISTINCT account, account_name, region FROM resources WHERE gone_at IS NULL`),
      );
      const accounts = new Map<string, string | undefined>();
      const regions = new Set<string>();
      for (const r of rows) {
        if (!accounts.has(r.account) || r.account_name) accounts.set(r.account, r.account_name ?? undefined);
        if (r.region !== 'global' && r.region !== '') regions.add(r.region);
      }
      const policies = (await ctx.policyEntries()).map((e) => ({ id: e.base.id, title: e.base.title }));
      return {
        accounts: [...accounts].map(([id, name]) => ({ id, ...(name ? { name } : {}) })).sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id)),
        regions: [...regions].sort(),
        services: [...new Set((await ctx.policyEntries()).map((e) => serviceOf(e.base.resource)))].sort(),
        policies,
      };
    },
  },
  {
    method: 'GET',
    url: '/api/findings/:id',
    access: 'viewer',
    tag: 'findings',
    summary: 'One finding: the resource configuration with each violating part marked, the rationale, the planned fix, the history',
    schema: { params: REQUESTS.idParam, response: RESPONSES.findingDetail },
    async handler({ params }, deps): Promise<FindingDetail> {
      const { store } = deps.ctx;
      const f = await store.getFinding(params.id!);
      if (!f) throw notFound(`finding ${params.id}`);
      const entries = await deps.ctx.policyEntries();
      const p = entries.find((e) => e.base.id === f.policy);
      const detail: FindingDetail = {
        finding: { ...findingRow(f), evidence: f.evidence, outcome: f.outcome, ...(f.error ? { error: f.error } : {}) },
        fix: await plannedFix(deps, f),
        history: await store.findingHistory(f.id),
      };
      if (p) {
        const pol = p.effective ?? p.base;
        detail.policy = { id: pol.id, title: pol.title, description: pol.description, severity: pol.severity, frameworks: pol.frameworks, ...(pol.rationale ? { rationale: pol.rationale } : {}) };
      }
      // A resolved finding marks nothing: its parts are gone.
      const view = await resourceView(deps, f.resource.arn, f.status === 'resolved' ? new Map() : marksOfEvidence(f.policy, f.evidence));
      if (view) detail.resource = view;
      return detail;
    },
  },
  {
    method: 'GET',
    url: '/api/resource',
    access: 'viewer',
    tag: 'findings',
    summary: 'A resource as last scanned, with the parts that its open findings name marked',
    schema: { querystring: REQUESTS.resourceQuery, response: RESPONSES.resourceView },
    async handler({ query }, deps) {
      const view = await resourceView(deps, String(query.arn));
      if (!view) throw notFound(`resource ${String(query.arn)}`);
      return view;
    },
  },
];
