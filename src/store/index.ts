/** The mamori store: runs, findings with their lifecycle, resources, exclusions, the remediation journal, audit, users. */
export { openStore, resolveStoreTarget, redactUrl } from './open.ts';
export type { OpenStoreOptions, StoreTarget } from './open.ts';
export { StoreBusyError, StoreReadOnlyError } from './lock.ts';
export type { LockOwner } from './lock.ts';
export type { Store } from './store.ts';
export type { Backend, CommitStep, StoreHooks } from './context.ts';
export { COMMIT_STEPS } from './context.ts';
export { findingId, effectiveScope } from './commit.ts';
export type { FindingEvent } from './findings.ts';
export type { FinishRunInput, RunQuery } from './runs.ts';
export type { ExclusionQuery } from './exclusions.ts';
export { loadMigrations } from './migrate.ts';
export * from './types.ts';
