import type { Resource } from '../core/resource.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ClientCtor<T> = new (config: any) => T;

/** What a collector gets: one account and region, and SDK clients cached for them. */
export interface CollectContext {
  account: { id: string; name?: string };
  /** The region being collected; for account-scoped collectors, the account's home region. */
  region: string;
  /** Every region in scope for this account (account-scoped collectors keep only resources in these). */
  regions: string[];
  /** An SDK client for this account, in `region` (default: the context's region). */
  client<T>(ctor: ClientCtor<T>, region?: string): T;
}

/**
 * One resource type. `collect` lists every resource of the type and follows each API's pagination to
 * the end. It throws when the listing itself fails (the scan records a coverage gap or an error for
 * the type and region); a failure reading one resource's detail becomes `readErrors` on that resource.
 */
export interface Collector {
  /** `aws.<service>.<resource>` */
  type: string;
  service: string;
  /** `regional`: collected once per region; `account`: once per account (e.g. S3's global bucket list). */
  scope: 'regional' | 'account';
  /** IAM actions the collector calls; `mamori iam-policy --scan` is built from these. */
  permissions: string[];
  /** AWS error codes that mean "nothing here" for this type, on top of the shared not-found handling. */
  ignoreErrors?: string[];
  collect(ctx: CollectContext): Promise<Resource[]>;
}
