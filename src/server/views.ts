/**
 * How the console shows a resource's stored configuration: one line per part (a security-group rule line, an ACL
 * grant, a policy statement, a setting), each violating part marked with the evidence id and the policies it
 * violates. Evidence that no line shows is listed on its own, so nothing violating is ever hidden.
 */
import type { Evidence } from '../core/finding.ts';
import type { S3BucketConfig, SecurityGroupConfig, SgRule, RdsSnapshotConfig, PublicAccessBlock } from '../core/configs.ts';
import { responseModeFor, type MamoriConfig } from '../app/config.ts';
import type { ConfigLine, ConfigSection, EffectiveMode, FindingRow, ResponseMode } from './contract.ts';
import type { PolicyEntry } from './context.ts';
import type { StoredFinding, StoredResource } from '../store/types.ts';

/** Which policies each evidence id violates. */
export type Marks = Map<string, { policies: string[]; summary: string }>;

export function marksOf(findings: readonly Pick<StoredFinding, 'policy' | 'evidence' | 'status'>[]): Marks {
  const marks: Marks = new Map();
  for (const f of findings) {
    // Resolved findings no longer mark anything; excluded ones still do (the part violates, it is just accepted).
    if (f.status === 'resolved') continue;
    for (const e of f.evidence) {
      const m = marks.get(e.id) ?? { policies: [], summary: e.summary };
      if (!m.policies.includes(f.policy)) m.policies.push(f.policy);
      marks.set(e.id, m);
    }
  }
  return marks;
}

function line(text: string, id: string | undefined, marks: Marks, used: Set<string>, detail?: string): ConfigLine {
  const m = id !== undefined ? marks.get(id) : undefined;
  if (m && id !== undefined) used.add(id);
  const out: ConfigLine = { text, violating: !!m };
  if (id !== undefined) out.evidenceId = id;
  if (m) out.policies = m.policies;
  if (detail !== undefined) out.detail = detail;
  return out;
}

function ports(r: SgRule): string {
  if (r.protocol === '-1') return 'all traffic';
  const proto = r.protocol;
  if (r.fromPort === undefined) return proto;
  if (r.fromPort === -1 || r.toPort === -1) return `${proto} all`;
  return r.fromPort === r.toPort ? `${proto} ${r.fromPort}` : `${proto} ${r.fromPort}-${r.toPort}`;
}

function peer(r: SgRule): string {
  if (r.cidrIpv4) return r.cidrIpv4;
  if (r.cidrIpv6) return r.cidrIpv6;
  if (r.prefixListId) return r.prefixListId;
  if (r.referencedGroup) return `${r.referencedGroup.groupId}${r.referencedGroup.userId ? ` (${r.referencedGroup.userId})` : ''}`;
  return '?';
}

export function ruleText(r: SgRule): string {
  return `${ports(r)} ${r.direction === 'ingress' ? 'from' : 'to'} ${peer(r)}${r.description ? ` — ${r.description}` : ''}`;
}

function securityGroupSections(c: SecurityGroupConfig, marks: Marks, used: Set<string>): ConfigSection[] {
  const rules = (list: SgRule[] | undefined) => (list ?? []).map((r) => line(ruleText(r), r.id, marks, used, r.id));
  return [
    { title: `Inbound rules (${c.ingress?.length ?? 0})`, lines: rules(c.ingress) },
    { title: `Outbound rules (${c.egress?.length ?? 0})`, lines: rules(c.egress) },
    {
      title: 'Group',
      lines: [
        line(`name ${c.groupName}`, undefined, marks, used),
        ...(c.vpcId ? [line(`vpc ${c.vpcId}`, undefined, marks, used)] : []),
        ...(c.description ? [line(`description ${c.description}`, undefined, marks, used)] : []),
      ],
    },
  ];
}

function granteeName(uri: string | undefined): string | undefined {
  return uri?.split('/').pop();
}

function bpaLines(label: string, b: PublicAccessBlock | null | undefined, marks: Marks, used: Set<string>, path: string): ConfigLine[] {
  if (b === undefined) return [line(`${label}: unknown (could not be read)`, undefined, marks, used)];
  if (b === null) return [line(`${label}: not configured`, `path:config.${path}`, marks, used)];
  return (Object.keys(b) as (keyof PublicAccessBlock)[]).map((k) => line(`${label} ${k}: ${b[k]}`, `path:config.${path}.${k}`, marks, used));
}

function bucketSections(c: S3BucketConfig, marks: Marks, used: Set<string>): ConfigSection[] {
  const sections: ConfigSection[] = [];
  const acl = c.acl;
  sections.push({
    title: 'ACL grants',
    lines: acl
      ? acl.grants.map((g) => {
          const group = granteeName(g.grantee.uri);
          const who = g.grantee.type === 'Group' ? (group ?? g.grantee.uri ?? 'group') : (g.grantee.displayName ?? g.grantee.id ?? g.grantee.emailAddress ?? g.grantee.type);
          return line(`${g.permission} to ${who}`, group ? `grant:${group}:${g.permission}` : undefined, marks, used);
        })
      : [line('ACL: unknown (could not be read)', undefined, marks, used)],
  });
  let statements: unknown[] = [];
  if (typeof c.policy === 'string') {
    try {
      const doc = JSON.parse(c.policy) as { Statement?: unknown };
      statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
    } catch {
      statements = [];
    }
  }
  sections.push({
    title: 'Bucket policy',
    lines:
      c.policy === null
        ? [line('no bucket policy', undefined, marks, used)]
        : c.policy === undefined
          ? [line('policy: unknown (could not be read)', undefined, marks, used)]
          : statements.map((s, i) => {
              const st = s as Record<string, unknown>;
              const sid = typeof st.Sid === 'string' && st.Sid !== '' ? st.Sid : undefined;
              const bySid = sid !== undefined && marks.has(`statement:${sid}`) ? `statement:${sid}` : `statement:#${i}`;
              const id = sid !== undefined && !marks.has(`statement:#${i}`) ? `statement:${sid}` : bySid;
              return line(`${sid ?? `#${i}`}: ${String(st.Effect ?? '?')} ${JSON.stringify(st.Action ?? st.NotAction ?? '')} to ${JSON.stringify(st.Principal ?? st.NotPrincipal ?? '')}${st.Condition ? ' with conditions' : ''}`, id, marks, used, JSON.stringify(st));
            }),
  });
  sections.push({
    title: 'Block Public Access',
    lines: [...bpaLines('bucket', c.publicAccessBlock, marks, used, 'publicAccessBlock'), ...bpaLines('account', c.accountPublicAccessBlock, marks, used, 'accountPublicAccessBlock')],
  });
  sections.push({
    title: 'Default encryption',
    lines:
      c.encryption === undefined
        ? [line('unknown (could not be read)', 'path:config.encryption', marks, used)]
        : c.encryption === null
          ? [line('none', 'path:config.encryption', marks, used)]
          : c.encryption.rules.map((r) => line(`${r.sseAlgorithm ?? '?'}${r.kmsMasterKeyId ? ` key ${r.kmsMasterKeyId}` : ''}${r.bucketKeyEnabled ? ' (bucket key)' : ''}`, 'path:config.encryption', marks, used)),
  });
  if (c.ownership !== undefined) sections.push({ title: 'Object ownership', lines: [line(c.ownership ?? 'not set (ACLs in effect)', 'path:config.ownership', marks, used)] });
  return sections;
}

function snapshotSections(c: RdsSnapshotConfig, marks: Marks, used: Set<string>): ConfigSection[] {
  const restore = c.restore;
  return [
    {
      title: 'Restore permissions',
      lines:
        restore === undefined
          ? [line('unknown (could not be read)', undefined, marks, used)]
          : restore.length === 0
            ? [line('private (no account may restore)', undefined, marks, used)]
            : restore.map((v) => line(v === 'all' ? 'all (public: any AWS account may restore)' : `account ${v}`, `restore:${v}`, marks, used)),
    },
    {
      title: 'Snapshot',
      lines: [
        line(`engine ${c.engine ?? '?'}, status ${c.status ?? '?'}`, undefined, marks, used),
        line(`encrypted ${c.encrypted === undefined ? '?' : c.encrypted}`, 'path:config.encrypted', marks, used),
        ...(c.sourceId ? [line(`source ${c.sourceId}`, undefined, marks, used)] : []),
      ],
    },
  ];
}

/** The configuration of a resource as marked lines. */
export function configSections(resource: Pick<StoredResource, 'type' | 'config'>, marks: Marks): ConfigSection[] {
  const used = new Set<string>();
  let sections: ConfigSection[] = [];
  const c = resource.config as Record<string, unknown>;
  if (resource.type === 'aws.ec2.security-group') sections = securityGroupSections(c as unknown as SecurityGroupConfig, marks, used);
  else if (resource.type === 'aws.s3.bucket') sections = bucketSections(c as unknown as S3BucketConfig, marks, used);
  else if (resource.type === 'aws.rds.db-snapshot' || resource.type === 'aws.rds.db-cluster-snapshot') sections = snapshotSections(c as unknown as RdsSnapshotConfig, marks, used);
  else {
    sections = [{ title: 'Configuration', lines: Object.entries(c).map(([k, v]) => line(`${k}: ${JSON.stringify(v)}`, `path:config.${k}`, marks, used)) }];
  }
  const rest = [...marks].filter(([id]) => !used.has(id));
  if (rest.length) sections.unshift({ title: 'Other violating parts', lines: rest.map(([id, m]) => ({ text: m.summary, evidenceId: id, violating: true, policies: m.policies })) });
  return sections;
}

/** The evidence a finding carries, as marks (for one finding's page). */
export function marksOfEvidence(policy: string, evidence: readonly Evidence[]): Marks {
  return new Map(evidence.map((e) => [e.id, { policies: [policy], summary: e.summary }]));
}

export function findingRow(f: StoredFinding): FindingRow {
  const row: FindingRow = {
    id: f.id,
    policy: f.policy,
    title: f.title,
    status: f.status,
    severity: f.severity,
    resource: f.resource,
    evidenceCount: f.evidence.length,
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
  };
  if (f.exclusion) row.exclusion = f.exclusion;
  if (f.resolvedAt) row.resolvedAt = f.resolvedAt;
  return row;
}

/**
 * The response mode a scan uses for a policy, and where it comes from. Scans read mamori.yaml over the policy as the
 * console set it (`responseModeFor`): an `accounts` entry first, then `responses`, then the console's setting, then
 * the policy's own mode. Asking each layer on its own tells which one decided.
 */
export function effectiveModeOf(
  config: Pick<MamoriConfig, 'responses' | 'accounts'>,
  entry: Pick<PolicyEntry, 'base' | 'effective' | 'setting'>,
  account?: { id: string; name?: string },
): EffectiveMode & { accountOverrides: { accounts: string[]; mode: ResponseMode }[] } {
  const id = entry.base.id;
  const none = '-' as ResponseMode;
  const accountOverrides = (config.accounts ?? []).flatMap((a) => {
    const mode = responseModeFor({ responses: a.responses }, id, none);
    return mode === none ? [] : [{ accounts: a.match, mode }];
  });
  if (account) {
    for (const a of config.accounts ?? []) {
      const mode = responseModeFor({ accounts: [a] }, id, none, account);
      if (mode !== none) return { mode, source: 'account', accounts: a.match, accountOverrides };
    }
  }
  const fromConfig = responseModeFor({ responses: config.responses }, id, none);
  if (fromConfig !== none) return { mode: fromConfig, source: 'config', accountOverrides };
  if (entry.setting?.mode) return { mode: entry.setting.mode as ResponseMode, source: 'console', accountOverrides };
  return { mode: entry.base.response.mode, source: 'policy', accountOverrides };
}
