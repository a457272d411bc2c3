import { account } from '../../resources/aws/s3/account.ts';
import { defineCollector, envelope } from '../types.ts';
import { readAccountPublicAccessBlock } from './bucket.ts';

/**
 * `aws.s3.account`: one per account, with the account-level Block Public Access (the same read the
 * bucket collector makes, shared within a scan). Reported in the home Region, or the first Region in
 * scope when the home Region is not scanned.
 */
export const accountCollector = defineCollector(account, async (ctx) => {
  const { value, errors } = await readAccountPublicAccessBlock(ctx);
  const region = ctx.regions.includes(ctx.region) ? ctx.region : (ctx.regions[0] ?? ctx.region);
  const failed = errors['accountPublicAccessBlock'];
  const readErrors: Record<string, string> = failed ? { publicAccessBlock: failed } : {};
  const config = value === undefined ? { accountId: ctx.account.id } : { accountId: ctx.account.id, publicAccessBlock: value };
  return [envelope(ctx, account, { id: ctx.account.id, arn: `arn:aws:s3::${ctx.account.id}:account`, name: ctx.account.name ?? ctx.account.id, region, config, readErrors })];
});
