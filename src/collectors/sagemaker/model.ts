import { DescribeModelCommand, paginateListModels, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { sagemakerModel, type SagemakerModelConfig } from '../../resources/aws/sagemaker/model.ts';
import { readDetail } from '../read.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

const DETAIL_FIELDS = ['enableNetworkIsolation', 'vpcSubnets', 'executionRoleArn'] as const;

/** `aws.sagemaker.model`: ListModels (100 per page: the API's maximum), DescribeModel per model, tags in bulk. */
export const sagemakerModelCollector = defineCollector(sagemakerModel, async (ctx) => {
  const client = ctx.client(SageMakerClient);
  const listed: { name: string; arn: string }[] = [];
  for await (const page of paginateListModels({ client, pageSize: 100 }, {})) for (const m of page.Models ?? []) if (m.ModelName && m.ModelArn) listed.push({ name: m.ModelName, arn: m.ModelArn });
  if (listed.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'sagemaker:model');
  const out = await mapLimit(listed, 16, async (m) => {
    const errors: ReadErrors = {};
    const d = await readDetail(errors, 'detail', () => client.send(new DescribeModelCommand({ ModelName: m.name })));
    if (d === null) return undefined; // deleted since the listing
    const config: SagemakerModelConfig = { modelName: m.name };
    if (d === undefined) {
      for (const k of DETAIL_FIELDS) errors[k] = errors['detail']!;
    } else {
      // CreateModel's default is false, and the API leaves the flag out of some answers for it.
      config.enableNetworkIsolation = d.EnableNetworkIsolation ?? false;
      config.vpcSubnets = d.VpcConfig?.Subnets ?? null;
      config.executionRoleArn = d.ExecutionRoleArn ?? null;
    }
    delete errors['detail'];
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, sagemakerModel, { id: m.name, arn: m.arn, name: m.name, tags: (tagged.ok && tagged.tags.get(m.arn)) || {}, config, readErrors: errors });
  });
  return out.filter((r) => r !== undefined);
});
