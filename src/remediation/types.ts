/**
 * What a remediation action is: one file per action under `actions/<service>/<action-id>.ts`, each declaring
 * its IAM permissions, parameters and reversibility, and implementing capture → plan → verify → undo over a
 * small "touched state" (exactly the configuration the action reads and may change).
 */
import type { z } from 'zod';
import type { Evidence } from '../core/finding.ts';
import type { Resource, ResourceRef } from '../core/resource.ts';
import type { SdkUse } from './kit/sdk.ts';

/** One AWS API call, as data: rendered by `mamori fix`, stored in the journal, executed by the generic executor. */
export interface ApiCall {
  /** The call counter's service name of the SDK client (`ec2`, `elasticloadbalancingv2`), as the action's `sdk` declares it. */
  service: string;
  /** The SDK operation name, e.g. `RevokeSecurityGroupIngress`. */
  operation: string;
  /** The request exactly as sent (SDK input shape). */
  params: Record<string, unknown>;
  /** One line for people: what the call is for. */
  purpose: string;
}

/** What an action will do to one resource: the calls, and in words what goes and what stays. */
export interface Plan {
  calls: ApiCall[];
  /** The violating parts the calls remove, one line each. */
  removes: string[];
  /** Everything else the calls could have touched and leave as it is, one line each. */
  keeps: string[];
  /** Ordering constraints, no-change reasons, caveats. */
  notes: string[];
}

/**
 * AWS for one account and region, limited to what the action declares in `sdk`: `call` sends one operation given as
 * data (every changing call goes this way, so that the journal holds exactly what was sent); `client` is the typed
 * SDK client for reads, so that a capture reads through the same code (paginators, normalizers) as the collector.
 */
export interface AwsApi {
  call(service: string, operation: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  client<T>(ctor: new (config: any) => T): T;
}

export interface DiffOptions {
  /** Compare rule lines by content, not by id (after an undo, re-created lines get new ids). */
  ignoreIds?: boolean;
}

/**
 * A remediation action. `S` is its touched state (plain JSON, stored in the journal as before/after),
 * `P` its parameters (from the policy's `response.params`, validated by `params`).
 */
export interface RemediationAction<S = unknown, P = unknown> {
  /** Kebab-case, equal to the file name; policies name it in `response.action`. */
  id: string;
  title: string;
  /** What it calls, what it keeps; shown by `mamori fix` and in docs/remediation.md. */
  description: string;
  resourceTypes: readonly string[];
  /** Evidence kinds it removes; `*` accepts any evidence of its resource types. */
  evidenceKinds: readonly string[];
  /** The SDK clients and commands it may send (reads and writes); the executor refuses anything else. */
  sdk: readonly SdkUse[];
  /** Every IAM action it calls to capture, apply, verify and undo (`mamori iam-policy --remediate`); covers `sdk`. */
  permissions: readonly string[];
  /** The permissions needed with these parameters, when fewer than `permissions` (least privilege). */
  permissionsFor?(params: P): readonly string[];
  params: z.ZodType<P>;
  reversible: boolean;
  /** Why an irreversible action cannot be undone. */
  irreversibleBecause?: string;
  /** Not used by any built-in policy unless asked for (e.g. through a parameter). */
  optional?: boolean;
  /**
   * Its changes to different resources may change one shared thing (an ElastiCache cluster's replication group):
   * they run one after another in each account and region, so that the second finds the first's result and skips,
   * as in a sequential run, instead of both planning from the same before-state.
   */
  sharedWithin?: 'account-region';

  /** The touched state as a scan saw it, from the collected resource; undefined when it does not carry it. */
  fromResource(resource: Resource): S | undefined;
  /** Read the current touched state from AWS; `null` when the resource no longer exists. */
  capture(api: AwsApi, target: ResourceRef): Promise<S | null>;
  /**
   * Why the evidence can no longer be fixed as planned: a violating part is gone or changed, or (for actions that
   * rewrite a whole document) the document differs from `reference`, the state the plan was made from.
   */
  drift(current: S, evidence: readonly Evidence[], reference: S | undefined): string | undefined;
  /** The exact calls that remove the evidence parts from `current`, and nothing else. */
  plan(current: S, evidence: readonly Evidence[], params: P, target: ResourceRef): Plan;
  /** The state after the plan: `before` minus exactly the evidence parts. */
  expected(before: S, evidence: readonly Evidence[], params: P): S;
  /** Differences in words between two states; empty when equal. */
  diff(actual: S, expected: S, opts?: DiffOptions): string[];
  /**
   * The evidence whose parts are still to be removed when a change was interrupted (a crash between calls of a
   * multi-call plan); default: all of it unless the state already equals the expected one.
   */
  pending?(before: S, current: S, evidence: readonly Evidence[], params: P): Evidence[];
  /** Put back exactly what the change removed (before → after), on top of `current`. Reversible actions only. */
  undo?(before: S, after: S, current: S, target: ResourceRef): Plan;
  /** The state an undo plan leads to. */
  expectedUndo?(before: S, after: S, current: S): S;
  /** What to keep from a call's output in the journal (e.g. the ids of re-created rule lines). */
  resultOf?(call: ApiCall, output: Record<string, unknown>): Record<string, unknown> | undefined;
}

/** The registry's view of an action: state and parameters opaque. */
export type AnyAction = RemediationAction<unknown, unknown>;

/** Declare an action with its own state and parameter types; the registry holds it type-erased. */
export function defineAction<S, P>(action: RemediationAction<S, P>): AnyAction {
  return action as unknown as AnyAction;
}
