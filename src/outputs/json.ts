import type { ScanReport } from '../app/report.ts';

/** The stable JSON contract; passing findings are left out unless asked for (they can be millions). */
export function renderJson(report: ScanReport, opts: { includePassed?: boolean } = {}): string {
  const findings = opts.includePassed ? report.findings : report.findings.filter((f) => f.status !== 'pass');
  return `${JSON.stringify({ ...report, findings }, null, 2)}\n`;
}
