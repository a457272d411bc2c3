import { plural } from '../outputs/plural.ts';
import type { ScanSummary } from './report.ts';

/** What a scan covered, in words, and how to cover what it left out; shared by the CLI and the console. */
export interface CoverageNote {
  /** `Covered 5 accounts × 3 regions: 111111111111 Management, …; ap-northeast-1, eu-west-1, us-east-1` */
  covered: string;
  /** Set when the caller manages (or administers) an organization whose members were not scanned. */
  hint?: string;
}

function listed(items: string[], max: number): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/**
 * `how` says where the scope is set: flags of the command (`cli`) or the flags `mamori serve` was started with
 * (`console`, whose scans use the server's AWS options).
 */
export function describeCoverage(summary: Pick<ScanSummary, 'accounts' | 'organizationNotScanned'>, how: 'cli' | 'console' = 'cli'): CoverageNote {
  const regions = [...new Set(summary.accounts.flatMap((a) => a.regions))].sort();
  const accounts = summary.accounts.map((a) => (a.name ? `${a.id} ${a.name}` : a.id));
  const covered = accounts.length
    ? `Covered ${plural(accounts.length, 'account')} × ${plural(regions.length, 'region')}: ${listed(accounts, 6)}; ${listed(regions, 8)}`
    : 'Covered no account (see the coverage gaps)';
  const org = summary.organizationNotScanned;
  if (!org) return { covered };
  const others = org.activeAccounts - 1;
  const flags = '--org --role-name ROLE (ROLE: a role mamori may assume in every account, e.g. OrganizationAccountAccessRole)';
  const remedy = how === 'cli' ? `add ${flags}` : `start mamori serve with ${flags}`;
  return {
    covered,
    hint: `Only ${accounts[0] ?? 'the caller'} was scanned, but it can list an organization of ${plural(org.activeAccounts, 'active account')}: the other ${others === 1 ? '1 account was' : `${others} accounts were`} not. To scan them: ${remedy}.`,
  };
}
