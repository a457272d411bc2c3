import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientFactory, type AccountCredentials } from './clients.ts';

/** A DynamoDB stand-in that answers ListTables and counts the TCP connections it accepts. */
async function listTablesServer(): Promise<{ url: string; connections: () => number; open: () => number; server: Server }> {
  let connections = 0;
  let open = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end('{"TableNames":["t"]}');
    });
  });
  server.on('connection', (socket) => {
    connections++;
    open++;
    socket.on('close', () => open--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections, open: () => open, server };
}

function account(id: string, onResolve?: () => void): AccountCredentials {
  return {
    id,
    credentials: async () => {
      onResolve?.();
      return { accessKeyId: `AKIA${id}`, secretAccessKey: 'secret' };
    },
  };
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

async function setup() {
  const s = await listTablesServer();
  const factory = new ClientFactory({ endpointUrl: s.url, homeRegion: 'us-east-1', maxAttempts: 2, concurrencyPerService: 4 });
  cleanup.push(async () => {
    factory.destroy();
    s.server.closeAllConnections();
    await new Promise((resolve) => s.server.close(resolve));
  });
  return { ...s, factory };
}

describe('ClientFactory: connections and credentials', () => {
  it('reuses one kept-alive connection across the clients of different accounts and regions', async () => {
    const { factory, connections } = await setup();
    for (const [id, region] of [['111111111111', 'us-east-1'], ['222222222222', 'us-east-1'], ['333333333333', 'eu-west-1']] as const) {
      for (let i = 0; i < 3; i++) expect((await factory.get(DynamoDBClient, account(id), region).send(new ListTablesCommand({}))).TableNames).toEqual(['t']);
    }
    // Before, every (account, region, service) client had its own pool and opened its own connection.
    expect(connections()).toBe(1);
    expect(factory.counter.calls).toEqual({ 'dynamodb:ListTables': 9 });
  });

  it('resolves an account’s credentials once per client, not once per call', async () => {
    const { factory } = await setup();
    let resolved = 0;
    const a = account('444444444444', () => resolved++);
    const client = factory.get(DynamoDBClient, a, 'us-east-1');
    await Promise.all(Array.from({ length: 20 }, () => client.send(new ListTablesCommand({}))));
    for (let i = 0; i < 5; i++) await client.send(new ListTablesCommand({}));
    expect(resolved).toBe(1);
    expect(factory.counter.total).toBe(25);
  });

  it('closes the shared connections when destroyed', async () => {
    const { factory, open } = await setup();
    await factory.get(DynamoDBClient, account('555555555555'), 'us-east-1').send(new ListTablesCommand({}));
    expect(open()).toBe(1);
    factory.destroy();
    await expect.poll(open).toBe(0);
  });

  it('still limits calls in flight per (account, service) through the shared connections', async () => {
    const { factory } = await setup();
    const a = account('666666666666');
    let inFlight = 0;
    let most = 0;
    const client = factory.get(DynamoDBClient, a, 'us-east-1');
    client.middlewareStack.add(
      (next) => async (args) => {
        inFlight++;
        most = Math.max(most, inFlight);
        try {
          return await next(args);
        } finally {
          inFlight--;
        }
      },
      { step: 'finalizeRequest', name: 'testInFlight' },
    );
    await Promise.all(Array.from({ length: 12 }, () => client.send(new ListTablesCommand({}))));
    expect(most).toBe(4);
  });
});

describe('ClientFactory: settings of the process', () => {
  it('resolves the process-wide SDK settings once, for all its clients, and keeps honouring them', async () => {
    const saved = process.env['AWS_USE_DUALSTACK_ENDPOINT'];
    try {
      process.env['AWS_USE_DUALSTACK_ENDPOINT'] = 'true';
      const { factory } = await setup();
      const first = factory.get(DynamoDBClient, account('777777777777'), 'us-east-1');
      expect(await first.config.useDualstackEndpoint()).toBe(true);
      // Read once: a later change of the environment does not reach the next clients of this factory.
      process.env['AWS_USE_DUALSTACK_ENDPOINT'] = 'false';
      const other = factory.get(DynamoDBClient, account('888888888888'), 'eu-west-1');
      expect(await other.config.useDualstackEndpoint()).toBe(true);
      expect(await other.config.useFipsEndpoint()).toBe(false);
      const fresh = new ClientFactory({ homeRegion: 'us-east-1', maxAttempts: 1, concurrencyPerService: 1 });
      cleanup.push(async () => fresh.destroy());
      expect(await fresh.get(DynamoDBClient, account('777777777777'), 'us-east-1').config.useDualstackEndpoint()).toBe(false);
    } finally {
      if (saved === undefined) delete process.env['AWS_USE_DUALSTACK_ENDPOINT'];
      else process.env['AWS_USE_DUALSTACK_ENDPOINT'] = saved;
    }
  });
});
