/** Small helpers shared by the repositories: result rows, timestamps and errors on both backends. */
import { MamoriError, isMamoriError } from '../core/index.ts';

/** Rows of a raw `db.execute()` result; node-postgres and PGlite both put them in `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * A timestamp from the database as ISO 8601 UTC. Drizzle hands timestamptz values over as PostgreSQL text
 * (`2026-01-02 03:04:05.678+00`) on both backends, which `Date` does not parse without the colon in the offset.
 */
export function toIso(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  const text = String(value)
    .replace(' ', 'T')
    .replace(/([+-]\d\d)$/, '$1:00');
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new MamoriError('STORE_ERROR', `unreadable timestamp from the database: ${String(value)}`);
  return date.toISOString();
}

/** `toIso` for columns that are never null. */
export function iso(value: unknown): string {
  const s = toIso(value);
  if (s === undefined) throw new MamoriError('STORE_ERROR', 'missing timestamp from the database');
  return s;
}

/** Integers from raw SQL: node-postgres returns int8 as text, PGlite as a number. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function optional<T>(value: T | null | undefined): T | undefined {
  return value === null ? undefined : value;
}

export function asArray<T>(value: T | T[] | undefined): T[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

/** The PostgreSQL error code (SQLSTATE) of a driver error, looking through Drizzle's wrapping. */
export function pgCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Innermost message of a driver error: Drizzle's own message repeats the whole query and its parameters. */
export function driverMessage(e: unknown): string {
  let cur: unknown = e;
  let message = e instanceof Error ? e.message : String(e);
  for (let depth = 0; cur && depth < 5; depth++) {
    if (cur instanceof Error && cur.message) message = cur.message;
    cur = (cur as { cause?: unknown }).cause;
  }
  return message.length > 500 ? `${message.slice(0, 500)}...` : message;
}

/** Database errors become STORE_ERROR with the driver error as cause; mamori errors pass through. */
export function storeError(what: string, e: unknown): MamoriError {
  if (isMamoriError(e)) return e;
  return new MamoriError('STORE_ERROR', `${what}: ${driverMessage(e)}`, undefined, { cause: e });
}

/** Splits rows into chunks whose JSON stays under `maxBytes`, so that a huge scan is sent in bounded statements. */
export function* jsonChunks(rows: readonly unknown[], maxRows: number, maxBytes: number): Generator<string> {
  let parts: string[] = [];
  let bytes = 0;
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (parts.length > 0 && (parts.length >= maxRows || bytes + text.length > maxBytes)) {
      yield `[${parts.join(',')}]`;
      parts = [];
      bytes = 0;
    }
    parts.push(text);
    bytes += text.length + 1;
  }
  if (parts.length > 0) yield `[${parts.join(',')}]`;
}

/** Escapes LIKE metacharacters and turns `*` into `%`. */
export function likePattern(text: string, wildcard: boolean): string {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return wildcard ? escaped.replace(/\*/g, '%') : escaped;
}
