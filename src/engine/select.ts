import { serviceOf, severityRank } from '../core/index.ts';
import type { Severity } from '../core/index.ts';
import { compileGlobs } from '../core/glob.ts';
import type { Policy } from './policy.ts';

export interface PolicySelection {
  /** Policy ids or globs (`aws-ec2-sg-open-*`); a policy is kept when any matches. */
  ids?: readonly string[];
  /** Policy ids or globs to drop, applied after `ids`. */
  excludeIds?: readonly string[];
  /** Keep policies of this severity or higher. */
  minSeverity?: Severity;
  /** Services (`ec2`, `s3`, `rds`) whose policies are kept: the resource type's service or the catalog's (`policyServices`). */
  services?: readonly string[];
  /** Framework references or globs (`CIS-4.0:*`); a policy is kept when any of its frameworks matches. */
  frameworks?: readonly string[];
}

/**
 * The services a policy is filed under: its resource type's (`aws.apigatewayv2.stage` → `apigatewayv2`) and the
 * catalog's, which built-in ids carry as `aws-<service>-…` and which for some types names the product instead
 * (`aws-apigateway-v2-stage-access-logs-off` → `apigateway`, `aws-eventbridge-…` on `aws.events.*`).
 */
export function policyServices(p: Pick<Policy, 'id' | 'resource'>): string[] {
  const catalog = /^aws-([a-z0-9]+)-/.exec(p.id)?.[1];
  const own = serviceOf(p.resource);
  return catalog && catalog !== own ? [own, catalog] : [own];
}

/** The policies that pass every given criterion, in their original order. */
export function selectPolicies<P extends Policy>(policies: readonly P[], sel: PolicySelection = {}): P[] {
  const ids = sel.ids && sel.ids.length > 0 ? compileGlobs(sel.ids) : undefined;
  const excluded = sel.excludeIds && sel.excludeIds.length > 0 ? compileGlobs(sel.excludeIds) : undefined;
  const minRank = sel.minSeverity !== undefined ? severityRank(sel.minSeverity) : undefined;
  const services = sel.services && sel.services.length > 0 ? new Set(sel.services.map((s) => s.toLowerCase())) : undefined;
  const frameworks = sel.frameworks && sel.frameworks.length > 0 ? compileGlobs(sel.frameworks) : undefined;
  return policies.filter(
    (p) =>
      (!ids || ids(p.id)) &&
      (!excluded || !excluded(p.id)) &&
      (minRank === undefined || severityRank(p.severity) >= minRank) &&
      (!services || policyServices(p).some((x) => services.has(x))) &&
      (!frameworks || p.frameworks.some(frameworks)),
  );
}
