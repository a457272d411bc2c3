/**
 * AWS Elastic Beanstalk over awsQuery, served from the committed model: DescribeEnvironments (with its
 * selectors, IncludeDeleted defaulting to true, MaxRecords 1–1000 and `NextToken`; without MaxRecords,
 * every environment in one answer, as AWS documents) and DescribeConfigurationSettings for an
 * environment, with AWS's InvalidParameterValue, InvalidParameterCombination and
 * MissingRequiredParameter. Tags are read in bulk through the tagging API (src/sim/services/tagging.ts).
 * UpdateEnvironment sets and removes option settings with the configuration validation AWS applies to the
 * options remediation uses (allowed values, enhanced health only with a service role), all or nothing.
 */
import { loadModel, type CompactModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { peekBeanstalkState, type BeanstalkEnvironment, type OptionSetting } from './model.ts';

const model = loadModel('elasticbeanstalk');
// The model's paginator names only the result key; the API pages with MaxRecords and NextToken.
const listModel: CompactModel = {
  ...model,
  operations: { ...model.operations, DescribeEnvironments: { ...model.operations['DescribeEnvironments']!, paginator: { inputToken: 'NextToken', outputToken: 'NextToken', limitKey: 'MaxRecords', resultKey: 'Environments' } } },
};
const invalidCode = 'InvalidParameterValue';

const HEALTH = 'aws:elasticbeanstalk:healthreporting:system';
const ENVIRONMENT = 'aws:elasticbeanstalk:environment';
const LOGS = 'aws:elasticbeanstalk:cloudwatch:logs';
/** CloudWatch Logs' retention periods, the values Elastic Beanstalk accepts for RetentionInDays. */
const RETENTION = ['1', '3', '5', '7', '14', '30', '60', '90', '120', '150', '180', '365', '400', '545', '731', '1827', '3653'];
/** The allowed values of the options whose values are an enumeration (from the option reference). */
const ALLOWED: Record<string, string[]> = {
  [`${HEALTH}:SystemType`]: ['basic', 'enhanced'],
  [`${LOGS}:StreamLogs`]: ['true', 'false'],
  [`${LOGS}:DeleteOnTerminate`]: ['true', 'false'],
  [`${LOGS}:RetentionInDays`]: RETENTION,
  ['aws:elasticbeanstalk:managedactions:ManagedActionsEnabled']: ['true', 'false'],
};

const configError = (message: string) => new SimError(invalidCode, `Configuration validation exception: ${message}`, 400);

type OptionInput = { Namespace?: string; OptionName?: string; Value?: string; ResourceName?: string };

/** The option settings after an update: validated as a whole before the environment changes. */
function updatedOptions(env: BeanstalkEnvironment, set: OptionInput[], remove: OptionInput[]): OptionSetting[] {
  const next = env.optionSettings.map((o) => ({ ...o }));
  const key = (o: { Namespace?: string | undefined; OptionName?: string | undefined }) => `${o.Namespace ?? ''}:${o.OptionName ?? ''}`;
  for (const o of [...set, ...remove]) if (!o.Namespace || !o.OptionName) throw new SimError('MissingRequiredParameter', 'An option setting needs both Namespace and OptionName.', 400);
  for (const o of remove) {
    const at = next.findIndex((x) => key(x) === key(o));
    if (at >= 0) next.splice(at, 1);
  }
  for (const o of set) {
    const value = o.Value ?? '';
    const allowed = ALLOWED[key(o)];
    if (allowed && !allowed.includes(value)) throw configError(`Invalid option value: '${value}' (Namespace: '${o.Namespace}', OptionName: '${o.OptionName}'): Value is not one of the allowed values: [${allowed.join(', ')}]`);
    if (key(o) === `${ENVIRONMENT}:ServiceRole` && !/^(arn:aws[a-z-]*:iam::\d{12}:role\/)?[\w+=,.@/-]{1,64}$/.test(value)) throw configError(`Invalid option value: '${value}' (Namespace: '${o.Namespace}', OptionName: 'ServiceRole'): not a role name or ARN`);
    const existing = next.find((x) => key(x) === key(o));
    if (existing) existing.Value = value;
    else next.push({ Namespace: o.Namespace!, OptionName: o.OptionName!, Value: value, ...(o.ResourceName ? { ResourceName: o.ResourceName } : {}) });
  }
  const valueOf = (k: string) => next.find((x) => key(x) === k)?.Value;
  // Enhanced health reporting reads instance and environment health through the service role.
  if (valueOf(`${HEALTH}:SystemType`) === 'enhanced' && !valueOf(`${ENVIRONMENT}:ServiceRole`)) {
    throw configError(`Invalid option specification (Namespace: '${HEALTH}', OptionName: 'SystemType'): Enhanced health reporting requires a service role (Namespace: '${ENVIRONMENT}', OptionName: 'ServiceRole').`);
  }
  return next;
}

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
    UpdateEnvironment(input, req, ctx) {
      const id = input['EnvironmentId'] as string | undefined;
      const name = input['EnvironmentName'] as string | undefined;
      if (id === undefined && name === undefined) throw new SimError('MissingRequiredParameter', 'Either EnvironmentId or EnvironmentName must be specified.', 400);
      const env = (peekBeanstalkState(ctx.world, req.accountId, req.region)?.environments ?? []).find(
        (e) => e.Status !== 'Terminated' && (id === undefined || e.EnvironmentId === id) && (name === undefined || e.EnvironmentName === name) && (input['ApplicationName'] === undefined || e.ApplicationName === input['ApplicationName']),
      );
      if (!env) throw new SimError(invalidCode, id !== undefined ? `No Environment found for EnvironmentId = '${id}'.` : `No Environment found for EnvironmentName = '${name}'.`, 400);
      if (env.Status !== 'Ready') throw new SimError('InvalidParameterValue', `Environment named ${env.EnvironmentName} is in an invalid state for this operation. Must be Ready.`, 400);
      env.optionSettings = updatedOptions(env, (input['OptionSettings'] as OptionInput[] | undefined) ?? [], (input['OptionsToRemove'] as OptionInput[] | undefined) ?? []);
      env.DateUpdated = new Date().toISOString();
      const { optionSettings: _o, tags: _t, ...wire } = env;
      return wire;
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
