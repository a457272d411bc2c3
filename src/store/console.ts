/**
 * What the console keeps besides findings (migration 0002): per-policy settings, custom policies written in the
 * console, and sign-in sessions. Functions take the store's Drizzle handle (`store.db`) so that the Store
 * interface stays as it is; settings and custom policies are audited in the same transaction as the change.
 */
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Severity } from '../core/index.ts';
import { MamoriError, SEVERITIES } from '../core/index.ts';
import type { Db } from './context.ts';
import { audit, customPolicies, policySettings, sessions, users } from './schema.ts';
import { iso, toIso } from './sql-util.ts';
import type { Role, User } from './types.ts';

export const POLICY_MODES = ['off', 'notify', 'approve', 'auto'] as const;
export type PolicyMode = (typeof POLICY_MODES)[number];

/** A policy's settings as changed in the console; a field left undefined keeps the policy's own value. */
export interface PolicySetting {
  policy: string;
  enabled: boolean;
  severity?: Severity;
  mode?: PolicyMode;
  updatedBy: string;
  updatedAt: string;
}

export interface PolicySettingInput {
  policy: string;
  enabled?: boolean;
  /** null: back to the policy's own. */
  severity?: Severity | null;
  mode?: PolicyMode | null;
  by: string;
}

function toSetting(row: typeof policySettings.$inferSelect): PolicySetting {
  const out: PolicySetting = { policy: row.policy, enabled: row.disabledAt === null, updatedBy: row.updatedBy, updatedAt: iso(row.updatedAt) };
  if (row.severity !== null) out.severity = row.severity as Severity;
  if (row.mode !== null) out.mode = row.mode as PolicyMode;
  return out;
}

export async function listPolicySettings(db: Db): Promise<PolicySetting[]> {
  return (await db.select().from(policySettings).orderBy(asc(policySettings.policy))).map(toSetting);
}

export async function getPolicySetting(db: Db, policy: string): Promise<PolicySetting | undefined> {
  const [row] = await db.select().from(policySettings).where(eq(policySettings.policy, policy));
  return row ? toSetting(row) : undefined;
}

/** Changes the given fields of a policy's settings (creating them), audited as `policy.settings`. */
export async function setPolicySetting(db: Db, input: PolicySettingInput): Promise<PolicySetting> {
  if (input.severity != null && !SEVERITIES.includes(input.severity)) throw new MamoriError('USAGE', `unknown severity ${input.severity}`);
  if (input.mode != null && !POLICY_MODES.includes(input.mode)) throw new MamoriError('USAGE', `unknown response mode ${input.mode}`);
  return db.transaction(async (tx) => {
    const [old] = await tx.select().from(policySettings).where(eq(policySettings.policy, input.policy));
    const wasEnabled = old ? old.disabledAt === null : true;
    const enabled = input.enabled ?? wasEnabled;
    const next = {
      policy: input.policy,
      disabledAt: enabled ? null : wasEnabled ? sql`now()` : old?.disabledAt ?? sql`now()`,
      severity: input.severity === undefined ? (old?.severity ?? null) : input.severity,
      mode: input.mode === undefined ? (old?.mode ?? null) : input.mode,
      updatedBy: input.by,
    };
    const [row] = await tx
      .insert(policySettings)
      .values(next)
      .onConflictDoUpdate({ target: policySettings.policy, set: { disabledAt: next.disabledAt, severity: next.severity, mode: next.mode, updatedBy: next.updatedBy, updatedAt: sql`now()` } })
      .returning();
    if (!row) throw new MamoriError('STORE_ERROR', 'saving the policy settings returned nothing');
    await tx.insert(audit).values({
      actor: input.by,
      action: 'policy.settings',
      targetType: 'policy',
      targetId: input.policy,
      details: { before: old ? { enabled: wasEnabled, severity: old.severity, mode: old.mode } : null, after: { enabled, severity: next.severity, mode: next.mode } },
    });
    return toSetting(row);
  });
}

export interface CustomPolicyRecord {
  id: string;
  source: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

function toCustom(row: typeof customPolicies.$inferSelect): CustomPolicyRecord {
  return { id: row.id, source: row.source, createdBy: row.createdBy, createdAt: iso(row.createdAt), updatedBy: row.updatedBy, updatedAt: iso(row.updatedAt) };
}

export async function listCustomPolicies(db: Db): Promise<CustomPolicyRecord[]> {
  return (await db.select().from(customPolicies).orderBy(asc(customPolicies.id))).map(toCustom);
}

/** Creates or replaces a custom policy's YAML (validated by the caller), audited as `policy.custom.save`. */
export async function saveCustomPolicy(db: Db, input: { id: string; source: string; by: string }): Promise<CustomPolicyRecord> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(customPolicies)
      .values({ id: input.id, source: input.source, createdBy: input.by, updatedBy: input.by })
      .onConflictDoUpdate({ target: customPolicies.id, set: { source: input.source, updatedBy: input.by, updatedAt: sql`now()` } })
      .returning();
    if (!row) throw new MamoriError('STORE_ERROR', 'saving the custom policy returned nothing');
    await tx.insert(audit).values({ actor: input.by, action: 'policy.custom.save', targetType: 'policy', targetId: input.id, details: { bytes: input.source.length } });
    return toCustom(row);
  });
}

export async function deleteCustomPolicy(db: Db, id: string, by: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.delete(customPolicies).where(eq(customPolicies.id, id)).returning({ id: customPolicies.id });
    if (rows.length === 0) return false;
    await tx.insert(audit).values({ actor: by, action: 'policy.custom.delete', targetType: 'policy', targetId: id });
    return true;
  });
}

export interface SessionRecord {
  idHash: string;
  user: User;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export async function createSession(db: Db, input: { idHash: string; userId: number; csrfToken: string; expiresAt: string; ip?: string; userAgent?: string }): Promise<void> {
  await db.insert(sessions).values({ idHash: input.idHash, userId: input.userId, csrfToken: input.csrfToken, expiresAt: input.expiresAt, ip: input.ip ?? null, userAgent: input.userAgent ?? null });
}

/** The session and its user, unless it expired (expired sessions are deleted on the way). */
export async function getSession(db: Db, idHash: string): Promise<SessionRecord | undefined> {
  const [row] = await db.select().from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(eq(sessions.idHash, idHash));
  if (!row) return undefined;
  const s = row.sessions;
  if (Date.parse(iso(s.expiresAt)) <= Date.now()) {
    await db.delete(sessions).where(eq(sessions.idHash, idHash));
    return undefined;
  }
  const u = row.users;
  const user: User = { id: u.id, username: u.username, role: u.role as Role, createdAt: iso(u.createdAt), updatedAt: iso(u.updatedAt) };
  const disabledAt = toIso(u.disabledAt);
  if (disabledAt !== undefined) user.disabledAt = disabledAt;
  if (u.mustChangePassword) user.mustChangePassword = true;
  return { idHash: s.idHash, user, csrfToken: s.csrfToken, createdAt: iso(s.createdAt), lastSeenAt: iso(s.lastSeenAt), expiresAt: iso(s.expiresAt) };
}

export async function touchSession(db: Db, idHash: string, expiresAt: string): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: sql`now()`, expiresAt }).where(eq(sessions.idHash, idHash));
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

/** Signs a user out everywhere (role change, password change, disabled, removed). */
export async function deleteUserSessions(db: Db, userId: number): Promise<number> {
  return (await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.idHash })).length;
}

export async function purgeExpiredSessions(db: Db): Promise<number> {
  return (await db.delete(sessions).where(and(lt(sessions.expiresAt, sql`now()`))).returning({ id: sessions.idHash })).length;
}
