import type { ReadErrors } from '../../core/resource.ts';
import { decryptAllStatements } from '../../resources/aws/iam/kms-decrypt.ts';
import { iamPolicy, type IamPolicyConfig } from '../../resources/aws/iam/policy.ts';
import { defineCollector, envelope } from '../types.ts';
import { authorizationDetails, decodeDocument } from './authorization-details.ts';

/** `aws.iam.policy`: the customer managed policies and their default version, from the shared GetAccountAuthorizationDetails sweep. */
export const iamPolicyCollector = defineCollector(iamPolicy, async (ctx) => {
  const details = await authorizationDetails(ctx);
  return details.Policies.filter((p) => p.PolicyName && p.Arn).map((p) => {
    const readErrors: ReadErrors = {};
    const config: IamPolicyConfig = { policyName: p.PolicyName! };
    if (p.DefaultVersionId) config.defaultVersionId = p.DefaultVersionId;
    if (p.AttachmentCount !== undefined) config.attachmentCount = p.AttachmentCount;
    const version = (p.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion) ?? (p.PolicyVersionList ?? []).find((v) => v.VersionId === p.DefaultVersionId);
    try {
      if (!version) throw new Error(`GetAccountAuthorizationDetails returned no default version of ${p.PolicyName}`);
      config.document = decodeDocument(version.Document, `policy ${p.PolicyName} ${version.VersionId ?? ''}`.trim());
      config.decryptAllStatements = decryptAllStatements(config.document, ctx.account.id);
    } catch (err) {
      readErrors['document'] = readErrors['decryptAllStatements'] = (err as Error).message;
    }
    return envelope(ctx, iamPolicy, { id: p.PolicyName!, arn: p.Arn!, name: p.PolicyName!, config, readErrors });
  });
});
