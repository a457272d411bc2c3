import { SimError } from '../types.ts';

/**
 * Opaque pagination: tokens encode the offset of the next page. `bounds` are the API's documented
 * MaxResults limits; a value outside them is refused with `invalidCode`, as AWS does.
 */
export function paginate<T>(
  items: readonly T[],
  maxResults: number | undefined,
  token: string | undefined,
  bounds: { min: number; max: number; default: number; invalidCode?: string; tokenCode?: string },
): { page: T[]; nextToken: string | undefined } {
  const size = maxResults ?? bounds.default;
  if (!Number.isInteger(size) || size < bounds.min || size > bounds.max) {
    throw new SimError(bounds.invalidCode ?? 'InvalidParameterValue', `Value ( ${String(maxResults)} ) for parameter maxResults is invalid. Expecting a value between ${bounds.min} and ${bounds.max}.`, 400);
  }
  let offset = 0;
  if (token) {
    const decoded = decodeToken(token);
    if (decoded === undefined) throw new SimError(bounds.tokenCode ?? 'InvalidNextToken', 'The provided pagination token is not valid.', 400);
    offset = decoded;
  }
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length ? encodeToken(offset + size) : undefined;
  return { page, nextToken: next };
}

export function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset }), 'utf8').toString('base64url');
}

export function decodeToken(token: string): number | undefined {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown };
    return typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0 ? v.o : undefined;
  } catch {
    return undefined;
  }
}
