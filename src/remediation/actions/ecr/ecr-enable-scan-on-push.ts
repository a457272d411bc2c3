import { DescribeRepositoriesCommand, ECRClient, paginateDescribeRepositories, PutImageScanningConfigurationCommand } from '@aws-sdk/client-ecr';
import type { RepositoryConfig } from '../../../resources/aws/ecr/repository.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings } from '../../kit/setting.ts';

/**
 * ecr-enable-scan-on-push: turns on the repository's own scan on push. The registry's scanning configuration is
 * not touched (it covers every repository its filters match, a decision for the whole registry); tag mutability
 * and encryption stay.
 */
export const ecrEnableScanOnPush = settingAction({
  id: 'ecr-enable-scan-on-push',
  title: 'Scan ECR images on push',
  description:
    'ecr:PutImageScanningConfiguration with imageScanningConfiguration.scanOnPush=true for the repository. The registry scanning configuration, tag mutability and encryption stay. Undo: scanOnPush=false.',
  resourceType: 'aws.ecr.repository',
  sdk: [sdk(ECRClient, { PutImageScanningConfigurationCommand, DescribeRepositoriesCommand })],
  settings: ['scanOnPush'],
  async read(api, target) {
    // The collector's paginator, narrowed to this repository (RepositoryNotFoundException → not-found → null).
    for await (const page of paginateDescribeRepositories({ client: api.client(ECRClient) }, { repositoryNames: [target.id] })) {
      const r = (page.repositories ?? []).find((x) => x.repositoryName === target.id);
      if (r) return { scanOnPush: r.imageScanningConfiguration?.scanOnPush ?? false, imageTagMutability: r.imageTagMutability ?? null, encryptionType: r.encryptionConfiguration?.encryptionType ?? null };
    }
    return null;
  },
  fromResource(r) {
    const c = r.config as Partial<RepositoryConfig>;
    return c.scanOnPush === undefined ? undefined : ({ scanOnPush: c.scanOnPush, imageTagMutability: c.imageTagMutability ?? null, encryptionType: c.encryptionType ?? null } satisfies Settings);
  },
  violations: (s) => (s['scanOnPush'] === true ? [] : [`scanOnPush = ${String(s['scanOnPush'])}`]),
  fix: () => ({ scanOnPush: true }),
  write: (values, _current, target) => ({
    operation: 'PutImageScanningConfiguration',
    params: { repositoryName: target.id, imageScanningConfiguration: { scanOnPush: values['scanOnPush'] === true } },
    purpose: `set scanOnPush=${String(values['scanOnPush'])}`,
  }),
});
