/**
 * What an action may send to AWS, declared by the action itself: the SDK client and the command constructors
 * (its reads and its writes). The executor sends nothing else, `mamori iam-policy --remediate` derives the
 * permissions from it, and the registry meta-checks ask the local endpoint to serve every operation listed.
 * No shared file learns about a service: the declaration travels with the action.
 */
import { serviceName } from '../../aws/clients.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandCtor = new (input: any) => unknown;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SdkClientCtor = new (config: any) => { send(command: any, ...rest: any[]): Promise<any> };

/** One SDK client and the operations an action sends through it. */
export interface SdkUse {
  /** The call counter's service name (`ElasticLoadBalancingV2Client` → `elasticloadbalancingv2`); plans name it. */
  service: string;
  client: SdkClientCtor;
  /** Operation name (`ModifyLoadBalancerAttributes`) → its command constructor. */
  commands: ReadonlyMap<string, CommandCtor>;
  /** Operation name → the IAM action it needs. */
  permissions: ReadonlyMap<string, string>;
}

export interface SdkOptions {
  /** The IAM prefix when it is not the service name (ELBv2 and Classic both use `elasticloadbalancing`). */
  iam?: string;
  /** Operations whose IAM action is not `<iam>:<Operation>` (S3: GetBucketEncryption → s3:GetEncryptionConfiguration). */
  permissions?: Record<string, string>;
}

/**
 * `sdk(ElasticLoadBalancingV2Client, { DescribeLoadBalancersCommand, ModifyLoadBalancerAttributesCommand }, { iam:
 * 'elasticloadbalancing' })`: the commands are passed by their SDK names, so a typo is a type error.
 */
export function sdk(client: SdkClientCtor, commands: Record<`${string}Command`, CommandCtor>, opts: SdkOptions = {}): SdkUse {
  const service = serviceName(client.name);
  const iam = opts.iam ?? service;
  const byOp = new Map<string, CommandCtor>();
  const perms = new Map<string, string>();
  for (const [name, ctor] of Object.entries(commands)) {
    const op = name.replace(/Command$/, '');
    byOp.set(op, ctor);
    perms.set(op, opts.permissions?.[op] ?? `${iam}:${op}`);
  }
  for (const op of Object.keys(opts.permissions ?? {})) if (!byOp.has(op)) throw new Error(`sdk(${client.name}): a permission for ${op}, which is not among its commands`);
  return { service, client, commands: byOp, permissions: perms };
}

/** Every IAM action the declared operations need, sorted and unique. */
export function permissionsOf(uses: readonly SdkUse[]): string[] {
  return [...new Set(uses.flatMap((u) => [...u.permissions.values()]))].sort();
}

/** `service:Operation` for every declared operation. */
export function operationsOf(uses: readonly SdkUse[]): string[] {
  return uses.flatMap((u) => [...u.commands.keys()].map((op) => `${u.service}:${op}`));
}
