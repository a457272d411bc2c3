import { IAMClient, paginateGetAccountAuthorizationDetails, type GetAccountAuthorizationDetailsCommandOutput } from '@aws-sdk/client-iam';
import { sharedRead } from '../memo.ts';
import type { CollectContext } from '../types.ts';

export type AuthorizationDetails = Pick<GetAccountAuthorizationDetailsCommandOutput, 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies'>;

/**
 * Users, groups, roles (with their inline policies) and the customer managed policies of the account, in one
 * paginated GetAccountAuthorizationDetails sweep (1,000 per page) shared by every IAM collector of the scan.
 */
export function authorizationDetails(ctx: CollectContext): Promise<Required<AuthorizationDetails>> {
  return sharedRead(ctx, 'iam:GetAccountAuthorizationDetails', async () => {
    const client = ctx.client(IAMClient);
    const out: Required<AuthorizationDetails> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
    for await (const page of paginateGetAccountAuthorizationDetails({ client, pageSize: 1000 }, { Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'] })) {
      out.UserDetailList.push(...(page.UserDetailList ?? []));
      out.GroupDetailList.push(...(page.GroupDetailList ?? []));
      out.RoleDetailList.push(...(page.RoleDetailList ?? []));
      out.Policies.push(...(page.Policies ?? []));
    }
    return out;
  });
}

/** A policy document as IAM returns it (URL-encoded JSON, RFC 3986), parsed; throws naming the policy when it is not JSON. */
export function decodeDocument(encoded: string | undefined, what: string): Record<string, unknown> {
  if (!encoded) throw new Error(`${what} has no document`);
  let text: string;
  try {
    text = decodeURIComponent(encoded);
  } catch {
    text = encoded;
  }
  const doc = JSON.parse(text) as unknown;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${what}'s document is not a JSON object`);
  return doc as Record<string, unknown>;
}
