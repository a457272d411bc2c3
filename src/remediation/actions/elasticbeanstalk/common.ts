/** What the Elastic Beanstalk actions share: the SDK declaration, the re-read of the option settings, the one UpdateEnvironment. */
import { DescribeConfigurationSettingsCommand, ElasticBeanstalkClient, UpdateEnvironmentCommand } from '@aws-sdk/client-elastic-beanstalk';
import type { z } from 'zod';
import { MamoriError } from '../../../core/errors.ts';
import type { ResourceRef } from '../../../core/resource.ts';
import type { EnvironmentConfig } from '../../../resources/aws/elasticbeanstalk/environment.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type SettingActionSpec, type Settings } from '../../kit/setting.ts';
import type { AnyAction, AwsApi } from '../../types.ts';

/** Application and environment name from the environment's ARN (`…:environment/<application>/<environment>`). */
export function environmentKey(target: ResourceRef): { ApplicationName: string; EnvironmentName: string } {
  const m = /:environment\/([^/]+)\/([^/]+)$/.exec(target.arn);
  if (!m) throw new MamoriError('INTERNAL', `not an Elastic Beanstalk environment ARN: ${target.arn}`);
  return { ApplicationName: m[1]!, EnvironmentName: m[2]! };
}

/** Environment properties: they often hold secrets, so they are never journaled or printed as "what stays". */
const PROPERTIES = 'aws:elasticbeanstalk:application:environment:';
const withoutProperties = (s: Settings): Settings => Object.fromEntries(Object.entries(s).filter(([k]) => !k.startsWith(PROPERTIES)));

/**
 * every option setting of the environment but its properties, as DescribeConfigurationSettings lists them, keyed `namespace:OptionName`
 * as the collector keys them; `null` when the environment no longer exists (AWS answers InvalidParameterValue).
 */
async function readOptions(api: AwsApi, target: ResourceRef): Promise<Settings | null> {
  let r;
  try {
    r = await api.client(ElasticBeanstalkClient).send(new DescribeConfigurationSettingsCommand(environmentKey(target)));
  } catch (e) {
    if ((e as { name?: string }).name === 'InvalidParameterValue' && /No Environment found/.test((e as Error).message)) return null;
    throw e;
  }
  const settings = r.ConfigurationSettings?.[0]?.OptionSettings;
  if (!settings) return null;
  const out: Settings = {};
  for (const o of settings) if (o.Namespace && o.OptionName && !o.ResourceName) out[`${o.Namespace}:${o.OptionName}`] = o.Value ?? '';
  return withoutProperties(out);
}

/** `namespace:OptionName` → its parts (the namespace itself holds colons). */
function option(key: string): { Namespace: string; OptionName: string } {
  const at = key.lastIndexOf(':');
  return { Namespace: key.slice(0, at), OptionName: key.slice(at + 1) };
}

type OptionSpec<P extends Record<string, unknown>> = Pick<SettingActionSpec<P>, 'id' | 'title' | 'description' | 'settings' | 'violations' | 'fix' | 'params' | 'extraPermissions'>;

/**
 * An option settings action: one UpdateEnvironment with only the options it changes (OptionSettings), and for an
 * option that had no value before, OptionsToRemove on undo; every other option stays as it is.
 */
export function optionAction<P extends Record<string, unknown> = Record<string, never>>(spec: OptionSpec<P> & { params?: z.ZodType<P> }): AnyAction {
  return settingAction<P>({
    ...spec,
    resourceType: 'aws.elasticbeanstalk.environment',
    sdk: [sdk(ElasticBeanstalkClient, { UpdateEnvironmentCommand, DescribeConfigurationSettingsCommand })],
    read: readOptions,
    fromResource: (r) => {
      const options = (r.config as Partial<EnvironmentConfig>).options;
      return options === undefined ? undefined : withoutProperties(options);
    },
    write: (values, _current, target) => {
      const set = Object.entries(values).filter(([, v]) => v !== null);
      const remove = Object.entries(values).filter(([, v]) => v === null);
      return {
        operation: 'UpdateEnvironment',
        params: {
          // The environment's name names it in UpdateEnvironment (the application is optional there).
          EnvironmentName: target.id,
          ...(set.length ? { OptionSettings: set.map(([k, v]) => ({ ...option(k), Value: String(v) })) } : {}),
          ...(remove.length ? { OptionsToRemove: remove.map(([k]) => option(k)) } : {}),
        },
        purpose: [set.length ? `set ${set.map(([k, v]) => `${k}=${String(v)}`).join(', ')}` : '', remove.length ? `remove ${remove.map(([k]) => k).join(', ')}` : ''].filter(Boolean).join('; '),
      };
    },
  });
}
