/**
 * The generic executor: plans are data (`{service, operation, params}`), and this module turns each into the SDK
 * command and sends it through the ClientFactory (cached clients per account and region, call counting, patient
 * retries). Only the operations listed here can be called, so a plan can never do more than the actions declare.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBSnapshotAttributesCommand,
  ModifyDBClusterSnapshotAttributeCommand,
  ModifyDBSnapshotAttributeCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import {
  DeleteBucketPolicyCommand,
  DeletePublicAccessBlockCommand,
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetPublicAccessBlockCommand,
  PutBucketAclCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { AccountCredentials, ClientFactory } from '../aws/clients.ts';
import { MamoriError } from '../core/errors.ts';
import type { AwsApi, AwsService } from './types.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Ctor = new (input: any) => unknown;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ClientCtor = new (config: any) => { send(command: unknown): Promise<unknown> };

const CLIENTS: Record<AwsService, ClientCtor> = { ec2: EC2Client, s3: S3Client, rds: RDSClient };

/** `service:Operation` → SDK command, for every operation an action may call. */
export const OPERATIONS: ReadonlyMap<string, Ctor> = new Map<string, Ctor>([
  ['ec2:DescribeSecurityGroups', DescribeSecurityGroupsCommand],
  ['ec2:DescribeSecurityGroupRules', DescribeSecurityGroupRulesCommand],
  ['ec2:RevokeSecurityGroupIngress', RevokeSecurityGroupIngressCommand],
  ['ec2:AuthorizeSecurityGroupIngress', AuthorizeSecurityGroupIngressCommand],
  ['s3:GetBucketAcl', GetBucketAclCommand],
  ['s3:GetBucketOwnershipControls', GetBucketOwnershipControlsCommand],
  ['s3:GetPublicAccessBlock', GetPublicAccessBlockCommand],
  ['s3:GetBucketPolicy', GetBucketPolicyCommand],
  ['s3:GetBucketEncryption', GetBucketEncryptionCommand],
  ['s3:PutBucketAcl', PutBucketAclCommand],
  ['s3:PutBucketPolicy', PutBucketPolicyCommand],
  ['s3:DeleteBucketPolicy', DeleteBucketPolicyCommand],
  ['s3:PutBucketEncryption', PutBucketEncryptionCommand],
  ['s3:PutPublicAccessBlock', PutPublicAccessBlockCommand],
  ['s3:DeletePublicAccessBlock', DeletePublicAccessBlockCommand],
  ['rds:DescribeDBSnapshotAttributes', DescribeDBSnapshotAttributesCommand],
  ['rds:DescribeDBClusterSnapshotAttributes', DescribeDBClusterSnapshotAttributesCommand],
  ['rds:ModifyDBSnapshotAttribute', ModifyDBSnapshotAttributeCommand],
  ['rds:ModifyDBClusterSnapshotAttribute', ModifyDBClusterSnapshotAttributeCommand],
]);

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

  /** An API bound to one account and region; throws when the account is not reachable with these credentials. */
  api(account: string, region: string): AwsApi {
    const creds = this.accounts.get(account);
    if (!creds) {
      throw new MamoriError('AWS_ACCESS', `account ${account} is not reachable with these credentials (in scope: ${[...this.accounts.keys()].join(', ') || 'none'}; use --org or --account)`);
    }
    const factory = this.factory;
    return {
      async call(service, operation, params) {
        const command = OPERATIONS.get(`${service}:${operation}`);
        if (!command) throw new MamoriError('INTERNAL', `remediation cannot call ${service}:${operation}: not an operation any action declares`);
        const client = factory.get(CLIENTS[service], creds, region);
        const out = (await client.send(new command(structuredClone(params)))) as Record<string, unknown>;
        const { $metadata: _meta, ...rest } = out ?? {};
        return rest;
      },
    };
  }
}
