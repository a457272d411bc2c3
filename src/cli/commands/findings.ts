import { MamoriError } from '../../core/errors.ts';
import { SEVERITIES, type Severity } from '../../core/finding.ts';
import { csvCell, findingRow } from '../../outputs/csv.ts';
import { renderColumns } from '../../outputs/columns.ts';
import { LIFECYCLE_STATUSES, type FindingQuery, type LifecycleStatus, type StoredFinding } from '../../store/index.ts';
import { list, str, type Command } from '../command.ts';
import { CONFIG_OPTIONS, resolveConfig } from '../options.ts';
import { openCliStore, STORE_OPTIONS, STORE_USAGE } from '../store.ts';

const FORMATS = ['table', 'json', 'csv'] as const;

function oneOf<T extends string>(flag: string, values: string[] | undefined, allowed: readonly T[]): T[] | undefined {
  if (!values) return undefined;
  const bad = values.find((v) => !(allowed as readonly string[]).includes(v));
  if (bad) throw new MamoriError('USAGE', `--${flag} expects ${allowed.join(', ')}, got "${bad}"`);
  return values as T[];
}

/** CSV of stored findings: the scan's columns plus the lifecycle. */
export function storedFindingsCsv(findings: readonly StoredFinding[]): string {
  const header = ['id', 'lifecycle', 'first_seen', 'last_seen', 'resolved_at', 'policy', 'outcome', 'severity', 'account', 'account_name', 'region', 'resource_type', 'resource_id', 'resource_arn', 'resource_name', 'evidence_ids', 'evidence', 'exclusion', 'error', 'title'];
  const lines = [header.join(',')];
  for (const f of findings) {
    const base = findingRow({ ...f, status: f.outcome });
    base.splice(1, 1); // the scan's status column is `outcome` here
    lines.push([f.id, f.status, f.firstSeen, f.lastSeen, f.resolvedAt ?? '', base[0]!, f.outcome, ...base.slice(1)].map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export const findingsCommand: Command = {
  name: 'findings',
  usage: `[filters] [--format table|json|csv] [--limit N] [--cursor C]

Filters (repeatable, comma-separated lists accepted):
  --status S        new, open, resolved, reopened, excluded, error (default: new, open, reopened, error)
  --all             every status
  --severity S      critical, high, medium, low, info
  --account ID      account id
  --region R
  --policy ID
  --resource X      resource id or ARN (* wildcard)
  --service S       ec2, s3, rds
  --text T          substring of title, policy, ARN or name
  --sort K          severity (default), lastSeen, firstSeen, policy, resource

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
    format: { type: 'string' },
    limit: { type: 'string' },
    cursor: { type: 'string' },
  },
  async run({ values, io }) {
    const format = oneOf('format', [str(values, 'format') ?? 'table'], FORMATS)![0]!;
    const statuses = values['all'] ? undefined : (oneOf<LifecycleStatus>('status', list(values, 'status'), LIFECYCLE_STATUSES) ?? ['new', 'open', 'reopened', 'error']);
    const severities = oneOf<Severity>('severity', list(values, 'severity'), SEVERITIES);
    const sort = oneOf('sort', str(values, 'sort') ? [str(values, 'sort')!] : undefined, ['severity', 'lastSeen', 'firstSeen', 'policy', 'resource'] as const)?.[0];
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
    if (cursor) q.cursor = cursor;
    const config = resolveConfig(values, io.env, io.cwd);
    const store = await openCliStore(values, io.env, config);
    try {
      const page = await store.listFindings(q);
      if (format === 'json') {
        io.out(`${JSON.stringify({ findings: page.findings, total: page.total, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }, null, 2)}\n`);
      } else if (format === 'csv') {
        io.out(storedFindingsCsv(page.findings));
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
        io.out(`${page.findings.length} shown${page.total !== undefined ? ` of ${page.total}` : ''}${page.nextCursor ? ` · next page: --cursor ${page.nextCursor}` : ''}\n`);
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
