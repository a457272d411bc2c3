import { z } from 'zod';
import type { Evidence } from '../../core/index.ts';
import { configFields, RESOURCES } from '../../resources/index.ts';
import { known, NO_EVIDENCE } from '../read.ts';
import { analyzeResourcePolicy, outsideGrants, PolicyDocumentError, type Party, type PolicyAnalysis } from '../resource-policy.ts';
import { oneOf, strictObject } from '../zod-helpers.ts';
import { defineMatcher } from './types.ts';

const ACCOUNT = /^\d{12}$/;

const params = strictObject('matcher resource-policy-public', {
  matcher: z.literal('resource-policy-public'),
  /** IAM action patterns that count (e.g. `sqs:SendMessage`, `kms:*`); absent: any action. */
  actions: z.array(z.string().min(1)).min(1).optional(),
  /** `public`: strangers (anyone, any AWS account); `external`: also named accounts and organizations outside the trusted ones. */
  admits: oneOf(['public', 'external']).default('public'),
  trustedAccounts: z.array(z.string().regex(ACCOUNT, 'an account id is 12 digits')).default([]),
  trustedOrgIds: z.array(z.string().regex(/^o-[a-z0-9]{10,32}$/, 'an organization id looks like o-exampleorgid')).default([]),
});

export type ResourcePolicyPublicParams = z.output<typeof params>;

/** Every resource type whose configuration has a `policy` field holding its resource-based policy. */
const WITH_POLICY = [...RESOURCES.values()].filter((d) => configFields(d).includes('policy'));
const TYPES_WITH_POLICY = WITH_POLICY.map((d) => d.type);
/**
 * The call that reads each type's policy: its `Get...Policy` permission, or, where the policy comes
 * inline with the listing (EventBridge's ListEventBuses), the descriptor's first (list) permission.
 */
const POLICY_PERMISSIONS = [...new Set(WITH_POLICY.flatMap((d) => {
  const reads = d.permissions.filter((p) => /Polic(y|ies)/.test(p));
  return reads.length ? reads : d.permissions.slice(0, 1);
}))];

function partyText(p: Party): string {
  switch (p.kind) {
    case 'anyone':
      return p.via === 'anonymous' ? 'anyone' : p.via === 'service' ? 'any AWS service for any account' : 'any AWS account';
    case 'account':
      return `account ${p.account}${p.via === 'service' ? ' (through an AWS service)' : ''}`;
    case 'org':
      return `organization ${p.org}`;
    case 'service':
      return `${p.service} for any account`;
  }
}

/**
 * Statements of a resource-based policy (the `policy` field, JSON text or object) that let callers
 * from outside the account in, for the chosen actions, after Deny statements. One analysis for
 * every service (src/engine/resource-policy.ts); evidence is the statement.
 */
export const resourcePolicyPublic = defineMatcher({
  name: 'resource-policy-public',
  description: 'Resource-based policy statements that let anyone (or, with admits: external, other accounts and organizations) perform the chosen actions, after conditions and Deny statements.',
  resourceTypes: TYPES_WITH_POLICY,
  params,
  reads: ['policy'],
  permissions: POLICY_PERMISSIONS,
  create(p: ResourcePolicyPublicParams) {
    const families = p.actions;
    let lastText: unknown;
    let lastAccount: string | undefined;
    let lastAnalysis: PolicyAnalysis | undefined;
    return (resource) => {
      const doc = known<unknown>(resource, 'policy');
      if (doc === null) return NO_EVIDENCE;
      let analysis = lastAnalysis;
      if (!analysis || doc !== lastText || resource.account !== lastAccount) {
        try {
          analysis = analyzeResourcePolicy(doc, { account: resource.account, trustedAccounts: p.trustedAccounts, trustedOrgIds: p.trustedOrgIds });
        } catch (e) {
          if (e instanceof PolicyDocumentError) throw new Error(`config.policy of ${resource.id}: ${e.message}`, { cause: e });
          throw e;
        }
        lastText = doc;
        lastAccount = resource.account;
        lastAnalysis = analysis;
      }
      const grants = outsideGrants(analysis, families, p.admits);
      if (grants.length === 0) return NO_EVIDENCE;
      return grants.map((g): Evidence => {
        const { index, sid, statement, notAction } = g.statement;
        const what = notAction ? `all but ${g.statement.actions.join(', ')}` : g.actions.join(', ');
        return {
          id: g.statement.evidenceId,
          kind: 'policy-statement',
          summary: `${sid ?? `statement #${index}`} allows ${what} to ${g.parties.map(partyText).join(', ')}`,
          data: { index, sid, statement, admits: g.parties },
        };
      });
    };
  },
});
