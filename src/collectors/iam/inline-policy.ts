import type { ReadErrors } from '../../core/resource.ts';
import { inlinePolicy, type InlinePolicyConfig } from '../../resources/aws/iam/inline-policy.ts';
import { decryptAllStatements } from '../../resources/aws/iam/kms-decrypt.ts';
import { defineCollector, envelope } from '../types.ts';
import { authorizationDetails, decodeDocument } from './authorization-details.ts';

/**
 * `aws.iam.inline-policy`: every inline policy of every user, group and role, from the account's one
 * GetAccountAuthorizationDetails sweep (no Get{User,Group,Role}Policy per policy). Id `<type>/<name>/<policy>`;
 * the ARN is the principal's, with `#<policy>` (inline policies have none of their own).
 */
export const inlinePolicyCollector = defineCollector(inlinePolicy, async (ctx) => {
  const details = await authorizationDetails(ctx);
  const entries = [
    ...details.UserDetailList.map((u) => ({ type: 'user' as const, name: u.UserName, arn: u.Arn, policies: u.UserPolicyList ?? [] })),
    ...details.GroupDetailList.map((g) => ({ type: 'group' as const, name: g.GroupName, arn: g.Arn, policies: g.GroupPolicyList ?? [] })),
    ...details.RoleDetailList.map((r) => ({ type: 'role' as const, name: r.RoleName, arn: r.Arn, policies: r.RolePolicyList ?? [] })),
  ];
  return entries.flatMap((e) =>
    e.name && e.arn
      ? e.policies
          .filter((p) => p.PolicyName)
          .map((p) => {
            const readErrors: ReadErrors = {};
            const config: InlinePolicyConfig = { principalType: e.type, principalName: e.name!, policyName: p.PolicyName! };
            try {
              config.document = decodeDocument(p.PolicyDocument, `inline policy ${p.PolicyName} of ${e.type} ${e.name}`);
              config.decryptAllStatements = decryptAllStatements(config.document, ctx.account.id);
            } catch (err) {
              readErrors['document'] = readErrors['decryptAllStatements'] = (err as Error).message;
            }
            return envelope(ctx, inlinePolicy, { id: `${e.type}/${e.name}/${p.PolicyName}`, arn: `${e.arn}#${p.PolicyName}`, name: p.PolicyName!, config, readErrors, related: [{ type: `aws.iam.${e.type}`, id: e.name!, relation: 'in' }] });
          })
      : [],
  );
});
