import { describeCoverage } from '../app/coverage.ts';
import type { ScanReport } from '../app/report.ts';
import { SEVERITIES, type Finding, type Severity } from '../core/finding.ts';
import { makeStyle, type Style } from './style.ts';
import { plural } from './plural.ts';

function severityLabel(s: Severity, st: Style): string {
  const label = s.toUpperCase().padEnd(8);
  return s === 'critical' ? st.bold(st.red(label)) : s === 'high' ? st.red(label) : s === 'medium' ? st.yellow(label) : st.dim(label);
}

function where(f: Finding): string {
  const acct = f.resource.accountName ? `${f.resource.account} ${f.resource.accountName}` : f.resource.account;
  const name = f.resource.name && f.resource.name !== f.resource.id ? `${f.resource.id} (${f.resource.name})` : f.resource.id;
  return `${acct}  ${f.resource.region}  ${name}`;
}

const STATUS_ORDER = { fail: 0, error: 1, excluded: 2, pass: 3 } as const;

/** The human report: findings grouped by severity and policy, each with its violating parts. */
export function renderTable(report: ScanReport, opts: { color?: boolean; showExcluded?: boolean } = {}): string {
  const st = makeStyle(opts.color ?? false);
  const out: string[] = [];
  const shown = report.findings.filter((f) => f.status === 'fail' || f.status === 'error' || (f.status === 'excluded' && opts.showExcluded !== false));
  const byPolicy = new Map<string, Finding[]>();
  for (const f of shown) {
    let list = byPolicy.get(f.policy);
    if (!list) byPolicy.set(f.policy, (list = []));
    list.push(f);
  }
  const groups = [...byPolicy.entries()].sort(
    ([a, fa], [b, fb]) => SEVERITIES.indexOf(fa[0]!.severity) - SEVERITIES.indexOf(fb[0]!.severity) || a.localeCompare(b),
  );
  for (const [policy, findings] of groups) {
    const first = findings[0]!;
    const failing = findings.filter((f) => f.status === 'fail').length;
    out.push(`${severityLabel(first.severity, st)} ${st.bold(policy)}  ${first.title}  ${st.dim(`(${failing} failing of ${findings.length} shown)`)}`);
    findings.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || where(a).localeCompare(where(b)));
    for (const f of findings) {
      if (f.status === 'fail') {
        out.push(`  ${st.red('✗ FAIL')}      ${where(f)}`);
        for (const e of f.evidence) out.push(`      ${st.yellow('⚠')} ${e.summary}  ${st.dim(e.id)}`);
      } else if (f.status === 'error') {
        out.push(`  ${st.magenta('! ERROR')}     ${where(f)}`);
        out.push(`      ${st.dim(f.error ?? 'could not be evaluated')}`);
      } else {
        out.push(`  ${st.cyan('⊘ EXCLUDED')}  ${where(f)}`);
        if (f.exclusion) out.push(`      ${st.dim(`by ${f.exclusion.id} (${f.exclusion.matched}): ${f.exclusion.reason}${f.exclusion.expires ? `, until ${f.exclusion.expires}` : ''}`)}`);
        for (const e of f.evidence) out.push(`      ${st.dim(`⚠ ${e.summary}  ${e.id}`)}`);
      }
    }
    out.push('');
  }
  const s = report.summary;
  if (s.coverageGaps.length) {
    out.push(st.bold(st.magenta(`Coverage gaps (${s.coverageGaps.length}): these parts were NOT evaluated`)));
    for (const g of s.coverageGaps) {
      const acct = g.accountName ? `${g.account} ${g.accountName}` : g.account;
      const pols = g.policies.length ? `; policies not evaluated: ${g.policies.length > 4 ? `${g.policies.slice(0, 4).join(', ')} and ${g.policies.length - 4} more` : g.policies.join(', ')}` : '';
      out.push(`  ${g.kind.padEnd(13)} ${acct}  ${g.region}  ${g.resourceType}  ${g.code}: ${g.message}${pols}`);
    }
    out.push('');
  }
  if (s.expiredExclusions.length) {
    out.push(st.bold(st.yellow(`Expired exclusions (${s.expiredExclusions.length}): no longer applied`)));
    for (const x of s.expiredExclusions) out.push(`  ${x.id}${x.policy ? ` (policy ${x.policy})` : ' (global)'} expired ${x.expires}: ${x.reason}`);
    out.push('');
  }
  out.push(...renderCoverage(report, st));
  out.push(renderSummaryLine(report, st));
  return `${out.join('\n')}\n`;
}

/** Which accounts and regions the scan covered and, when an organization's members were left out, how to scan them. */
export function renderCoverage(report: ScanReport, st: Style = makeStyle(false)): string[] {
  const note = describeCoverage(report.summary);
  return [note.covered, ...(note.hint ? [st.yellow(note.hint)] : [])];
}

export function renderSummaryLine(report: ScanReport, st: Style = makeStyle(false)): string {
  const s = report.summary;
  const sev = SEVERITIES.filter((x) => s.failingBySeverity[x] > 0).map((x) => `${s.failingBySeverity[x]} ${x}`).join(', ');
  const regions = new Set(s.accounts.flatMap((a) => a.regions)).size;
  const parts = [
    s.counts.fail ? st.red(`${s.counts.fail} failing${sev ? ` (${sev})` : ''}`) : st.green('0 failing'),
    `${s.counts.excluded} excluded`,
    s.counts.error ? st.magenta(plural(s.counts.error, 'error')) : '0 errors',
    `${s.counts.pass} passed`,
  ];
  const scope = `${plural(s.policies, 'policy')} × ${plural(s.resources, 'resource')} in ${plural(s.accounts.length, 'account')} × ${plural(regions, 'region')}`;
  const calls = `${plural(s.apiCalls.total, 'API call')}${s.apiCalls.retries ? ` (${plural(s.apiCalls.retries, 'retry')})` : ''}`;
  const gaps = s.coverageGaps.length ? st.magenta(` · INCOMPLETE: ${plural(s.coverageGaps.length, 'coverage gap')}`) : '';
  return `${st.bold('Summary:')} ${parts.join(', ')} · ${scope} · ${calls} · ${(s.durationMs / 1000).toFixed(1)}s${gaps}`;
}
