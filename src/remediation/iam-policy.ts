/**
 * Least-privilege IAM policies built from what the code declares: each collector's `permissions` for scanning,
 * each remediation action's `permissions` for fixing. Nothing here is written by hand per policy.
 */
import { COLLECTORS } from '../collectors/index.ts';
import type { Exclusion } from '../engine/exclusions.ts';
import type { Policy } from '../engine/policy.ts';
import { ACTIONS } from './registry.ts';

/** What every run calls besides the collectors: who am I, which regions, the account's name. */
export const BASE_PERMISSIONS = ['sts:GetCallerIdentity', 'ec2:DescribeRegions', 'iam:ListAccountAliases', 'organizations:DescribeAccount'];
/** What `--org` calls in the management account (or a delegated administrator). */
export const ORG_PERMISSIONS = ['organizations:ListAccounts'];

export interface IamPolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string;
}

export interface IamPolicyDocument {
  Version: '2012-10-17';
  Statement: IamPolicyStatement[];
}

export interface IamPolicyOptions {
  scan?: boolean;
  remediate?: boolean;
  /** The policies in use (default: the whole registry); they decide which collectors and actions are needed. */
  policies?: readonly Policy[];
  globalExclusions?: readonly Exclusion[];
  /** Add what `--org` needs: listing the organization's accounts and assuming this role in each. */
  org?: { roleName: string };
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** The resource types a scan of these policies collects, including those its exclusions look at through `related`. */
export function scanResourceTypes(policies: readonly Policy[], globals: readonly Exclusion[] = []): string[] {
  const types = new Set(policies.map((p) => p.resource));
  for (const e of [...policies.flatMap((p) => p.exclusions), ...globals]) for (const r of e.match.related ?? []) if (COLLECTORS.has(r.type)) types.add(r.type);
  return sorted(types);
}

export function scanPermissions(types: readonly string[]): string[] {
  return sorted([...BASE_PERMISSIONS, ...types.flatMap((t) => COLLECTORS.get(t)?.permissions ?? [])]);
}

/** The permissions of the actions these policies name, with their parameters. */
export function remediationPermissions(policies?: readonly Policy[]): string[] {
  if (!policies) return sorted([...ACTIONS.values()].flatMap((a) => a.permissions));
  const out: string[] = [];
  for (const p of policies) {
    const a = p.response.action ? ACTIONS.get(p.response.action) : undefined;
    if (!a) continue;
    const parsed = a.params.safeParse(p.response.params ?? {});
    out.push(...(a.permissionsFor && parsed.success ? a.permissionsFor(parsed.data) : a.permissions));
  }
  return sorted(out);
}

export function iamPolicy(opts: IamPolicyOptions): IamPolicyDocument {
  const statements: IamPolicyStatement[] = [];
  const policies = opts.policies;
  if (opts.scan) {
    const types = policies ? scanResourceTypes(policies, opts.globalExclusions) : [...COLLECTORS.keys()];
    statements.push({ Sid: 'MamoriScan', Effect: 'Allow', Action: scanPermissions(types), Resource: '*' });
  }
  if (opts.remediate) {
    // Fixing re-reads the resource and the accounts, so it needs the basics too when not combined with --scan.
    statements.push({ Sid: 'MamoriRemediate', Effect: 'Allow', Action: sorted([...(opts.scan ? [] : BASE_PERMISSIONS), ...remediationPermissions(policies)]), Resource: '*' });
  }
  if (opts.org) {
    statements.push({ Sid: 'MamoriOrganization', Effect: 'Allow', Action: ORG_PERMISSIONS, Resource: '*' });
    statements.push({ Sid: 'MamoriAssumeRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: `arn:aws:iam::*:role/${opts.org.roleName}` });
  }
  return { Version: '2012-10-17', Statement: statements };
}
