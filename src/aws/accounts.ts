import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { DescribeAccountCommand, OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { CoverageGap } from '../core/finding.ts';
import { MamoriError } from '../core/errors.ts';
import { compileGlob } from '../core/glob.ts';
import type { AccountCredentials, ClientFactory } from './clients.ts';
import { classifyAwsError, describeAwsError } from './errors.ts';
import { mapLimit } from './limiter.ts';
import { unreachableCode } from './retry.ts';

export interface TargetOptions {
  /** Discover the organization's active accounts and assume `roleName` in each. */
  org?: boolean;
  roleName?: string;
  externalId?: string;
  /** Limit to these accounts (id or name, case-insensitive). */
  accounts?: string[];
  /** Regions to scan; default: the regions enabled for each account. */
  regions?: string[];
  /** Assume roles and discover regions for this many accounts at once. */
  accountConcurrency?: number;
}

/** One account to scan, with the credentials to use and its regions. */
export interface ScanTarget extends AccountCredentials {
  name?: string;
  regions: string[];
}

export const DEFAULT_ROLE_NAME = 'OrganizationAccountAccessRole';

/** Credentials from AssumeRole, refreshed five minutes before they expire; concurrent callers share one call. */
export function assumeRoleCredentials(factory: ClientFactory, base: AccountCredentials, roleArn: string, externalId?: string): AwsCredentialIdentityProvider {
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    if (current?.expiration && current.expiration.getTime() - Date.now() > 5 * 60_000) return current;
    pending ??= (async () => {
      try {
        const sts = factory.get(STSClient, base, factory.settings.homeRegion);
        const r = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'mamori', ...(externalId ? { ExternalId: externalId } : {}) }));
        const c = r.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
        current = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}), ...(c.Expiration ? { expiration: c.Expiration } : {}) };
        return current;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };
}

const UNREACHABLE_REASON: Record<string, string> = {
  ECONNREFUSED: 'connection refused (nothing listens there)',
  ENOTFOUND: 'host name not found (DNS)',
  EAI_AGAIN: 'host name lookup failed (DNS)',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'network unreachable',
};

/** A TLS failure (certificate, protocol: e.g. https to a plain-http port), looking through wrapping `cause`s. */
function tlsErrorCode(error: unknown): string | undefined {
  let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (/^(EPROTO|ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_(GET|VERIFY)|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT)/.test(code)) return code;
    if (typeof e.message === 'string' && /SSL routines/.test(e.message)) return code || 'SSL';
    e = e.cause as typeof e;
  }
  return undefined;
}

/** The endpoint the first call goes to, for messages: the configured one, else STS in the home region. */
export function endpointFor(factory: ClientFactory): string {
  return factory.settings.endpointUrl ?? `https://sts.${factory.settings.homeRegion}.amazonaws.com`;
}

/** Who the base credentials are: the account id from STS, or a clear error naming the endpoint. */
export async function callerAccount(factory: ClientFactory, credentials: AwsCredentialIdentityProvider): Promise<string> {
  try {
    const sts = factory.get(STSClient, { id: 'base', credentials }, factory.settings.homeRegion);
    const id = await sts.send(new GetCallerIdentityCommand({}));
    if (!id.Account) throw new Error('GetCallerIdentity returned no account');
    return id.Account;
  } catch (e) {
    const c = classifyAwsError(e);
    const endpoint = endpointFor(factory);
    const hint = factory.settings.endpointUrl ? '; check --endpoint-url / AWS_ENDPOINT_URL' : '; check the network connection';
    const unreachable = unreachableCode(e);
    const attempts = (e as { $metadata?: { attempts?: number } }).$metadata?.attempts;
    const tried = attempts && attempts > 1 ? ` (tried ${attempts} times)` : '';
    if (unreachable) throw new MamoriError('AWS_ERROR', `cannot reach AWS at ${endpoint}: ${unreachable}, ${UNREACHABLE_REASON[unreachable] ?? 'cannot connect'}${tried}${hint}`, undefined, { cause: e });
    const tls = tlsErrorCode(e);
    if (tls) throw new MamoriError('AWS_ERROR', `cannot reach AWS at ${endpoint}: TLS error ${tls}, ${/SSL routines:[^:]*:([^:]+)/.exec(c.message)?.[1] ?? c.message.slice(0, 160)}${hint}`, undefined, { cause: e });
    if (c.kind === 'network') throw new MamoriError('AWS_ERROR', `cannot reach AWS at ${endpoint}: ${c.code} ${c.message}${tried}${hint}`, undefined, { cause: e });
    if (/Could not load credentials|CredentialsProviderError/i.test(`${c.code} ${c.message}`)) {
      throw new MamoriError('AWS_ACCESS', `no AWS credentials found (set AWS_PROFILE or --profile, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY): ${c.message}`, undefined, { cause: e });
    }
    throw new MamoriError('AWS_ACCESS', `cannot identify the caller with sts:GetCallerIdentity at ${endpoint}: ${describeAwsError(e)}`, undefined, { cause: e });
  }
}

/** The account's name: from Organizations when allowed, else its IAM alias. */
async function accountName(factory: ClientFactory, account: AccountCredentials): Promise<string | undefined> {
  const region = factory.settings.homeRegion;
  try {
    const r = await factory.get(OrganizationsClient, account, region).send(new DescribeAccountCommand({ AccountId: account.id }));
    if (r.Account?.Name) return r.Account.Name;
  } catch {
    // Member accounts may not call DescribeAccount; the alias is the next best name.
  }
  try {
    const r = await factory.get(IAMClient, account, region).send(new ListAccountAliasesCommand({}));
    return r.AccountAliases?.[0];
  } catch {
    return undefined;
  }
}

/**
 * When the caller alone is scanned: the number of the organization's active accounts if the caller may list them
 * (the management account or a delegated administrator), so that the scan can say the members were not covered
 * and how to cover them. Any refusal (a member account, no organization, no permission) means no hint.
 */
async function listableOrganization(factory: ClientFactory, base: AccountCredentials): Promise<{ activeAccounts: number } | undefined> {
  try {
    const orgs = factory.get(OrganizationsClient, base, factory.settings.homeRegion);
    let activeAccounts = 0;
    for await (const page of paginateListAccounts({ client: orgs }, {})) activeAccounts += (page.Accounts ?? []).filter((a) => a.Status === 'ACTIVE').length;
    return activeAccounts > 1 ? { activeAccounts } : undefined;
  } catch {
    return undefined;
  }
}

async function enabledRegions(factory: ClientFactory, account: AccountCredentials): Promise<string[]> {
  const r = await factory.get(EC2Client, account, factory.settings.homeRegion).send(new DescribeRegionsCommand({ AllRegions: false }));
  return (r.Regions ?? [])
    .filter((x) => x.OptInStatus !== 'not-opted-in')
    .map((x) => x.RegionName)
    .filter((x): x is string => !!x)
    .sort();
}

function matchesAccountFilter(filter: string[] | undefined, id: string, name: string | undefined): boolean {
  if (!filter || filter.length === 0) return true;
  // A glob (`prod-*`, `1111*`) as in mamori.yaml's `accounts:` and `schedules:` scopes.
  return filter.some((f) => f === id || (name !== undefined && f.toLowerCase() === name.toLowerCase()) || (f.includes('*') && (compileGlob(f)(id) || (name !== undefined && compileGlob(f.toLowerCase())(name.toLowerCase())))));
}

function gap(kind: CoverageGap['kind'], account: string, accountName: string | undefined, e: unknown, what: string): CoverageGap {
  const c = classifyAwsError(e);
  const g: CoverageGap = { kind, account, region: '*', resourceType: '*', code: c.code, message: `${what}: ${c.message}`, policies: [] };
  if (accountName !== undefined) g.accountName = accountName;
  return g;
}

/**
 * The accounts and regions a scan covers. An account whose role cannot be assumed, or whose regions
 * cannot be listed, is a coverage gap; the others go on.
 */
export async function resolveTargets(
  factory: ClientFactory,
  baseCredentials: AwsCredentialIdentityProvider,
  opts: TargetOptions,
): Promise<{ targets: ScanTarget[]; gaps: CoverageGap[]; callerAccountId: string; organization?: { activeAccounts: number } }> {
  const callerAccountId = await callerAccount(factory, baseCredentials);
  const base: AccountCredentials = { id: callerAccountId, credentials: baseCredentials };
  const gaps: CoverageGap[] = [];
  let candidates: { id: string; name?: string; credentials: AwsCredentialIdentityProvider }[];
  let organization: { activeAccounts: number } | undefined;

  if (opts.org) {
    const orgs = factory.get(OrganizationsClient, base, factory.settings.homeRegion);
    const listed: { id: string; name?: string }[] = [];
    try {
      for await (const page of paginateListAccounts({ client: orgs }, {})) {
        for (const a of page.Accounts ?? []) if (a.Id && a.Status === 'ACTIVE') listed.push({ id: a.Id, ...(a.Name ? { name: a.Name } : {}) });
      }
    } catch (e) {
      throw new MamoriError('AWS_ACCESS', `--org needs organizations:ListAccounts from the management account (or a delegated administrator): ${describeAwsError(e)}`, undefined, { cause: e });
    }
    const roleName = opts.roleName ?? DEFAULT_ROLE_NAME;
    candidates = listed.map((a) => ({
      ...a,
      credentials: a.id === callerAccountId ? baseCredentials : assumeRoleCredentials(factory, base, `arn:aws:iam::${a.id}:role/${roleName}`, opts.externalId),
    }));
  } else {
    const [name, org] = await Promise.all([accountName(factory, base), listableOrganization(factory, base)]);
    organization = org;
    candidates = [{ id: callerAccountId, ...(name ? { name } : {}), credentials: baseCredentials }];
  }
  if (opts.accounts?.length) {
    const unknown = opts.accounts.filter((f) => !candidates.some((c) => matchesAccountFilter([f], c.id, c.name)));
    if (unknown.length) throw new MamoriError('USAGE', `--account ${unknown.join(', ')}: not among the accounts in scope (${candidates.map((c) => c.name ? `${c.id} ${c.name}` : c.id).join(', ')})`);
    candidates = candidates.filter((c) => matchesAccountFilter(opts.accounts, c.id, c.name));
  }

  const resolved = await mapLimit(candidates, opts.accountConcurrency ?? 8, async (c): Promise<ScanTarget | undefined> => {
    try {
      await c.credentials();
    } catch (e) {
      gaps.push(gap('assume-role', c.id, c.name, e, `cannot assume ${opts.roleName ?? DEFAULT_ROLE_NAME}`));
      return undefined;
    }
    let regions = opts.regions;
    if (!regions?.length) {
      try {
        regions = await enabledRegions(factory, c);
      } catch (e) {
        gaps.push(gap(classifyAwsError(e).kind === 'access-denied' ? 'access-denied' : 'error', c.id, c.name, e, 'cannot list enabled regions (ec2:DescribeRegions); pass --region'));
        return undefined;
      }
    }
    return { ...c, regions };
  });
  return { targets: resolved.filter((t): t is ScanTarget => t !== undefined), gaps, callerAccountId, ...(organization ? { organization } : {}) };
}
