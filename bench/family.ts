/**
 * The network & compute family (issue 11): the catalog rows of its 20 services. The repository's catalog
 * has no family column, so the family is named here by its services, as the issue lists them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy } from '../src/engine/policy.ts';

export const FAMILY_SERVICES = [
  'ec2', 'cloudfront', 'ecs', 'elbv2', 'apigateway', 'autoscaling', 'elb', 'networkfirewall', 'appsync', 'waf',
  'ecr', 'eks', 'lambda', 'elasticbeanstalk', 'transfer', 'wafv2', 'workspaces', 'eventbridge', 'route53', 'stepfunctions',
];

/** Catalog id → service (the first two columns of src/policies/catalog.csv, which hold no commas). */
function catalogServices(): Map<string, string> {
  const text = readFileSync(join(import.meta.dirname, '..', 'src', 'policies', 'catalog.csv'), 'utf8');
  const out = new Map<string, string>();
  for (const line of text.split('\n').slice(1)) {
    const [id, service] = line.split(',', 2);
    if (id && service) out.set(id, service);
  }
  return out;
}

/** The built-in policies of the family; a built-in policy missing from the catalog is an error, never skipped. */
export function familyPolicies(all: Policy[]): Policy[] {
  const services = catalogServices();
  const missing = all.filter((p) => !services.has(p.id)).map((p) => p.id);
  if (missing.length) throw new Error(`built-in policies missing from src/policies/catalog.csv: ${missing.join(', ')}`);
  return all.filter((p) => FAMILY_SERVICES.includes(services.get(p.id)!));
}
