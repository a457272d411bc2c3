/**
 * Plain-language text for what the API gives as data: exclusion criteria, the criteria an exclusion matched, audit
 * details, resource types, where a response mode comes from, and counts with their nouns ("1 policy").
 */
import type { EffectiveMode, ResponseMode } from '../api.ts';

/** "1 policy", "2 policies". */
export function plural(n: number, singular: string, pluralForm?: string): string {
  const word = n === 1 ? singular : (pluralForm ?? (/[^aeiou]y$/.test(singular) ? `${singular.slice(0, -1)}ies` : /(s|x|z|ch|sh)$/.test(singular) ? `${singular}es` : `${singular}s`));
  return `${n.toLocaleString('en-US')} ${word}`;
}

const SERVICES: Record<string, string> = { ec2: 'EC2', s3: 'S3', rds: 'RDS', iam: 'IAM', kms: 'KMS', elb: 'ELB', lambda: 'Lambda', sns: 'SNS', sqs: 'SQS' };

/** `aws.ec2.security-group` → "EC2 security group", `aws.rds.db-snapshot` → "RDS DB snapshot". */
export function typeName(type: string): string {
  const [, service = '', kind = type] = type.split('.');
  const words = kind.split('-').map((w) => (w === 'db' ? 'DB' : w === 'acl' ? 'ACL' : w));
  return `${SERVICES[service] ?? service.toUpperCase()} ${words.join(' ')}`.trim();
}

/** "an EC2 instance", "a security group". */
function withArticle(text: string): string {
  return `${/^[aeiouAEIOU]|^(EC2|S3|RDS|IAM|ELB|SNS|SQS)\b/.test(text) && !/^(a|an) /.test(text) ? 'an' : 'a'} ${text}`;
}

// How a resource relates to the related resources the collectors record (see RelatedRef.relation).
const RELATION: Record<string, string> = { 'used-by': 'used by', uses: 'using', 'snapshot-of': 'a snapshot of' };
const RELATION_BY_TYPE: Record<string, string> = {
  'aws.ec2.instance': 'used-by',
  'aws.ec2.network-interface': 'used-by',
  'aws.ec2.security-group': 'uses',
  'aws.rds.db-instance': 'snapshot-of',
  'aws.rds.db-cluster': 'snapshot-of',
};

export function relationText(relation: string | undefined, relatedType?: string): string {
  const r = relation ?? (relatedType ? RELATION_BY_TYPE[relatedType] : undefined);
  return (r && RELATION[r]) ?? 'related to';
}

function list(values: unknown, or = 'or'): string {
  const items = (Array.isArray(values) ? values : [values]).map(String);
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${or} ${items[items.length - 1]}`;
}

function tagsText(tags: unknown): string {
  if (!tags || typeof tags !== 'object') return '';
  const parts = Object.entries(tags as Record<string, unknown>).map(([k, v]) => `${k}=${list(v)}`);
  return parts.length ? `tagged ${parts.join(' and ')}` : '';
}

/** Exclusion criteria (`{account: [Test], related: [{type: aws.ec2.instance, tags: {CASB-Audit: [No]}}]}`) as a sentence. */
export function matchText(match: Record<string, unknown>): string {
  const parts: string[] = [];
  if (match.account !== undefined) parts.push(`in account ${list(match.account)}`);
  if (match.region !== undefined) parts.push(`in region ${list(match.region)}`);
  if (match.resource !== undefined) parts.push(`resource ${list(match.resource)}`);
  if (match.tags !== undefined) parts.push(tagsText(match.tags));
  if (match.related !== undefined) {
    const rel = (Array.isArray(match.related) ? match.related : [match.related]) as { type?: string; id?: unknown; tags?: unknown }[];
    parts.push(
      rel
        .map((r) => {
          const what = [withArticle(typeName(r.type ?? 'resource')), r.id !== undefined ? list(r.id) : '', tagsText(r.tags)].filter(Boolean).join(' ');
          return `${relationText(undefined, r.type)} ${what}`;
        })
        .join(', or '),
    );
  }
  const known = new Set(['account', 'region', 'resource', 'tags', 'related']);
  for (const [k, v] of Object.entries(match)) if (!known.has(k)) parts.push(`${k} ${list(v)}`);
  const text = parts.filter(Boolean).join(', ');
  return text ? `Resources ${text}` : 'Every resource';
}

/**
 * What an exclusion matched on a finding, from the engine's `matched` text (`account name Test`,
 * `related aws.ec2.instance i-0abc tag CASB-Audit=No`, `region eu-west-1, tags a=b, c=d`).
 */
export function matchedText(matched: string): string {
  const parts = matched.split(/, (?=(?:account|region|resource|tags?|related) )/);
  return parts
    .map((p) => {
      let m = /^account name (.+)$/.exec(p);
      if (m) return `in the account named ${m[1]}`;
      m = /^account (.+)$/.exec(p);
      if (m) return `in account ${m[1]}`;
      m = /^region (.+)$/.exec(p);
      if (m) return `in region ${m[1]}`;
      m = /^resource (.+)$/.exec(p);
      if (m) return `resource ${m[1]}`;
      m = /^tags? (.+)$/.exec(p);
      if (m) return `tagged ${m[1]}`;
      m = /^related (\S+) (\S+)(?: tags? (.+))?$/.exec(p);
      if (m) return `${relationText(undefined, m[1])} ${withArticle(typeName(m[1]!))} (${m[2]})${m[3] ? ` tagged ${m[3]}` : ''}`;
      return p;
    })
    .join(', ');
}

function value(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (Array.isArray(v)) return v.length ? v.map(value).join(', ') : 'none';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (('account' in o || 'region' in o || 'resource' in o || 'tags' in o || 'related' in o) && Object.keys(o).every((k) => ['account', 'region', 'resource', 'tags', 'related'].includes(k))) return matchText(o).replace(/^Resources /, 'resources ');
    return Object.entries(o)
      .map(([k, x]) => `${k} ${value(x)}`)
      .join(', ');
  }
  return String(v);
}

/** Audit details (`{before: {...}, after: {...}, reason: ...}`) as "key: value" phrases, nested objects flattened. */
export function detailsText(details: Record<string, unknown> | undefined): string {
  if (!details) return '';
  const { before, after, ...rest } = details;
  const parts: string[] = [];
  if (before !== undefined || after !== undefined) parts.push(`from ${value(before)} to ${value(after)}`);
  for (const [k, v] of Object.entries(rest)) parts.push(`${k}: ${value(v)}`);
  return parts.join('; ');
}

const SOURCE: Record<EffectiveMode['source'], string> = {
  policy: 'the policy’s own default',
  console: 'the console setting',
  config: 'mamori.yaml (responses)',
  account: 'an account override in mamori.yaml',
};

/** "approve — set by mamori.yaml (responses)". */
export function modeSourceText(m: EffectiveMode): string {
  return `${SOURCE[m.source]}${m.source === 'account' && m.accounts ? ` (accounts ${m.accounts.join(', ')})` : ''}`;
}

/** What each response mode does: the same words as docs/policy-language.md and docs/remediation.md. */
export const MODE_MEANING: Record<ResponseMode, string> = {
  off: 'findings are recorded and shown; no fix is ever planned, not even by mamori fix',
  notify: 'findings are recorded and shown for review (no message is sent: notifications arrive with continuous protection); mamori fix plans the fix when asked',
  approve: 'console scans (and mamori scan --remediate) plan the fix, which waits for an operator’s approval',
  auto: 'console scans (and mamori scan --remediate) apply the fix: journaled, verified, reversible',
};
