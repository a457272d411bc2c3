import type { z } from 'zod';
import type { Evidence, Resource } from '../../core/index.ts';

/** Checks one resource; an empty list means no violation. May throw `UnknownDataError`. */
export type MatchFn = (resource: Resource) => readonly Evidence[];

/**
 * A named matcher: a check written in TypeScript for what the generic filters cannot say well.
 * The name is its stable id and the name of its file.
 */
export interface Matcher<P = unknown> {
  name: string;
  /** One line for the policy reference. */
  description: string;
  resourceTypes: readonly string[];
  /** Parameters as written in the policy next to `matcher:`; a strict object so typos fail at load time. */
  params: z.ZodType<P>;
  /** Top-level `config` fields the matcher may read; documents which collector data it needs. */
  reads: readonly string[];
  /** IAM actions the collectors need so that those fields are known (for least-privilege scan policies). */
  permissions: readonly string[];
  /** Prepares the check once per policy (parse ports, CIDRs ...) and returns the per-resource function. */
  create(params: P): MatchFn;
}

/** Identity helper that keeps the params type of a matcher definition. */
export function defineMatcher<P>(m: Matcher<P>): Matcher<P> {
  return m;
}
