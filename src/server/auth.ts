/**
 * Authentication primitives: password hashes (scrypt from node:crypto), API token and session id hashes, and the
 * login rate limiter. Sessions themselves live in the store (`sessions` table) so that they survive a restart
 * and, on PostgreSQL, are shared by several servers.
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Role } from '../store/types.ts';

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

/** scrypt cost: N=2^15, r=8, p=1 (32 MiB, ~100 ms): OWASP's recommended minimum for scrypt. */
const COST = { N: 32768, r: 8, p: 1 };
const KEYLEN = 32;

/** `scrypt$N$r$p$salt$hash` (base64url). Parameters are kept in the hash so that they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { ...COST, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 256 * 1024 * 1024 });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to compare against when the user does not exist, so that a login takes as long either way. */
export const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Minimum password length for local users (NIST SP 800-63B: at least 8; we ask for more). */
export const MIN_PASSWORD = 10;

export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD) return `a password needs at least ${MIN_PASSWORD} characters`;
  if (password.length > 1024) return 'a password may have at most 1024 characters';
  return undefined;
}

/** A random secret (256 bits), URL-safe. */
export function randomSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** API tokens and session ids are high-entropy, so a plain SHA-256 is the right hash (no salt or stretching needed). */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** API tokens look like `mamori_<43 chars>`, so that secret scanners can recognize them. */
export const TOKEN_PREFIX = 'mamori_';

export const ROLE_RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

export function hasRole(role: Role, needed: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

/** Constant-time string comparison. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface RateLimitOptions {
  /** Failed attempts allowed per window from one IP address. */
  perIp: number;
  /** Failed attempts allowed per window for one username (from anywhere). */
  perUser: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perIp: 20, perUser: 5, windowMs: 15 * 60_000 };

/** One sign-in attempt counted in advance; see {@link LoginLimiter.reserve}. */
export interface Reservation {
  readonly ip: string;
  readonly user: string;
  readonly at: number;
}

/**
 * Sign-in attempts per IP address and per username in a sliding window, in memory. Per user stops password guessing
 * spread over many addresses; per IP stops one address from trying many users.
 *
 * An attempt is counted *before* its password is checked ({@link reserve}): the check is slow (scrypt), so counting
 * failures after it would let parallel requests all pass the limit before the first failure lands. A successful
 * sign-in gives its reservation back ({@link release}) and clears the user's count (not the address's).
 */
export class LoginLimiter {
  readonly opts: RateLimitOptions;
  private readonly attempts = new Map<string, number[]>();
  constructor(opts: RateLimitOptions = DEFAULT_RATE_LIMIT) {
    this.opts = opts;
  }

  private recent(key: string, now: number): number[] {
    const list = (this.attempts.get(key) ?? []).filter((t) => now - t < this.opts.windowMs);
    if (list.length) this.attempts.set(key, list);
    else this.attempts.delete(key);
    return list;
  }

  private keys(ip: string, username: string): [string, string] {
    return [`ip:${ip}`, `user:${username.toLowerCase()}`];
  }

  /** Seconds to wait when blocked, else 0. */
  blocked(ip: string, username: string, now = Date.now()): number {
    const [ipKey, userKey] = this.keys(ip, username);
    const ipList = this.recent(ipKey, now);
    const userList = this.recent(userKey, now);
    const waits: number[] = [];
    if (ipList.length >= this.opts.perIp) waits.push((ipList[0]! + this.opts.windowMs - now) / 1000);
    if (userList.length >= this.opts.perUser) waits.push((userList[0]! + this.opts.windowMs - now) / 1000);
    return waits.length ? Math.max(1, Math.ceil(Math.max(...waits))) : 0;
  }

  /**
   * Counts an attempt now, before the password is checked, or says how many seconds to wait. Check and count
   * happen in one synchronous step, so no number of parallel requests gets more than the limit through.
   */
  reserve(ip: string, username: string, now = Date.now()): { reservation: Reservation } | { wait: number } {
    const wait = this.blocked(ip, username, now);
    if (wait > 0) return { wait };
    this.fail(ip, username, now);
    return { reservation: { ip, user: username.toLowerCase(), at: now } };
  }

  /** A reserved attempt succeeded: it no longer counts against the address, and the user's failures are forgiven. */
  release(r: Reservation): void {
    const [ipKey, userKey] = this.keys(r.ip, r.user);
    const list = this.attempts.get(ipKey);
    const i = list ? list.indexOf(r.at) : -1;
    if (list && i >= 0) list.splice(i, 1);
    if (list && list.length === 0) this.attempts.delete(ipKey);
    this.attempts.delete(userKey);
  }

  /** Counts a failed attempt (without a reservation). */
  fail(ip: string, username: string, now = Date.now()): void {
    for (const key of this.keys(ip, username)) {
      const list = this.recent(key, now);
      list.push(now);
      this.attempts.set(key, list);
      // Bound the memory an attacker can make us use.
      if (this.attempts.size > 100_000) this.attempts.delete(this.attempts.keys().next().value!);
    }
  }

  succeed(username: string): void {
    this.attempts.delete(`user:${username.toLowerCase()}`);
  }
}
