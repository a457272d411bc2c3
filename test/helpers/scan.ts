import type { ScanRequest } from '../../src/app/scan.ts';
import type { SimServer } from '../../src/sim/server.ts';

/** Scan settings that point at a running local endpoint with dummy credentials. */
export function simScanSettings(sim: SimServer): Pick<ScanRequest, 'aws' | 'credentials'> {
  return {
    aws: { endpointUrl: sim.url, homeRegion: 'us-east-1', maxAttempts: 10, concurrencyPerService: 8 },
    credentials: async () => ({ accessKeyId: 'AKIAMAMORITEST', secretAccessKey: 'test' }),
  };
}
