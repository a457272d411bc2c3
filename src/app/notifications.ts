/**
 * Notifications for a process: the notifier built from mamori.yaml, with SNS reached through the same AWS settings
 * (credential chain, profile, endpoint) as scans.
 */
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsSettings } from '../aws/clients.ts';
import { Notifier, type PumpResult } from '../notify/notifier.ts';
import type { SnsPublish } from '../notify/channels.ts';
import type { Store } from '../store/index.ts';
import type { MamoriConfig } from './config.ts';

export type { PumpResult };

function snsPublisher(aws: Pick<AwsSettings, 'profile' | 'endpointUrl' | 'maxAttempts'>): SnsPublish {
  const clients = new Map<string, SNSClient>();
  return async ({ topicArn, subject, message, attributes }) => {
    const region = topicArn.split(':')[3]!;
    let client = clients.get(region);
    if (!client) {
      client = new SNSClient({
        region,
        maxAttempts: aws.maxAttempts,
        credentials: fromNodeProviderChain(aws.profile ? { profile: aws.profile } : {}),
        ...(aws.endpointUrl ? { endpoint: aws.endpointUrl } : {}),
      });
      clients.set(region, client);
    }
    await client.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: subject,
        Message: message,
        MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }])),
      }),
    );
  };
}

/**
 * The process's notifier when `notifications:` is configured (queueing turned on in the store before anything
 * changes); undefined otherwise, leaving the store's setting to the processes that have it.
 */
export async function startNotifications(
  store: Store,
  config: Pick<MamoriConfig, 'notifications'>,
  opts: { env: NodeJS.ProcessEnv; aws?: Pick<AwsSettings, 'profile' | 'endpointUrl' | 'maxAttempts'>; log?: (message: string) => void; version?: string },
): Promise<Notifier | undefined> {
  if (!config.notifications) return undefined;
  const notifier = new Notifier(store.notifications, config.notifications, {
    env: opts.env,
    snsPublish: snsPublisher(opts.aws ?? { maxAttempts: 3 }),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.version ? { version: opts.version } : {}),
  });
  await notifier.enable();
  return notifier;
}

/** `Notifications: 3 sent, 1 to retry, 1 dead letter` — or nothing when nothing happened. */
export function describePump(r: PumpResult): string | undefined {
  const parts: string[] = [];
  if (r.sent) parts.push(`${r.sent} sent`);
  if (r.retried) parts.push(`${r.retried} to retry`);
  if (r.dead) parts.push(`${r.dead} dead letter${r.dead === 1 ? '' : 's'} (mamori notifications list --status dead)`);
  if (r.dropped) parts.push(`${r.dropped} too old, dropped`);
  return parts.length ? `Notifications: ${parts.join(', ')}` : undefined;
}
