import type { ScanProgress } from '../app/scan.ts';
import type { Io } from './command.ts';
import { plural } from '../outputs/plural.ts';

/** A one-line progress display on an interactive stderr; silent otherwise (CI logs stay clean). */
export function progressReporter(io: Io, enabled: boolean): { onProgress: (p: ScanProgress) => void; done: () => void } {
  if (!enabled || !io.interactive) return { onProgress: () => {}, done: () => {} };
  let last = 0;
  let shown = false;
  const write = (line: string) => {
    io.err(`\r\x1b[2K${line.slice(0, 160)}`);
    shown = true;
  };
  return {
    onProgress(p) {
      const now = Date.now();
      if (p.phase === 'accounts') write(`Resolving accounts and regions at ${p.endpoint}…`);
      else if (p.phase === 'evaluate') write(`Evaluating policies over ${plural(p.resources, 'resource')}…`);
      else if (now - last > 80 || p.done === p.total) {
        last = now;
        const pct = Math.floor((p.done / Math.max(1, p.total)) * 100);
        write(`Collecting [${String(p.done).padStart(String(p.total).length)}/${p.total}] ${String(pct).padStart(3)}%  ${plural(p.resources, 'resource')}  ${p.label}`);
      }
    },
    done() {
      if (shown) io.err('\r\x1b[2K');
    },
  };
}
