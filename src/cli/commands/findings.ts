import { MamoriError } from '../../core/errors.ts';
import { SEVERITIES, type Severity } from '../../core/finding.ts';
import { renderColumns } from '../../outputs/columns.ts';
import { plural } from '../../outputs/plural.ts';
import { policyInfoMap, renderStored, textMatchingPolicies } from '../../outputs/stored.ts';
import { LIFECYCLE_STATUSES, type FindingQuery, type LifecycleStatus, type StoredFinding } from '../../store/index.ts';
import { list, str, type Command } from '../command.ts';
import { CONFIG_OPTIONS, loadCandidatePolicies, resolveConfig } from '../options.ts';
import { openCliStore, STORE_OPTIONS, STORE_USAGE } from '../store.ts';

const FORMATS = ['table', 'json', 'csv', 'ocsf', 'asff'] as const;

function oneOf<T extends string>(flag: string, values: string[] | undefined, allowed: readonly T[]): T[] | undefined {
  if (!values) return undefined;
  const bad = values.find((v) => !(allowed as readonly string[]).includes(v));
  if (bad) throw new MamoriError('USAGE', `--${flag} expects ${allowed.join(', ')}, got "${bad}"`);
  return values as T[];
}

/** CSV of stored findings: the scan's columns plus the lifecycle. */
export function storedFindingsCsv(findings: readonly StoredFinding[]): string {
  return renderStored('csv', findings, new Map());
}

/** `--status all` means every status, as `--all` does; `all` mixed with other statuses is a contradiction. */
function statusFilter(values: Record<string, unknown>, given: string[] | undefined): LifecycleStatus[] | undefined {
  if (values['all']) return undefined;
  if (given?.includes('all')) {
    if (given.length > 1) throw new MamoriError('USAGE', `--status all already means every status; drop ${given.filter((s) => s !== 'all').join(', ')} (or use --all)`);
    return undefined;
  }
  return oneOf<LifecycleStatus>('status', given, [...LIFECYCLE_STATUSES, 'all' as LifecycleStatus]) ?? ['new', 'open', 'reopened', 'error'];
}

export const findingsCommand: Command = {
  name: 'findings',
  usage: `[filters] [--format table|json|csv|ocsf|asff] [--limit N] [--cursor C]

Filters (repeatable, comma-separated lists accepted):
  --status S        new, open, resolved, reopened, excluded, error, or all (default: new, open, reopened, error)
  --all             every status (same as --status all)
  --severity S      critical, high, medium, low, info
  --account ID      account id
  --region R
  --policy ID
  --resource X      resource id or ARN (* wildcard)
  --service S       ec2, s3, rds
  --text T          substring of title, policy, ARN or name, or of a policy's framework ids (cis-aws-v3:5.2)
  --sort K          severity (default), lastSeen, firstSeen, policy, resource
  --order O         asc or desc (default: each sort's natural order: most severe, newest, A to Z)

Output:
  --format F        table (default), json, csv, ocsf (OCSF 1.3 Compliance Findings), asff (Security Hub)
  --limit N         at most N findings (table 100, other formats 10000)
  --cursor C        the next page, from the previous output

${STORE_USAGE}`,
  options: {
    ...STORE_OPTIONS,
    ...CONFIG_OPTIONS,
    status: { type: 'string', multiple: true },
    all: { type: 'boolean' },
    severity: { type: 'string', multiple: true },
    account: { type: 'string', multiple: true },
    region: { type: 'string', multiple: true },
    policy: { type: 'string', multiple: true },
    resource: { type: 'string' },
    service: { type: 'string', multiple: true },
    text: { type: 'string' },
    sort: { type: 'string' },
    order: { type: 'string' },
    format: { type: 'string' },
    limit: { type: 'string' },
    cursor: { type: 'string' },
  },
  async run({ values, io }) {
    const format = oneOf('format', [str(values, 'format') ?? 'table'], FORMATS)![0]!;
    const statuses = statusFilter(values, list(values, 'status'));
    const severities = oneOf<Severity>('severity', list(values, 'severity'), SEVERITIES);
    const sort = oneOf('sort', str(values, 'sort') ? [str(values, 'sort')!] : undefined, ['severity', 'lastSeen', 'firstSeen', 'policy', 'resource'] as const)?.[0];
    const order = oneOf('order', str(values, 'order') ? [str(values, 'order')!] : undefined, ['asc', 'desc'] as const)?.[0];
    const limitText = str(values, 'limit');
    const limit = limitText === undefined ? (format === 'table' ? 100 : 10_000) : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new MamoriError('USAGE', `--limit expects 1..10000, got "${limitText}"`);
    const q: FindingQuery = { limit };
    if (statuses) q.status = statuses;
    if (severities) q.severity = severities;
    const account = list(values, 'account');
    const region = list(values, 'region');
    const policy = list(values, 'policy');
    const service = list(values, 'service');
    if (account) q.account = account;
    if (region) q.region = region;
    if (policy) q.policy = policy;
    if (service) q.service = service;
    const resource = str(values, 'resource');
    const text = str(values, 'text');
    const cursor = str(values, 'cursor');
    if (resource) q.resource = resource;
    if (text) q.text = text;
    if (sort) q.sort = sort;
    if (order) q.order = order;
    if (cursor) q.cursor = cursor;
    const config = resolveConfig(values, io.env, io.cwd);
    const needPolicies = text !== undefined || format === 'ocsf' || format === 'asff';
    const policies = needPolicies ? loadCandidatePolicies({}, io.env, config) : [];
    if (text) q.textPolicies = textMatchingPolicies(policies, text);
    const store = await openCliStore(values, io.env, config);
    try {
      const page = await store.listFindings(q);
      if (format === 'json') {
        io.out(`${JSON.stringify({ findings: page.findings, total: page.total, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }, null, 2)}\n`);
      } else if (format !== 'table') {
        io.out(renderStored(format, page.findings, policyInfoMap(policies)));
      } else {
        if (page.findings.length === 0) {
          io.out(`No findings match (store: ${store.location}).\n`);
          return 0;
        }
        io.out(
          renderColumns(
            ['STATUS', 'SEVERITY', 'POLICY', 'ACCOUNT', 'REGION', 'RESOURCE', 'EVIDENCE', 'FIRST SEEN', 'LAST SEEN'],
            page.findings.map((f) => [
              f.status,
              f.severity,
              f.policy,
              f.resource.accountName ? `${f.resource.account} ${f.resource.accountName}` : f.resource.account,
              f.resource.region,
              f.resource.name && f.resource.name !== f.resource.id ? `${f.resource.id} (${f.resource.name})` : f.resource.id,
              f.evidence.map((e) => e.id).join(' '),
              f.firstSeen.slice(0, 19).replace('T', ' '),
              f.lastSeen.slice(0, 19).replace('T', ' '),
            ]),
          ),
        );
        io.out(`${page.findings.length} shown${page.total !== undefined ? ` of ${plural(page.total, 'finding')}` : ''}${page.nextCursor ? ` · next page: --cursor ${page.nextCursor}` : ''}\n`);
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
