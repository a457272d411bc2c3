import { MamoriError } from '../core/errors.ts';
import { SEVERITIES, type Severity } from '../core/finding.ts';
import type { TargetOptions } from '../aws/accounts.ts';
import type { AwsSettings } from '../aws/clients.ts';
import { loadConfig, type MamoriConfig } from '../app/config.ts';
import { loadPolicies } from '../app/policies.ts';
import type { Policy } from '../engine/policy.ts';
import { policyServices, selectPolicies } from '../engine/select.ts';
import { didYouMean } from '../engine/zod-helpers.ts';
import { bool, list, str, type OptionSpec, type Values } from './command.ts';

export const CONFIG_OPTIONS: OptionSpec = {
  config: { type: 'string' },
};

export const AWS_OPTIONS: OptionSpec = {
  profile: { type: 'string' },
  region: { type: 'string', multiple: true },
  'endpoint-url': { type: 'string' },
  org: { type: 'boolean' },
  'role-name': { type: 'string' },
  'external-id': { type: 'string' },
  account: { type: 'string', multiple: true },
  'max-attempts': { type: 'string' },
  concurrency: { type: 'string' },
};

export const SELECT_OPTIONS: OptionSpec = {
  policy: { type: 'string', multiple: true },
  severity: { type: 'string' },
  service: { type: 'string', multiple: true },
  'policies-dir': { type: 'string', multiple: true },
};

export const AWS_USAGE = `AWS options:
  --profile NAME          AWS profile (default credential chain otherwise)        [AWS_PROFILE]
  --region R              region to scan, repeatable (default: every enabled)    [MAMORI_REGIONS]
  --endpoint-url URL      custom AWS endpoint, e.g. the local one               [AWS_ENDPOINT_URL]
  --org                   scan every active account of the organization          [MAMORI_ORG=1]
  --role-name NAME        role to assume in each account (OrganizationAccountAccessRole) [MAMORI_ROLE_NAME]
  --external-id ID        external id for AssumeRole                             [MAMORI_EXTERNAL_ID]
  --account ID|NAME       limit to these accounts, repeatable                    [MAMORI_ACCOUNTS]
  --max-attempts N        attempts per API call incl. retries (10)               [MAMORI_MAX_ATTEMPTS]
  --concurrency N         in-flight API calls per account and service (8)        [MAMORI_CONCURRENCY]
  --config FILE           configuration file (default ./mamori.yaml)             [MAMORI_CONFIG]`;

export const SELECT_USAGE = `Policy selection:
  --policy ID             policy id or glob, repeatable
  --severity LEVEL        minimum severity: critical, high, medium, low, info
  --service NAME          only policies of this service (ec2, s3, elbv2, lambda …), repeatable
  --policies-dir DIR      also load custom policies from DIR, repeatable        [MAMORI_POLICIES_DIR]`;

function int(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new MamoriError('USAGE', `--${name} expects an integer between ${min} and ${max}, got "${v}"`);
  return n;
}

function envList(v: string | undefined): string[] | undefined {
  const items = v?.split(',').map((s) => s.trim()).filter(Boolean);
  return items?.length ? items : undefined;
}

export function resolveConfig(values: Values, env: NodeJS.ProcessEnv, cwd: string): MamoriConfig {
  const file = str(values, 'config') ?? env['MAMORI_CONFIG'];
  return loadConfig({ ...(file ? { file } : {}), cwd });
}

/** Flags over environment over config file over defaults. */
export function resolveAws(values: Values, env: NodeJS.ProcessEnv, config: MamoriConfig): { aws: AwsSettings; targets: TargetOptions } {
  const c = config.aws ?? {};
  const endpointUrl = str(values, 'endpoint-url') ?? env['AWS_ENDPOINT_URL'] ?? c.endpointUrl;
  if (endpointUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(endpointUrl)) throw new MamoriError('USAGE', `--endpoint-url must be an http(s) URL, got "${endpointUrl}"`);
  const profile = str(values, 'profile') ?? env['AWS_PROFILE'] ?? c.profile;
  const aws: AwsSettings = {
    homeRegion: env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    maxAttempts: int('max-attempts', str(values, 'max-attempts') ?? env['MAMORI_MAX_ATTEMPTS'], 1, 50) ?? c.maxAttempts ?? 10,
    concurrencyPerService: int('concurrency', str(values, 'concurrency') ?? env['MAMORI_CONCURRENCY'], 1, 256) ?? c.concurrency ?? 8,
    ...(endpointUrl ? { endpointUrl } : {}),
    ...(profile ? { profile } : {}),
  };
  const regions = list(values, 'region') ?? envList(env['MAMORI_REGIONS']) ?? c.regions;
  const accounts = list(values, 'account') ?? envList(env['MAMORI_ACCOUNTS']) ?? c.accounts;
  const roleName = str(values, 'role-name') ?? env['MAMORI_ROLE_NAME'] ?? c.roleName;
  const externalId = str(values, 'external-id') ?? env['MAMORI_EXTERNAL_ID'] ?? c.externalId;
  const targets: TargetOptions = {
    org: bool(values, 'org') || env['MAMORI_ORG'] === '1' || env['MAMORI_ORG'] === 'true' || c.org === true,
    ...(regions ? { regions } : {}),
    ...(accounts ? { accounts } : {}),
    ...(roleName ? { roleName } : {}),
    ...(externalId ? { externalId } : {}),
  };
  return { aws, targets };
}

/** Built-in policies plus the custom policy directories (`--policies-dir`, env, config). */
export function loadCandidatePolicies(values: Values, env: NodeJS.ProcessEnv, config: MamoriConfig): Policy[] {
  const dirs = list(values, 'policies-dir') ?? envList(env['MAMORI_POLICIES_DIR']) ?? config.scan?.policiesDirs ?? [];
  return loadPolicies({ builtin: true, dirs });
}

/** The policies the selection flags (or the config's `scan` section) keep; an empty selection is a usage error. */
export function selectByFlags(all: readonly Policy[], values: Values, config: MamoriConfig): Policy[] {
  const severity = str(values, 'severity') ?? config.scan?.severity;
  if (severity !== undefined && !SEVERITIES.includes(severity as Severity)) throw new MamoriError('USAGE', `--severity expects one of ${SEVERITIES.join(', ')}, got "${severity}"`);
  const ids = list(values, 'policy') ?? config.scan?.policies;
  const services = list(values, 'service') ?? config.scan?.services;
  if (services) {
    const known = [...new Set(all.flatMap(policyServices))].sort();
    const unknown = services.filter((s) => !known.includes(s.toLowerCase()));
    if (unknown.length) throw new MamoriError('USAGE', `--service: no policy is about "${unknown[0]}" (the services with policies: ${known.join(', ')})${didYouMean(unknown[0], known)}`);
  }
  const selected = selectPolicies(all, { ...(ids ? { ids } : {}), ...(severity ? { minSeverity: severity as Severity } : {}), ...(services ? { services } : {}) });
  if (selected.length === 0) throw new MamoriError('USAGE', `no policy matches the selection${ids ? ` --policy ${ids.join(',')}` : ''}${severity ? ` --severity ${severity}` : ''}${services ? ` --service ${services.join(',')}` : ''}`);
  return selected;
}

/** Built-in and custom-directory policies, and those the selection flags keep. */
export function resolvePolicies(values: Values, env: NodeJS.ProcessEnv, config: MamoriConfig): { all: Policy[]; selected: Policy[] } {
  const all = loadCandidatePolicies(values, env, config);
  return { all, selected: selectByFlags(all, values, config) };
}
