/** Overview, findings (paged, filtered, sorted), one finding with its resource marked, a resource, facets for filters. */
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../../core/finding.ts';
import { serviceOf } from '../../core/resource.ts';
import { policyInfoMap, STORED_FORMATS, storedWriter, textMatchingPolicies, type StoredFormat } from '../../outputs/stored.ts';
import { getAction } from '../../remediation/registry.ts';
import { rowsOf } from '../../store/sql-util.ts';
import { FAILING_STATUSES, LIFECYCLE_STATUSES, type FindingQuery, type LifecycleStatus, type RunRecord, type StoredFinding } from '../../store/index.ts';
import type { CountBy, FindingDetail, Overview, PlannedFix, ResourceView, RunView } from '../contract.ts';
import { journalViews } from '../remediation.ts';
import { REQUESTS, RESPONSES } from '../schemas.ts';
import { configSections, effectiveModeOf, findingRow, marksOf, marksOfEvidence, type Marks } from '../views.ts';
import { HttpError, notFound, type Deps, route, type RouteDef } from '../route.ts';

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
  if (query.order) q.order = query.order as FindingQuery['order'];
  if (query.cursor) q.cursor = String(query.cursor);
  // Counting is the slow part of a large match: only the first page counts, and a client may skip it (total=0).
  q.withTotal = !query.cursor && query.total !== '0' && query.total !== false;
  return q;
}

/** The store query with `text` also matching the framework ids of the policies (as the policies search does). */
async function findingQueryOf(deps: Deps, query: Record<string, unknown>): Promise<FindingQuery> {
  const q = findingQuery(query);
  if (q.text) q.textPolicies = textMatchingPolicies((await deps.ctx.policyEntries()).map((e) => e.base), q.text);
  return q;
}

/** Pages through every match so that an export of a large store streams instead of building one huge string. */
async function* exportChunks(deps: Deps, q: FindingQuery, format: StoredFormat): AsyncGenerator<string> {
  const w = storedWriter(format, policyInfoMap((await deps.ctx.policyEntries()).map((e) => e.base)));
  yield w.begin();
  let i = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.ctx.store.listFindings({ ...q, limit: 1000, withTotal: false, ...(cursor ? { cursor } : {}) });
    let chunk = '';
    for (const f of page.findings) chunk += w.item(f, i++);
    if (chunk) yield chunk;
    cursor = page.nextCursor;
  } while (cursor);
  yield w.end();
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

/** The ARNs of the related resources that the store holds (same account), keyed by `type id`, so that they can be linked. */
async function relatedArns(deps: Deps, account: string, related: readonly { type: string; id: string }[]): Promise<Map<string, string>> {
  if (related.length === 0) return new Map();
  const ids = [...new Set(related.map((x) => x.id))];
  const rows = rowsOf<{ type: string; resource_id: string; arn: string }>(
    await deps.ctx.store.db.execute(sql`SELECT type, resource_id, arn FROM resources WHERE account = ${account} AND resource_id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`),
  );
  return new Map(rows.map((x) => [`${x.type} ${x.resource_id}`, x.arn]));
}

async function resourceView(deps: Deps, arn: string, marks?: Marks): Promise<ResourceView | undefined> {
  const r = await deps.ctx.store.getResource(arn);
  const page = await deps.ctx.store.listFindings({ resource: arn, limit: 200, withTotal: false });
  const findings = page.findings.filter((f) => f.resource.arn === arn);
  if (!r) return undefined;
  const { config, related, firstSeen: _f, lastSeen, goneAt, lastRunId: _l, readErrors: _e, ...ref } = r;
  const arns = await relatedArns(deps, r.account, related);
  const view: ResourceView = {
    resource: ref,
    lastSeen,
    sections: configSections(r, marks ?? marksOf(findings)),
    config: config as Record<string, unknown>,
    related: related.map((x) => {
      const relatedArn = arns.get(`${x.type} ${x.id}`);
      return { type: x.type, id: x.id, ...(relatedArn ? { arn: relatedArn } : {}), ...(x.relation ? { relation: x.relation } : {}), ...(x.tags ? { tags: x.tags } : {}) };
    }),
    findings: findings.map(findingRow),
  };
  if (goneAt) view.goneAt = goneAt;
  return view;
}

async function plannedFix(deps: Deps, f: StoredFinding): Promise<PlannedFix> {
  const entries = await deps.ctx.policyEntries();
  const entry = entries.find((e) => e.base.id === f.policy);
  const policy = entry?.effective ?? entry?.base;
  const origin = entry ? effectiveModeOf(deps.ctx.config, entry, { id: f.resource.account, ...(f.resource.accountName ? { name: f.resource.accountName } : {}) }) : undefined;
  const fix: PlannedFix = { mode: origin?.mode ?? 'notify', entries: [] };
  if (origin) fix.modeSource = { mode: origin.mode, source: origin.source, ...(origin.accounts ? { accounts: origin.accounts } : {}) };
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
  route({
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
  }),
  route({
    method: 'GET',
    url: '/api/findings',
    access: 'viewer',
    tag: 'findings',
    summary: 'A page of findings: filters (comma-separated lists), sort, cursor paging; `total` on the first page unless total=0',
    schema: { querystring: REQUESTS.findingsQuery.extend({ total: z.enum(['0', '1']).optional() }), response: RESPONSES.findingPage },
    async handler({ query }, deps) {
      const page = await deps.ctx.store.listFindings(await findingQueryOf(deps, query));
      return { findings: page.findings.map(findingRow), ...(page.total !== undefined ? { total: page.total, totalExact: page.totalExact !== false } : {}), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    },
  }),
  {
    method: 'GET',
    url: '/api/findings/export',
    access: 'viewer',
    tag: 'findings',
    summary: 'Every finding that matches the filters of GET /api/findings, streamed as a file: format csv, json, ocsf (OCSF 1.3) or asff (Security Hub)',
    schema: {
      querystring: REQUESTS.findingsQuery.extend({ format: z.enum(STORED_FORMATS) }),
      response: z.string().meta({ description: 'the findings as CSV (text/csv) or JSON (application/json)' }),
    },
    raw: true,
    async handler({ query, reply }, deps) {
      const format = query.format as StoredFormat;
      const { cursor: _c, limit: _l, format: _f, ...filters } = query;
      const q = await findingQueryOf(deps, filters);
      const w = storedWriter(format, new Map());
      const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
      reply.header('content-type', w.contentType);
      reply.header('content-disposition', `attachment; filename="mamori-findings-${stamp}.${w.extension}"`);
      return Readable.from(exportChunks(deps, q, format));
    },
  },
  route({
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
  }),
  route({
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
      // A resolved finding marks nothing in the current configuration: its parts are gone (the page lists them as history).
      const view = await resourceView(deps, f.resource.arn, f.status === 'resolved' ? new Map() : marksOfEvidence(f.policy, f.evidence));
      if (view) detail.resource = view;
      return detail;
    },
  }),
  route({
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
  }),
];
