import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ScanReport } from '../app/report.ts';
import { MamoriError } from '../core/errors.ts';
import { renderCsv } from '../outputs/csv.ts';
import { renderJson } from '../outputs/json.ts';
import { renderTable } from '../outputs/table.ts';
import type { Io } from './command.ts';

export const SCAN_FORMATS = ['table', 'json', 'csv'] as const;
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
export function writeReport(io: Io, report: ScanReport, format: ScanFormat, output: string | undefined, opts: { includePassed?: boolean } = {}): void {
  const text =
    format === 'json' ? renderJson(report, opts) : format === 'csv' ? renderCsv(report.findings, opts) : renderTable(report, { color: useColor(io, output !== undefined) });
  if (output) {
    try {
      writeFileSync(resolve(io.cwd, output), text);
    } catch (e) {
      throw new MamoriError('USAGE', `cannot write --output ${output}: ${(e as Error).message}`);
    }
  } else io.out(text);
}
