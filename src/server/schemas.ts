/**
 * The JSON schemas of the API, derived from the zod schemas of `contract.ts` (`z.toJSONSchema`): Fastify validates
 * requests with them, and the OpenAPI document (`/api/openapi.json`, docs/openapi.json) is generated from them.
 * Nothing here describes a shape of its own.
 */
import { z } from 'zod';
import * as C from './contract.ts';

export type JsonSchema = Record<string, unknown>;

const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Drops what zod adds that says nothing here and OpenAPI 3.0 does not know: `$schema`, the implicit safe-integer
 * bounds of `z.int()`, `propertyNames` of string-keyed records; writes `const` as a one-value `enum` (3.0 has no
 * `const`), an open record's `additionalProperties: {}` as `true`, and a one-member `allOf` as its member.
 */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (!node || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node as JsonSchema)) {
    if (k === '$schema') continue;
    if (k === 'propertyNames' && (v as JsonSchema).type === 'string' && Object.keys(v as object).length === 1) continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as JsonSchema).map(([p, s]) => [p, tidy(s)])) : tidy(v);
  }
  if (out.type === 'integer' && out.minimum === -SAFE && out.maximum === SAFE) {
    delete out.minimum;
    delete out.maximum;
  }
  if ('const' in out) {
    out.enum = [out.const];
    delete out.const;
  }
  // An optional component comes out as `allOf: [{ $ref }]`; the reference alone says the same.
  if (Array.isArray(out.allOf) && out.allOf.length === 1 && Object.keys(out).length === 1) return out.allOf[0];
  if (out.additionalProperties && typeof out.additionalProperties === 'object' && Object.keys(out.additionalProperties).length === 0) out.additionalProperties = true;
  return out;
}

/**
 * The JSON schema of a zod schema, with every component of the contract inside it (other than itself) written as
 * a reference (`Name#`, as Fastify and the OpenAPI document know them). `io: 'input'`: a response object does not
 * declare `additionalProperties: false` (the serializer does not filter), while a request body or query declares it
 * because the contract makes it a strict object.
 */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return tidy(
    z.toJSONSchema(schema, {
      target: 'draft-7',
      io: 'input',
      override: (ctx) => {
        const hit = C.COMPONENT_REGISTRY.get(ctx.zodSchema as unknown as z.ZodType);
        if (!hit || ctx.path.length === 0) return;
        const json = ctx.jsonSchema as JsonSchema;
        for (const k of Object.keys(json)) delete json[k];
        json.$ref = `${hit.id}#`;
      },
    }),
  ) as JsonSchema;
}

/** Shared shapes, registered with Fastify (`$ref: 'Name#'`) and listed under components in the OpenAPI document. */
export function components(): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  const registered = [C.ApiError, C.Ok, C.ResourceRef, C.Evidence, C.FindingRow, C.ConfigSection, C.CoverageGap, C.RunView, C.JournalView, C.PolicySummary, C.ExclusionView, C.PolicyProblem, C.OutcomeView, C.ScanJob, C.UserView, C.TokenView, C.DeliveryView];
  for (const s of registered) out[C.COMPONENT_REGISTRY.get(s)!.id] = jsonSchemaOf(s);
  return out;
}

/** Response bodies by name, for the route table. */
export const RESPONSES = {
  me: C.Me,
  overview: C.Overview,
  findingPage: C.FindingPage,
  facets: C.Facets,
  findingDetail: C.FindingDetail,
  resourceView: C.ResourceView,
  policies: C.PoliciesPage,
  policyDetail: C.PolicyDetail,
  policySettings: C.PolicySettingsResponse,
  exclusions: C.ExclusionsPage,
  exclusionChange: C.ExclusionChange,
  validate: C.ValidateResponse,
  customPolicies: C.CustomPoliciesPage,
  journal: C.JournalPage,
  decision: C.DecisionResponse,
  planned: C.PlanResponse,
  accounts: C.AccountsPage,
  runs: C.RunsPage,
  run: C.RunView,
  scanJob: C.ScanJob,
  scanJobs: C.ScanJobs,
  users: C.UsersPage,
  user: C.UserView,
  tokens: C.TokensPage,
  createdToken: C.CreatedToken,
  audit: C.AuditPage,
  notifications: C.NotificationsPage,
  delivery: C.DeliveryView,
  channelTest: C.ChannelTestResult,
  schedules: C.SchedulesPage,
  continuous: C.ContinuousStatus,
  scheduleRun: C.ScheduleRunStarted,
  ok: C.Ok,
} satisfies Record<string, z.ZodType>;

/** Request bodies, queries and path parameters by name, for the route table. */
export const REQUESTS = {
  login: C.LoginRequest,
  findingsQuery: C.FindingFilters,
  idParam: C.IdParam,
  numParam: C.NumParam,
  resourceQuery: C.ResourceQuery,
  policiesQuery: C.PoliciesQuery,
  policySettings: C.PolicySettingsRequest,
  exclusion: C.ExclusionRequest,
  exclusionPatch: C.ExclusionPatchRequest,
  removeExclusion: C.RemoveExclusionRequest,
  validate: C.ValidateRequest,
  journalQuery: C.JournalQuery,
  decision: C.DecisionRequest,
  plan: C.PlanRequest,
  undo: C.UndoRequest,
  undoRun: C.UndoRunRequest,
  scan: C.ScanRequest,
  runsQuery: C.RunsQuery,
  createUser: C.CreateUserRequest,
  changePassword: C.ChangePasswordRequest,
  updateUser: C.UpdateUserRequest,
  createToken: C.CreateTokenRequest,
  auditQuery: C.AuditQuery,
  notificationsQuery: C.NotificationsQuery,
  channelParam: C.ChannelParam,
  scheduleParam: C.ChannelParam,
} satisfies Record<string, z.ZodType>;
