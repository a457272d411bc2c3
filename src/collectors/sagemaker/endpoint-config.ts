import { DescribeEndpointConfigCommand, paginateListEndpointConfigs, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { endpointConfig, type EndpointConfigConfig } from '../../resources/aws/sagemaker/endpoint-config.ts';
import { readDetail } from '../read.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

const DETAIL_FIELDS = ['variants', 'singleInstanceVariants', 'kmsKeyId'] as const;

/** `aws.sagemaker.endpoint-config`: ListEndpointConfigs (100 per page: the API's maximum), DescribeEndpointConfig per configuration, tags in bulk. */
export const endpointConfigCollector = defineCollector(endpointConfig, async (ctx) => {
  const client = ctx.client(SageMakerClient);
  const listed: { name: string; arn: string }[] = [];
  for await (const page of paginateListEndpointConfigs({ client, pageSize: 100 }, {})) for (const c of page.EndpointConfigs ?? []) if (c.EndpointConfigName && c.EndpointConfigArn) listed.push({ name: c.EndpointConfigName, arn: c.EndpointConfigArn });
  if (listed.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'sagemaker:endpoint-config');
  const out = await mapLimit(listed, 16, async (c) => {
    const errors: ReadErrors = {};
    const d = await readDetail(errors, 'detail', () => client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: c.name })));
    if (d === null) return undefined; // deleted since the listing
    const config: EndpointConfigConfig = { endpointConfigName: c.name };
    if (d === undefined) {
      for (const k of DETAIL_FIELDS) errors[k] = errors['detail']!;
    } else {
      config.kmsKeyId = d.KmsKeyId ?? null;
      const variants = (d.ProductionVariants ?? []).map((v) => ({ variantName: v.VariantName ?? '?', instanceType: v.InstanceType ?? null, initialInstanceCount: v.InitialInstanceCount ?? null, serverless: v.ServerlessConfig !== undefined }));
      config.variants = variants;
      // An instance-backed variant without a count cannot be judged: unknown, never a pass.
      const uncounted = variants.filter((v) => !v.serverless && v.initialInstanceCount === null);
      if (variants.length === 0) errors['singleInstanceVariants'] = 'DescribeEndpointConfig returned no ProductionVariants';
      else if (uncounted.length) errors['singleInstanceVariants'] = `DescribeEndpointConfig returned no InitialInstanceCount for ${uncounted.map((v) => v.variantName).join(', ')}`;
      else config.singleInstanceVariants = variants.filter((v) => !v.serverless && v.initialInstanceCount! <= 1).map((v) => v.variantName);
    }
    delete errors['detail'];
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, endpointConfig, { id: c.name, arn: c.arn, name: c.name, tags: (tagged.ok && tagged.tags.get(c.arn)) || {}, config, readErrors: errors });
  });
  return out.filter((r) => r !== undefined);
});
