/** The policy catalog with settings, exclusions (stored ones editable), custom YAML policies with validation. */
import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { isMamoriError } from '../../core/errors.ts';
import { serviceOf } from '../../core/resource.ts';
import { expiryTime, parseExclusions, type Exclusion } from '../../engine/exclusions.ts';
import { compileGlobs } from '../../core/glob.ts';
import { RESPONSE_MODES } from '../../engine/policy.ts';
import { parsePolicy } from '../../app/policies.ts';
import { deleteCustomPolicy, listCustomPolicies, saveCustomPolicy, setPolicySetting, type PolicyMode } from '../../store/console.ts';
import { rowsOf } from '../../store/sql-util.ts';
import type { Severity } from '../../core/finding.ts';
import type { StoredExclusion } from '../../store/index.ts';
import type { ExclusionView, PolicyDetail, PolicyProblem, PolicySummary, ResponseMode, ValidateResponse } from '../contract.ts';
import type { PolicyEntry } from '../context.ts';
import { REQUESTS, RESPONSES } from '../schemas.ts';
import { effectiveModeOf } from '../views.ts';
import { HttpError, notFound, type Deps, route, type RouteDef } from '../route.ts';

async function counts(deps: Deps): Promise<Map<string, { failing: number; excluded: number }>> {
  const rows = rowsOf<{ policy: string; status: string; n: number }>(
    await deps.ctx.store.db.execute(sql`SELECT policy, status, count(*)::int AS n FROM findings WHERE status IN ('new', 'open', 'reopened', 'excluded') GROUP BY 1, 2`),
  );
  const out = new Map<string, { failing: number; excluded: number }>();
  for (const r of rows) {
    const c = out.get(r.policy) ?? { failing: 0, excluded: 0 };
    if (r.status === 'excluded') c.excluded += Number(r.n);
    else c.failing += Number(r.n);
    out.set(r.policy, c);
  }
  return out;
}

function summary(e: PolicyEntry, c: { failing: number; excluded: number } | undefined): PolicySummary {
  const p = e.base;
  const s: PolicySummary = {
    id: p.id,
    title: p.title,
    resource: p.resource,
    service: serviceOf(p.resource),
    severity: e.setting?.severity ?? p.severity,
    defaultSeverity: p.severity,
    enabled: e.setting ? e.setting.enabled : true,
    mode: e.effective?.response.mode ?? e.setting?.mode ?? p.response.mode,
    defaultMode: p.response.mode,
    frameworks: p.frameworks,
    custom: e.custom,
    failing: c?.failing ?? 0,
    excluded: c?.excluded ?? 0,
  };
  if (p.response.action) s.action = p.response.action;
  return s;
}

function modesFor(e: PolicyEntry): ResponseMode[] {
  return e.base.response.action ? [...RESPONSE_MODES] : ['off', 'notify'];
}

export function storedExclusionView(x: StoredExclusion): ExclusionView {
  const v: ExclusionView = { id: x.id, source: 'stored', match: x.exclusion, reason: x.reason, expired: x.expires !== undefined && expiryTime(x.expires) <= Date.now(), createdBy: x.createdBy, createdAt: x.createdAt, updatedAt: x.updatedAt };
  if (x.policy) v.policy = x.policy;
  if (x.owner) v.owner = x.owner;
  if (x.expires) v.expires = x.expires;
  return v;
}

function engineExclusionView(x: Exclusion, source: 'policy' | 'config', policy?: string): ExclusionView {
  const v: ExclusionView = { id: x.id, source, match: x.match as Record<string, unknown>, reason: x.reason, expired: x.expires !== undefined && expiryTime(x.expires) <= Date.now() };
  if (policy) v.policy = policy;
  if (x.owner) v.owner = x.owner;
  if (x.expires) v.expires = x.expires;
  return v;
}

async function entryOf(deps: Deps, id: string): Promise<PolicyEntry> {
  const e = (await deps.ctx.policyEntries()).find((x) => x.base.id === id);
  if (!e) throw notFound(`policy ${id}`);
  return e;
}

function problemOf(e: unknown, file: string): PolicyProblem {
  if (isMamoriError(e)) {
    const p: PolicyProblem = { message: e.message, formatted: e.format() };
    if (e.location?.line !== undefined) p.line = e.location.line;
    if (e.location?.column !== undefined) p.column = e.location.column;
    return p;
  }
  return { message: (e as Error).message, formatted: `${file}: ${(e as Error).message}` };
}

/** Validates exclusion criteria as the engine will read them; a problem is a 400 with the engine's message. */
function checkExclusion(body: Record<string, unknown>, policy: string | undefined): void {
  const raw = { reason: body.reason ?? 'x', match: body.match, ...(body.owner ? { owner: body.owner } : {}), ...(body.expires ? { expires: body.expires } : {}), ...(policy ? { policies: [policy] } : {}) };
  try {
    parseExclusions([raw], { scope: 'global', file: 'exclusion' });
  } catch (e) {
    throw new HttpError(400, 'VALIDATION', isMamoriError(e) ? e.message : String(e), { details: [problemOf(e, 'exclusion')] });
  }
}

/** Re-evaluate what an exclusion change affects (a scan of the policy, or of every policy for a global one). */
async function reevaluate(deps: Deps, policy: string | undefined): Promise<number> {
  const run = await deps.scans.refresh(policy ? { policies: [policy] } : {});
  return run?.counts ? run.counts.excluded : 0;
}

export const policyRoutes: RouteDef[] = [
  route({
    method: 'GET',
    url: '/api/policies',
    access: 'viewer',
    tag: 'policies',
    summary: 'The policy catalog (built-in, directories, custom) with settings and finding counts; `q` searches id, title, description, frameworks',
    schema: { querystring: REQUESTS.policiesQuery, response: RESPONSES.policies },
    async handler({ query }, deps) {
      const [entries, c] = await Promise.all([deps.ctx.policyEntries(), counts(deps)]);
      const q = typeof query.q === 'string' ? query.q.trim().toLowerCase() : '';
      const hits = q ? entries.filter((e) => [e.base.id, e.base.title, e.base.description, e.base.resource, ...e.base.frameworks].some((s) => s.toLowerCase().includes(q))) : entries;
      return {
        policies: hits.map((e) => {
          const s = summary(e, c.get(e.base.id));
          const inEffect = effectiveModeOf(deps.ctx.config, e);
          if (inEffect.source === 'config') s.configMode = inEffect.mode;
          return s;
        }),
      };
    },
  }),
  route({
    method: 'GET',
    url: '/api/policies/:id',
    access: 'viewer',
    tag: 'policies',
    summary: 'One policy: settings, rationale, YAML, exclusions (stored, in the policy, in mamori.yaml)',
    schema: { params: REQUESTS.idParam, response: RESPONSES.policyDetail },
    async handler({ params }, deps): Promise<PolicyDetail> {
      const e = await entryOf(deps, params.id!);
      const c = (await counts(deps)).get(e.base.id);
      const p = e.base;
      const stored = (await deps.ctx.store.listExclusions({ policy: p.id })).map(storedExclusionView);
      const fromPolicy = p.exclusions.map((x) => engineExclusionView(x, 'policy', p.id));
      const fromConfig = deps.ctx.config.exclusions.filter((x) => !x.policies || compileGlobs(x.policies)(p.id)).map((x) => engineExclusionView(x, 'config'));
      const detail: PolicyDetail = {
        policy: { ...summary(e, c), description: p.description, ...(p.rationale ? { rationale: p.rationale } : {}), ...(p.remediation ? { remediation: p.remediation } : {}), ...(p.file ? { file: p.file } : {}) },
        exclusions: [...stored, ...fromPolicy, ...fromConfig],
        modes: modesFor(e),
        effectiveMode: effectiveModeOf(deps.ctx.config, e),
      };
      const source = e.source ?? (p.file && existsSync(p.file) ? readFileSync(p.file, 'utf8') : undefined);
      if (source !== undefined) detail.source = source;
      if (e.setting) detail.settings = { updatedBy: e.setting.updatedBy, updatedAt: e.setting.updatedAt };
      return detail;
    },
  }),
  route({
    method: 'PUT',
    url: '/api/policies/:id/settings',
    access: 'admin',
    tag: 'policies',
    summary: 'Enable or disable a policy, override its severity, set its response mode; `approve` plans fixes for its open findings at once',
    schema: { params: REQUESTS.idParam, body: REQUESTS.policySettings, response: RESPONSES.policySettings },
    async handler({ params, body, auth }, deps) {
      const e = await entryOf(deps, params.id!);
      const mode = body.mode as PolicyMode | null | undefined;
      if ((mode === 'approve' || mode === 'auto') && !e.base.response.action) throw new HttpError(400, 'VALIDATION', `mode ${mode} needs a remediation action, and policy ${e.base.id} has none`);
      await setPolicySetting(deps.ctx.store.db, {
        policy: e.base.id,
        by: auth.user.username,
        ...(body.enabled !== undefined ? { enabled: body.enabled === true } : {}),
        ...(body.severity !== undefined ? { severity: body.severity as Severity | null } : {}),
        ...(mode !== undefined ? { mode } : {}),
      });
      let planned = 0;
      const notes: string[] = [];
      const updated = await entryOf(deps, e.base.id);
      if (updated.effective?.response.mode === 'approve') {
        try {
          const r = await deps.remediation.planFromStore(auth.user.username, e.base.id);
          planned = r.pending;
          notes.push(...r.notes);
        } catch (err) {
          notes.push(`fixes could not be planned now: ${isMamoriError(err) ? err.format() : (err as Error).message}; the next scan plans them`);
        }
      }
      if (updated.effective?.response.mode === 'auto') notes.push('fixes are applied by the next scan started from the console (or mamori scan --remediate)');
      return { policy: summary(updated, (await counts(deps)).get(e.base.id)), planned, notes };
    },
  }),
  route({
    method: 'GET',
    url: '/api/exclusions',
    access: 'viewer',
    tag: 'exclusions',
    summary: 'Exclusions kept in the store (added in the console or the API)',
    schema: { response: RESPONSES.exclusions },
    async handler(_a, { ctx }) {
      return { exclusions: (await ctx.store.listExclusions()).map(storedExclusionView) };
    },
  }),
  route({
    method: 'POST',
    url: '/api/policies/:id/exclusions',
    access: 'operator',
    tag: 'exclusions',
    status: 201,
    summary: 'Add an exclusion to a policy (reason, owner, expiry; match on account, region, resource, tags, related-resource tags); the policy is re-evaluated',
    schema: { params: REQUESTS.idParam, body: REQUESTS.exclusion, response: RESPONSES.exclusionChange },
    async handler({ params, body, auth }, deps) {
      const e = await entryOf(deps, params.id!);
      checkExclusion(body, e.base.id);
      const x = await deps.ctx.store.addExclusion({
        policy: e.base.id,
        exclusion: body.match as Record<string, unknown>,
        reason: String(body.reason),
        by: auth.user.username,
        ...(body.owner ? { owner: String(body.owner) } : {}),
        ...(body.expires ? { expires: String(body.expires) } : {}),
      });
      return { exclusion: storedExclusionView(x), reevaluated: await reevaluate(deps, e.base.id) };
    },
  }),
  route({
    method: 'PATCH',
    url: '/api/exclusions/:id',
    access: 'operator',
    tag: 'exclusions',
    summary: 'Change a stored exclusion; what it applies to is re-evaluated',
    schema: { params: REQUESTS.idParam, body: REQUESTS.exclusionPatch, response: RESPONSES.exclusionChange },
    async handler({ params, body, auth }, deps) {
      const old = await deps.ctx.store.getExclusion(params.id!);
      if (!old || old.removedAt) throw notFound(`exclusion ${params.id}`);
      checkExclusion({ reason: body.reason ?? old.reason, match: body.match ?? old.exclusion, ...(body.expires !== null ? { expires: body.expires ?? old.expires } : {}) }, old.policy);
      const patch: Parameters<typeof deps.ctx.store.updateExclusion>[1] = {};
      if (body.match !== undefined) patch.exclusion = body.match as Record<string, unknown>;
      if (body.reason !== undefined) patch.reason = String(body.reason);
      if (body.owner !== undefined) patch.owner = body.owner === null ? null : String(body.owner);
      if (body.expires !== undefined) patch.expires = body.expires === null ? null : String(body.expires);
      const x = await deps.ctx.store.updateExclusion(old.id, patch, auth.user.username);
      return { exclusion: storedExclusionView(x), reevaluated: await reevaluate(deps, x.policy) };
    },
  }),
  route({
    method: 'DELETE',
    url: '/api/exclusions/:id',
    access: 'operator',
    tag: 'exclusions',
    summary: 'Remove a stored exclusion (kept in the audit trail); what it applied to is re-evaluated',
    schema: { params: REQUESTS.idParam, body: REQUESTS.removeExclusion, response: RESPONSES.exclusionChange },
    async handler({ params, body, auth }, deps) {
      const old = await deps.ctx.store.getExclusion(params.id!);
      if (!old || old.removedAt) throw notFound(`exclusion ${params.id}`);
      const x = await deps.ctx.store.removeExclusion(old.id, auth.user.username, body.reason ? String(body.reason) : undefined);
      return { exclusion: storedExclusionView(x), reevaluated: await reevaluate(deps, x.policy) };
    },
  }),
  route({
    method: 'POST',
    url: '/api/policies/validate',
    access: 'viewer',
    tag: 'policies',
    summary: 'Validate a policy written in YAML; problems carry line and column',
    schema: { body: REQUESTS.validate, response: RESPONSES.validate },
    async handler({ body }): Promise<ValidateResponse> {
      try {
        const p = parsePolicy(String(body.source), 'policy.yaml');
        return { valid: true, id: p.id, problems: [] };
      } catch (e) {
        if (!isMamoriError(e)) throw e;
        return { valid: false, problems: [problemOf(e, 'policy.yaml')] };
      }
    },
  }),
  route({
    method: 'GET',
    url: '/api/custom-policies',
    access: 'viewer',
    tag: 'policies',
    summary: 'Custom policies written in the console',
    schema: { response: RESPONSES.customPolicies },
    async handler(_a, { ctx }) {
      return { policies: await listCustomPolicies(ctx.store.db) };
    },
  }),
  route({
    method: 'PUT',
    url: '/api/custom-policies/:id',
    access: 'admin',
    tag: 'policies',
    summary: 'Create or replace a custom policy (YAML); refused with positioned problems when invalid',
    schema: { params: REQUESTS.idParam, body: REQUESTS.validate, response: RESPONSES.customPolicies },
    async handler({ params, body, auth }, deps) {
      const id = params.id!;
      const file = `custom/${id}.yaml`;
      let policyId: string;
      try {
        policyId = parsePolicy(String(body.source), file, { expectedId: id }).id;
      } catch (e) {
        if (!isMamoriError(e)) throw e;
        const p = problemOf(e, file);
        throw new HttpError(400, 'POLICY_INVALID', p.formatted, { details: [p] });
      }
      const existing = (await deps.ctx.policyEntries()).find((x) => x.base.id === policyId);
      if (existing && !existing.custom) throw new HttpError(409, 'CONFLICT', `${policyId} is a built-in or directory policy; choose another id`);
      await saveCustomPolicy(deps.ctx.store.db, { id: policyId, source: String(body.source), by: auth.user.username });
      return { policies: await listCustomPolicies(deps.ctx.store.db) };
    },
  }),
  route({
    method: 'DELETE',
    url: '/api/custom-policies/:id',
    access: 'admin',
    tag: 'policies',
    summary: 'Delete a custom policy',
    schema: { params: REQUESTS.idParam, response: RESPONSES.ok },
    async handler({ params, auth }, { ctx }) {
      if (!(await deleteCustomPolicy(ctx.store.db, params.id!, auth.user.username))) throw notFound(`custom policy ${params.id}`);
      return { ok: true as const };
    },
  }),
];

