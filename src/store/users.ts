/** Users and API tokens: storage only. Hashing passwords and tokens, sessions and role checks belong to the server. */
import { asc, eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { MamoriError } from '../core/index.ts';
import type { StoreContext } from './context.ts';
import { apiTokens, users } from './schema.ts';
import { iso, pgCode, storeError, toIso } from './sql-util.ts';
import type { ApiToken, Role, User, UserWithPassword } from './types.ts';
import { ROLES } from './types.ts';

type UserRow = typeof users.$inferSelect;
type TokenRow = typeof apiTokens.$inferSelect;

function toUser(row: UserRow): User {
  const out: User = { id: row.id, username: row.username, role: row.role as Role, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) };
  const disabledAt = toIso(row.disabledAt);
  if (disabledAt !== undefined) out.disabledAt = disabledAt;
  if (row.mustChangePassword) out.mustChangePassword = true;
  return out;
}

function toToken(row: TokenRow): ApiToken {
  const out: ApiToken = { id: row.id, userId: row.userId, name: row.name, createdAt: iso(row.createdAt) };
  const lastUsedAt = toIso(row.lastUsedAt);
  if (lastUsedAt !== undefined) out.lastUsedAt = lastUsedAt;
  const expiresAt = toIso(row.expiresAt);
  if (expiresAt !== undefined) out.expiresAt = expiresAt;
  return out;
}

/** A change to a user; `mustChangePassword` goes with a password someone else chose (true) or the user's own (false). */
export interface UserPatch {
  role?: Role;
  passwordHash?: string;
  disabled?: boolean;
  mustChangePassword?: boolean;
}

function checkRole(role: string): void {
  if (!(ROLES as readonly string[]).includes(role)) throw new MamoriError('USAGE', `unknown role ${role}; expected one of ${ROLES.join(', ')}`);
}

export async function createUser(ctx: StoreContext, input: { username: string; passwordHash: string; role: Role; mustChangePassword?: boolean }): Promise<User> {
  checkRole(input.role);
  if (!input.username.trim()) throw new MamoriError('USAGE', 'a user needs a username');
  try {
    const [row] = await ctx.db.insert(users).values(input).returning();
    if (!row) throw new MamoriError('STORE_ERROR', 'inserting the user returned nothing');
    return toUser(row);
  } catch (e) {
    if (pgCode(e) === '23505') throw new MamoriError('USAGE', `user ${input.username} already exists`, undefined, { cause: e });
    throw storeError(`could not create user ${input.username}`, e);
  }
}

export async function getUser(ctx: StoreContext, id: number): Promise<User | undefined> {
  const [row] = await ctx.db.select().from(users).where(eq(users.id, id));
  return row ? toUser(row) : undefined;
}

export async function getUserByUsername(ctx: StoreContext, username: string): Promise<User | undefined> {
  const [row] = await ctx.db.select().from(users).where(eq(users.username, username));
  return row ? toUser(row) : undefined;
}

/** The user with its password hash, for the login check only. */
export async function getUserCredentials(ctx: StoreContext, username: string): Promise<UserWithPassword | undefined> {
  const [row] = await ctx.db.select().from(users).where(eq(users.username, username));
  return row ? { ...toUser(row), passwordHash: row.passwordHash } : undefined;
}

export async function listUsers(ctx: StoreContext): Promise<User[]> {
  const rows = await ctx.db.select().from(users).orderBy(asc(users.username));
  return rows.map(toUser);
}

export async function updateUser(ctx: StoreContext, id: number, patch: UserPatch): Promise<User> {
  const set: PgUpdateSetSource<typeof users> = { updatedAt: sql`now()` };
  if (patch.role !== undefined) {
    checkRole(patch.role);
    set.role = patch.role;
  }
  if (patch.passwordHash !== undefined) set.passwordHash = patch.passwordHash;
  if (patch.mustChangePassword !== undefined) set.mustChangePassword = patch.mustChangePassword;
  if (patch.disabled !== undefined) set.disabledAt = patch.disabled ? sql`now()` : null;
  const [row] = await ctx.db.update(users).set(set).where(eq(users.id, id)).returning();
  if (!row) throw new MamoriError('NOT_FOUND', `user ${id} does not exist`);
  return toUser(row);
}

/** Deletes a user and its API tokens. */
export async function deleteUser(ctx: StoreContext, id: number): Promise<boolean> {
  const rows = await ctx.db.delete(users).where(eq(users.id, id)).returning({ id: users.id });
  return rows.length > 0;
}

export async function createApiToken(ctx: StoreContext, input: { userId: number; name: string; tokenHash: string; expiresAt?: string }): Promise<ApiToken> {
  try {
    const [row] = await ctx.db
      .insert(apiTokens)
      .values({ userId: input.userId, name: input.name, tokenHash: input.tokenHash, expiresAt: input.expiresAt ?? null })
      .returning();
    if (!row) throw new MamoriError('STORE_ERROR', 'inserting the API token returned nothing');
    return toToken(row);
  } catch (e) {
    if (pgCode(e) === '23503') throw new MamoriError('NOT_FOUND', `user ${input.userId} does not exist`, undefined, { cause: e });
    throw storeError('could not create the API token', e);
  }
}

/** The token with this hash and its user; expiry and disabled users are for the caller to judge. */
export async function findApiToken(ctx: StoreContext, tokenHash: string): Promise<{ token: ApiToken; user: User } | undefined> {
  const [row] = await ctx.db.select().from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId)).where(eq(apiTokens.tokenHash, tokenHash));
  return row ? { token: toToken(row.api_tokens), user: toUser(row.users) } : undefined;
}

export async function touchApiToken(ctx: StoreContext, id: number): Promise<void> {
  await ctx.db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, id));
}

export async function listApiTokens(ctx: StoreContext, userId?: number): Promise<ApiToken[]> {
  const rows = await ctx.db
    .select()
    .from(apiTokens)
    .where(userId !== undefined ? eq(apiTokens.userId, userId) : undefined)
    .orderBy(asc(apiTokens.id));
  return rows.map(toToken);
}

export async function deleteApiToken(ctx: StoreContext, id: number): Promise<boolean> {
  const rows = await ctx.db.delete(apiTokens).where(eq(apiTokens.id, id)).returning({ id: apiTokens.id });
  return rows.length > 0;
}
