import { configFields, RESOURCES } from '../resources/index.ts';

/** Resource types a policy may target: the ones with a descriptor (src/resources/index.ts). */
export const KNOWN_RESOURCE_TYPES: readonly string[] = [...RESOURCES.keys()];

export type KnownResourceType = string;

export function isKnownResourceType(t: string): t is KnownResourceType {
  return RESOURCES.has(t);
}

/** Top-level `config` fields per resource type (from each descriptor's schema), so that a typo in a filter path fails at load time. */
export const CONFIG_FIELDS: Readonly<Record<string, readonly string[]>> = Object.fromEntries([...RESOURCES.values()].map((d) => [d.type, configFields(d)]));
