/**
 * ECR over awsJson1_1, served from the committed model: DescribeRepositories (maxResults 1–1000,
 * RepositoryNotFoundException for a named repository that does not exist), GetLifecyclePolicy
 * (LifecyclePolicyNotFoundException when the repository has none) and GetRegistryScanningConfiguration,
 * as the API reference documents them; and the write remediation makes, PutImageScanningConfiguration.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { peekEcrState, type EcrRepository } from './model.ts';

const model = loadModel('ecr');

const repoNotFound = (name: string, account: string) => new SimError('RepositoryNotFoundException', `The repository with name '${name}' does not exist in the registry with id '${account}'`, 400);

function repoWire(r: EcrRepository, account: string): Record<string, unknown> {
  return {
    repositoryArn: r.arn,
    registryId: account,
    repositoryName: r.name,
    repositoryUri: r.uri,
    createdAt: r.createdAt,
    imageTagMutability: r.imageTagMutability,
    imageScanningConfiguration: { scanOnPush: r.scanOnPush },
    encryptionConfiguration: { encryptionType: r.encryptionType },
  };
}

export const ecr = modelService({
  model: 'ecr',
  operations: {
    DescribeRepositories(input, req, ctx) {
      const all = peekEcrState(ctx.world, req.accountId, req.region)?.repositories ?? [];
      const names = input['repositoryNames'] as string[] | undefined;
      if (names?.length && input['maxResults'] !== undefined) throw new SimError('InvalidParameterException', 'maxResults cannot be used together with repositoryNames', 400);
      let selected = all;
      if (names?.length) {
        const missing = names.find((n) => !all.some((r) => r.name === n));
        if (missing) throw repoNotFound(missing, req.accountId);
        selected = all.filter((r) => names.includes(r.name));
      }
      return modelPage(model, 'DescribeRepositories', input, selected.map((r) => repoWire(r, req.accountId)), { min: 1, max: 1000, default: 100, invalidCode: 'InvalidParameterException' });
    },
    GetLifecyclePolicy(input, req, ctx) {
      const name = String(input['repositoryName']);
      const r = peekEcrState(ctx.world, req.accountId, req.region)?.repositories.find((x) => x.name === name);
      if (!r) throw repoNotFound(name, req.accountId);
      if (r.lifecyclePolicy === null) throw new SimError('LifecyclePolicyNotFoundException', `Lifecycle policy does not exist for the repository with name '${name}' in the registry with id '${req.accountId}'`, 400);
      return { registryId: req.accountId, repositoryName: name, lifecyclePolicyText: r.lifecyclePolicy, lastEvaluatedAt: r.createdAt };
    },
    PutImageScanningConfiguration(input, req, ctx) {
      const name = String(input['repositoryName']);
      const registry = input['registryId'] as string | undefined;
      // Another account's registry is not this caller's to change (AWS answers as for a missing repository).
      if (registry !== undefined && registry !== req.accountId) throw repoNotFound(name, registry);
      const r = peekEcrState(ctx.world, req.accountId, req.region)?.repositories.find((x) => x.name === name);
      if (!r) throw repoNotFound(name, req.accountId);
      const scanOnPush = (input['imageScanningConfiguration'] as { scanOnPush?: unknown } | undefined)?.scanOnPush;
      if (typeof scanOnPush !== 'boolean') throw new SimError('InvalidParameterException', "Invalid parameter at 'imageScanningConfiguration.scanOnPush': a boolean is required", 400);
      r.scanOnPush = scanOnPush;
      return { registryId: req.accountId, repositoryName: name, imageScanningConfiguration: { scanOnPush } };
    },
    GetRegistryScanningConfiguration(_input, req, ctx) {
      const scanning = peekEcrState(ctx.world, req.accountId, req.region)?.scanning ?? { scanType: 'BASIC', rules: [] };
      return { registryId: req.accountId, scanningConfiguration: scanning };
    },
  },
});
