/**
 * The generic executor: plans are data (`{service, operation, params}`), and this module turns each into the SDK
 * command and sends it through the ClientFactory (cached clients per account and region, call counting, patient
 * retries). It knows no service: each action declares its SDK clients and commands (`sdk`, see kit/sdk.ts), and an
 * API bound to an action sends only those, so a plan can never do more than its action declares.
 */
import type { AccountCredentials, ClientFactory } from '../aws/clients.ts';
import { MamoriError } from '../core/errors.ts';
import type { SdkUse } from './kit/sdk.ts';
import type { AwsApi } from './types.ts';

/** What the executor needs of an action: its id (for errors) and what it may send. */
export interface ActionScope {
  id: string;
  sdk: readonly SdkUse[];
}

/** Credentials for the accounts remediation may touch, and the factory that makes their clients. */
export class AwsAccess {
  readonly factory: ClientFactory;
  private readonly accounts: Map<string, AccountCredentials>;

  constructor(factory: ClientFactory, accounts: Iterable<AccountCredentials>) {
    this.factory = factory;
    this.accounts = new Map([...accounts].map((a) => [a.id, a]));
  }

  has(account: string): boolean {
    return this.accounts.has(account);
  }

  /** An API bound to one account and region and to what `action` declares; throws when the account is not reachable. */
  api(account: string, region: string, action: ActionScope): AwsApi {
    const creds = this.accounts.get(account);
    if (!creds) {
      throw new MamoriError('AWS_ACCESS', `account ${account} is not reachable with these credentials (in scope: ${[...this.accounts.keys()].join(', ') || 'none'}; use --org or --account)`);
    }
    const factory = this.factory;
    const refuse = (what: string) => new MamoriError('INTERNAL', `remediation action ${action.id} cannot call ${what}: not an operation it declares in its sdk`);
    return {
      async call(service, operation, params) {
        const use = action.sdk.find((u) => u.service === service && u.commands.has(operation));
        const command = use?.commands.get(operation);
        if (!use || !command) throw refuse(`${service}:${operation}`);
        const client = factory.get(use.client, creds, region);
        const out = (await client.send(new command(structuredClone(params)))) as Record<string, unknown>;
        const { $metadata: _meta, ...rest } = out ?? {};
        return rest;
      },
      client(ctor) {
        const uses = action.sdk.filter((u) => u.client === (ctor as unknown));
        if (!uses.length) throw refuse(`through ${ctor.name}`);
        const use = uses[0]!;
        const real = factory.get(ctor, creds, region) as { send(command: unknown, ...rest: unknown[]): Promise<unknown> };
        const allowed = new Set(uses.flatMap((u) => [...u.commands.values()]));
        // The same client (paginators check `instanceof`), whose `send` refuses commands the action does not declare.
        const guarded = Object.create(real) as typeof real;
        guarded.send = (command: unknown, ...rest: unknown[]) => {
          const ctorOf = (command as { constructor: unknown }).constructor;
          if (!allowed.has(ctorOf as never)) return Promise.reject(refuse(`${use.service}:${String((ctorOf as { name?: string }).name).replace(/Command$/, '')}`));
          return real.send(command, ...rest);
        };
        return guarded as never;
      },
    };
  }
}
