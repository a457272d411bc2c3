import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { MamoriError } from '../core/errors.ts';
import { readUserTextFile, YAML_LIMITS } from '../core/safe-yaml.ts';
import { SEVERITIES } from '../core/finding.ts';
import { collectExclusions, type Exclusion } from '../engine/exclusions.ts';
import { compileGlob } from '../core/glob.ts';
import { RESPONSE_MODES, type ResponseMode } from '../engine/policy.ts';
import { fromZod, issueError, parseYamlSource, type Issue } from '../engine/source.ts';
import { oneOf, strictObject } from '../engine/zod-helpers.ts';
import { notificationsSchema } from '../notify/config.ts';
import { schedulesSchema } from './schedules-config.ts';

export { RESPONSE_MODES, type ResponseMode };

const strings = z.array(z.string().min(1));

const configSchema = strictObject('mamori.yaml', {
  aws: strictObject('aws', {
    profile: z.string().min(1).optional(),
    endpointUrl: z.url().optional(),
    regions: strings.optional(),
    org: z.boolean().optional(),
    roleName: z.string().min(1).optional(),
    externalId: z.string().min(1).optional(),
    accounts: z.array(z.union([z.string().min(1), z.number().transform((n) => String(n).padStart(12, '0'))])).optional(),
    maxAttempts: z.number().int().min(1).max(50).optional(),
    concurrency: z.number().int().min(1).max(256).optional(),
  }).optional(),
  scan: strictObject('scan', {
    policies: strings.optional(),
    severity: oneOf(SEVERITIES).optional(),
    services: strings.optional(),
    policiesDirs: strings.optional(),
  }).optional(),
  exclusions: z.array(z.unknown()).optional(),
  /** Policy id glob → response mode, overriding the policy's own. */
  responses: z.record(z.string(), oneOf(RESPONSE_MODES)).optional(),
  /** Per-account response overrides, e.g. auto in development, approve in production. */
  accounts: z
    .array(
      strictObject('accounts entry', {
        match: strings.min(1),
        responses: z.record(z.string(), oneOf(RESPONSE_MODES)),
      }),
    )
    .optional(),
  remediation: strictObject('remediation', {
    maxChanges: z.number().int().min(0).optional(),
    /** Lanes (account × service) that apply changes at once (`--fix-concurrency`). */
    concurrency: z.number().int().min(1).max(256).optional(),
  }).optional(),
  /** Event-driven protection: the SQS queue `mamori watch` (and `mamori serve`) consumes, docs/continuous.md. */
  events: strictObject('events', {
    queueUrl: z.url().optional(),
    coalesceMs: z.number().int().min(0).max(60_000).optional(),
    maxReceives: z.number().int().min(1).max(1000).optional(),
    visibilityTimeout: z.number().int().min(10).max(43_200).optional(),
  }).optional(),
  /** Scans started by `mamori serve` (console, schedules) as jobs for `mamori worker` processes: docs/workers.md. */
  workers: strictObject('workers', {
    scans: z.boolean().optional(),
    sliceBy: oneOf(['service', 'region'] as const).optional(),
  }).optional(),
  /** Channels (slack, webhook, sns, email) and the routes that send events to them: docs/notifications.md. */
  notifications: notificationsSchema.optional(),
  /** Scans that run by themselves (cron, scope, remediate): docs/continuous.md. */
  schedules: schedulesSchema.optional(),
  store: strictObject('store', {
    dataDir: z.string().min(1).optional(),
    databaseUrl: z.string().min(1).optional(),
    keepRuns: z.number().int().min(1).optional(),
    keepAuditDays: z.number().int().min(1).optional(),
  }).optional(),
});

export type MamoriConfigFile = z.infer<typeof configSchema>;

/** The validated configuration file: global exclusions parsed, everything else as written. */
export interface MamoriConfig extends Omit<MamoriConfigFile, 'exclusions'> {
  file?: string;
  exclusions: Exclusion[];
}

export const CONFIG_FILE_NAMES = ['mamori.yaml', 'mamori.yml'];

/** Validate a configuration text; errors are CONFIG_INVALID with file:line:column. */
export function parseConfig(text: string, file: string): MamoriConfig {
  const { source, value } = parseYamlSource(text, file, 'CONFIG_INVALID');
  const data = value ?? {};
  const parsed = configSchema.safeParse(data, { reportInput: true });
  const issues: Issue[] = parsed.success ? [] : fromZod(parsed.error);
  const raw = data as { exclusions?: unknown };
  const exclusions = raw.exclusions === undefined ? [] : collectExclusions(raw.exclusions, 'global', ['exclusions'], issues);
  if (issues.length || !parsed.success) throw issueError(source, file, issues, [], 'CONFIG_INVALID');
  const { exclusions: _ignored, ...rest } = parsed.data;
  return { ...rest, file, exclusions };
}

/**
 * The configuration in effect: `--config FILE` (or MAMORI_CONFIG) must exist; otherwise `mamori.yaml`
 * in the working directory is used when present, and an empty configuration when not.
 */
export function loadConfig(opts: { file?: string; cwd: string }): MamoriConfig {
  if (opts.file) {
    const path = resolve(opts.cwd, opts.file);
    if (!existsSync(path)) throw new MamoriError('USAGE', `config file not found: ${opts.file}`);
    return parseConfig(readConfigText(path, opts.file), opts.file);
  }
  for (const name of CONFIG_FILE_NAMES) {
    const path = resolve(opts.cwd, name);
    if (existsSync(path)) return parseConfig(readConfigText(path, name), name);
  }
  return { exclusions: [] };
}

/** A directory, a device, an oversized or non-UTF-8 file is a CONFIG_INVALID naming the file. */
function readConfigText(path: string, shown: string): string {
  return readUserTextFile(path, shown, { code: 'CONFIG_INVALID', what: 'a configuration file', maxBytes: YAML_LIMITS.config.maxBytes });
}

/**
 * The response mode for a policy in an account: the most specific rule wins — a per-account entry
 * over the global `responses`, an exact policy id over a glob — and the policy's own default last.
 */
export function responseModeFor(config: Pick<MamoriConfig, 'responses' | 'accounts'>, policyId: string, policyDefault: ResponseMode, account?: { id: string; name?: string }): ResponseMode {
  const pick = (table: Record<string, ResponseMode> | undefined): ResponseMode | undefined => {
    if (!table) return undefined;
    // Own keys only: a policy id such as `constructor` must not find Object.prototype's.
    if (Object.hasOwn(table, policyId)) return table[policyId];
    let best: { len: number; mode: ResponseMode } | undefined;
    for (const [glob, mode] of Object.entries(table)) {
      if (glob.includes('*') && compileGlob(glob)(policyId) && (!best || glob.length > best.len)) best = { len: glob.length, mode };
    }
    return best?.mode;
  };
  if (account) {
    for (const entry of config.accounts ?? []) {
      const hit = entry.match.some((m) => compileGlob(m)(account.id) || (account.name !== undefined && compileGlob(m.toLowerCase())(account.name.toLowerCase())));
      if (!hit) continue;
      const mode = pick(entry.responses);
      if (mode) return mode;
    }
  }
  return pick(config.responses) ?? policyDefault;
}
