import { sagemakerArn } from '../../services/sagemaker/model.ts';
import type { EstateSagemakerEndpointConfig, EstateSagemakerModel, EstateSagemakerNotebook } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

const OLD_PLATFORMS = ['notebook-al1-v1', 'notebook-al2-v1', 'notebook-al2-v2'] as const;
const CURRENT_PLATFORMS = ['notebook-al2-v3', 'notebook-al2023-v1'] as const;

/**
 * SageMaker: per place and index a notebook instance (in a VPC or not, direct internet and root access on or
 * off, a current or retired platform), a model (isolated or not, in a VPC or not) and an endpoint
 * configuration of one or two production variants (one instance, several, or serverless).
 */
export const sagemaker: GeneratorPiece = {
  name: 'sagemaker',
  resourceTypes: ['aws.sagemaker.notebook-instance', 'aws.sagemaker.model', 'aws.sagemaker.endpoint-config'],
  policies: [
    'aws-sagemaker-notebook-direct-internet',
    'aws-sagemaker-notebook-not-in-vpc',
    'aws-sagemaker-notebook-root-access',
    'aws-sagemaker-notebook-unsupported-platform',
    'aws-sagemaker-model-network-isolation-off',
    'aws-sagemaker-endpoint-single-instance',
  ],
  resources: (s) => 3 * s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const notebooks: EstateSagemakerNotebook[] = [];
    const models: EstateSagemakerModel[] = [];
    const configs: EstateSagemakerEndpointConfig[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const inVpc = !bad();
        // AWS turns direct internet access off only for an instance in a subnet.
        notebooks.push({ account, region, name: `gen-notebook-${i}`, inVpc, directInternetAccess: inVpc ? bad() : true, rootAccess: bad(), platform: bad() ? pick(OLD_PLATFORMS) : pick(CURRENT_PLATFORMS), kmsKey: pick([true, false]) });
        models.push({ account, region, name: `gen-model-${i}`, networkIsolation: !bad(), inVpc: pick([true, false]) });
        const variants: EstateSagemakerEndpointConfig['variants'] = [];
        const count = pick([1, 2]);
        for (let v = 0; v < count; v++) variants.push(pick([false, false, true]) ? { name: `variant-${v + 1}`, serverless: true } : { name: `variant-${v + 1}`, instanceType: pick(['ml.m5.large', 'ml.c5.xlarge']), instanceCount: bad() ? 1 : pick([2, 3]) });
        configs.push({ account, region, name: `gen-endpoint-config-${i}`, variants });
      }
    }
    (ctx.doc.sagemakerNotebooks ??= []).push(...notebooks);
    (ctx.doc.sagemakerModels ??= []).push(...models);
    (ctx.doc.sagemakerEndpointConfigs ??= []).push(...configs);
    return {
      truth() {
        const truth = new Truth();
        for (const n of notebooks) {
          const add = (policy: string, field: string) => truth.add(policy, sagemakerArn(n.region, n.account, 'notebook-instance', n.name), n.account, n.region, paths(field));
          if (n.directInternetAccess) add('aws-sagemaker-notebook-direct-internet', 'directInternetAccess');
          if (!n.inVpc) add('aws-sagemaker-notebook-not-in-vpc', 'subnetId');
          if (n.rootAccess) add('aws-sagemaker-notebook-root-access', 'rootAccess');
          if ((OLD_PLATFORMS as readonly string[]).includes(n.platform!)) add('aws-sagemaker-notebook-unsupported-platform', 'platformIdentifier');
        }
        for (const m of models) if (!m.networkIsolation) truth.add('aws-sagemaker-model-network-isolation-off', sagemakerArn(m.region, m.account, 'model', m.name), m.account, m.region, paths('enableNetworkIsolation'));
        for (const c of configs) {
          if (c.variants.some((v) => !v.serverless && v.instanceCount === 1)) truth.add('aws-sagemaker-endpoint-single-instance', sagemakerArn(c.region, c.account, 'endpoint-config', c.name), c.account, c.region, paths('singleInstanceVariants'));
        }
        return truth.entries;
      },
    };
  },
};
