/**
 * A pass-through proxy in front of the local endpoint that checks every answer against the AWS model of its
 * operation (success shapes and error documents): tests point a real SDK client at `url` and then read
 * `exchanges`. The service is the signing name of the request's SigV4 credential scope.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkError, checkResponse } from '../../src/sim/models/check.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { parseRequest } from '../../src/sim/models/parse.ts';
import type { SimRequest } from '../../src/sim/types.ts';

export interface Exchange {
  /** `<service>:<Operation>`, or `<service>:?` when the request could not be matched to an operation. */
  key: string;
  status: number;
  /** What differs from the model; empty when the answer has the model's shape. */
  problems: string[];
}

export interface RecordingProxy {
  url: string;
  exchanges: Exchange[];
  stop(): Promise<void>;
}

export async function startRecordingProxy(endpointUrl: string): Promise<RecordingProxy> {
  const target = new URL(endpointUrl);
  const exchanges: Exchange[] = [];
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fwd = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        const out: Buffer[] = [];
        up.on('data', (c: Buffer) => out.push(c));
        up.on('end', () => {
          const text = Buffer.concat(out).toString('utf8');
          const status = up.statusCode ?? 0;
          const u = new URL(req.url ?? '/', 'http://localhost');
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
          const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '';
          try {
            const model = loadModel(service);
            const { operation } = parseRequest(model, { method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers, body } as SimRequest);
            const sent = { status, headers: up.headers, body: text };
            exchanges.push({ key: `${service}:${operation}`, status, problems: status < 300 ? checkResponse(model, operation, sent) : checkError(model, sent, false) });
          } catch (e) {
            exchanges.push({ key: `${service}:?`, status, problems: [`not checked: ${String(e)}`] });
          }
          res.writeHead(status, up.headers);
          res.end(text);
        });
      });
      fwd.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    exchanges,
    async stop() {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
