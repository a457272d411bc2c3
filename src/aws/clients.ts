import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { Semaphore } from './limiter.ts';
import { PatientRetryStrategy } from './retry.ts';

/** How mamori reaches AWS; resolved once from flags, environment and config. */
export interface AwsSettings {
  profile?: string;
  /** Custom endpoint for every service (`--endpoint-url` or `AWS_ENDPOINT_URL`), e.g. the local AWS endpoint. */
  endpointUrl?: string;
  /** Region for calls that are not regional (STS, Organizations, IAM, ListBuckets). */
  homeRegion: string;
  /** Attempts per call, first one included. */
  maxAttempts: number;
  /** In-flight calls per (account, service). */
  concurrencyPerService: number;
}

export interface AccountCredentials {
  id: string;
  credentials: AwsCredentialIdentityProvider;
}

/** Counts every API call by `service:Operation`, plus retries, for the scan summary and benchmarks. */
export class CallCounter {
  readonly calls: Record<string, number> = {};
  readonly retryStrategy: PatientRetryStrategy;
  constructor(maxAttempts: number) {
    this.retryStrategy = new PatientRetryStrategy({ maxAttempts });
  }
  add(key: string): void {
    this.calls[key] = (this.calls[key] ?? 0) + 1;
  }
  get total(): number {
    return Object.values(this.calls).reduce((a, b) => a + b, 0);
  }
}

// The SDK's clients share this shape; typing the config loosely keeps one factory for all of them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ClientCtor<T> = new (config: any) => T;
interface SdkClient {
  middlewareStack: { add: (mw: unknown, opts: unknown) => void };
  destroy(): void;
}

/** `EC2Client` → `ec2`, `S3ControlClient` → `s3control`. */
export function serviceName(clientName: string): string {
  return clientName.replace(/Client$/, '').toLowerCase();
}

/**
 * One SDK client per (account, region, service), created on first use. Every client counts its calls
 * and shares a concurrency limit per (account, service) so that a scan never floods one account.
 */
export class ClientFactory {
  readonly settings: AwsSettings;
  readonly counter: CallCounter;
  private readonly cache = new Map<string, SdkClient>();
  private readonly limits = new Map<string, Semaphore>();

  constructor(settings: AwsSettings, counter = new CallCounter(settings.maxAttempts)) {
    this.settings = settings;
    this.counter = counter;
  }

  get<T>(ctor: ClientCtor<T>, account: AccountCredentials, region: string): T {
    const service = serviceName(ctor.name);
    const key = `${account.id}|${region}|${service}`;
    let client = this.cache.get(key);
    if (!client) {
      const config: Record<string, unknown> = {
        region,
        credentials: account.credentials,
        retryStrategy: this.counter.retryStrategy,
        maxAttempts: this.settings.maxAttempts,
        // S3 answers for another region's bucket with a redirect; follow it rather than fail.
        followRegionRedirects: true,
      };
      // Kinesis's client defaults to HTTP/2 for SubscribeToShard, which mamori never calls; its control-plane
      // reads work the same over HTTP/1.1, which the local endpoint (and every proxy) speaks.
      if (service === 'kinesis') config['requestHandler'] = new NodeHttpHandler();
      if (this.settings.endpointUrl) {
        config['endpoint'] = this.settings.endpointUrl;
        config['forcePathStyle'] = true;
        // S3 Control's endpoint rules put the account id in the host name (`<account>.<endpoint>`),
        // which a custom endpoint such as 127.0.0.1 cannot resolve: send it to the endpoint as given.
        config['disableHostPrefix'] = true;
        if (service === 's3control') {
          const url = this.settings.endpointUrl;
          config['endpointProvider'] = () => ({
            url: new URL(url),
            properties: { authSchemes: [{ name: 'sigv4', signingName: 's3', signingRegion: region, disableDoubleEncoding: true }] },
          });
        }
      }
      client = new ctor(config) as unknown as SdkClient;
      const limitKey = `${account.id}|${service}`;
      let limit = this.limits.get(limitKey);
      if (!limit) {
        limit = new Semaphore(this.settings.concurrencyPerService);
        this.limits.set(limitKey, limit);
      }
      const counter = this.counter;
      const sem = limit;
      client.middlewareStack.add(
        (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
          const command = (context.commandName ?? 'Unknown').replace(/Command$/, '');
          counter.add(`${service}:${command}`);
          // S3 Express sessions are created by the SDK inside a call that already holds a slot: waiting for another could deadlock.
          if (command === 'CreateSession') return next(args);
          return sem.run(() => next(args));
        },
        { step: 'initialize', name: 'mamoriCountAndLimit', priority: 'high' },
      );
      this.cache.set(key, client);
    }
    return client as unknown as T;
  }

  destroy(): void {
    for (const c of this.cache.values()) c.destroy();
    this.cache.clear();
  }
}
