/** Remediation (plans awaiting approval, approve/reject, journal, undo), accounts, runs and scans. */
import { sql } from 'drizzle-orm';
import { isMamoriError } from '../../core/errors.ts';
import { rowsOf } from '../../store/sql-util.ts';
import { JOURNAL_STATUSES, type JournalStatus } from '../../store/types.ts';
import type { AccountView } from '../contract.ts';
import { journalViews, runOrigins } from '../remediation.ts';
import { REQUESTS, RESPONSES } from '../schemas.ts';
import { HttpError, notFound, route, type RouteDef } from '../route.ts';
import { runView } from './findings.ts';

function statuses(v: unknown): JournalStatus[] | undefined {
  if (v === undefined || v === '') return undefined;
  const list = String(v).split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of list) if (!(JOURNAL_STATUSES as readonly string[]).includes(s)) throw new HttpError(400, 'VALIDATION', `unknown journal status ${s}`);
  return list as JournalStatus[];
}

/** MamoriErrors from the remediation use cases: refusals are conflicts, unknown entries 404. */
function remediationError(e: unknown): never {
  if (isMamoriError(e) && e.code === 'REMEDIATION_REFUSED') throw new HttpError(409, 'REFUSED', e.message);
  throw e;
}

export const operationRoutes: RouteDef[] = [
  route({
    method: 'GET',
    url: '/api/remediation/journal',
    access: 'viewer',
    tag: 'remediation',
    summary: 'The remediation journal, newest first (status=planned: plans awaiting approval), with before/after states',
    schema: { querystring: REQUESTS.journalQuery, response: RESPONSES.journal },
    async handler({ query }, { ctx }) {
      const status = statuses(query.status);
      const entries = await ctx.store.listJournalEntries({ limit: Number(query.limit ?? 200), ...(status ? { status } : {}) });
      const undos = await ctx.store.listJournalEntries({ limit: 1000 });
      return { entries: journalViews(entries, undos), runs: await runOrigins(ctx.store, entries) };
    },
  }),
  route({
    method: 'POST',
    url: '/api/remediation/plan',
    access: 'operator',
    tag: 'remediation',
    summary: 'Plan fixes for approval for the open findings of policies in `approve` mode (one policy, or all)',
    schema: { body: REQUESTS.plan, response: RESPONSES.planned },
    async handler({ body, auth }, { remediation }) {
      return remediation.planFromStore(auth.user.username, body.policy ? String(body.policy) : undefined);
    },
  }),
  route({
    method: 'POST',
    url: '/api/remediation/approve',
    access: 'operator',
    tag: 'remediation',
    summary: 'Approve plans (one or many): each is applied and verified, then the resource is re-scanned',
    schema: { body: REQUESTS.decision, response: RESPONSES.decision },
    async handler({ body, auth }, { remediation }) {
      return remediation.decide(auth.user.username, (body.ids as number[]).map(Number), false).catch(remediationError);
    },
  }),
  route({
    method: 'POST',
    url: '/api/remediation/reject',
    access: 'operator',
    tag: 'remediation',
    summary: 'Reject plans (one or many), with a reason',
    schema: { body: REQUESTS.decision, response: RESPONSES.decision },
    async handler({ body, auth }, { remediation }) {
      return remediation.decide(auth.user.username, (body.ids as number[]).map(Number), true, body.reason ? String(body.reason) : undefined).catch(remediationError);
    },
  }),
  route({
    method: 'POST',
    url: '/api/remediation/journal/:id/undo',
    access: 'operator',
    tag: 'remediation',
    summary: 'Undo an applied change: put back exactly what it removed (refused if the resource changed since, unless force)',
    schema: { params: REQUESTS.numParam, body: REQUESTS.undo, response: RESPONSES.decision },
    async handler({ params, body, auth }, { ctx, remediation }) {
      const id = Number(params.id);
      if (!(await ctx.store.getJournalEntry(id))) throw notFound(`journal entry ${id}`);
      return remediation.undo(auth.user.username, id, body.force === true).catch(remediationError);
    },
  }),
  route({
    method: 'POST',
    url: '/api/runs/:id/undo',
    access: 'operator',
    tag: 'remediation',
    summary: 'Undo every change of a remediation run, newest first, each with the same guards as one undo; then re-read what changed',
    schema: { params: REQUESTS.numParam, body: REQUESTS.undoRun, response: RESPONSES.decision },
    async handler({ params, body, auth }, { ctx, remediation }) {
      const id = Number(params.id);
      if (!(await ctx.store.getRun(id))) throw notFound(`run ${id}`);
      return remediation.undoRun(auth.user.username, id, body.force === true).catch(remediationError);
    },
  }),
  route({
    method: 'GET',
    url: '/api/accounts',
    access: 'viewer',
    tag: 'scans',
    summary: 'Known accounts with their names, regions, resources, failing findings, when a scan last covered them, and coverage gaps of the last scan',
    schema: { response: RESPONSES.accounts },
    async handler(_a, { ctx }) {
      const res = rowsOf<{ account: string; name: string | null; region: string; n: number; last: string }>(
        await ctx.store.db.execute(sql`SELECT account, max(account_name) AS name, region, count(*)::int AS n, max(last_seen)::text AS last FROM resources WHERE gone_at IS NULL GROUP BY account, region`),
      );
      const failing = rowsOf<{ account: string; n: number }>(await ctx.store.db.execute(sql`SELECT account, count(*)::int AS n FROM findings WHERE status IN ('new', 'open', 'reopened') GROUP BY account`));
      const scans = (await ctx.store.listRuns({ kind: 'scan', limit: 50 })).filter((r) => r.counts);
      const [last] = scans;
      // When an account was last scanned: the newest scan that covered it. A re-read after a fix touches one
      // type in one region, so the resources' last-seen times are only the fallback (scans lost to retention).
      const scannedAt = (account: string) => {
        const r = scans.find((x) => !x.scope.accounts || x.scope.accounts.includes(account));
        return r ? (r.finishedAt ?? r.startedAt) : undefined;
      };
      const by = new Map<string, AccountView>();
      for (const r of res) {
        const a = by.get(r.account) ?? { id: r.account, regions: [], resources: 0, failing: 0, gaps: 0 };
        if (r.name) a.name = r.name;
        if (!a.regions.includes(r.region)) a.regions.push(r.region);
        a.resources += Number(r.n);
        const at = scannedAt(r.account) ?? new Date(r.last).toISOString();
        if (!a.lastScanned || at > a.lastScanned) a.lastScanned = at;
        by.set(r.account, a);
      }
      for (const f of failing) {
        const a = by.get(f.account) ?? { id: f.account, regions: [], resources: 0, failing: 0, gaps: 0 };
        a.failing = Number(f.n);
        by.set(f.account, a);
      }
      for (const g of last?.gaps ?? []) {
        const a = by.get(g.account) ?? { id: g.account, regions: [], resources: 0, failing: 0, gaps: 0, ...(g.accountName ? { name: g.accountName } : {}) };
        a.gaps++;
        by.set(g.account, a);
      }
      for (const a of by.values()) a.regions.sort();
      return { accounts: [...by.values()].sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id)) };
    },
  }),
  route({
    method: 'GET',
    url: '/api/runs',
    access: 'viewer',
    tag: 'scans',
    summary: 'Past runs (scans and remediation), newest first, with duration and API calls',
    schema: { querystring: REQUESTS.runsQuery, response: RESPONSES.runs },
    async handler({ query }, { ctx }) {
      return { runs: (await ctx.store.listRuns({ limit: Number(query.limit ?? 50), ...(query.kind ? { kind: String(query.kind) } : {}) })).map(runView) };
    },
  }),
  route({
    method: 'GET',
    url: '/api/runs/:id',
    access: 'viewer',
    tag: 'scans',
    summary: 'One run',
    schema: { params: REQUESTS.numParam, response: RESPONSES.run },
    async handler({ params }, { ctx }) {
      const r = await ctx.store.getRun(Number(params.id));
      if (!r) throw notFound(`run ${params.id}`);
      return runView(r);
    },
  }),
  route({
    method: 'POST',
    url: '/api/scans',
    access: 'operator',
    tag: 'scans',
    status: 202,
    summary: 'Start a scan (optionally of some accounts, regions, policies); poll GET /api/scans/{id} for progress',
    schema: { body: REQUESTS.scan, response: RESPONSES.scanJob },
    async handler({ body, auth }, { ctx, scans }) {
      if (scans.current) throw new HttpError(409, 'CONFLICT', `a scan is already running (${scans.current.id})`);
      const job = scans.start({ ...(body.accounts ? { accounts: body.accounts as string[] } : {}), ...(body.regions ? { regions: body.regions as string[] } : {}), ...(body.policies ? { policies: body.policies as string[] } : {}) }, auth.user.username);
      await ctx.store.recordAudit({ actor: auth.user.username, action: 'scan.start', targetType: 'scan', targetId: job.id, details: { ...body } });
      return job;
    },
  }),
  route({
    method: 'GET',
    url: '/api/scans',
    access: 'viewer',
    tag: 'scans',
    summary: 'The running scan and the recent ones started from this server',
    schema: { response: RESPONSES.scanJobs },
    async handler(_a, { scans }) {
      return { ...(scans.current ? { current: scans.current } : {}), jobs: scans.list() };
    },
  }),
  route({
    method: 'GET',
    url: '/api/scans/:id',
    access: 'viewer',
    tag: 'scans',
    summary: 'Progress of a scan started from this server',
    schema: { params: REQUESTS.idParam, response: RESPONSES.scanJob },
    async handler({ params }, { scans }) {
      const job = scans.get(params.id!);
      if (!job) throw notFound(`scan ${params.id}`);
      return job;
    },
  }),
];
