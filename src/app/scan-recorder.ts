/**
 * How scans that mamori starts by itself (the console's "Scan now", schedules) are run and recorded: in this
 * process (`scanAndRecord`), or, with `workers.scans: true` in mamori.yaml and the PostgreSQL store, as jobs that
 * `mamori worker` processes run (`distributedScanAndRecord`, the same report and store result), docs/workers.md.
 */
import { MamoriError } from '../core/errors.ts';
import { PgJobQueue } from '../jobs/queue.ts';
import { jobSettings } from '../jobs/settings.ts';
import type { RunRecord, Store } from '../store/index.ts';
import type { MamoriConfig } from './config.ts';
import { distributedScanAndRecord, WORKER_NAME } from './distribute.ts';
import { scanAndRecord, type RecordOptions } from './record.ts';
import type { ScanRequest, ScanResult } from './scan.ts';

export type ScanRecorder = (req: ScanRequest, store: Store, opts?: RecordOptions) => Promise<ScanResult & { run?: RunRecord }>;

export interface OpenedRecorder {
  record: ScanRecorder;
  /** `workers` when scans go to `mamori worker` processes. */
  mode: 'in-process' | 'workers';
  close(): Promise<void>;
}

/**
 * The recorder of `config`: scans in this process unless `workers.scans` is on, which needs the PostgreSQL store
 * (its URL: the one the store was opened with) — an embedded store has no workers to send jobs to, and saying so at
 * start beats scans that wait forever.
 */
export async function openScanRecorder(config: Pick<MamoriConfig, 'workers'>, store: Store, databaseUrl: string | undefined, onError: (e: Error) => void, env: NodeJS.ProcessEnv = process.env): Promise<OpenedRecorder> {
  if (!config.workers?.scans) return { record: scanAndRecord, mode: 'in-process', close: async () => {} };
  if (store.backend !== 'postgres' || !databaseUrl) {
    throw new MamoriError('CONFIG_INVALID', 'workers.scans in mamori.yaml sends scans to `mamori worker` processes through the PostgreSQL store: open the store with --database-url (or store.databaseUrl), or remove workers.scans to scan in this process');
  }
  const settings = jobSettings(env);
  const queue = await PgJobQueue.open({ url: databaseUrl, settings, applicationName: `mamori serve ${WORKER_NAME}`, onError });
  const sliceBy = config.workers.sliceBy ?? 'service';
  return {
    mode: 'workers',
    // concurrency only counts when jobs run in this process, which they never do with a queue.
    record: (req, s, opts = {}) => distributedScanAndRecord(req, s, { ...opts, queue, settings, concurrency: 1, sliceBy }),
    close: () => queue.stop({ graceful: false }).catch(() => undefined),
  };
}
