import type { ScanReport } from '../../src/app/report.ts';

function byJson<T>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => {
    const x = JSON.stringify(a);
    const y = JSON.stringify(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * A report without what may differ between two scans of the same estate: timings and API-call counts (a
 * distributed scan assumes roles per job), and the order of findings and gaps (a one-process scan lists them
 * in the order its collections finished).
 */
export function comparable(report: ScanReport): unknown {
  const { startedAt: _s, finishedAt: _f, durationMs: _d, apiCalls: _a, coverageGaps, ...summary } = report.summary;
  return { findings: byJson(report.findings), summary: { ...summary, coverageGaps: byJson(coverageGaps) } };
}
