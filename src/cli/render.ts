import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ScanReport } from '../app/report.ts';
import { MamoriError } from '../core/errors.ts';
import { renderAsff } from '../outputs/asff.ts';
import { renderCsv } from '../outputs/csv.ts';
import { renderOcsf, type PolicyInfo } from '../outputs/ocsf.ts';
import type { Policy } from '../engine/policy.ts';
import { renderJson } from '../outputs/json.ts';
import { renderTable } from '../outputs/table.ts';
import type { Io } from './command.ts';

export const SCAN_FORMATS = ['table', 'json', 'csv', 'ocsf', 'asff'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];

export function parseFormat(v: string | undefined): ScanFormat {
  const f = v ?? 'table';
  if (!(SCAN_FORMATS as readonly string[]).includes(f)) throw new MamoriError('USAGE', `--format expects one of ${SCAN_FORMATS.join(', ')}, got "${f}"`);
  return f as ScanFormat;
}

export function useColor(io: Io, toFile: boolean): boolean {
  return !toFile && io.interactive && !io.env['NO_COLOR'];
}

/** Render a scan report to stdout, or to `--output FILE`. */
export function writeReport(io: Io, report: ScanReport, format: ScanFormat, output: string | undefined, opts: { includePassed?: boolean; policies?: readonly Policy[] } = {}): void {
  const info = new Map<string, PolicyInfo>((opts.policies ?? []).map((p) => [p.id, { frameworks: p.frameworks, description: p.description, ...(p.remediation ? { remediation: p.remediation } : {}) }]));
  const text =
    format === 'json'
      ? renderJson(report, opts)
      : format === 'csv'
        ? renderCsv(report.findings, opts)
        : format === 'ocsf'
          ? renderOcsf(report, info, opts)
          : format === 'asff'
            ? renderAsff(report, info, opts)
            : renderTable(report, { color: useColor(io, output !== undefined) });
  if (output) {
    try {
      writeFileSync(resolve(io.cwd, output), text);
    } catch (e) {
      throw new MamoriError('USAGE', `cannot write --output ${output}: ${(e as Error).message}`);
    }
  } else io.out(text);
}
