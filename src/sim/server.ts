import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordApiCall } from './cloudtrail.ts';
import { requestId } from './protocols/ids.ts';
import { FaultInjector, globToRegExp, parseFaults, type FaultSpec } from './faults.ts';
import { HANDLERS } from './services/index.ts';
import { SimError, type ServiceHandler, type SimRequest, type SimResponse } from './types.ts';
import type { World } from './world.ts';

export interface SimOptions {
  world: World;
  /** 0 (default) picks a free port. */
  port?: number;
  faults?: FaultSpec | string;
  /** Saved on stop when given. */
  stateFile?: string;
}

export interface SimStats {
  /** Requests by `service:Operation`. */
  calls: Record<string, number>;
  /** Server time (request fully received → response written, without injected latency) by `service:Operation`, in ns. */
  serverNs: Record<string, number>;
  throttled: number;
  errors: number;
  denied: number;
}

export interface SimServer {
  url: string;
  port: number;
  world: World;
  stats: SimStats;
  setFaults(spec: FaultSpec | string | undefined): void;
  resetStats(): void;
  stop(): Promise<void>;
}

const BY_SIGNING_NAME = new Map<string, ServiceHandler>(HANDLERS.map((h) => [h.name, h]));

/** Regional services refuse regions that the estate has not enabled, as AWS does for opt-in regions. */
const REGIONAL = new Set(['ec2', 'rds', 'sqs']);

interface Credential {
  accessKeyId: string;
  region: string;
  service: string;
}

/** The credential scope of a SigV4 request: `Credential=AKID/date/region/service/aws4_request`. */
function parseCredential(req: IncomingMessage, url: URL): Credential | undefined {
  const auth = req.headers.authorization;
  const scope = auth ? /Credential=([^,\s]+)/.exec(auth)?.[1] : (url.searchParams.get('X-Amz-Credential') ?? undefined);
  if (!scope) return undefined;
  const [accessKeyId, , region, service] = scope.split('/');
  if (!accessKeyId || !region || !service) return undefined;
  return { accessKeyId, region, service };
}

/** The handler serving a request, by its SigV4 signing name and path: the endpoint's router. */
export function handlerFor(service: string, path: string): ServiceHandler | undefined {
  // S3 Control shares the `s3` signing name; its REST paths are versioned.
  if (service === 's3' && path.startsWith('/v20180820/')) return BY_SIGNING_NAME.get('s3control');
  // Directory buckets (S3 Express One Zone) sign as `s3express`; the S3 handler serves them.
  if (service === 's3express') return BY_SIGNING_NAME.get('s3');
  return BY_SIGNING_NAME.get(service);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, r: SimResponse): void {
  const body = r.body ?? '';
  // Every response names a fresh request id, as AWS does; S3 names it in x-amz-request-id only.
  const id = r.headers?.['x-amzn-requestid'] || r.headers?.['x-amz-request-id'] ? {} : { 'x-amzn-requestid': requestId() };
  res.writeHead(r.status, { ...id, ...r.headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function loadWorld(file: string): World {
  return JSON.parse(readFileSync(file, 'utf8')) as World;
}

export function saveWorld(world: World, file: string): void {
  writeFileSync(file, JSON.stringify(world));
}

/** Start the local AWS endpoint on 127.0.0.1. It serves until `stop()`. */
export async function startSim(opts: SimOptions): Promise<SimServer> {
  const world = opts.world;
  let faults = new FaultInjector(typeof opts.faults === 'string' ? parseFaults(opts.faults) : opts.faults);
  const stats: SimStats = { calls: {}, serverNs: {}, throttled: 0, errors: 0, denied: 0 };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const cred = parseCredential(req, url);
    if (!cred) {
      send(res, { status: 403, headers: { 'content-type': 'text/xml' }, body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>MissingAuthenticationToken</Code><Message>Request is missing Authentication Token</Message></Error>' });
      return;
    }
    const handler = handlerFor(cred.service, url.pathname);
    if (!handler) {
      send(res, { status: 400, headers: { 'content-type': 'text/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>UnknownService</Code><Message>The local AWS endpoint does not serve ${cred.service}</Message></Error>` });
      return;
    }
    const issued = world.keys[cred.accessKeyId];
    const accountId = issued?.accountId ?? world.managementAccountId;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const simReq: SimRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers,
      body,
      signingService: cred.service,
      region: cred.region,
      accountId,
      accessKeyId: cred.accessKeyId,
      principalArn: issued?.principalArn ?? `arn:aws:iam::${accountId}:user/mamori`,
      host: headers['host'] ?? '',
    };
    let operation = 'Unknown';
    let response: SimResponse;
    let injectedMs = 0;
    try {
      operation = handler.operation(simReq);
      const key = `${handler.name}:${operation}`;
      stats.calls[key] = (stats.calls[key] ?? 0) + 1;
      if (faults.active) {
        const { delayMs, fault } = faults.decide(handler.name, operation);
        if (delayMs > 0) {
          injectedMs = delayMs;
          await new Promise((r) => setTimeout(r, delayMs));
        }
        if (fault === 'throttle') {
          stats.throttled++;
          throw handler.throttlingError();
        }
        if (fault === 'error') {
          stats.errors++;
          throw new SimError('InternalError', 'We encountered an internal error. Please try again.', 500);
        }
      }
      if (issued && Date.parse(issued.expiration) < Date.now()) throw new SimError('ExpiredToken', 'The security token included in the request is expired', 400);
      if (REGIONAL.has(handler.name) && !world.regions.includes(cred.region)) {
        throw new SimError(handler.name === 'ec2' ? 'AuthFailure' : 'InvalidClientTokenId', `The region ${cred.region} is not enabled for this account.`, handler.name === 'ec2' ? 401 : 403);
      }
      const deny = world.accounts[accountId]?.deny;
      if (deny?.some((g) => globToRegExp(g).test(`${handler.name}:${operation}`))) {
        stats.denied++;
        throw handler.accessDeniedError(operation, simReq);
      }
      response = await handler.handle(simReq, operation, { world });
    } catch (e) {
      const err = e instanceof SimError ? e : new SimError('InternalError', e instanceof Error ? e.message : String(e), 500);
      response = handler.error(err, simReq);
    }
    send(res, response);
    // CloudTrail → EventBridge: a successful write becomes an event on the caller's default bus.
    if (response.status < 300) recordApiCall(world, { handler: handler.name, operation, req: simReq, res: response });
    const key = `${handler.name}:${operation}`;
    const ns = Number(process.hrtime.bigint() - started) - injectedMs * 1e6;
    stats.serverNs[key] = (stats.serverNs[key] ?? 0) + Math.max(0, ns);
  }

  const server: Server = createServer({ keepAlive: true }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: String(e) });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    world,
    stats,
    setFaults(spec) {
      faults = new FaultInjector(typeof spec === 'string' ? parseFaults(spec) : spec);
    },
    resetStats() {
      stats.calls = {};
      stats.serverNs = {};
      stats.throttled = stats.errors = stats.denied = 0;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (opts.stateFile) saveWorld(world, opts.stateFile);
    },
  };
}
