import { z } from 'zod';
import type { Evidence } from '../../core/index.ts';
import type { PublicAccessBlock, S3Acl, S3Permission } from '../../resources/configs.ts';
import { known, NO_EVIDENCE } from '../read.ts';
import { describeValue } from '../source.ts';
import { didYouMean, oneOf, strictObject } from '../zod-helpers.ts';
import { defineMatcher } from './types.ts';

const GROUP_URI_PREFIXES = ['http://acs.amazonaws.com/groups/global/', 'https://acs.amazonaws.com/groups/global/'];

export const READ_PERMISSIONS: readonly S3Permission[] = ['READ', 'READ_ACP', 'FULL_CONTROL'];
export const WRITE_PERMISSIONS: readonly S3Permission[] = ['WRITE', 'WRITE_ACP', 'FULL_CONTROL'];

/** `AllUsers` for `http://acs.amazonaws.com/groups/global/AllUsers`; undefined for other grantees. */
export function globalGroupName(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  for (const prefix of GROUP_URI_PREFIXES) if (uri.startsWith(prefix)) return uri.slice(prefix.length);
  return undefined;
}

/** The global groups S3 ACLs grant to; `LogDelivery` is the log delivery group, not the public. */
export const GLOBAL_GROUPS = ['AllUsers', 'AuthenticatedUsers', 'LogDelivery'] as const;

// A name that is not one of the groups would never match a grant: a silent false negative, so it is refused.
const grantee = z.string().refine((g) => (GLOBAL_GROUPS as readonly string[]).includes(globalGroupName(g) ?? g), {
  error: (iss) => {
    const written = typeof iss.input === 'string' ? (globalGroupName(iss.input) ?? iss.input) : iss.input;
    return `expected one of ${GLOBAL_GROUPS.join(', ')} (or its URI http://acs.amazonaws.com/groups/global/<name>), got ${describeValue(iss.input)}${didYouMean(written, GLOBAL_GROUPS)}`;
  },
});

const params = strictObject('matcher s3-public-acl', {
  matcher: z.literal('s3-public-acl'),
  access: oneOf(['read', 'write', 'any']).default('any'),
  grantees: z.array(grantee).min(1).default(['AllUsers', 'AuthenticatedUsers']),
  respectBlockPublicAccess: z.boolean().default(true),
});

export type S3PublicAclParams = z.output<typeof params>;

/**
 * ACL grants that give a global group (anyone, or any AWS account holder) the chosen access.
 * S3 ignores ACLs when object ownership is BucketOwnerEnforced or IgnorePublicAcls is on, so those
 * grants are not evidence then.
 */
export const s3PublicAcl = defineMatcher({
  name: 's3-public-acl',
  description: 'Bucket ACL grants to AllUsers or AuthenticatedUsers with read, write or any permission, unless S3 ignores them.',
  resourceTypes: ['aws.s3.bucket'],
  params,
  reads: ['acl', 'ownership', 'publicAccessBlock', 'accountPublicAccessBlock'],
  permissions: ['s3:GetBucketAcl', 's3:GetBucketOwnershipControls', 's3:GetBucketPublicAccessBlock', 's3:GetAccountPublicAccessBlock'],
  create(p: S3PublicAclParams) {
    const permissions = new Set<string>(
      p.access === 'read' ? READ_PERMISSIONS : p.access === 'write' ? WRITE_PERMISSIONS : [...READ_PERMISSIONS, ...WRITE_PERMISSIONS],
    );
    const groups = new Set(p.grantees.map((g) => globalGroupName(g) ?? g));

    return (resource) => {
      const cfg = resource.config;
      // Neutralizing settings are checked first: when they are known to apply, the ACL does not matter.
      if (cfg.ownership === 'BucketOwnerEnforced') return NO_EVIDENCE;
      const pab = cfg.publicAccessBlock as PublicAccessBlock | null | undefined;
      const accountPab = cfg.accountPublicAccessBlock as PublicAccessBlock | null | undefined;
      if (p.respectBlockPublicAccess && (pab?.ignorePublicAcls === true || accountPab?.ignorePublicAcls === true)) return NO_EVIDENCE;

      const acl = known<S3Acl | null>(resource, 'acl');
      if (!acl) return NO_EVIDENCE;
      let out: Evidence[] | undefined;
      for (const grant of acl.grants) {
        if (!permissions.has(grant.permission)) continue;
        const group = grant.grantee.type === 'Group' ? globalGroupName(grant.grantee.uri) : undefined;
        if (group === undefined || !groups.has(group)) continue;
        const id = `grant:${group}:${grant.permission}`;
        if (out?.some((e) => e.id === id)) continue;
        (out ??= []).push({ id, kind: 'acl-grant', summary: `${grant.permission} granted to ${group}`, data: grant as unknown as Record<string, unknown> });
      }
      if (!out) return NO_EVIDENCE;
      // A public grant is only a violation if we know S3 does not ignore it.
      known(resource, 'ownership');
      if (p.respectBlockPublicAccess) {
        known(resource, 'publicAccessBlock');
        known(resource, 'accountPublicAccessBlock');
      }
      return out;
    };
  },
});
