import { GetMLTransformsCommand, GlueClient, type MLTransform } from '@aws-sdk/client-glue';
import { mlTransform, type MlTransformConfig } from '../../resources/aws/glue/ml-transform.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/** `aws.glue.ml-transform`: GetMLTransforms gives every transform with its encryption (100 per page); tags in bulk. */
export const mlTransformCollector = defineCollector(mlTransform, async (ctx) => {
  const client = ctx.client(GlueClient);
  const transforms: MLTransform[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new GetMLTransformsCommand({ MaxResults: 100, ...(token ? { NextToken: token } : {}) }));
    transforms.push(...(page.Transforms ?? []).filter((t) => t.TransformId));
    token = page.NextToken;
  } while (token);
  if (transforms.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'glue:mlTransform');
  return transforms.map((t) => {
    const arn = `arn:aws:glue:${ctx.region}:${ctx.account.id}:mlTransform/${t.TransformId!}`;
    // No TransformEncryption in the answer: the transform was created without encryption.
    const config: MlTransformConfig = { transformId: t.TransformId!, name: t.Name ?? null, status: t.Status ?? null, mlUserDataEncryptionMode: t.TransformEncryption?.MlUserDataEncryption?.MlUserDataEncryptionMode ?? 'DISABLED' };
    return envelope(ctx, mlTransform, { id: t.TransformId!, arn, ...(t.Name ? { name: t.Name } : {}), tags: (tagged.ok && tagged.tags.get(arn)) || {}, config, readErrors: tagged.ok ? {} : { tags: tagged.error } });
  });
});
