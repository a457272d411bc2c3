import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent } from 'node:http';
import type { SimServer } from './server.ts';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Resolve `localhost` and every `*.localhost` name to 127.0.0.1 (RFC 6761 reserves them for loopback,
 * but the system resolver does not always answer for subdomains). S3 Control's endpoint rules put the
 * account id in front of the endpoint host (`111111111111.localhost`) and S3 virtual-hosted-style
 * requests put the bucket there (`bucket.localhost`); both must reach the local endpoint.
 */
export function loopbackLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) {
    if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
    return;
  }
  dnsLookup(hostname, options, callback as never);
}

/** SDK client settings that point a v3 client at a running local endpoint with dummy credentials. */
export function clientConfig(
  sim: Pick<SimServer, 'url'>,
  opts: { region?: string; credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }; maxAttempts?: number } = {},
) {
  return {
    // A host name rather than 127.0.0.1: S3 Control prefixes the host with the account id, and
    // `111111111111.127.0.0.1` is not a valid URL. `loopbackLookup` resolves it to the endpoint.
    endpoint: sim.url.replace('//127.0.0.1:', '//localhost:'),
    region: opts.region ?? 'us-east-1',
    credentials: opts.credentials ?? { accessKeyId: 'AKIAMAMORIEXAMPLE1', secretAccessKey: 'mamori-local-secret' },
    forcePathStyle: true,
    disableHostPrefix: true,
    maxAttempts: opts.maxAttempts ?? 3,
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 50, lookup: loopbackLookup }) },
  };
}
