/**
 * A resource type's descriptor: everything the product knows about one type that is not AWS I/O — its
 * name, the zod schema of its normalized configuration (which gives the TypeScript type, the field list
 * the policy language accepts and the docs), what its collector reads (scope, API calls, IAM
 * permissions, ignorable error codes), its Security Hub (ASFF) type and how the console shows it.
 *
 * Descriptors are pure (zod and core only), so the engine, the outputs and the console can read them
 * without loading the AWS SDK; the collector that does the reading lives in `src/collectors/` and is
 * built from its descriptor with `defineCollector`.
 */
import type { z } from 'zod';

/** One line the console shows for a resource; `evidenceId` ties it to evidence, so a violating part is marked. */
export interface SectionLine {
  text: string;
  evidenceId?: string;
  /** Extra text shown on demand (e.g. the full policy statement). */
  detail?: string;
}

export interface Section {
  title: string;
  lines: SectionLine[];
}

/** What a descriptor's `sections` may ask about the evidence being shown. */
export interface SectionContext {
  /** Whether an evidence id is marked (violating) on this page. */
  marked(evidenceId: string): boolean;
}

export interface ResourceDescriptor<S extends z.ZodObject = z.ZodObject> {
  /** `aws.<service>.<resource>`; the descriptor's file is `src/resources/aws/<service>/<resource>.ts`. */
  type: string;
  /** One line for the docs and `mamori policies list`. */
  description: string;
  /** The normalized configuration (`Resource.config`). Convention: unknown is `undefined`, absent is `null`. */
  config: S;
  /**
   * `regional`: read once per region; `account`: once per account, each resource in its own region (S3's
   * bucket list); `global`: once per account from the partition's global endpoint (CloudFront, Route 53,
   * WAF Classic), each resource in {@link GLOBAL_REGION}, as Security Hub and Prowler report them.
   */
  scope: ResourceScope;
  /** The API operations the collector calls, as `<signing name>:<Operation>`; the endpoint must serve each. */
  calls: readonly string[];
  /** The IAM actions those calls need; `mamori iam-policy --scan` is built from these. */
  permissions: readonly string[];
  /** AWS error codes that mean "nothing here" for this type, on top of the shared not-found handling. */
  ignoreErrors?: readonly string[];
  /** Security Hub's `Resources[].Type` (ASFF); `Other` where Security Hub has none. */
  asff: string;
  /** How the console shows the configuration; without it the console lists the top-level fields. */
  sections?: (config: z.infer<S>, ctx: SectionContext) => Section[];
  /**
   * The AWS writes that can make a resource of this type violate a policy, as CloudTrail records them, for
   * event-driven protection: `mamori events setup` subscribes to exactly these (derived from the selected policies'
   * types, never listed per policy), and `mamori watch` re-reads the one resource an event names.
   */
  changes?: readonly ResourceChange[];
}

/** One CloudTrail-recorded write that changes resources of a type. */
export interface ResourceChange {
  /** `<eventSource>:<eventName>`, e.g. `ec2.amazonaws.com:AuthorizeSecurityGroupIngress`. */
  event: string;
  /**
   * Where the changed resource's identifier is in the CloudTrail record (`detail` of the EventBridge event), as a
   * dotted path: `requestParameters.groupId`, `responseElements.groupId`, `requestParameters.bucketName`; a numeric part
   * indexes a list (`responseElements.instancesSet.items.0.instanceId`), and paths in braces make a composite identifier
   * (`{requestParameters.restApiId}/{requestParameters.stageName}`).
   */
  id: string;
  /**
   * What the identifier is: the resource's `id` (default), its `arn` or its `name`; `url` a URL whose last path segment
   * is the resource's id (SQS's queue URL); `account` the account itself, for a type with one resource per account and
   * region (the path is then `recipientAccountId`). An ARN matches the resource's `arn` whatever the kind, as many
   * APIs take a name or an ARN.
   */
  idKind?: 'id' | 'arn' | 'name' | 'url' | 'account';
}

export type ResourceScope = 'regional' | 'account' | 'global';

/**
 * Where global services live: their endpoints sign in us-east-1, Security Hub evaluates their controls
 * there only and Prowler reports them there. A scan reads them when this region is in its scope, so a
 * scan of other regions neither repeats nor resolves their findings.
 */
export const GLOBAL_REGION = 'us-east-1';

// Helpers for `sections`, so that a descriptor states only what is particular to its type.

/** A section whose lines may be conditional (`cond && line`): a falsy line, a condition not met, is left out. */
export function section(title: string, ...lines: ReadonlyArray<SectionLine | false | '' | 0 | null | undefined>): Section {
  return { title, lines: lines.filter((l): l is SectionLine => Boolean(l)) };
}

/**
 * A line about one configuration field, tied to the evidence a policy on that field reports (`path:config.<field>`,
 * the id of a generic filter's evidence), so the console marks it when it violates.
 */
export function fieldLine(field: string, text: string, detail?: string): SectionLine {
  return { text, evidenceId: `path:config.${field}`, ...(detail !== undefined ? { detail } : {}) };
}

/** A value by the descriptors' convention: `undefined` could not be read, `null` is absent, else `show(value)`. */
export function valueText<T>(value: T | null | undefined, show: (v: NonNullable<T>) => string, absent = 'not set'): string {
  if (value === undefined) return 'unknown (could not be read)';
  if (value === null) return absent;
  return show(value as NonNullable<T>);
}

/** The service part of a type name: `aws.ec2.security-group` → `ec2`. */
export function serviceOfType(type: string): string {
  return type.split('.')[1] ?? type;
}

export function defineResource<S extends z.ZodObject>(d: ResourceDescriptor<S>): ResourceDescriptor<S> {
  if (!/^aws\.[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9-]+$/.test(d.type)) throw new Error(`resource type ${d.type}: expected aws.<service>.<resource> in kebab case`);
  return d;
}

/** The top-level configuration fields a policy path may name. */
export function configFields(d: ResourceDescriptor): string[] {
  return Object.keys(d.config.shape);
}
