/**
 * AWS Elastic Beanstalk state: environments per account and region with their configuration option
 * settings (namespace, option name, value, as DescribeConfigurationSettings lists them) and tags.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface OptionSetting {
  Namespace: string;
  OptionName: string;
  Value: string;
  ResourceName?: string;
}

export interface BeanstalkEnvironment {
  EnvironmentName: string;
  EnvironmentId: string;
  ApplicationName: string;
  EnvironmentArn: string;
  SolutionStackName: string;
  PlatformArn: string;
  VersionLabel: string;
  CNAME: string;
  EndpointURL: string;
  DateCreated: string;
  DateUpdated: string;
  /** `Terminated` environments stay visible for a while when IncludeDeleted is left at its default. */
  Status: 'Ready' | 'Updating' | 'Launching' | 'Terminated';
  Health: 'Green' | 'Yellow' | 'Red' | 'Grey';
  HealthStatus: string;
  Tier: { Name: 'WebServer' | 'Worker'; Type: 'Standard' | 'SQS/HTTP'; Version: string };
  optionSettings: OptionSetting[];
  tags: Record<string, string>;
}

export interface BeanstalkState {
  environments: BeanstalkEnvironment[];
}

export function beanstalkState(world: World, account: string, region: string): BeanstalkState {
  return serviceState<BeanstalkState>(world, 'elasticbeanstalk', account, region, () => ({ environments: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekBeanstalkState(world: World, account: string, region: string): BeanstalkState | undefined {
  return world.services['elasticbeanstalk']?.[account]?.[region] as BeanstalkState | undefined;
}

const STACK = '64bit Amazon Linux 2023 v6.6.0 running Node.js 22';

/**
 * The option settings a new load-balanced web environment answers with. Enhanced health reporting and
 * managed platform updates are what the console and the EB CLI turn on for current platforms; log
 * streaming to CloudWatch Logs and load balancer access logs are off until asked for.
 */
function defaultOptions(account: string, name: string): OptionSetting[] {
  return [
    { Namespace: 'aws:autoscaling:launchconfiguration', OptionName: 'IamInstanceProfile', Value: 'aws-elasticbeanstalk-ec2-role' },
    { Namespace: 'aws:autoscaling:launchconfiguration', OptionName: 'DisableIMDSv1', Value: 'true' },
    { Namespace: 'aws:ec2:instances', OptionName: 'InstanceTypes', Value: 't3.micro,t3.small' },
    { Namespace: 'aws:elasticbeanstalk:environment', OptionName: 'EnvironmentType', Value: 'LoadBalanced' },
    { Namespace: 'aws:elasticbeanstalk:environment', OptionName: 'LoadBalancerType', Value: 'application' },
    { Namespace: 'aws:elasticbeanstalk:environment', OptionName: 'ServiceRole', Value: `arn:aws:iam::${account}:role/aws-elasticbeanstalk-service-role` },
    { Namespace: 'aws:elasticbeanstalk:healthreporting:system', OptionName: 'SystemType', Value: 'enhanced' },
    { Namespace: 'aws:elasticbeanstalk:cloudwatch:logs', OptionName: 'StreamLogs', Value: 'false' },
    { Namespace: 'aws:elasticbeanstalk:cloudwatch:logs', OptionName: 'RetentionInDays', Value: '7' },
    { Namespace: 'aws:elasticbeanstalk:cloudwatch:logs', OptionName: 'DeleteOnTerminate', Value: 'false' },
    { Namespace: 'aws:elasticbeanstalk:managedactions', OptionName: 'ManagedActionsEnabled', Value: 'true' },
    { Namespace: 'aws:elasticbeanstalk:managedactions', OptionName: 'PreferredStartTime', Value: 'Sun:02:00' },
    { Namespace: 'aws:elasticbeanstalk:managedactions:platformupdate', OptionName: 'UpdateLevel', Value: 'minor' },
    { Namespace: 'aws:elbv2:loadbalancer', OptionName: 'AccessLogsS3Enabled', Value: 'false' },
    { Namespace: 'aws:elbv2:loadbalancer', OptionName: 'IdleTimeout', Value: '60' },
    { Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'APP_NAME', Value: name },
  ];
}

export interface CreateEnvironmentOptions {
  application: string;
  name: string;
  /** Options changed from the defaults, as `namespace:OptionName` → value (`aws:elasticbeanstalk:cloudwatch:logs:StreamLogs`). */
  options?: Record<string, string>;
  /** Recently terminated: listed unless IncludeDeleted=false. */
  terminated?: boolean;
  tags?: Record<string, string>;
  dateCreated?: string;
}

export function createEnvironment(world: World, account: string, region: string, o: CreateEnvironmentOptions): BeanstalkEnvironment {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9-]{2,38}[a-zA-Z0-9]$/.test(o.name)) throw new SimError('InvalidParameterValue', `Value ${o.name} at 'EnvironmentName' failed to satisfy constraint: Member must have length greater than or equal to 4 and contain only letters, digits and hyphens`, 400);
  const state = beanstalkState(world, account, region);
  if (state.environments.some((e) => e.EnvironmentName === o.name && e.Status !== 'Terminated')) throw new SimError('InvalidParameterValue', `Environment ${o.name} already exists.`, 400);
  const options = defaultOptions(account, o.name);
  for (const [key, value] of Object.entries(o.options ?? {})) {
    const at = key.lastIndexOf(':');
    const Namespace = key.slice(0, at);
    const OptionName = key.slice(at + 1);
    const existing = options.find((x) => x.Namespace === Namespace && x.OptionName === OptionName);
    if (existing) existing.Value = value;
    else options.push({ Namespace, OptionName, Value: value });
  }
  const created = o.dateCreated ?? '2025-06-01T09:00:00.000Z';
  const prefix = nextHex(world, 10).replace(/[0-9]/g, (d) => String.fromCharCode(103 + Number(d)));
  const env: BeanstalkEnvironment = {
    EnvironmentName: o.name,
    EnvironmentId: `e-${nextHex(world, 10)}`,
    ApplicationName: o.application,
    EnvironmentArn: `arn:aws:elasticbeanstalk:${region}:${account}:environment/${o.application}/${o.name}`,
    SolutionStackName: STACK,
    PlatformArn: `arn:aws:elasticbeanstalk:${region}::platform/Node.js 22 running on 64bit Amazon Linux 2023/6.6.0`,
    VersionLabel: 'v1',
    CNAME: `${o.name}.eba-${prefix.slice(0, 8)}.${region}.elasticbeanstalk.com`,
    EndpointURL: `awseb--AWSEB-${prefix.toUpperCase()}-1234567890.${region}.elb.amazonaws.com`,
    DateCreated: created,
    DateUpdated: created,
    Status: o.terminated ? 'Terminated' : 'Ready',
    Health: o.terminated ? 'Grey' : 'Green',
    HealthStatus: o.terminated ? 'Suspended' : 'Ok',
    Tier: { Name: 'WebServer', Type: 'Standard', Version: '1.0' },
    optionSettings: options,
    tags: { ...o.tags },
  };
  state.environments.push(env);
  return env;
}
