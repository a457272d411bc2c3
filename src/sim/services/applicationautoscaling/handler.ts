/**
 * Application Auto Scaling over awsJson 1.1, served from the committed model: DescribeScalableTargets
 * (ServiceNamespace required and one of AWS's namespaces, MaxResults 1–50, ResourceIds and
 * ScalableDimension filters; a dimension outside the namespace is a ValidationException), as the API
 * reference documents it.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { peekAppAutoScalingState } from './model.ts';

const model = loadModel('applicationautoscaling');
/** The API reference: MaxResults up to 50, the default. */
const PAGE = { min: 1, max: 50, default: 50, tokenCode: 'InvalidNextTokenException' };
const NAMESPACES = ['ecs', 'elasticmapreduce', 'ec2', 'appstream', 'dynamodb', 'rds', 'sagemaker', 'custom-resource', 'comprehend', 'lambda', 'cassandra', 'kafka', 'elasticache', 'neptune', 'workspaces'];

export const applicationAutoScaling = modelService({
  model: 'applicationautoscaling',
  operations: {
    DescribeScalableTargets(input, req, ctx) {
      const ns = input['ServiceNamespace'] as string;
      if (!NAMESPACES.includes(ns)) throw new SimError('ValidationException', `1 validation error detected: Value '${ns}' at 'serviceNamespace' failed to satisfy constraint: Member must satisfy enum value set: [${NAMESPACES.join(', ')}]`, 400);
      const dimension = input['ScalableDimension'] as string | undefined;
      if (dimension !== undefined && !dimension.startsWith(`${ns}:`) && !(ns === 'custom-resource' && dimension.startsWith('custom-resource:'))) {
        throw new SimError('ValidationException', `Unsupported scalable dimension '${dimension}' for service namespace '${ns}'`, 400);
      }
      const ids = input['ResourceIds'] as string[] | undefined;
      const targets = (peekAppAutoScalingState(ctx.world, req.accountId, req.region)?.targets ?? []).filter(
        (t) => t.ServiceNamespace === ns && (!ids?.length || ids.includes(t.ResourceId)) && (dimension === undefined || t.ScalableDimension === dimension),
      );
      return modelPage(model, 'DescribeScalableTargets', input, targets.map((t) => ({ ...t })), PAGE);
    },
  },
});
