import type { SimServer } from './server.ts';

/** SDK client settings that point a v3 client at a running local endpoint with dummy credentials. */
export function clientConfig(
  sim: Pick<SimServer, 'url'>,
  opts: { region?: string; credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }; maxAttempts?: number } = {},
) {
  return {
    endpoint: sim.url,
    region: opts.region ?? 'us-east-1',
    credentials: opts.credentials ?? { accessKeyId: 'AKIAMAMORIEXAMPLE1', secretAccessKey: 'mamori-local-secret' },
    forcePathStyle: true,
    // S3 Control prefixes the host with the account id, which a loopback endpoint cannot resolve.
    disableHostPrefix: true,
    maxAttempts: opts.maxAttempts ?? 3,
  };
}
