/**
 * The catalog's policy families, each named by its services as its issue lists them (the repository's
 * catalog has no family column): network & compute (issue 11, 20 services) and data & storage (issue 12,
 * 26 services).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy } from '../src/engine/policy.ts';

export const FAMILIES = {
  'network-compute': [
    'ec2', 'cloudfront', 'ecs', 'elbv2', 'apigateway', 'autoscaling', 'elb', 'networkfirewall', 'appsync', 'waf',
    'ecr', 'eks', 'lambda', 'elasticbeanstalk', 'transfer', 'wafv2', 'workspaces', 'eventbridge', 'route53', 'stepfunctions',
  ],
  'data-storage': [
    'rds', 'redshift', 's3', 'opensearch', 'dms', 'neptune', 'elasticache', 'docdb', 'sagemaker', 'dynamodb', 'efs', 'kms', 'msk',
    'emr', 'secretsmanager', 'acm', 'fsx', 'sns', 'athena', 'glue', 'kinesis', 'mq', 'sqs', 'backup', 'datasync', 'firehose',
  ],
} as const;
export type Family = keyof typeof FAMILIES;

/** `--family=<name>` from argv (default network-compute); an unknown name is an error naming the known ones. */
export function familyFlag(argv: string[] = process.argv): Family {
  const v = argv.find((a) => a.startsWith('--family='))?.slice('--family='.length) ?? 'network-compute';
  if (!(v in FAMILIES)) throw new Error(`--family=${v}: unknown family (have: ${Object.keys(FAMILIES).join(', ')})`);
  return v as Family;
}

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
export function familyPolicies(all: Policy[], family: Family = 'network-compute'): Policy[] {
  const services = catalogServices();
  const missing = all.filter((p) => !services.has(p.id)).map((p) => p.id);
  if (missing.length) throw new Error(`built-in policies missing from src/policies/catalog.csv: ${missing.join(', ')}`);
  const names: readonly string[] = FAMILIES[family];
  return all.filter((p) => names.includes(services.get(p.id)!));
}
