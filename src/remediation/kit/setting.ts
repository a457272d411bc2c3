/**
 * The factory for the most common remediation: "set a setting to a safe value; undo sets the previous value back"
 * (ModifyLoadBalancerAttributes, ModifyListener, UpdateAutoScalingGroup, UpdateStage, UpdateDistribution, …).
 *
 * An action file states only what is particular to it — which settings it may change, how to read them (through the
 * collector's own read), which of them violate and their safe values, and the one call that sets values — and gets:
 *   - touched state = exactly the settings it may change (`settings`), plus the other settings it read (`others`),
 *     journaled for the record and listed as what stays, never compared;
 *   - plan = one call with only the violating keys; `removes` = the bad values, `keeps` = everything else it read;
 *   - verify = the re-read settings equal the expected ones; undo = the previous values of the keys it changed;
 *   - parameters validated by zod (errors name the parameter), irreversible variants refused by `mamori undo`.
 */
import { z } from 'zod';
import { classifyAwsError } from '../../aws/errors.ts';
import { MamoriError } from '../../core/errors.ts';
import type { Resource, ResourceRef } from '../../core/resource.ts';
import { canonical, clone, sameJson } from '../compare.ts';
import { defineAction, type AnyAction, type ApiCall, type AwsApi, type Plan } from '../types.ts';
import { permissionsOf, type SdkUse } from './sdk.ts';

/** A setting's value as AWS reports it (plain JSON); `null` when it is not set. */
export type SettingValue = string | number | boolean | null | SettingValue[] | { [key: string]: SettingValue };
export type Settings = Record<string, SettingValue>;

/** The journaled state of a setting action. */
export interface SettingState {
  /** Exactly the settings the action may change, by the name AWS gives them. */
  settings: Settings;
  /** The other settings the read returned: what the plan keeps, never compared (another tool may change them). */
  others: Settings;
}

/** The one call that sets values: the factory adds the service from the action's first `sdk` use. */
export interface SettingCall {
  operation: string;
  params: Record<string, unknown>;
  purpose: string;
}

export interface SettingActionSpec<P extends Record<string, unknown>> {
  /** Kebab-case, equal to the file name. */
  id: string;
  title: string;
  /** What it calls and what it keeps (docs/remediation.md and `mamori fix`). */
  description: string;
  resourceType: string;
  /** The evidence kinds it removes (default: `setting`, the evidence of a policy condition on a config path). */
  evidenceKinds?: readonly string[];
  /** The SDK client and commands it sends: its reads and its one write. The first use sends the write. */
  sdk: readonly SdkUse[];
  /** IAM actions beyond those of `sdk` (e.g. `iam:PassRole` when the write needs it). */
  extraPermissions?: readonly string[];
  /** Its parameters (from the policy's `response.params`); a strict object, every key optional. */
  params?: z.ZodType<P>;
  /** Absent: reversible. Present: why `mamori undo` cannot put it back (the policy's default mode is then `approve`). */
  irreversibleBecause?: string;
  /** See {@link RemediationAction.sharedWithin}. */
  sharedWithin?: 'account-region';
  /** The names of the settings it may change (keys of `SettingState.settings`). */
  settings: readonly string[];
  /**
   * Read every setting of the resource now, through the collector's read of one resource; `null` when the resource
   * no longer exists. The keys of `settings` (missing ones count as `null`) and any others, which the plan keeps.
   */
  read(api: AwsApi, target: ResourceRef): Promise<Settings | null>;
  /** The settings as the scan read them, from the collected resource; undefined when it does not carry them. */
  fromResource?(resource: Resource): Settings | undefined;
  /** The settings that violate now, in words (empty: nothing to do); gets every setting read, `others` included. */
  violations(settings: Settings): string[];
  /**
   * The safe values for what violates, only keys of `settings` (a value equal to the current one is dropped); gets
   * every setting read. Throws a
   * MamoriError naming the parameter when one is needed and missing.
   */
  fix(settings: Settings, params: P): Settings;
  /** The one call that sets `values` (only those keys, plus what the API requires alongside them from `current`). */
  write(values: Settings, current: SettingState, target: ResourceRef): SettingCall;
  /** A setting in words (default `key = value`). */
  describe?(key: string, value: SettingValue): string;
}

const EMPTY_PARAMS = z.strictObject({});

function text(v: SettingValue): string {
  return typeof v === 'string' ? v : v === null ? 'not set' : JSON.stringify(v);
}

/** The keys whose values differ between two settings maps. */
export function changedKeys(a: Settings, b: Settings, keys: readonly string[]): string[] {
  return keys.filter((k) => !sameJson(a[k] ?? null, b[k] ?? null));
}

/** The settings each factory-built action declares (for the property tests over the registry). */
const DECLARED = new WeakMap<AnyAction, readonly string[]>();

/** The settings a factory-built action may change; undefined for an action not built by `settingAction`. */
export function declaredSettings(action: AnyAction): readonly string[] | undefined {
  return DECLARED.get(action);
}

/** A "set a setting to a safe value" action; see the module comment. */
export function settingAction<P extends Record<string, unknown> = Record<string, never>>(spec: SettingActionSpec<P>): AnyAction {
  const action = buildSettingAction(spec);
  DECLARED.set(action, [...spec.settings]);
  return action;
}

function buildSettingAction<P extends Record<string, unknown>>(spec: SettingActionSpec<P>): AnyAction {
  const params = (spec.params ?? EMPTY_PARAMS) as z.ZodType<P>;
  const describe = spec.describe ?? ((k: string, v: SettingValue) => `${k} = ${text(v)}`);
  const keys = spec.settings;
  const write = spec.sdk[0];
  if (!write) throw new Error(`${spec.id}: settingAction needs an sdk declaration`);

  const split = (all: Settings): SettingState => {
    const settings: Settings = {};
    const others: Settings = {};
    for (const k of keys) settings[k] = all[k] ?? null;
    for (const [k, v] of Object.entries(all)) if (!keys.includes(k)) others[k] = v;
    return { settings, others };
  };
  const call = (values: Settings, current: SettingState, target: ResourceRef): ApiCall => {
    const c = spec.write(values, current, target);
    if (!write.commands.has(c.operation)) throw new MamoriError('INTERNAL', `${spec.id} writes with ${c.operation}, which its first sdk use does not declare`);
    return { service: write.service, operation: c.operation, params: c.params, purpose: c.purpose };
  };
  /** The safe values that differ from the current ones. */
  const all = (s: SettingState): Settings => ({ ...s.others, ...s.settings });
  const violating = (s: SettingState) => spec.violations(all(s));
  const changes = (s: SettingState, p: P): Settings => {
    const current = s.settings;
    const wanted = spec.fix(all(s), p);
    for (const k of Object.keys(wanted)) if (!keys.includes(k)) throw new MamoriError('INTERNAL', `${spec.id} would set ${k}, which is not among the settings it declares`);
    return Object.fromEntries(Object.entries(wanted).filter(([k, v]) => !sameJson(current[k] ?? null, v)));
  };
  const keepLines = (s: SettingState, changed: readonly string[]) => [
    ...keys.filter((k) => !changed.includes(k)).map((k) => describe(k, s.settings[k] ?? null)),
    ...Object.entries(s.others).map(([k, v]) => describe(k, v)),
  ];

  return defineAction<SettingState, P>({
    id: spec.id,
    title: spec.title,
    description: spec.description,
    resourceTypes: [spec.resourceType],
    evidenceKinds: spec.evidenceKinds ?? ['setting'],
    sdk: spec.sdk,
    permissions: [...new Set([...permissionsOf(spec.sdk), ...(spec.extraPermissions ?? [])])].sort(),
    params,
    reversible: spec.irreversibleBecause === undefined,
    ...(spec.irreversibleBecause !== undefined ? { irreversibleBecause: spec.irreversibleBecause } : {}),
    ...(spec.sharedWithin ? { sharedWithin: spec.sharedWithin } : {}),

    fromResource(resource) {
      const s = spec.fromResource?.(resource);
      return s === undefined ? undefined : split(s);
    },

    async capture(api, target) {
      try {
        const all = await spec.read(api, target);
        return all === null ? null : split(all);
      } catch (e) {
        if (classifyAwsError(e).kind === 'not-found') return null;
        throw e;
      }
    },

    drift(current) {
      return violating(current).length ? undefined : `nothing violates any more (${keys.map((k) => describe(k, current.settings[k] ?? null)).join(', ')})`;
    },

    plan(current, _evidence, p, target): Plan {
      if (!violating(current).length) return { calls: [], removes: [], keeps: keepLines(current, []), notes: ['nothing violates'] };
      const values = changes(current, p);
      const changed = Object.keys(values);
      if (!changed.length) return { calls: [], removes: [], keeps: keepLines(current, []), notes: ['the safe values are already set'] };
      return {
        calls: [call(values, current, target)],
        removes: changed.map((k) => `${describe(k, current.settings[k] ?? null)} (becomes ${text(values[k]!)})`),
        keeps: keepLines(current, changed),
        notes: spec.irreversibleBecause ? [`not reversible: ${spec.irreversibleBecause}`] : [],
      };
    },

    expected(before, _evidence, p) {
      const values = violating(before).length ? changes(before, p) : {};
      return { settings: { ...before.settings, ...clone(values) }, others: before.others };
    },

    diff(actual, expected) {
      return changedKeys(actual.settings, expected.settings, keys).map((k) => `${k} is ${text(actual.settings[k] ?? null)}, expected ${text(expected.settings[k] ?? null)}`);
    },

    ...(spec.irreversibleBecause === undefined
      ? {
          undo(before: SettingState, after: SettingState, current: SettingState, target: ResourceRef): Plan {
            const fixed = changedKeys(before.settings, after.settings, keys);
            const back = Object.fromEntries(fixed.filter((k) => !sameJson(current.settings[k] ?? null, before.settings[k] ?? null)).map((k) => [k, before.settings[k] ?? null]));
            const restored = Object.keys(back);
            if (!restored.length) return { calls: [], removes: [], keeps: keepLines(current, []), notes: ['the previous values are already there'] };
            return {
              calls: [call(back, current, target)],
              removes: restored.map((k) => `${describe(k, current.settings[k] ?? null)} (back to ${text(back[k]!)})`),
              keeps: keepLines(current, restored),
              notes: [],
            };
          },
          expectedUndo(before: SettingState, after: SettingState, current: SettingState): SettingState {
            const fixed = changedKeys(before.settings, after.settings, keys);
            return { settings: { ...current.settings, ...Object.fromEntries(fixed.map((k) => [k, before.settings[k] ?? null])) }, others: current.others };
          },
        }
      : {}),
  });
}

/** The canonical text of a settings map (for tests and journal comparisons). */
export const settingsText = (s: Settings): string => canonical(s);
