/**
 * Policy loading for the CLI and the server: the engine's loaders with the remediation registry's check of
 * response actions and their parameters, so that a policy whose `auto` fix could not run is refused when it
 * loads (validate, scan, the console) rather than when it fixes.
 */
import { loadPolicies as loadEnginePolicies, loadPolicyFile as loadEnginePolicyFile, type LoadOptions } from '../engine/loader.ts';
import { parsePolicy as parseEnginePolicy, type ParsePolicyOptions, type Policy, type ResponseCheck } from '../engine/policy.ts';
import { fromZod, type Issue } from '../engine/source.ts';
import { didYouMean } from '../engine/zod-helpers.ts';
import { ACTIONS } from '../remediation/registry.ts';

/** The action exists, applies to the policy's resource type, and its params are what it declares. */
export const checkResponseAction: ResponseCheck = (response, resourceType) => {
  const id = response.action;
  if (id === undefined) return [];
  const action = ACTIONS.get(id);
  if (!action) {
    const known = [...ACTIONS.keys()];
    return [{ path: ['action'], at: 'value', message: `unknown remediation action "${id}" (expected one of: ${known.join(', ')})${didYouMean(id, known)}` }];
  }
  if (!action.resourceTypes.includes(resourceType)) {
    return [{ path: ['action'], at: 'value', message: `action ${id} fixes ${action.resourceTypes.join(', ')}, not ${resourceType}` }];
  }
  const parsed = action.params.safeParse(response.params, { reportInput: true });
  return parsed.success ? [] : fromZod(parsed.error, ['params']).map((i): Issue => (i.message.startsWith('Unrecognized key') ? { ...i, message: `unknown parameter "${String(i.path[i.path.length - 1])}" for action ${id}` } : i));
};

const CHECKED: LoadOptions = { checkResponse: checkResponseAction };

/** Built-in policies plus user directories, each checked against the remediation actions. */
export function loadPolicies(opts: { builtin?: boolean; dirs?: readonly string[] } = {}): Policy[] {
  return loadEnginePolicies({ ...opts, ...CHECKED });
}

/** One policy file (its id must equal its file name), checked against the remediation actions. */
export function loadPolicyFile(file: string, displayName = file): Policy {
  return loadEnginePolicyFile(file, displayName, CHECKED);
}

/** One policy from YAML text (the console's editor, stored custom policies), checked against the remediation actions. */
export function parsePolicy(text: string, file: string, opts: Omit<ParsePolicyOptions, 'checkResponse'> = {}): Policy {
  return parseEnginePolicy(text, file, { ...opts, ...CHECKED });
}
