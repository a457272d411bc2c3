import { peekTransferState } from '../../services/transfer/model.ts';
import type { EstateTransferConnector, EstateTransferServer } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * Transfer Family: servers offering plain FTP (inside a VPC, as AWS requires) or only SFTP/FTPS, and connectors
 * with or without a logging role. Their ids come from the endpoint, so the truth reads them from the world.
 */
export const transfer: GeneratorPiece = {
  name: 'transfer',
  resourceTypes: ['aws.transfer.server', 'aws.transfer.connector'],
  policies: ['aws-transfer-server-ftp', 'aws-transfer-connector-logging-off'],
  resources: (s) => 2 * s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick, r } = ctx;
    const servers: EstateTransferServer[] = [];
    const connectors: EstateTransferConnector[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        servers.push(
          bad()
            ? { account, region, protocols: pick([['FTP'], ['SFTP', 'FTP']] as const).slice(), endpointType: 'VPC', logging: r() < 0.5 }
            : { account, region, protocols: pick([['SFTP'], ['SFTP', 'FTPS']] as const).slice(), endpointType: pick(['PUBLIC', 'VPC'] as const), logging: r() < 0.5 },
        );
        connectors.push({ account, region, url: `sftp://partner-${i}.example.com`, logging: !bad() });
      }
    }
    (ctx.doc.transferServers ??= []).push(...servers);
    (ctx.doc.transferConnectors ??= []).push(...connectors);
    return {
      truth(world) {
        const truth = new Truth();
        const nth = new Map<string, number>();
        // The endpoint keeps servers and connectors in creation order per account and Region: the plan's order.
        const next = (kind: string, account: string, region: string) => {
          const k = `${kind} ${account} ${region}`;
          const n = nth.get(k) ?? 0;
          nth.set(k, n + 1);
          return n;
        };
        for (const s of servers) {
          const arn = peekTransferState(world, s.account, s.region)!.servers[next('server', s.account, s.region)]!.Arn;
          if (s.protocols?.includes('FTP')) truth.add('aws-transfer-server-ftp', arn, s.account, s.region, paths('protocols'));
        }
        for (const c of connectors) {
          const arn = peekTransferState(world, c.account, c.region)!.connectors[next('connector', c.account, c.region)]!.Arn;
          if (!c.logging) truth.add('aws-transfer-connector-logging-off', arn, c.account, c.region, paths('loggingRole'));
        }
        return truth.entries;
      },
    };
  },
};
