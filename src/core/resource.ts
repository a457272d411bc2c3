/** A reference from one resource to another that it is used by or uses (e.g. the instances using a security group). */
export interface RelatedRef {
  /** Resource type of the related resource, e.g. `aws.ec2.instance`. */
  type: string;
  id: string;
  arn?: string;
  /** Tags of the related resource when the collector knows them; exclusions on related tags read these. */
  tags?: Record<string, string>;
  /** How the two are related, e.g. `used-by`, `attached-to`. */
  relation?: string;
}

/**
 * A normalized cloud resource as produced by a collector. `config` holds the configuration the
 * policies read; a field that the API did not return is left `undefined` (unknown), never defaulted.
 */
export interface Resource<C = Record<string, unknown>> {
  /** `aws.<service>.<resource>`, e.g. `aws.ec2.security-group`. */
  type: string;
  id: string;
  arn: string;
  account: string;
  accountName?: string;
  region: string;
  name?: string;
  tags: Record<string, string>;
  config: C;
  related: RelatedRef[];
  /** Configuration fields (top-level keys of `config`) that could not be read, and why; a policy reading one is an error, never a pass. */
  readErrors?: Record<string, string>;
}

/** The identifying part of a resource carried by a finding. */
export interface ResourceRef {
  type: string;
  id: string;
  arn: string;
  account: string;
  accountName?: string;
  region: string;
  name?: string;
  tags: Record<string, string>;
}

export function resourceRef(r: Resource): ResourceRef {
  const ref: ResourceRef = { type: r.type, id: r.id, arn: r.arn, account: r.account, region: r.region, tags: r.tags };
  if (r.accountName !== undefined) ref.accountName = r.accountName;
  if (r.name !== undefined) ref.name = r.name;
  return ref;
}

/** The service part of a resource type: `aws.ec2.security-group` -> `ec2`. */
export function serviceOf(resourceType: string): string {
  return resourceType.split('.')[1] ?? resourceType;
}

/** Fields of `config` that could not be read, with why (e.g. `{ "policy": "AccessDenied: ..." }`). */
export type ReadErrors = Record<string, string>;
