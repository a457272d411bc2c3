import { z } from 'zod';
import { SEVERITIES } from '../core/index.ts';
import type { Severity } from '../core/index.ts';
import { parseCondition } from './condition.ts';
import type { Condition } from './condition.ts';
import { collectExclusions } from './exclusions.ts';
import type { Exclusion } from './exclusions.ts';
import { isKnownResourceType, KNOWN_RESOURCE_TYPES } from './resource-types.ts';
import { describeValue, fromZod, issueError, parseYamlSource } from './source.ts';
import type { Issue, YamlSource } from './source.ts';
import { didYouMean, oneOf, strictObject } from './zod-helpers.ts';

export const RESPONSE_MODES = ['off', 'notify', 'approve', 'auto'] as const;
export type ResponseMode = (typeof RESPONSE_MODES)[number];

export interface PolicyResponse {
  /** `off`: nothing; `notify`: record and show for review (nothing is sent yet); `approve`: plan the action and wait for an operator; `auto`: apply it. */
  mode: ResponseMode;
  /** Remediation action id; validated against the action registry by the remediation runner. */
  action?: string;
  params: Record<string, unknown>;
}

/** A validated policy: what users write and what the built-in catalog is made of. */
export interface Policy {
  id: string;
  title: string;
  description: string;
  rationale?: string;
  severity: Severity;
  /** The resource type the policy checks, e.g. `aws.ec2.security-group`. */
  resource: string;
  frameworks: string[];
  /** Human hint on how to fix a failing resource. */
  remediation?: string;
  response: PolicyResponse;
  condition: Condition;
  exclusions: Exclusion[];
  /** Where the policy was loaded from, when it came from a file. */
  file?: string;
}

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const responseSchema = strictObject('response', {
  mode: oneOf(RESPONSE_MODES).default('notify'),
  action: z.string().regex(KEBAB, { error: (iss) => `expected a kebab-case action id, got ${describeValue(iss.input)}` }).optional(),
  params: z.record(z.string(), z.unknown(), { error: (iss) => `expected a mapping, got ${describeValue(iss.input)}` }).default({}),
}).superRefine((r, ctx) => {
  if ((r.mode === 'approve' || r.mode === 'auto') && r.action === undefined) {
    ctx.addIssue({ code: 'custom', path: ['mode'], message: `mode ${r.mode} needs an action to approve or apply` });
  }
  // Parameters without an action would be silently ignored.
  if (r.action === undefined && Object.keys(r.params).length > 0) {
    ctx.addIssue({ code: 'custom', path: ['params'], message: 'params are for an action; this response names none' });
  }
});

/** The policy document's keys; `condition` and `exclusions` are validated by their own parsers. */
/**
 * What to say after an unknown resource type: the near miss if there is one, else the types of the service it names
 * (the catalog has hundreds of types, too many to list in one line), else where the list is.
 */
function resourceTypeHint(input: unknown): string {
  const near = didYouMean(input, KNOWN_RESOURCE_TYPES);
  if (near) return near;
  const service = typeof input === 'string' ? input.split('.').slice(0, 2).join('.') : '';
  const same = KNOWN_RESOURCE_TYPES.filter((t) => t.startsWith(`${service}.`));
  if (same.length) return ` (the ${service} types: ${same.join(', ')})`;
  return ' (docs/policy-language.md lists the resource types and their fields)';
}

export const policySchema = strictObject('policy', {
  id: z.string().regex(KEBAB, { error: (iss) => `expected a kebab-case id such as aws-ec2-sg-open-cifs-445, got ${describeValue(iss.input)}` }),
  title: z.string().min(1),
  description: z.string().min(1),
  rationale: z.string().min(1).optional(),
  severity: oneOf(SEVERITIES),
  resource: z.string().refine(isKnownResourceType, {
    error: (iss) => `unknown resource type ${describeValue(iss.input)}${resourceTypeHint(iss.input)}`,
  }),
  frameworks: z.array(z.string().min(1)).default([]),
  remediation: z.string().min(1).optional(),
  response: responseSchema.default({ mode: 'notify', params: {} }),
  condition: z.unknown(),
  exclusions: z.unknown().optional(),
});

/**
 * Checks a policy's response against the remediation actions (the action exists, fits the resource type,
 * its params are valid); issue paths are relative to `response`. The engine does not know the actions:
 * the app layer passes this in (src/app/policies.ts), so that an `auto` policy whose parameters are wrong
 * fails when it loads, not when it fixes.
 */
export type ResponseCheck = (response: PolicyResponse, resourceType: string) => Issue[];

export interface ParsePolicyOptions {
  /** When set, the policy id must equal it (the file name for policies loaded from a directory). */
  expectedId?: string;
  /** Validates `response.action` and `response.params` when the policy names an action. */
  checkResponse?: ResponseCheck;
}

/**
 * Validates a policy given as plain data. With `source`, errors carry the line and column of the
 * offending node; the first problem in the document is reported (unknown keys before missing ones).
 */
export function validatePolicy(value: unknown, source?: YamlSource, opts: ParsePolicyOptions = {}): Policy {
  const issues: Issue[] = [];
  const parsed = policySchema.safeParse(value, { reportInput: true });
  if (!parsed.success) issues.push(...fromZod(parsed.error));
  const raw = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

  let condition: Condition | undefined;
  if (raw && raw.condition !== undefined) {
    condition = parseCondition(raw.condition, typeof raw.resource === 'string' ? raw.resource : '', ['condition'], issues);
  } else if (raw) {
    issues.push({ path: ['condition'], at: 'value', missing: true, message: 'missing required key "condition"' });
  }
  let exclusions: Exclusion[] = [];
  if (raw && raw.exclusions !== undefined && raw.exclusions !== null) {
    exclusions = collectExclusions(raw.exclusions, 'policy', ['exclusions'], issues);
  }
  if (parsed.success && opts.expectedId !== undefined && parsed.data.id !== opts.expectedId) {
    issues.push({ path: ['id'], at: 'value', message: `expected "${opts.expectedId}" (the file name), got "${parsed.data.id}"` });
  }
  if (parsed.success && opts.checkResponse && parsed.data.response.action !== undefined) {
    for (const issue of opts.checkResponse(parsed.data.response, parsed.data.resource)) issues.push({ ...issue, path: ['response', ...issue.path] });
  }
  if (issues.length > 0 || !parsed.success || !condition) {
    throw issueError(source, source?.file, issues.length > 0 ? issues : [{ path: [], at: 'value', message: 'invalid policy' }]);
  }
  const d = parsed.data;
  const policy: Policy = {
    id: d.id,
    title: d.title,
    description: d.description,
    severity: d.severity,
    resource: d.resource,
    frameworks: d.frameworks,
    response: d.response,
    condition,
    exclusions,
  };
  if (d.rationale !== undefined) policy.rationale = d.rationale;
  if (d.remediation !== undefined) policy.remediation = d.remediation;
  if (source) policy.file = source.file;
  return policy;
}

/** Parses and validates one policy from YAML text. Throws MamoriError('POLICY_INVALID') with file:line:column. */
export function parsePolicy(text: string, file: string, opts: ParsePolicyOptions = {}): Policy {
  const { source, value } = parseYamlSource(text, file);
  return validatePolicy(value, source, opts);
}
