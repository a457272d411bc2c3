/** Notifications in one-shot commands: queueing on before the command changes anything, one pump before it exits. */
import type { AwsSettings } from '../aws/clients.ts';
import type { MamoriConfig } from '../app/config.ts';
import { describePump, startNotifications } from '../app/notifications.ts';
import type { Notifier } from '../notify/notifier.ts';
import type { Store } from '../store/index.ts';
import type { Io } from './command.ts';
import { VERSION } from './version.ts';

export async function cliNotifier(store: Store, config: MamoriConfig, io: Io, aws?: Pick<AwsSettings, 'profile' | 'endpointUrl' | 'maxAttempts'>): Promise<Notifier | undefined> {
  return startNotifications(store, config, { env: io.env, ...(aws ? { aws } : {}), log: (m) => io.err(`mamori: ${m}\n`), version: VERSION });
}

/**
 * Sends what the command queued (and anything else due). A failure to notify never fails the command: what was
 * not delivered stays queued for the next pump (`mamori serve`, the next command) and is listed by
 * `mamori notifications list`.
 */
export async function flushNotifications(notifier: Notifier | undefined, io: Io): Promise<void> {
  if (!notifier) return;
  try {
    const line = describePump(await notifier.pump());
    if (line) io.err(`${line}\n`);
  } catch (e) {
    io.err(`mamori: warning: notifications were not sent: ${(e as Error).message}\n`);
  }
}
