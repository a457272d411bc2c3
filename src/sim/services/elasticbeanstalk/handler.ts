/**
 * AWS Elastic Beanstalk over awsQuery, served from the committed model: DescribeEnvironments (with its
 * selectors, IncludeDeleted defaulting to true, MaxRecords 1–1000 and `NextToken`; without MaxRecords,
 * every environment in one answer, as AWS documents) and DescribeConfigurationSettings for an
 * environment, with AWS's InvalidParameterValue, InvalidParameterCombination and
 * MissingRequiredParameter. Tags are read in bulk through the tagging API (src/sim/services/tagging.ts).
 */
import { loadModel, type CompactModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { peekBeanstalkState } from './model.ts';

const model = loadModel('elasticbeanstalk');
// The model's paginator names only the result key; the API pages with MaxRecords and NextToken.
const listModel: CompactModel = {
  ...model,
  operations: { ...model.operations, DescribeEnvironments: { ...model.operations['DescribeEnvironments']!, paginator: { inputToken: 'NextToken', outputToken: 'NextToken', limitKey: 'MaxRecords', resultKey: 'Environments' } } },
};
const invalidCode = 'InvalidParameterValue';

export const elasticbeanstalk = modelService({
  model: 'elasticbeanstalk',
  operations: {
    DescribeEnvironments(input, req, ctx) {
      const all = peekBeanstalkState(ctx.world, req.accountId, req.region)?.environments ?? [];
      const ids = input['EnvironmentIds'] as string[] | undefined;
      const names = input['EnvironmentNames'] as string[] | undefined;
      const selected = all.filter(
        (e) =>
          (input['IncludeDeleted'] !== false || e.Status !== 'Terminated') &&
          (input['ApplicationName'] === undefined || e.ApplicationName === input['ApplicationName']) &&
          (input['VersionLabel'] === undefined || e.VersionLabel === input['VersionLabel']) &&
          (!ids?.length || ids.includes(e.EnvironmentId)) &&
          (!names?.length || names.includes(e.EnvironmentName)),
      );
      const wire = selected.map(({ optionSettings: _o, tags: _t, ...e }) => e);
      const max = input['MaxRecords'];
      if (max !== undefined && (typeof max !== 'number' || max < 1 || max > 1000)) throw new SimError(invalidCode, `Value ${String(max)} at 'maxRecords' failed to satisfy constraint: Member must have value between 1 and 1000`, 400);
      // Without MaxRecords the page is everything that is left.
      return modelPage(listModel, 'DescribeEnvironments', input, wire, { min: 1, max: Number.MAX_SAFE_INTEGER, default: Number.MAX_SAFE_INTEGER, invalidCode, tokenCode: invalidCode });
    },
    DescribeConfigurationSettings(input, req, ctx) {
      const app = input['ApplicationName'] as string;
      const envName = input['EnvironmentName'] as string | undefined;
      const template = input['TemplateName'] as string | undefined;
      if (envName !== undefined && template !== undefined) throw new SimError('InvalidParameterCombination', 'You cannot specify both an environment name and a configuration template name.', 400);
      if (envName === undefined && template === undefined) throw new SimError('MissingRequiredParameter', 'Either EnvironmentName or TemplateName must be specified.', 400);
      if (template !== undefined) throw new SimError(invalidCode, `No Configuration Template named '${app}/${template}' found.`, 400);
      const env = peekBeanstalkState(ctx.world, req.accountId, req.region)?.environments.find((e) => e.ApplicationName === app && e.EnvironmentName === envName && e.Status !== 'Terminated');
      if (!env) throw new SimError(invalidCode, `No Environment found for EnvironmentName = '${envName}'.`, 400);
      return {
        ConfigurationSettings: [
          {
            SolutionStackName: env.SolutionStackName,
            PlatformArn: env.PlatformArn,
            ApplicationName: env.ApplicationName,
            EnvironmentName: env.EnvironmentName,
            DeploymentStatus: 'deployed',
            DateCreated: env.DateCreated,
            DateUpdated: env.DateUpdated,
            OptionSettings: env.optionSettings,
          },
        ],
      };
    },
  },
});
