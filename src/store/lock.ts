/**
 * The embedded store's lock: PGlite is one process's database, and two processes writing one data directory
 * corrupt it and lose committed rows. So one process at a time holds `<dataDir>/db.lock.sqlite`.
 *
 * Why an OS lock and not a lock file: a lock *file* (create with O_EXCL, judge the owner dead, delete, retry) needs
 * its staleness decision and its removal to be one atomic step, and POSIX has no "delete this name only if it is
 * still that file". Every file protocol we traced has an interleaving with two holders: A and B both judge a
 * stale lock dead; A removes it and creates its own; B then removes A's live lock (unlink or rename acts on the
 * name, not on what B read) and creates its own. Takeover through rename-aside + re-verification narrows the window
 * but the verification itself can move a live lock aside. mtime-based staleness (proper-lockfile) is worse for a
 * store that `serve` holds for days: a missed refresh (a paused VM, a long GC, a suspended laptop) hands the store
 * to a second writer.
 *
 * The kernel has the primitive that has none of these problems: a POSIX record lock (fcntl F_SETLK) on an open
 * file. It is granted to one process at a time, test-and-set is a single system call, and the kernel drops it when
 * the holder exits in any way (kill -9, crash, power loss of a container), so a stale lock cannot exist and no
 * process ever removes or takes over another's lock. Node has no fcntl binding, but its built-in SQLite
 * (`node:sqlite`) takes exactly these locks: `BEGIN EXCLUSIVE` with a busy timeout of 0 either gets the exclusive
 * lock at once or fails with SQLITE_BUSY. The file stays empty (nothing is ever written into that database).
 *
 * The interleavings, all decided by the kernel:
 *   - N processes in the same millisecond: one `BEGIN EXCLUSIVE` wins, the others get SQLITE_BUSY.
 *   - The holder dies at any point (before or after writing the owner note): the lock goes with it; the next
 *     process takes it. An owner note left behind (`db.lock`, possibly empty or half-written) is only a note: it is
 *     never read to decide anything except which process to name in a message.
 *   - A holder in this process: a second open in the same process is refused by the registry below (POSIX locks
 *     are per process, so the kernel would not keep two opens of one process apart; SQLite's own bookkeeping
 *     would, but the registry gives a clear message).
 * The rules that keep it sound: nobody deletes or renames `db.lock.sqlite` (a holder locks the inode; a new file
 * under the same name would be a second lock), and nothing in this process opens that file outside SQLite while it
 * is held (closing any descriptor of a file drops the process's POSIX locks on it). Network file systems whose
 * locking is broken are outside what this protects (SQLite's own caveat): use PostgreSQL there.
 *
 * `db.lock` (the owner note) keeps its old name and JSON shape so that a mamori from before this lock, which reads
 * `db.lock` and respects a live owner, keeps away from a store this one holds; and the other way round, a live
 * old-style owner found in `db.lock` is respected too.
 */
import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type * as NodeSqlite from 'node:sqlite';
import type { DatabaseSync } from 'node:sqlite';
import { MamoriError } from '../core/errors.ts';

/** Who holds a data directory, from its owner note. */
export interface LockOwner {
  pid: number;
  hostname: string;
  /** The command, e.g. `mamori serve` (never its flags: they may hold secrets). */
  command?: string;
  /** When it took the lock. */
  at?: string;
}

export interface LockOptions {
  /** How long to wait for the holder to let go; 0 fails at once. */
  timeoutMs: number;
  /** Recorded in the owner note for messages; default derived from `process.argv`. */
  command?: string;
  /** Poll interval while waiting. */
  pollMs?: number;
}

/** `STORE_ERROR` raised when another process holds the data directory; `owner` when it could be told. */
export class StoreBusyError extends MamoriError {
  readonly owner: LockOwner | undefined;
  constructor(message: string, owner: LockOwner | undefined) {
    super('STORE_ERROR', message);
    this.name = 'StoreBusyError';
    this.owner = owner;
  }
}

/** `STORE_ERROR` raised when the data directory cannot be written (read-only file system, no permission). */
export class StoreReadOnlyError extends MamoriError {
  readonly errno: string;
  constructor(message: string, errno: string, cause: unknown) {
    super('STORE_ERROR', message, undefined, { cause });
    this.name = 'StoreReadOnlyError';
    this.errno = errno;
  }
}

export const LOCK_FILE = 'db.lock.sqlite';
export const OWNER_FILE = 'db.lock';
export const READ_ONLY_CODES: ReadonlySet<string> = new Set(['EROFS', 'EACCES', 'EPERM']);

/** Same as the run reaper's check; kept here so that the lock has no dependency on the database code. */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Data directories this process holds, by device and inode (a symlink or a bind mount is the same directory): POSIX
 * locks cannot tell two opens in one process apart, and the probe in `acquire` must never touch a lock file this
 * process holds.
 */
const heldHere = new Set<string>();

function dirKey(dir: string): string {
  try {
    const st = statSync(dir);
    return `${st.dev}:${st.ino}`;
  } catch {
    return resolve(dir);
  }
}

/** `mamori serve` for `node bin/mamori.js serve --demo`; the script's name otherwise. Flags are never included. */
export function currentCommand(argv: readonly string[] = process.argv): string {
  const script = basename(argv[1] ?? 'node').replace(/\.(c|m)?(j|t)s$/, '');
  const verb = argv[2];
  return script === 'mamori' && verb && !verb.startsWith('-') ? `mamori ${verb}` : script;
}

function readOwner(dir: string): (LockOwner & { lock?: string }) | undefined {
  try {
    const o = JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as Partial<LockOwner> & { lock?: string };
    if (typeof o.pid !== 'number' || typeof o.hostname !== 'string') return undefined;
    return o as LockOwner & { lock?: string };
  } catch {
    // Absent, empty or half-written: a note only, it decides nothing.
    return undefined;
  }
}

function describeOwner(o: LockOwner): string {
  return `${o.command ? `${o.command} ` : ''}(process ${o.pid}${o.hostname !== hostname() ? ` on ${o.hostname}` : ''}${o.at ? `, since ${o.at.slice(0, 19).replace('T', ' ')} UTC` : ''})`;
}

/** The message for a data directory held by someone else: who, and what to do. */
export function busyMessage(dir: string, owner: (LockOwner & { legacy?: boolean }) | undefined): string {
  const who = owner ? describeOwner(owner) : 'another process';
  const stop = owner?.command === 'mamori serve' ? 'stop it or use the console it serves' : 'wait for it to finish or stop it';
  // An older mamori's note is all there is to go by; its pid may since belong to another program.
  const legacy = owner?.legacy ? ` (from the note ${join(dir, OWNER_FILE)} of an older mamori: if no mamori runs, delete that file)` : '';
  return `the data directory ${dir} is in use by ${who}${legacy}; the embedded store serves one process at a time: ${stop}, or use PostgreSQL (--database-url or MAMORI_DATABASE_URL) to share one store between processes`;
}

/** The data directory cannot be written: what to do instead. */
export function readOnlyError(dir: string, code: string, cause: unknown): StoreReadOnlyError {
  return new StoreReadOnlyError(
    `the data directory ${dir} is not writable (${code}); the embedded store (PGlite) writes to its files even to read them: make it writable, copy it to a writable place and pass --data-dir, or use PostgreSQL (--database-url)`,
    code,
    cause,
  );
}

function isBusy(e: unknown): boolean {
  const errcode = (e as { errcode?: number }).errcode;
  // SQLITE_BUSY (5), SQLITE_LOCKED (6), also as extended codes (low byte).
  return errcode !== undefined && ((errcode & 0xff) === 5 || (errcode & 0xff) === 6);
}

function sqlite(): typeof NodeSqlite {
  let mod: typeof NodeSqlite | undefined;
  try {
    mod = process.getBuiltinModule('node:sqlite') as typeof NodeSqlite | undefined;
  } catch {
    // Node 22.12 without --experimental-sqlite.
  }
  if (!mod) throw new MamoriError('STORE_ERROR', `the embedded store's lock needs node:sqlite (Node.js >= 22.13); this is ${process.versions.node}`);
  return mod;
}

/**
 * Take the data directory's lock, waiting up to `timeoutMs` for another process to let go. Returns the release
 * function. Throws StoreBusyError (held elsewhere), StoreReadOnlyError (cannot write the directory).
 */
export async function lockDataDir(dir: string, opts: LockOptions): Promise<() => void> {
  const key = dirKey(dir);
  if (heldHere.has(key)) throw new MamoriError('STORE_ERROR', `the database in ${dir} is already open in this process; share one store`);
  heldHere.add(key);
  try {
    const release = await acquire(dir, opts);
    return () => {
      try {
        release();
      } finally {
        heldHere.delete(key);
      }
    };
  } catch (e) {
    heldHere.delete(key);
    throw e;
  }
}

async function acquire(dir: string, opts: LockOptions): Promise<() => void> {
  const file = join(dir, LOCK_FILE);
  // Creating the file first gives a plain errno (EROFS, EACCES) where SQLite would only say "unable to open".
  // Safe with respect to the fcntl caveat: the registry (by device and inode) proved this process does not hold it.
  try {
    closeSync(openSync(file, 'a'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (READ_ONLY_CODES.has(code)) throw readOnlyError(dir, code, e);
    throw new MamoriError('STORE_ERROR', `cannot create the lock ${file}: ${(e as Error).message}`, undefined, { cause: e });
  }
  const { DatabaseSync } = sqlite();
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    let db: DatabaseSync | undefined;
    let owner: (LockOwner & { legacy?: boolean }) | undefined;
    try {
      db = new DatabaseSync(file);
      db.exec('PRAGMA busy_timeout = 0');
      db.exec('BEGIN EXCLUSIVE');
      // Held. An owner note of a live mamori from before this lock (no `lock` field) still counts.
      const note = readOwner(dir);
      if (note && note.lock === undefined && note.pid !== process.pid && (note.hostname !== hostname() || pidAlive(note.pid))) {
        owner = { ...note, legacy: true };
        db.close();
        db = undefined;
      } else {
        return holding(dir, db, opts);
      }
    } catch (e) {
      try {
        db?.close();
      } catch {
        // Closing a connection that failed to open.
      }
      if (!isBusy(e)) {
        if (e instanceof MamoriError) throw e;
        throw new MamoriError('STORE_ERROR', `cannot lock ${file}: ${(e as Error).message} (if no mamori process runs, remove that file)`, undefined, { cause: e });
      }
      const note = readOwner(dir);
      // A note naming a dead process is a leftover: the live holder has not written its own yet.
      owner = note && (note.hostname !== hostname() || pidAlive(note.pid)) ? note : undefined;
    }
    if (Date.now() >= deadline) throw new StoreBusyError(busyMessage(dir, owner), owner);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 50));
  }
}

function holding(dir: string, db: DatabaseSync, opts: LockOptions): () => void {
  const note = JSON.stringify({ pid: process.pid, hostname: hostname(), command: opts.command ?? currentCommand(), at: new Date().toISOString(), lock: LOCK_FILE });
  const path = join(dir, OWNER_FILE);
  // Written whole and renamed into place, so that a reader sees the old note or the new one. Only a holder writes
  // it, so two writers never race; a failure here (disk full) leaves the lock held and only the note stale.
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, note);
    renameSync(tmp, path);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // Nothing was written.
    }
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    // Remove our note while still holding the lock: no other holder can have written one meanwhile.
    try {
      if (readFileSync(path, 'utf8') === note) unlinkSync(path);
    } catch {
      // Already gone.
    }
    db.close();
  };
}
