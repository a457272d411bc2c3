import type { Evidence, Resource } from '../core/index.ts';

/**
 * Thrown when a check needs a configuration field the collector could not read. The engine turns
 * it into an `error` finding: a check that could not run is never a pass.
 */
export class UnknownDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownDataError';
  }
}

/** Why `config.<key>` is unknown for this resource, or undefined when it is known. */
export function unknownReason(resource: Resource, key: string): string | undefined {
  const readError = resource.readErrors?.[key];
  if (readError !== undefined) return `config.${key} unknown: ${readError}`;
  if (resource.config[key] === undefined) return `config.${key} unknown: not collected`;
  return undefined;
}

/** `config[key]`, which may be `null` (AWS says absent) but never `undefined` (unknown). */
export function known<T = unknown>(resource: Resource, key: string): T {
  const reason = unknownReason(resource, key);
  if (reason !== undefined) throw new UnknownDataError(reason);
  return resource.config[key] as T;
}

/** The shared "no violation" result: frozen so that the hot path can return it without allocating. */
export const NO_EVIDENCE: readonly Evidence[] = Object.freeze([]) as readonly Evidence[];
