import { AsyncLocalStorage } from 'node:async_hooks';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
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
  config: Record<string, unknown>;
  destroy(): void;
}

/**
 * Client settings that are the same for every client of the process (environment variables and the shared
 * config file, not the service or region). Each SDK client resolves them on its first call through loaders
 * that throw and catch an error for every absent setting — about 0.6 ms of CPU per client, as much as half a
 * call. The factory takes them, resolved, from its first client and hands them to the others.
 */
const PROCESS_WIDE = ['useFipsEndpoint', 'useDualstackEndpoint', 'defaultsMode', 'authSchemePreference', 'userAgentAppId'] as const;

/** `EC2Client` → `ec2`, `S3ControlClient` → `s3control`. */
export function serviceName(clientName: string): string {
  return clientName.replace(/Client$/, '').toLowerCase();
}

/**
 * Sockets kept per host (`ec2.eu-west-1.amazonaws.com`, or the one custom endpoint). All accounts' clients of a
 * service and region reach the same host, so this bounds what a scan holds open however many accounts it
 * covers; it is well above what the per-(account, service) limits let a scan have in flight at once on one host
 * in practice, so that calls do not queue for a socket.
 */
export const MAX_SOCKETS_PER_HOST = 256;

/** Memoized providers over a client's resolved process-wide settings; whatever the first call resolves is kept. */
function shareable(config: Record<string, unknown>): Record<string, () => Promise<unknown>> {
  const out: Record<string, () => Promise<unknown>> = {};
  for (const key of PROCESS_WIDE) {
    const provider = config[key];
    if (typeof provider !== 'function') continue;
    let value: Promise<unknown> | undefined;
    out[key] = () => (value ??= (provider as () => Promise<unknown>)().catch((e: unknown) => {
      value = undefined;
      throw e;
    }));
  }
  return out;
}

const operationNames = new Map<string, string>();

/** `DescribeInstancesCommand` → `DescribeInstances`, remembered: the same few hundred names recur on every call. */
function operationName(commandName: string | undefined): string {
  const name = commandName ?? 'UnknownCommand';
  let op = operationNames.get(name);
  if (op === undefined) {
    op = name.replace(/Command$/, '');
    operationNames.set(name, op);
  }
  return op;
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
  private readonly serviceNames = new Map<ClientCtor<unknown>, string>();
  /** The first client's process-wide settings (see PROCESS_WIDE), each resolved at most once. */
  private processWide: Record<string, () => Promise<unknown>> | undefined;
  /**
   * One pair of keep-alive agents for every client of the factory: a connection (and, on AWS, its TLS
   * handshake) opened by one account's client is reused by the next account's client of the same service and
   * region, instead of each (account, region, service) client opening its own pool.
   */
  readonly httpAgent: HttpAgent;
  readonly httpsAgent: HttpsAgent;
  /** The counter of the work in progress (see `countInto`), besides the factory's own. */
  private readonly scoped = new AsyncLocalStorage<CallCounter>();

  constructor(settings: AwsSettings, counter = new CallCounter(settings.maxAttempts)) {
    this.settings = settings;
    this.counter = counter;
    const agentOptions = { keepAlive: true, maxSockets: MAX_SOCKETS_PER_HOST, maxFreeSockets: MAX_SOCKETS_PER_HOST, scheduling: 'lifo' as const };
    this.httpAgent = new HttpAgent(agentOptions);
    this.httpsAgent = new HttpsAgent(agentOptions);
  }

  get<T>(ctor: ClientCtor<T>, account: AccountCredentials, region: string): T {
    let service = this.serviceNames.get(ctor);
    if (service === undefined) {
      service = serviceName(ctor.name);
      this.serviceNames.set(ctor, service);
    }
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
        // Kinesis's client defaults to HTTP/2 for SubscribeToShard, which mamori never calls; its control-plane
        // reads work the same over HTTP/1.1, which the local endpoint (and every proxy) speaks.
        requestHandler: new NodeHttpHandler({ httpAgent: this.httpAgent, httpsAgent: this.httpsAgent }),
      };
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
      if (this.processWide) Object.assign(config, this.processWide);
      client = new ctor(config) as unknown as SdkClient;
      // A FIPS pseudo-region (`fips-us-east-1`) turns FIPS on for its own client only: never share from one.
      if (!this.processWide && !region.includes('fips')) this.processWide = shareable(client.config);
      const limitKey = `${account.id}|${service}`;
      let limit = this.limits.get(limitKey);
      if (!limit) {
        limit = new Semaphore(this.settings.concurrencyPerService);
        this.limits.set(limitKey, limit);
      }
      const counter = this.counter;
      const scoped = this.scoped;
      const sem = limit;
      const prefix = `${service}:`;
      // The SDK builds this handler once per call; the counter's key is the only per-call work besides the limit.
      client.middlewareStack.add(
        (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
          const command = operationName(context.commandName);
          counter.add(prefix + command);
          const extra = scoped.getStore();
          if (extra && extra !== counter) extra.add(prefix + command);
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

  /**
   * Run `fn` with the calls it makes through this factory's clients also counted in `counter`: the calls of one
   * scan among several sharing a long-lived factory (the re-reads of `mamori watch`).
   */
  countInto<T>(counter: CallCounter, fn: () => Promise<T>): Promise<T> {
    return this.scoped.run(counter, fn);
  }

  /** Closes every client and the shared connections; the factory is not used afterwards. */
  destroy(): void {
    for (const c of this.cache.values()) c.destroy();
    this.cache.clear();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
