import { DescribeNotebookInstanceCommand, paginateListNotebookInstances, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { notebookInstance, type NotebookInstanceConfig } from '../../resources/aws/sagemaker/notebook-instance.ts';
import { readDetail } from '../read.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

const DETAIL_FIELDS = ['subnetId', 'directInternetAccess', 'rootAccess', 'platformIdentifier', 'kmsKeyId'] as const;

/** `aws.sagemaker.notebook-instance`: ListNotebookInstances (100 per page: the API's maximum), DescribeNotebookInstance per instance, tags in bulk. */
export const notebookInstanceCollector = defineCollector(notebookInstance, async (ctx) => {
  const client = ctx.client(SageMakerClient);
  const listed: { name: string; arn: string; status?: string; instanceType?: string }[] = [];
  for await (const page of paginateListNotebookInstances({ client, pageSize: 100 }, {})) {
    for (const n of page.NotebookInstances ?? []) if (n.NotebookInstanceName && n.NotebookInstanceArn) listed.push({ name: n.NotebookInstanceName, arn: n.NotebookInstanceArn, ...(n.NotebookInstanceStatus ? { status: n.NotebookInstanceStatus } : {}), ...(n.InstanceType ? { instanceType: n.InstanceType } : {}) });
  }
  if (listed.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'sagemaker:notebook-instance');
  const out = await mapLimit(listed, 16, async (n) => {
    const errors: ReadErrors = {};
    const d = await readDetail(errors, 'detail', () => client.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: n.name })));
    if (d === null) return undefined; // deleted since the listing
    const config: NotebookInstanceConfig = { notebookInstanceName: n.name, ...(n.status ? { status: n.status } : {}), ...(n.instanceType ? { instanceType: n.instanceType } : {}) };
    if (d === undefined) {
      for (const k of DETAIL_FIELDS) errors[k] = errors['detail']!;
    } else {
      config.subnetId = d.SubnetId ?? null;
      config.securityGroups = d.SecurityGroups ?? [];
      config.kmsKeyId = d.KmsKeyId ?? null;
      // A setting the answer leaves out is unknown, never a pass.
      if (d.DirectInternetAccess) config.directInternetAccess = d.DirectInternetAccess;
      else errors['directInternetAccess'] = 'DescribeNotebookInstance returned no DirectInternetAccess';
      if (d.RootAccess) config.rootAccess = d.RootAccess;
      else errors['rootAccess'] = 'DescribeNotebookInstance returned no RootAccess';
      if (d.PlatformIdentifier) config.platformIdentifier = d.PlatformIdentifier;
      else errors['platformIdentifier'] = 'DescribeNotebookInstance returned no PlatformIdentifier';
    }
    delete errors['detail'];
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, notebookInstance, { id: n.name, arn: n.arn, name: n.name, tags: (tagged.ok && tagged.tags.get(n.arn)) || {}, config, readErrors: errors });
  });
  return out.filter((r) => r !== undefined);
});
