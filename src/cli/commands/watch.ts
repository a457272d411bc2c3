import { resolveActor } from '../../app/remediate.ts';
import { watch, type WatchResult } from '../../app/watch.ts';
import { MamoriError } from '../../core/errors.ts';
import { str, type Command } from '../command.ts';
import { AWS_OPTIONS, AWS_USAGE, CONFIG_OPTIONS, resolveAws, resolveConfig, resolvePolicies, SELECT_OPTIONS, SELECT_USAGE } from '../options.ts';
import { cliNotifier, flushNotifications } from '../notify.ts';
import { openCliStore, STORE_OPTIONS, STORE_USAGE } from '../store.ts';
import { maxChanges } from './fix.ts';

function positiveInt(text: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new MamoriError('USAGE', `${flag} expects a whole number from ${min} to ${max}, got "${text}"`);
  return n;
}

export const watchCommand: Command = {
  name: 'watch',
  usage: `[--queue-url URL] [options]

Event-driven protection, in the foreground until Ctrl-C (SIGINT) or SIGTERM: reads the SQS queue that the
EventBridge rules of \`mamori events setup\` fill with CloudTrail records of writes, re-reads only the resource each
write touched (in its account and region), evaluates the selected policies of its type, records what it found, and
responds as \`mamori scan --remediate\` does: policies in auto mode are fixed (journaled, guarded, verified),
approve mode plans wait for \`mamori approve\`, excluded resources are left alone. Writes to one resource within
--coalesce-ms are one re-read; a duplicate delivery is recognised. One line per resource on stderr: what was
re-read, what fails, what was fixed, and the time from the write to the verified fix. See docs/continuous.md.

  --queue-url URL         the queue to consume                  [MAMORI_QUEUE_URL, events.queueUrl]
  --coalesce-ms N         writes to one resource within N ms are one re-read (500)      [events.coalesceMs]
  --max-receives N        after N failed attempts a message is left to the queue's redrive policy (5)
                                                                                       [events.maxReceives]
  --concurrency N         resources re-read and fixed at once (8; one resource's events stay in order)
  --format text|json      json: one JSON object per handled resource on stdout (text: nothing on stdout)
  --max-changes N         at most N changes per re-read resource (10)  [MAMORI_MAX_CHANGES, remediation.maxChanges]
  --actor NAME            who acts, for the audit trail (the OS user)                  [MAMORI_ACTOR]

${SELECT_USAGE}

${AWS_USAGE}

${STORE_USAGE}

Exit codes: 0 stopped by a signal, 2 bad usage.`,
  options: {
    ...AWS_OPTIONS,
    ...SELECT_OPTIONS,
    ...CONFIG_OPTIONS,
    ...STORE_OPTIONS,
    'queue-url': { type: 'string' },
    'coalesce-ms': { type: 'string' },
    'max-receives': { type: 'string' },
    concurrency: { type: 'string' },
    format: { type: 'string' },
    'max-changes': { type: 'string' },
    actor: { type: 'string' },
  },
  async run({ values, io }) {
    const format = str(values, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new MamoriError('USAGE', `--format expects text or json, got "${format}"`);
    const config = resolveConfig(values, io.env, io.cwd);
    const queueUrl = str(values, 'queue-url') ?? io.env['MAMORI_QUEUE_URL'] ?? config.events?.queueUrl;
    if (!queueUrl) throw new MamoriError('USAGE', 'no queue to watch: pass --queue-url (the queueUrl `mamori events setup --format json` prints), set MAMORI_QUEUE_URL or events.queueUrl in mamori.yaml');
    if (!/^https?:\/\/[^/]+\/\d{12}\/[\w-]+(\.fifo)?$/.test(queueUrl)) throw new MamoriError('USAGE', `--queue-url expects an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>), got "${queueUrl}"`);
    const coalesceMs = positiveInt(str(values, 'coalesce-ms'), '--coalesce-ms', 0, 60_000) ?? config.events?.coalesceMs;
    const maxReceives = positiveInt(str(values, 'max-receives'), '--max-receives', 1, 1000) ?? config.events?.maxReceives;
    const concurrency = positiveInt(str(values, 'concurrency'), '--concurrency', 1, 256);
    const { aws, targets } = resolveAws(values, io.env, config);
    const { selected } = resolvePolicies(values, io.env, config);
    const limit = maxChanges(values, io, config);
    const store = await openCliStore(values, io.env, config);
    const stop = new AbortController();
    const onSignal = () => {
      io.err('Stopping: finishing the re-reads in flight (events not yet handled stay in the queue) ...\n');
      stop.abort();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let notifier;
    try {
      notifier = await cliNotifier(store, config, io, aws);
      const n = notifier;
      await watch({
        queueUrl,
        aws,
        targets,
        policies: selected,
        config,
        store,
        actor: `${resolveActor(str(values, 'actor'), io.env)} (watch)`,
        maxChanges: limit,
        ...(coalesceMs !== undefined ? { coalesceMs } : {}),
        ...(maxReceives !== undefined ? { maxReceives } : {}),
        ...(concurrency !== undefined ? { concurrency } : {}),
        ...(config.events?.visibilityTimeout !== undefined ? { visibilityTimeout: config.events.visibilityTimeout } : {}),
        log: (line) => io.err(`${line}\n`),
        ...(format === 'json' ? { onResult: (r: WatchResult) => io.out(`${JSON.stringify(r)}\n`) } : {}),
        ...(n ? { pump: () => flushNotifications(n, io) } : {}),
        signal: stop.signal,
      });
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await flushNotifications(notifier, io);
      await store.close();
    }
  },
};
