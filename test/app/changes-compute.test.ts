/**
 * The writes the network, compute, identity and edge types declare (`changes`), against the local endpoint: for each
 * type, a write made through the SDK as a person makes it reaches the queue that `mamori events setup` creates (the
 * endpoint's CloudTrail → EventBridge → SQS delivery, with the pattern derived from the declarations), and the
 * identifier the declared path reads from the delivered record makes the re-read find exactly the resource written.
 */
import { APIGatewayClient, UpdateStageCommand as UpdateRestStageCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, DeleteAccessLogSettingsCommand } from '@aws-sdk/client-apigatewayv2';
import { AppSyncClient, GetGraphqlApiCommand, UpdateGraphqlApiCommand } from '@aws-sdk/client-appsync';
import { AutoScalingClient, UpdateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import { CloudFrontClient, GetDistributionConfigCommand, UpdateDistributionCommand } from '@aws-sdk/client-cloudfront';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateLaunchTemplateVersionCommand,
  DisableEbsEncryptionByDefaultCommand,
  EC2Client,
  ModifyClientVpnEndpointCommand,
  ModifyInstanceMetadataOptionsCommand,
  ModifySnapshotAttributeCommand,
  ModifySubnetAttributeCommand,
  ModifyTransitGatewayCommand,
  ModifyVpnTunnelOptionsCommand,
} from '@aws-sdk/client-ec2';
import { ECRClient, PutImageScanningConfigurationCommand } from '@aws-sdk/client-ecr';
import { ECSClient, RegisterTaskDefinitionCommand, UpdateClusterSettingsCommand } from '@aws-sdk/client-ecs';
import { EKSClient, UpdateClusterConfigCommand } from '@aws-sdk/client-eks';
import { ElasticBeanstalkClient, UpdateEnvironmentCommand } from '@aws-sdk/client-elastic-beanstalk';
import { ElasticLoadBalancingClient, ModifyLoadBalancerAttributesCommand as ModifyClassicAttributesCommand } from '@aws-sdk/client-elastic-load-balancing';
import { ElasticLoadBalancingV2Client, ModifyListenerCommand, ModifyLoadBalancerAttributesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { EventBridgeClient, PutPermissionCommand } from '@aws-sdk/client-eventbridge';
import { AddPermissionCommand, GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { NetworkFirewallClient, UpdateFirewallDeleteProtectionCommand } from '@aws-sdk/client-network-firewall';
import { CreateQueryLoggingConfigCommand, Route53Client } from '@aws-sdk/client-route-53';
import { SFNClient, UpdateStateMachineCommand } from '@aws-sdk/client-sfn';
import { GetWebACLCommand, UpdateWebACLCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/app/config.ts';
import { applySetup, connectEvents, planSetup, type EventsConnection } from '../../src/app/events-setup.ts';
import { watch, type WatchResult } from '../../src/app/watch.ts';
import { rereadResource } from '../../src/app/reread.ts';
import { valueAt } from '../../src/app/watch-events.ts';
import type { Resource } from '../../src/core/resource.ts';
import { RESOURCES } from '../../src/resources/index.ts';
import { serviceOfType } from '../../src/resources/define.ts';
import { GLOBAL_REGION } from '../../src/resources/define.ts';
import { demoEstate, MANAGEMENT } from '../../src/sim/estates/demo.ts';
import { CREDENTIALS, harness, type Harness } from '../remediation/helpers.ts';
import { waitFor } from '../helpers/wait.ts';

/** The services whose types this file covers (issue 13, the network, compute, identity and edge half). */
const SERVICES = ['ec2', 'elb', 'elbv2', 'lambda', 'iam', 'cloudfront', 'apigateway', 'apigatewayv2', 'appsync', 'ecs', 'eks', 'ecr', 'autoscaling', 'route53', 'acm', 'acm-pca', 'waf', 'wafv2', 'network-firewall', 'events', 'states', 'elasticbeanstalk'];
const ROLE = 'OrganizationAccountAccessRole';

let h: Harness;
let conn: EventsConnection;
let resources: Resource[] = [];
let stop = false;
let polling: Promise<void>;
const delivered: Record<string, unknown>[] = [];
const pollErrors: string[] = [];

type Ctor<C> = new (config: { region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }; maxAttempts: number }) => C;
const roleCredentials = new Map<string, { accessKeyId: string; secretAccessKey: string; sessionToken: string }>();

/** A client in an account (through the organization role, with a person's session name) and region of an endpoint. */
async function client<C>(ctor: Ctor<C>, account: string, region: string, on: Harness = h): Promise<C> {
  const key = `${on.sim.url}|${account}`;
  let creds = roleCredentials.get(key);
  if (!creds) {
    const sts = new STSClient({ region: 'us-east-1', endpoint: on.sim.url, credentials: CREDENTIALS });
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${ROLE}`, RoleSessionName: 'alice' }))).Credentials!;
    creds = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    roleCredentials.set(key, creds);
  }
  return new ctor({ region, endpoint: on.sim.url, credentials: creds, maxAttempts: 3 });
}

const mine = (type: string) => SERVICES.includes(serviceOfType(type));


interface Case {
  type: string;
  /** The declared change this write is recorded as. */
  event: string;
  /** Which of the type's resources to write to (default: the first the scan found). */
  pick?: (r: Resource) => boolean;
  /** Makes the write as a person would; returns the ARN of the resource it changed when it is not the picked one's. */
  write: (r: Resource) => Promise<string | void>;
  /** The client's Region when it is not the resource's (global services are called from anywhere). */
  region?: string;
}

const cfg = (r: Resource) => r.config as Record<string, unknown>;

/** One write per type whose declared writes the endpoint serves; the others are listed in NOT_SERVED_TYPES. */
const CASES: Case[] = [
  {
    type: 'aws.ec2.security-group',
    event: 'ec2.amazonaws.com:AuthorizeSecurityGroupIngress',
    write: async (r) => void (await (await client(EC2Client, r.account, r.region)).send(new AuthorizeSecurityGroupIngressCommand({ GroupId: r.id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, IpRanges: [{ CidrIp: '198.51.100.0/24' }] }] }))),
  },
  { type: 'aws.ec2.instance', event: 'ec2.amazonaws.com:ModifyInstanceMetadataOptions', write: async (r) => void (await (await client(EC2Client, r.account, r.region)).send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: r.id, HttpTokens: 'optional' }))) },
  { type: 'aws.ec2.launch-template', event: 'ec2.amazonaws.com:CreateLaunchTemplateVersion', write: async (r) => void (await (await client(EC2Client, r.account, r.region)).send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: r.id, LaunchTemplateData: { MetadataOptions: { HttpTokens: 'optional' } } }))) },
  { type: 'aws.ec2.region-settings', event: 'ec2.amazonaws.com:DisableEbsEncryptionByDefault', write: async (r) => void (await (await client(EC2Client, r.account, r.region)).send(new DisableEbsEncryptionByDefaultCommand({}))) },
  { type: 'aws.ec2.snapshot', event: 'ec2.amazonaws.com:ModifySnapshotAttribute', write: async (r) => void (await (await client(EC2Client, r.account, r.region)).send(new ModifySnapshotAttributeCommand({ SnapshotId: r.id, Attribute: 'createVolumePermission', CreateVolumePermission: { Add: [{ Group: 'all' }] } }))) },
  { type: 'aws.ec2.subnet', event: 'ec2.amazonaws.com:ModifySubnetAttribute', write: async (r) => void (await (await client(EC2Client, r.account, r.region)).send(new ModifySubnetAttributeCommand({ SubnetId: r.id, MapPublicIpOnLaunch: { Value: true } }))) },
  { type: 'aws.ec2.transit-gateway', event: 'ec2.amazonaws.com:ModifyTransitGateway', write: async (r) => void (await (await client(EC2Client, r.account, r.region)).send(new ModifyTransitGatewayCommand({ TransitGatewayId: r.id, Options: { AutoAcceptSharedAttachments: 'enable' } }))) },
  {
    type: 'aws.ec2.vpc',
    event: 'ec2.amazonaws.com:CreateFlowLogs',
    write: async (r) => void (await (await client(EC2Client, r.account, r.region)).send(new CreateFlowLogsCommand({ ResourceIds: [r.id], ResourceType: 'VPC', TrafficType: 'REJECT', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::kumo-flow-logs' }))),
  },
  {
    type: 'aws.ec2.vpn-connection',
    event: 'ec2.amazonaws.com:ModifyVpnTunnelOptions',
    pick: (r) => ((cfg(r)['tunnels'] as { outsideIpAddress: string | null }[] | undefined) ?? []).some((t) => t.outsideIpAddress),
    write: async (r) => {
      const ip = (cfg(r)['tunnels'] as { outsideIpAddress: string | null }[]).find((t) => t.outsideIpAddress)!.outsideIpAddress!;
      await (await client(EC2Client, r.account, r.region)).send(new ModifyVpnTunnelOptionsCommand({ VpnConnectionId: r.id, VpnTunnelOutsideIpAddress: ip, TunnelOptions: { LogOptions: { CloudWatchLogOptions: { LogEnabled: false } } } }));
    },
  },
  { type: 'aws.ec2.client-vpn-endpoint', event: 'ec2.amazonaws.com:ModifyClientVpnEndpoint', write: async (r) => void (await (await client(EC2Client, r.account, r.region)).send(new ModifyClientVpnEndpointCommand({ ClientVpnEndpointId: r.id, ConnectionLogOptions: { Enabled: false } }))) },
  { type: 'aws.elb.load-balancer', event: 'elasticloadbalancing.amazonaws.com:ModifyLoadBalancerAttributes', write: async (r) => void (await (await client(ElasticLoadBalancingClient, r.account, r.region)).send(new ModifyClassicAttributesCommand({ LoadBalancerName: r.id, LoadBalancerAttributes: { CrossZoneLoadBalancing: { Enabled: false } } }))) },
  { type: 'aws.elbv2.load-balancer', event: 'elasticloadbalancing.amazonaws.com:ModifyLoadBalancerAttributes', write: async (r) => void (await (await client(ElasticLoadBalancingV2Client, r.account, r.region)).send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: r.arn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }] }))) },
  { type: 'aws.elbv2.listener', event: 'elasticloadbalancing.amazonaws.com:ModifyListener', pick: (r) => cfg(r)['protocol'] === 'HTTPS', write: async (r) => void (await (await client(ElasticLoadBalancingV2Client, r.account, r.region)).send(new ModifyListenerCommand({ ListenerArn: r.arn, SslPolicy: 'ELBSecurityPolicy-2016-08' }))) },
  { type: 'aws.lambda.function', event: 'lambda.amazonaws.com:AddPermission20150331v2', write: async (r) => void (await (await client(LambdaClient, r.account, r.region)).send(new AddPermissionCommand({ FunctionName: r.name, StatementId: 'by-name', Action: 'lambda:InvokeFunction', Principal: '*' }))) },
  // The function named by its ARN, as the API allows: idKind `name` matches it too.
  { type: 'aws.lambda.function', event: 'lambda.amazonaws.com:AddPermission20150331v2', write: async (r) => void (await (await client(LambdaClient, r.account, r.region)).send(new AddPermissionCommand({ FunctionName: r.arn, StatementId: 'by-arn', Action: 'lambda:InvokeFunction', Principal: '*' }))) },
  {
    // Global: called with a client of another Region, recorded (as AWS does) in us-east-1, where the distribution is read.
    type: 'aws.cloudfront.distribution',
    event: 'cloudfront.amazonaws.com:UpdateDistribution',
    region: 'eu-west-1',
    write: async (r) => {
      const cf = await client(CloudFrontClient, r.account, 'eu-west-1');
      const current = await cf.send(new GetDistributionConfigCommand({ Id: r.id }));
      await cf.send(new UpdateDistributionCommand({ Id: r.id, IfMatch: current.ETag!, DistributionConfig: { ...current.DistributionConfig!, Comment: 'changed by alice' } }));
    },
  },
  {
    type: 'aws.apigateway.stage',
    event: 'apigateway.amazonaws.com:UpdateStage',
    write: async (r) => {
      const [restApiId, stageName] = r.id.split('/') as [string, string];
      await (await client(APIGatewayClient, r.account, r.region)).send(new UpdateRestStageCommand({ restApiId, stageName, patchOperations: [{ op: 'replace', path: '/tracingEnabled', value: 'false' }] }));
    },
  },
  {
    // `$default`: a stage name the URI path carries escaped.
    type: 'aws.apigatewayv2.stage',
    event: 'apigateway.amazonaws.com:DeleteAccessLogSettings',
    pick: (r) => r.id.endsWith('/$default'),
    write: async (r) => {
      const [ApiId, StageName] = r.id.split('/') as [string, string];
      await (await client(ApiGatewayV2Client, r.account, r.region)).send(new DeleteAccessLogSettingsCommand({ ApiId, StageName }));
    },
  },
  {
    type: 'aws.appsync.graphql-api',
    event: 'appsync.amazonaws.com:UpdateGraphqlApi',
    write: async (r) => {
      const appsync = await client(AppSyncClient, r.account, r.region);
      const api = (await appsync.send(new GetGraphqlApiCommand({ apiId: r.id }))).graphqlApi!;
      await appsync.send(new UpdateGraphqlApiCommand({ apiId: r.id, name: api.name!, authenticationType: 'API_KEY' }));
    },
  },
  { type: 'aws.ecs.cluster', event: 'ecs.amazonaws.com:UpdateClusterSettings', write: async (r) => void (await (await client(ECSClient, r.account, r.region)).send(new UpdateClusterSettingsCommand({ cluster: r.name, settings: [{ name: 'containerInsights', value: 'disabled' }] }))) },
  {
    // A new revision: the resource written is the one RegisterTaskDefinition returns.
    type: 'aws.ecs.task-definition',
    event: 'ecs.amazonaws.com:RegisterTaskDefinition',
    write: async (r) =>
      (await (await client(ECSClient, r.account, r.region)).send(new RegisterTaskDefinitionCommand({ family: r.name, containerDefinitions: [{ name: 'web', image: 'nginx:1.27', memory: 256, privileged: true }] }))).taskDefinition!.taskDefinitionArn!,
  },
  {
    type: 'aws.eks.cluster',
    event: 'eks.amazonaws.com:UpdateClusterConfig',
    write: async (r) => {
      const on = ((cfg(r)['enabledLogTypes'] as string[] | undefined) ?? []).includes('api');
      await (await client(EKSClient, r.account, r.region)).send(new UpdateClusterConfigCommand({ name: r.name, logging: { clusterLogging: [{ types: ['api'], enabled: !on }] } }));
    },
  },
  { type: 'aws.ecr.repository', event: 'ecr.amazonaws.com:PutImageScanningConfiguration', write: async (r) => void (await (await client(ECRClient, r.account, r.region)).send(new PutImageScanningConfigurationCommand({ repositoryName: r.name, imageScanningConfiguration: { scanOnPush: false } }))) },
  { type: 'aws.autoscaling.group', event: 'autoscaling.amazonaws.com:UpdateAutoScalingGroup', write: async (r) => void (await (await client(AutoScalingClient, r.account, r.region)).send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: r.id, HealthCheckType: 'EC2' }))) },
  {
    type: 'aws.route53.hosted-zone',
    event: 'route53.amazonaws.com:CreateQueryLoggingConfig',
    pick: (r) => cfg(r)['privateZone'] === false && !cfg(r)['queryLogGroupArn'],
    region: 'eu-west-1',
    write: async (r) => void (await (await client(Route53Client, r.account, 'eu-west-1')).send(new CreateQueryLoggingConfigCommand({ HostedZoneId: r.id, CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${r.account}:log-group:/aws/route53/${r.name}` }))),
  },
  {
    type: 'aws.wafv2.web-acl',
    event: 'wafv2.amazonaws.com:UpdateWebACL',
    write: async (r) => {
      const waf = await client(WAFV2Client, r.account, r.region);
      const scope = cfg(r)['scope'] as 'REGIONAL' | 'CLOUDFRONT';
      const got = await waf.send(new GetWebACLCommand({ Name: r.name, Id: r.id, Scope: scope }));
      const acl = got.WebACL!;
      await waf.send(new UpdateWebACLCommand({ Name: r.name, Id: r.id, Scope: scope, LockToken: got.LockToken!, DefaultAction: acl.DefaultAction!, VisibilityConfig: acl.VisibilityConfig!, Rules: [] }));
    },
  },
  { type: 'aws.network-firewall.firewall', event: 'network-firewall.amazonaws.com:UpdateFirewallDeleteProtection', write: async (r) => void (await (await client(NetworkFirewallClient, r.account, r.region)).send(new UpdateFirewallDeleteProtectionCommand({ FirewallName: r.name, DeleteProtection: false }))) },
  { type: 'aws.events.event-bus', event: 'events.amazonaws.com:PutPermission', write: async (r) => void (await (await client(EventBridgeClient, r.account, r.region)).send(new PutPermissionCommand({ EventBusName: r.name, StatementId: 'partner', Action: 'events:PutEvents', Principal: '999999999999' }))) },
  { type: 'aws.states.state-machine', event: 'states.amazonaws.com:UpdateStateMachine', write: async (r) => void (await (await client(SFNClient, r.account, r.region)).send(new UpdateStateMachineCommand({ stateMachineArn: r.arn, loggingConfiguration: { level: 'OFF' } }))) },
  {
    type: 'aws.elasticbeanstalk.environment',
    event: 'elasticbeanstalk.amazonaws.com:UpdateEnvironment',
    write: async (r) => void (await (await client(ElasticBeanstalkClient, r.account, r.region)).send(new UpdateEnvironmentCommand({ EnvironmentName: r.id, OptionSettings: [{ Namespace: 'aws:elasticbeanstalk:healthreporting:system', OptionName: 'SystemType', Value: 'basic' }] }))),
  },
];

/** Types whose declared writes the endpoint does not serve yet: their declarations are checked by watch-changes.test.ts. */
const NOT_SERVED_TYPES = new Set([
  'aws.ec2.network-acl', 'aws.ec2.network-interface', 'aws.ec2.route-table', 'aws.ec2.spot-fleet-request', 'aws.ec2.volume',
  'aws.apigatewayv2.route', 'aws.ecs.service', 'aws.autoscaling.launch-configuration', 'aws.acm.certificate', 'aws.acm-pca.certificate-authority',
  'aws.waf.web-acl', 'aws.waf.rule', 'aws.waf.rule-group', 'aws.iam.policy', 'aws.iam.inline-policy',
  'aws.network-firewall.firewall-policy', 'aws.network-firewall.rule-group',
]);

const typesWithPolicies = () => [...RESOURCES.values()].filter((d) => mine(d.type) && h.policies.some((p) => p.resource === d.type));

describe('network, compute, identity and edge types: the writes that change them', () => {
  beforeAll(async () => {
    h = await harness(demoEstate, { org: true });
    const policies = h.policies.filter((p) => mine(p.resource));
    resources = (await h.scan(policies.map((p) => p.id))).resources.filter((r) => mine(r.type));
    const accounts = demoEstate.accounts.map((a) => a.id);
    conn = await connectEvents(h.aws, CREDENTIALS, h.targets, demoEstate.regions);
    const plan = planSetup({ policies, accounts, regions: demoEstate.regions, queueAccount: MANAGEMENT, ...(conn.organizationId ? { organizationId: conn.organizationId } : {}) });
    const sqs = Object.entries((await applySetup(conn, plan)).queueUrls).map(([region, url]) => ({ url, client: new SQSClient({ region, endpoint: h.sim.url, credentials: CREDENTIALS, maxAttempts: 3 }) }));
    polling = (async () => {
      while (!stop) {
        for (const q of sqs) {
          const out = await q.client.send(new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 })).catch((e: Error) => {
            pollErrors.push(`${q.url}: ${e.name}: ${e.message}`);
            return { Messages: [] };
          });
          for (const m of out.Messages ?? []) delivered.push((JSON.parse(m.Body!) as { detail: Record<string, unknown> }).detail);
          for (const m of out.Messages ?? []) await q.client.send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: m.ReceiptHandle! }));
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
  }, 180_000);

  afterAll(async () => {
    stop = true;
    await polling;
    conn?.close();
    await h?.close();
  });

  it('are declared by every type of these services that a policy checks', () => {
    const types = typesWithPolicies();
    expect(types.length).toBeGreaterThan(SERVICES.length);
    expect(types.filter((d) => !d.changes?.length).map((d) => d.type)).toEqual([]);
  });

  it('are each written through the SDK below, or known not served by the endpoint', () => {
    const tested = new Set(CASES.map((c) => c.type));
    expect(typesWithPolicies().map((d) => d.type).filter((t) => !tested.has(t) && !NOT_SERVED_TYPES.has(t))).toEqual([]);
    for (const t of NOT_SERVED_TYPES) expect(tested.has(t), t).toBe(false);
  });

  for (const c of CASES) {
    it(`${c.type}: ${c.event.split(':')[1]} is delivered with the path to exactly the resource written`, async () => {
      const r = resources.find((x) => x.type === c.type && (c.pick?.(x) ?? true));
      if (!r) throw new Error(`the demo estate has no ${c.type} to write to`);
      const from = delivered.length;
      const expected = (await c.write(r)) ?? r.arn;
      const detail = await waitFor(`the ${c.event} event`, () => delivered.slice(from).find((d) => `${String(d['eventSource'])}:${String(d['eventName'])}` === c.event), { ms: 15_000, context: () => `receive errors: ${pollErrors.slice(-3).join('; ')}` });
      const change = RESOURCES.get(c.type)!.changes!.find((x) => x.event === c.event)!;
      const id = valueAt(detail, change.id);
      expect(id, `${change.id} in ${JSON.stringify({ requestParameters: detail['requestParameters'], responseElements: detail['responseElements'] })}`).toBeDefined();
      expect(detail['recipientAccountId']).toBe(r.account);
      // Global services are recorded in us-east-1 whatever Region the client used, and their resources live there.
      expect(detail['awsRegion']).toBe(RESOURCES.get(c.type)!.scope === 'global' ? GLOBAL_REGION : r.region);
      const read = await rereadResource(
        { aws: h.aws, credentials: CREDENTIALS, targets: h.targets, policies: h.policies.filter((p) => p.resource === c.type), globalExclusions: [] },
        undefined,
        { account: String(detail['recipientAccountId']), region: String(detail['awsRegion']), type: c.type, id: id!, ...(change.idKind ? { idKind: change.idKind } : {}) },
      );
      expect(read.gaps).toEqual([]);
      expect(read.resource?.arn, `re-read by ${change.idKind ?? 'id'} ${id}`).toBe(expected);
    }, 60_000);
  }
});

describe('an identifier path', () => {
  const detail = { recipientAccountId: '222222222222', awsRegion: 'eu-west-1', requestParameters: { restApiId: 'a1', stageName: 'prod' }, responseElements: { loadBalancers: [{ loadBalancerArn: 'arn:lb' }] } };

  it('indexes a list with a numeric part', () => {
    expect(valueAt(detail, 'responseElements.loadBalancers.0.loadBalancerArn')).toBe('arn:lb');
    expect(valueAt(detail, 'responseElements.loadBalancers.1.loadBalancerArn')).toBeUndefined();
  });

  it('builds a composite identifier from paths in braces, and none when one of them is missing', () => {
    expect(valueAt(detail, '{requestParameters.restApiId}/{requestParameters.stageName}')).toBe('a1/prod');
    expect(valueAt(detail, '{recipientAccountId}/{awsRegion}')).toBe('222222222222/eu-west-1');
    expect(valueAt(detail, 'role/{requestParameters.roleName}/{requestParameters.stageName}')).toBeUndefined();
  });
});

describe('mamori watch on a Lambda function made public', () => {
  const PUBLIC = 'aws-lambda-function-public';
  const PROD = '222222222222';
  const REGION = 'us-east-1';
  let w: Harness;
  let events: EventsConnection;
  let stopWatch: AbortController;
  let watching: Promise<void>;
  const results: WatchResult[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    w = await harness(
      {
        seed: 'changes-compute-watch',
        regions: [REGION],
        accounts: [{ id: MANAGEMENT, name: 'Management' }, { id: PROD, name: 'Production' }],
        lambdaFunctions: [{ account: PROD, region: REGION, name: 'thumbnails', runtime: 'nodejs22.x', permissions: [{ statementId: 's3-invoke', action: 'lambda:InvokeFunction', principal: 's3.amazonaws.com', sourceAccount: PROD, sourceArn: 'arn:aws:s3:::kumo-uploads' }] }],
      },
      { org: true, config: `responses:\n  ${PUBLIC}: auto\n` },
    );
    const policies = w.select([PUBLIC]);
    events = await connectEvents(w.aws, CREDENTIALS, w.targets, [REGION]);
    const plan = planSetup({ policies, accounts: [MANAGEMENT, PROD], regions: [REGION], queueAccount: MANAGEMENT, ...(events.organizationId ? { organizationId: events.organizationId } : {}) });
    const queueUrl = (await applySetup(events, plan)).queueUrl;
    stopWatch = new AbortController();
    watching = watch({
      queueUrl,
      aws: w.aws,
      credentials: CREDENTIALS,
      targets: w.targets,
      policies,
      config: parseConfig(`responses:\n  ${PUBLIC}: auto\n`, 'test mamori.yaml'),
      store: w.store,
      actor: 'mamori watch (changes-compute)',
      maxChanges: 10,
      coalesceMs: 200,
      waitSeconds: 1,
      log: (l) => logs.push(l),
      onResult: (r) => results.push(r),
      signal: stopWatch.signal,
    });
  }, 120_000);

  afterAll(async () => {
    stopWatch?.abort();
    await watching;
    events?.close();
    await w?.close();
  });

  it('removes the public statement seconds after AddPermission, verifies it and keeps the S3 statement', async () => {
    const lambda = await client(LambdaClient, PROD, REGION, w);
    await lambda.send(new AddPermissionCommand({ FunctionName: 'thumbnails', StatementId: 'anyone', Action: 'lambda:InvokeFunction', Principal: '*' }));
    const fixed = await waitFor('a verified fix', () => results.find((r) => r.outcome === 'fixed'), { ms: 20_000, context: () => `log:\n${logs.join('\n')}` });
    expect(fixed).toMatchObject({ account: PROD, region: REGION, type: 'aws.lambda.function', id: 'thumbnails', failing: [PUBLIC], fixed: 1, failed: 0 });
    expect(fixed.events.map((e) => e.event)).toEqual(['lambda.amazonaws.com:AddPermission20150331v2']);
    const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: 'thumbnails' }))).Policy!) as { Statement: { Sid: string }[] };
    expect(policy.Statement.map((st) => st.Sid)).toEqual(['s3-invoke']);
    const journal = await w.store.listJournalEntries();
    expect(journal.map((j) => j.status)).toEqual(['verified']);
  }, 60_000);
});
