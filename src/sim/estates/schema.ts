/**
 * The shape of a declarative estate file, checked before anything is built so that a typo or a wrong type
 * is a located error rather than a failure deep inside the local endpoint's model.
 */
import { z } from 'zod';
import type { PathSegment } from '../../core/safe-yaml.ts';
import type { EstateDoc } from './types.ts';
import { checkVpcs, vpcBlockPublicAccessSchema, vpcsSchema } from './ec2-network.ts';
import { checkRdsInstances, dbInstancesSchema, dbParameterGroupsSchema, dbProxiesSchema, rdsEventSubscriptionsSchema } from './rds-instances.ts';

const name = z.string().min(1).max(255);
const tags = z.record(z.string().min(1).max(128), z.string().max(256)).optional();
const accountId = z.string().regex(/^\d{12}$/, { error: 'expected a 12-digit account id (in quotes)' });
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: 'expected a region such as us-east-1' });

const pab = z.strictObject({
  blockPublicAcls: z.boolean(),
  ignorePublicAcls: z.boolean(),
  blockPublicPolicy: z.boolean(),
  restrictPublicBuckets: z.boolean(),
});

const permission = z.strictObject({
  proto: z.union([z.enum(['tcp', 'udp', 'icmp', 'icmpv6', '-1']), z.string().regex(/^\d{1,3}$/)], { error: 'expected tcp, udp, icmp, icmpv6, -1 or a protocol number' }),
  ports: z.string().regex(/^\d{1,5}(-\d{1,5})?$/, { error: 'expected a port "445" or a range "20-21"' }).optional(),
  from: z.array(z.string().min(1).max(255)).min(1),
  description: z.string().max(255).optional(),
});

const placed = { account: accountId, region };
const lifecycleRule = z.strictObject({
  id: z.string().min(1).max(255),
  status: z.enum(['Enabled', 'Disabled']).optional(),
  expirationDays: z.number().int().min(1).optional(),
  noncurrentDays: z.number().int().min(1).optional(),
  abortDays: z.number().int().min(1).optional(),
});
const policyDocument = z.record(z.string(), z.unknown());
const days = z.number().int().min(0).max(3650);
const cacheId = z.string().regex(/^[a-z](?!.*--)[a-z0-9-]{0,35}(?<!-)$/, { error: 'expected an ElastiCache id (a lowercase letter, then up to 35 lowercase letters, digits, single hyphens)' });

const blockDevice = z.strictObject({ device: z.string().regex(/^\/dev\/[a-z0-9]+$/, { error: 'expected a device name such as /dev/xvda' }), encrypted: z.boolean().optional() });

const snapshot = z.strictObject({
  ...placed,
  id: name,
  source: name,
  engine: name.optional(),
  restore: z.array(z.string().min(1)).optional(),
  encrypted: z.boolean().optional(),
  tags,
});

export const estateSchema = z.strictObject({
  seed: z.union([z.string(), z.number()]).transform(String).optional(),
  regions: z.array(region).min(1).max(64),
  accounts: z
    .array(
      z.strictObject({
        id: accountId,
        name,
        alias: name.optional(),
        roles: z.array(name).optional(),
        externalId: name.optional(),
        deny: z.array(z.string().min(1)).optional(),
        accountPublicAccessBlock: pab.optional(),
        ebsEncryptionByDefault: z.boolean().optional(),
      }),
    )
    .min(1),
  securityGroups: z.array(z.strictObject({ ...placed, name, description: name.optional(), tags, ingress: z.array(permission), egress: z.array(permission).optional() })).optional(),
  instances: z.array(z.strictObject({ ...placed, name, groups: z.array(name), tags, imdsv2: z.boolean().optional(), instanceProfile: z.string().startsWith('arn:').optional(), stoppedAt: z.iso.datetime().optional() })).optional(),
  buckets: z
    .array(
      z.strictObject({
        account: accountId,
        name: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'expected an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)' }),
        region,
        legacy: z.boolean().optional(),
        cannedAcl: z.enum(['private', 'public-read', 'public-read-write', 'authenticated-read']).optional(),
        policy: z.record(z.string(), z.unknown()).optional(),
        publicAccessBlock: pab.nullable().optional(),
        encryption: z.strictObject({ sseAlgorithm: z.enum(['AES256', 'aws:kms']), kmsMasterKeyId: name.optional() }).nullable().optional(),
        tags,
        logging: z.strictObject({ targetBucket: name, targetPrefix: z.string().max(1024).optional() }).optional(),
        notifications: z.array(z.union([z.literal('EventBridge'), z.string().regex(/^arn:aws:(sns|sqs|lambda):/, { error: 'expected EventBridge or an SNS topic, SQS queue or Lambda function ARN' })])).optional(),
        lifecycle: z.array(lifecycleRule).min(1).optional(),
        versioning: z.enum(['Enabled', 'Suspended']).optional(),
        mfaDelete: z.boolean().optional(),
      }),
    )
    .optional(),
  dbSnapshots: z.array(snapshot).optional(),
  clusterSnapshots: z.array(snapshot).optional(),
  ebsSnapshots: z.array(z.strictObject({ ...placed, name, description: z.string().optional(), public: z.boolean().optional(), encrypted: z.boolean().optional() })).optional(),
  volumes: z.array(z.strictObject({ ...placed, name, instance: name.optional(), encrypted: z.boolean().optional(), size: z.number().int().min(1).max(65536).optional() })).optional(),
  loadBalancers: z
    .array(
      z.strictObject({
        ...placed,
        name: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/, { error: 'expected a load balancer name (1-32 letters, digits, hyphens)' }),
        type: z.enum(['application', 'network']).optional(),
        scheme: z.enum(['internet-facing', 'internal']).optional(),
        availabilityZones: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, { error: 'expected an Availability Zone name (us-east-1a)' })).min(1).optional(),
        attributes: z.record(z.string(), z.string()).optional(),
        tags,
        listeners: z
          .array(
            z.strictObject({
              port: z.number().int().min(1).max(65535),
              protocol: z.enum(['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP']),
              redirectToHttps: z.boolean().optional(),
              forwardTo: name.optional(),
              sslPolicy: z.string().regex(/^ELBSecurityPolicy-[A-Za-z0-9-]+$/, { error: 'expected an ELB security policy name' }).optional(),
              tags,
            }),
          )
          .optional(),
      }),
    )
    .optional(),
  classicLoadBalancers: z
    .array(
      z.strictObject({
        ...placed,
        name: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/, { error: 'expected a load balancer name (1-32 letters, digits, hyphens)' }),
        scheme: z.enum(['internet-facing', 'internal']).optional(),
        availabilityZones: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, { error: 'expected an Availability Zone name (us-east-1a)' })).min(1).optional(),
        instances: z.array(z.string().regex(/^i-[0-9a-f]{8,17}$/, { error: 'expected an instance id (i-0123456789abcdef0)' })).optional(),
        listeners: z
          .array(
            z.strictObject({
              protocol: z.enum(['HTTP', 'HTTPS', 'TCP', 'SSL']),
              port: z.number().int().min(1).max(65535),
              instanceProtocol: z.enum(['HTTP', 'HTTPS', 'TCP', 'SSL']).optional(),
              instancePort: z.number().int().min(1).max(65535).optional(),
              certificate: z.enum(['acm', 'iam']).optional(),
            }),
          )
          .min(1),
        crossZone: z.boolean().optional(),
        accessLogBucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'expected an S3 bucket name' }).optional(),
        connectionDraining: z.number().int().min(1).max(3600).optional(),
        desyncMitigationMode: z.enum(['monitor', 'defensive', 'strictest']).optional(),
        tags,
      }),
    )
    .optional(),
  ecsTaskDefinitions: z
    .array(
      z.strictObject({
        ...placed,
        family: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, { error: 'expected a task definition family (letters, digits, hyphens, underscores)' }),
        networkMode: z.enum(['bridge', 'host', 'awsvpc', 'none']).optional(),
        pidMode: z.enum(['host', 'task']).optional(),
        requiresCompatibilities: z.array(z.enum(['EC2', 'FARGATE'])).optional(),
        containers: z
          .array(
            z.strictObject({
              name: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, { error: 'expected a container name (letters, digits, hyphens, underscores)' }),
              image: name,
              privileged: z.boolean().optional(),
              readonlyRootFilesystem: z.boolean().optional(),
              user: name.optional(),
              logDriver: z.enum(['awslogs', 'awsfirelens', 'fluentd', 'splunk', 'json-file', 'syslog']).optional(),
              environment: z.record(z.string().min(1), z.string()).optional(),
            }),
          )
          .min(1),
        tags,
      }),
    )
    .optional(),
  cloudfrontDistributions: z
    .array(
      z.strictObject({
        account: accountId,
        origins: z
          .array(
            z.strictObject({
              id: name,
              domainName: name,
              protocolPolicy: z.enum(['http-only', 'match-viewer', 'https-only']).optional(),
              sslProtocols: z.array(z.enum(['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2'])).min(1).optional(),
              originAccessControlId: name.optional(),
              originAccessIdentity: name.optional(),
            }),
          )
          .min(1),
        originGroups: z.array(z.strictObject({ id: name, members: z.array(name).min(1) })).optional(),
        defaultBehavior: z.strictObject({ targetOriginId: name, viewerProtocolPolicy: z.enum(['allow-all', 'https-only', 'redirect-to-https']).optional() }),
        behaviors: z.array(z.strictObject({ pathPattern: name, targetOriginId: name, viewerProtocolPolicy: z.enum(['allow-all', 'https-only', 'redirect-to-https']).optional() })).optional(),
        aliases: z.array(name).optional(),
        comment: z.string().max(128).optional(),
        defaultRootObject: name.optional(),
        loggingBucket: name.optional(),
        webAclId: name.optional(),
        certificate: z.strictObject({ acmCertificateArn: z.string().regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\//, { error: 'expected an ACM certificate ARN in us-east-1 (CloudFront only uses those)' }), sslSupportMethod: z.enum(['sni-only', 'vip']), minimumProtocolVersion: z.enum(['SSLv3', 'TLSv1', 'TLSv1_2016', 'TLSv1.1_2016', 'TLSv1.2_2018', 'TLSv1.2_2019', 'TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025']) }).optional(),
        tags,
      }),
    )
    .optional(),
  eksClusters: z
    .array(
      z.strictObject({
        ...placed,
        name: z.string().regex(/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/, { error: 'expected an EKS cluster name (1-100 letters, digits, hyphens, underscores)' }),
        version: z.string().regex(/^\d+\.\d+$/, { error: 'expected a Kubernetes minor version such as "1.33"' }).optional(),
        endpointPublicAccess: z.boolean().optional(),
        endpointPrivateAccess: z.boolean().optional(),
        publicAccessCidrs: z.array(z.string()).optional(),
        enabledLogTypes: z.array(z.enum(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'])).optional(),
        tags,
      }),
    )
    .optional(),
  ecrRepositories: z
    .array(
      z.strictObject({
        ...placed,
        name: z.string().regex(/^(?=.{2,256}$)((?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)$/, { error: 'expected an ECR repository name (2-256 lowercase letters, digits, ._-/ separators)' }),
        imageTagMutability: z.enum(['MUTABLE', 'IMMUTABLE']).optional(),
        scanOnPush: z.boolean().optional(),
        lifecyclePolicy: z.record(z.string(), z.unknown()).optional(),
        tags,
      }),
    )
    .optional(),
  lambdaFunctions: z
    .array(
      z.strictObject({
        ...placed,
        name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, { error: 'expected a Lambda function name (1-64 letters, digits, hyphens, underscores)' }),
        runtime: z.string().regex(/^[a-z0-9.-]+$/, { error: 'expected a Lambda runtime identifier such as "python3.13"' }).optional(),
        packageType: z.enum(['Zip', 'Image']).optional(),
        url: z.enum(['NONE', 'AWS_IAM']).optional(),
        vpcZones: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/, { error: 'expected an Availability Zone such as us-east-1a' })).min(1).max(16).optional(),
        permissions: z
          .array(
            z.strictObject({
              statementId: z.string().regex(/^[a-zA-Z0-9_-]{1,100}$/, { error: 'expected a statement id (1-100 letters, digits, hyphens, underscores)' }),
              action: z.string().regex(/^lambda:[A-Za-z*]+$/, { error: 'expected a Lambda action such as "lambda:InvokeFunction"' }),
              principal: z.string().min(1),
              sourceAccount: accountId.optional(),
              sourceArn: z.string().startsWith('arn:').optional(),
              principalOrgId: z.string().regex(/^o-[a-z0-9]{10,32}$/, { error: 'expected an organization id (o-...)' }).optional(),
            }),
          )
          .optional(),
        tags,
      }),
    )
    .optional(),
  ecsClusters: z
    .array(
      z.strictObject({
        ...placed,
        name: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, { error: 'expected a cluster name (letters, digits, hyphens, underscores)' }),
        containerInsights: z.enum(['enabled', 'enhanced', 'disabled']).optional(),
        tags,
        services: z
          .array(
            z.strictObject({
              name: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, { error: 'expected a service name (letters, digits, hyphens, underscores)' }),
              taskDefinition: name,
              launchType: z.enum(['FARGATE', 'EC2']),
              platformVersion: z.string().regex(/^(LATEST|\d+\.\d+\.\d+)$/, { error: 'expected LATEST or a version such as 1.4.0' }).optional(),
              assignPublicIp: z.enum(['ENABLED', 'DISABLED']).optional(),
              tags,
            }),
          )
          .optional(),
      }),
    )
    .optional(),
  launchConfigurations: z
    .array(
      z.strictObject({
        ...placed,
        name,
        instanceType: name.optional(),
        associatePublicIpAddress: z.boolean().optional(),
        metadata: z.strictObject({ httpTokens: z.enum(['optional', 'required']).optional(), httpEndpoint: z.enum(['enabled', 'disabled']).optional(), hopLimit: z.number().int().min(1).max(64).optional() }).optional(),
      }),
    )
    .optional(),
  autoScalingGroups: z
    .array(
      z.strictObject({
        ...placed,
        name,
        launchConfiguration: name.optional(),
        launchTemplate: name.optional(),
        instanceTypes: z.array(name).optional(),
        zones: z.array(name).min(1).optional(),
        targetGroups: z.array(name).optional(),
        classicLoadBalancers: z.array(z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/, { error: 'expected a load balancer name (1-32 letters, digits, hyphens)' })).optional(),
        healthCheckType: z.string().regex(/^(EC2|ELB|EBS|VPC_LATTICE)(,(EC2|ELB|EBS|VPC_LATTICE))*$/, { error: 'expected health check types EC2, ELB, EBS or VPC_LATTICE, comma-separated' }).optional(),
        tags,
      }),
    )
    .optional(),
  stateMachines: z
    .array(
      z.strictObject({
        ...placed,
        name: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, { error: 'expected a state machine name (1-80 letters, digits, hyphens, underscores)' }),
        type: z.enum(['STANDARD', 'EXPRESS']).optional(),
        logLevel: z.enum(['ALL', 'ERROR', 'FATAL', 'OFF']).optional(),
        tags,
      }),
    )
    .optional(),
  eventBuses: z
    .array(
      z.strictObject({
        ...placed,
        name: z.string().regex(/^(?!default$)[/.\-_A-Za-z0-9]{1,256}$/, { error: 'expected a custom event bus name (letters, digits, / . - _; not "default")' }),
        policy: z.record(z.string(), z.unknown()).optional(),
        tags,
      }),
    )
    .optional(),
  launchTemplates: z
    .array(
      z.strictObject({
        ...placed,
        name: z.string().regex(/^[a-zA-Z0-9().\-/_]{3,128}$/, { error: 'expected a launch template name (3-128 letters, digits, ( ) . - / _)' }),
        versions: z.array(z.strictObject({ httpTokens: z.enum(['required', 'optional']).optional(), httpEndpoint: z.enum(['enabled', 'disabled']).optional(), volumes: z.array(blockDevice).optional(), publicIp: z.boolean().optional() })).min(1),
        defaultVersion: z.number().int().min(1).optional(),
        tags,
      }),
    )
    .optional(),
  restApis: z
    .array(
      z.strictObject({
        ...placed,
        name: z.string().min(1).max(1024),
        endpointType: z.enum(['EDGE', 'REGIONAL', 'PRIVATE']).optional(),
        tags,
        stages: z.array(
          z.strictObject({
            name: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, { error: 'expected a stage name (letters, digits, hyphens, underscores)' }),
            logLevel: z.enum(['OFF', 'ERROR', 'INFO']).optional(),
            cache: z.enum(['encrypted', 'unencrypted']).optional(),
            tracing: z.boolean().optional(),
            webAcl: z.string().startsWith('arn:aws:wafv2:', { error: 'expected a WAFv2 web ACL ARN' }).optional(),
            clientCertificate: z.string().regex(/^[a-z0-9]{6,10}$/, { error: 'expected a client certificate id' }).optional(),
            tags,
          }),
        ),
      }),
    )
    .optional(),
  v2Apis: z
    .array(
      z.strictObject({
        ...placed,
        name: z.string().min(1).max(128),
        protocol: z.enum(['HTTP', 'WEBSOCKET']).optional(),
        tags,
        stages: z.array(z.strictObject({ name: z.string().regex(/^(\$default|[A-Za-z0-9_-]{1,128})$/, { error: 'expected a stage name or $default' }), accessLogs: name.optional(), logLevel: z.enum(['OFF', 'ERROR', 'INFO']).optional() })),
        routes: z.array(z.strictObject({ key: name, auth: z.enum(['NONE', 'AWS_IAM', 'CUSTOM', 'JWT']).optional() })),
      }),
    )
    .optional(),
  graphqlApis: z
    .array(
      z.strictObject({
        ...placed,
        name: z.string().regex(/^[_A-Za-z][_0-9A-Za-z -]{0,64}$/, { error: 'expected a GraphQL API name (letters, digits, _ - and spaces)' }),
        auth: z.enum(['API_KEY', 'AWS_IAM', 'AMAZON_COGNITO_USER_POOLS', 'OPENID_CONNECT', 'AWS_LAMBDA']).optional(),
        additionalAuth: z.array(z.enum(['API_KEY', 'AWS_IAM', 'AMAZON_COGNITO_USER_POOLS', 'OPENID_CONNECT', 'AWS_LAMBDA'])).optional(),
        fieldLogLevel: z.enum(['NONE', 'ERROR', 'INFO', 'DEBUG', 'ALL']).optional(),
        cache: z.strictObject({ atRest: z.boolean(), transit: z.boolean() }).optional(),
        tags,
      }),
    )
    .optional(),
  hostedZones: z.array(z.strictObject({ account: accountId, name: z.string().regex(/^([a-z0-9-]+\.)+[a-z0-9-]+\.?$/, { error: 'expected a domain name such as example.com' }), privateZone: z.boolean().optional(), comment: z.string().max(256).optional(), queryLogGroup: name.optional(), tags })).optional(),
  wafRules: z.array(z.strictObject({ account: accountId, name: z.string().min(1).max(128), predicates: z.array(z.strictObject({ type: z.enum(['IPMatch', 'ByteMatch', 'SqlInjectionMatch', 'GeoMatch', 'SizeConstraint', 'XssMatch', 'RegexMatch']), dataId: z.string().min(1).max(128), negated: z.boolean().optional() })).optional() })).optional(),
  wafRuleGroups: z.array(z.strictObject({ account: accountId, name: z.string().min(1).max(128), rules: z.array(z.string().min(1)).optional() })).optional(),
  wafWebAcls: z
    .array(
      z.strictObject({
        account: accountId,
        name: z.string().min(1).max(128),
        id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { error: 'expected a WAF Classic id (a lower-case UUID)' }).optional(),
        defaultAction: z.enum(['ALLOW', 'BLOCK']).optional(),
        rules: z.array(z.string().min(1)).optional(),
        ruleGroups: z.array(z.string().min(1)).optional(),
        logStream: z.string().regex(/^aws-waf-logs-[A-Za-z0-9_.-]{1,51}$/, { error: 'expected a Kinesis Data Firehose stream named aws-waf-logs-*' }).optional(),
      }),
    )
    .optional(),
  transitGateways: z.array(z.strictObject({ ...placed, name, autoAcceptSharedAttachments: z.boolean().optional(), tags })).optional(),
  vpnConnections: z.array(z.strictObject({ ...placed, name, tunnelLogs: z.tuple([z.boolean(), z.boolean()]).optional(), tunnelsUp: z.tuple([z.boolean(), z.boolean()]).optional(), tags })).optional(),
  clientVpnEndpoints: z.array(z.strictObject({ ...placed, name, connectionLogs: z.boolean().optional(), tags })).optional(),
  spotFleetRequests: z.array(z.strictObject({ ...placed, name, volumes: z.array(blockDevice).optional(), launchTemplate: z.string().min(1).optional(), tags })).optional(),
  firewallRuleGroups: z.array(z.strictObject({ ...placed, name: z.string().regex(/^[a-zA-Z0-9-]{1,128}$/, { error: 'expected a Network Firewall name (1-128 letters, digits, hyphens)' }), type: z.enum(['STATELESS', 'STATEFUL']), statelessRules: z.number().int().min(0).max(100).optional(), tags })).optional(),
  firewallPolicies: z
    .array(
      z.strictObject({
        ...placed,
        name: z.string().regex(/^[a-zA-Z0-9-]{1,128}$/, { error: 'expected a Network Firewall name (1-128 letters, digits, hyphens)' }),
        statelessDefault: z.enum(['pass', 'drop', 'forward']).optional(),
        fragmentDefault: z.enum(['pass', 'drop', 'forward']).optional(),
        statelessRuleGroups: z.array(name).optional(),
        statefulRuleGroups: z.array(name).optional(),
        tags,
      }),
    )
    .optional(),
  networkFirewalls: z
    .array(z.strictObject({ ...placed, name: z.string().regex(/^[a-zA-Z0-9-]{1,128}$/, { error: 'expected a Network Firewall name (1-128 letters, digits, hyphens)' }), policy: name, deleteProtection: z.boolean().optional(), subnetChangeProtection: z.boolean().optional(), logging: z.array(z.enum(['FLOW', 'ALERT', 'TLS'])).optional(), tags }))
    .optional(),
  beanstalkEnvironments: z
    .array(z.strictObject({ ...placed, application: name, name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9-]{2,38}[a-zA-Z0-9]$/, { error: 'expected an environment name (4-40 letters, digits, hyphens)' }), streamLogs: z.boolean().optional(), healthReporting: z.enum(['enhanced', 'basic']).optional(), tags }))
    .optional(),
  transferServers: z.array(z.strictObject({ ...placed, protocols: z.array(z.enum(['SFTP', 'FTP', 'FTPS', 'AS2'])).min(1).optional(), endpointType: z.enum(['PUBLIC', 'VPC']).optional(), logging: z.boolean().optional(), tags })).optional(),
  transferConnectors: z.array(z.strictObject({ ...placed, url: z.string().regex(/^sftp:\/\/\S+$/, { error: 'expected an sftp:// URL' }), logging: z.boolean().optional(), tags })).optional(),
  webAcls: z
    .array(
      z.strictObject({
        ...placed,
        name: z.string().regex(/^[\w-]{1,128}$/, { error: 'expected a web ACL name (1-128 letters, digits, hyphens, underscores)' }),
        scope: z.enum(['REGIONAL', 'CLOUDFRONT']).optional(),
        defaultAction: z.enum(['Allow', 'Block']).optional(),
        managedRules: z.array(name).optional(),
        rateRules: z.array(name).optional(),
        rulesWithoutMetrics: z.array(name).optional(),
        metrics: z.boolean().optional(),
        tags,
      }),
    )
    .optional(),
  workspaces: z.array(z.strictObject({ ...placed, userName: name, rootVolumeEncrypted: z.boolean().optional(), userVolumeEncrypted: z.boolean().optional(), tags })).optional(),
  redshiftClusters: z
    .array(
      z.strictObject({
        ...placed,
        identifier: z.string().regex(/^[a-z](?:-?[a-z0-9]){0,62}$/, { error: 'expected a Redshift cluster identifier (1-63 lowercase letters, digits, single hyphens, starting with a letter)' }),
        nodeType: z.string().regex(/^(ra3|dc2|ds2)\.[a-z0-9]+$/, { error: 'expected a Redshift node type such as ra3.xlplus or dc2.large' }).optional(),
        masterUsername: z.string().regex(/^[a-z_][a-z0-9_$]{0,127}$/, { error: 'expected a Redshift user name (lowercase letters, digits, _ and $)' }).optional(),
        dbName: z.string().regex(/^[a-z_][a-z0-9_$]{0,63}$/, { error: 'expected a Redshift database name (lowercase letters, digits, _ and $)' }).optional(),
        publiclyAccessible: z.boolean().optional(),
        encrypted: z.boolean().optional(),
        retentionDays: z.number().int().min(0).max(35).optional(),
        allowVersionUpgrade: z.boolean().optional(),
        enhancedVpcRouting: z.boolean().optional(),
        multiAz: z.boolean().optional(),
        requireSsl: z.boolean().optional(),
        auditLogging: z.enum(['s3', 'cloudwatch']).optional(),
        securityGroups: z.array(name).optional(),
        tags,
      }),
    )
    .optional(),
  dbClusters: z
    .array(
      z.strictObject({
        ...placed,
        id: z.string().regex(/^[a-zA-Z](?:-?[a-zA-Z0-9]){0,62}$/, { error: 'expected a DB cluster identifier (1-63 letters, digits, single hyphens, starting with a letter)' }),
        engine: z.enum(['aurora-mysql', 'aurora-postgresql', 'mysql', 'postgres', 'neptune', 'docdb']),
        instances: z.number().int().min(0).max(16).optional(),
        encrypted: z.boolean().optional(),
        masterUsername: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/, { error: 'expected a master user name (a letter, then letters, digits, _)' }).optional(),
        deletionProtection: z.boolean().optional(),
        iamAuth: z.boolean().optional(),
        copyTagsToSnapshot: z.boolean().optional(),
        autoMinorVersionUpgrade: z.boolean().optional(),
        backtrackWindow: z.number().int().min(0).max(259200).optional(),
        backupRetentionDays: z.number().int().min(1).max(35).optional(),
        logExports: z.array(z.string()).optional(),
        parameters: z.record(z.string(), z.string()).optional(),
        parameterGroupPending: z.boolean().optional(),
        tags,
      }),
    )
    .optional(),
  mqBrokers: z
    .array(
      z.strictObject({
        ...placed,
        name: z.string().regex(/^[a-zA-Z0-9_-]{1,50}$/, { error: 'expected an Amazon MQ broker name (1-50 letters, digits, hyphens, underscores)' }),
        engineType: z.enum(['ACTIVEMQ', 'RABBITMQ']).optional(),
        deploymentMode: z.enum(['SINGLE_INSTANCE', 'ACTIVE_STANDBY_MULTI_AZ', 'CLUSTER_MULTI_AZ']).optional(),
        autoMinorVersionUpgrade: z.boolean().optional(),
        publiclyAccessible: z.boolean().optional(),
        generalLogs: z.boolean().optional(),
        auditLogs: z.boolean().optional(),
        tags,
      }),
    )
    .optional(),
  mskClusters: z
    .array(
      z.strictObject({
        ...placed,
        name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{0,63}$/, { error: 'expected an MSK cluster name (a letter, then up to 63 letters, digits, hyphens)' }),
        serverless: z.boolean().optional(),
        clientBroker: z.enum(['TLS', 'TLS_PLAINTEXT', 'PLAINTEXT']).optional(),
        inCluster: z.boolean().optional(),
        publicAccess: z.boolean().optional(),
        unauthenticated: z.boolean().optional(),
        iam: z.boolean().optional(),
        tags,
      }),
    )
    .optional(),
  cacheClusters: z
    .array(
      z.strictObject({
        ...placed,
        id: cacheId,
        engine: z.enum(['redis', 'valkey', 'memcached']).optional(),
        engineVersion: z.string().regex(/^\d+\.\d+(\.\d+)?$/).optional(),
        subnetGroup: name.optional(),
        autoMinorVersionUpgrade: z.boolean().optional(),
        snapshotRetentionLimit: z.number().int().min(0).max(35).optional(),
        tags,
      }),
    )
    .optional(),
  replicationGroups: z
    .array(
      z.strictObject({
        ...placed,
        id: cacheId,
        engine: z.enum(['redis', 'valkey']).optional(),
        engineVersion: z.string().regex(/^\d+\.\d+(\.\d+)?$/).optional(),
        nodes: z.number().int().min(1).max(6).optional(),
        automaticFailover: z.boolean().optional(),
        multiAz: z.boolean().optional(),
        snapshotRetentionLimit: z.number().int().min(0).max(35).optional(),
        authToken: z.boolean().optional(),
        transitEncryption: z.boolean().optional(),
        atRestEncryption: z.boolean().optional(),
        subnetGroup: name.optional(),
        autoMinorVersionUpgrade: z.boolean().optional(),
        tags,
      }),
    )
    .optional(),
  kinesisStreams: z.array(z.strictObject({ ...placed, name, mode: z.enum(['PROVISIONED', 'ON_DEMAND']).optional(), retentionHours: z.number().int().min(24).max(8760).optional(), kmsKey: name.optional(), tags })).optional(),
  dynamodbTables: z.array(z.strictObject({ ...placed, name: z.string().regex(/^[a-zA-Z0-9_.-]{3,255}$/, { error: 'expected a table name of 3 to 255 letters, digits, _ . or -' }), billingMode: z.enum(['PROVISIONED', 'PAY_PER_REQUEST']).optional(), deletionProtection: z.boolean().optional(), pointInTimeRecovery: z.boolean().optional(), kmsKeyArn: name.optional(), autoscaling: z.array(z.enum(['read', 'write'])).optional(), tags })).optional(),
  deliveryStreams: z.array(z.strictObject({ ...placed, name, sourceStream: name.optional(), encryption: z.enum(['AWS_OWNED_CMK', 'CUSTOMER_MANAGED_CMK']).optional(), tags })).optional(),
  athenaWorkgroups: z.array(z.strictObject({ ...placed, name, outputLocation: z.string().regex(/^s3:\/\//, { error: 'expected an s3:// location' }).optional(), encryption: z.enum(['SSE_S3', 'SSE_KMS', 'CSE_KMS']).optional(), publishMetrics: z.boolean().optional(), enforceConfiguration: z.boolean().optional(), tags })).optional(),
  glueJobs: z.array(z.strictObject({ ...placed, name, command: z.enum(['glueetl', 'gluestreaming', 'pythonshell', 'glueray']).optional(), glueVersion: z.string().regex(/^\d+\.\d+$/, { error: 'expected a Glue version such as 4.0' }).optional(), tags })).optional(),
  glueMlTransforms: z.array(z.strictObject({ ...placed, name, encrypted: z.boolean().optional(), tags })).optional(),
  opensearchDomains: z
    .array(
      z.strictObject({
        ...placed,
        name: z.string().regex(/^[a-z][a-z0-9-]{2,27}$/, { error: 'expected an OpenSearch domain name (3-28 lowercase letters, digits or hyphens, starting with a letter)' }),
        engineVersion: z.string().regex(/^(OpenSearch|Elasticsearch)_\d+\.\d+$/, { error: 'expected an engine version such as OpenSearch_2.13' }).optional(),
        instanceCount: z.number().int().min(1).max(1002).optional(),
        zoneAwareness: z.boolean().optional(),
        dedicatedMasters: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(5)], { error: 'expected 0, 1, 2, 3 or 5 dedicated masters' }).optional(),
        vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { error: 'expected a VPC id' }).optional(),
        encryptionAtRest: z.boolean().optional(),
        nodeToNode: z.boolean().optional(),
        enforceHttps: z.boolean().optional(),
        tlsPolicy: z.enum(['Policy-Min-TLS-1-0-2019-07', 'Policy-Min-TLS-1-2-2019-07', 'Policy-Min-TLS-1-2-PFS-2023-10', 'Policy-Min-TLS-1-2-RFC9151-FIPS-2024-08']).optional(),
        fineGrained: z.boolean().optional(),
        auditLogs: z.boolean().optional(),
        errorLogs: z.boolean().optional(),
        softwareUpdateAvailable: z.boolean().optional(),
        tags,
      }),
    )
    .optional(),
  emrClusters: z.array(z.strictObject({ ...placed, name, state: z.enum(['STARTING', 'BOOTSTRAPPING', 'RUNNING', 'WAITING', 'TERMINATED']).optional(), primaryPublic: z.boolean().optional(), fleets: z.boolean().optional(), tags })).optional(),
  emrSecurityConfigurations: z.array(z.strictObject({ ...placed, name: z.string().regex(/^[\w.-]{1,256}$/, { error: 'expected a security configuration name (letters, digits, _ . -)' }), atRest: z.boolean().optional(), inTransit: z.boolean().optional() })).optional(),
  emrBlockPublicAccess: z.array(z.strictObject({ ...placed, block: z.boolean(), permittedPorts: z.array(z.string().regex(/^\d{1,5}(-\d{1,5})?$/, { error: 'expected a port or a port range such as 8080-8090' })) })).optional(),
  redshiftServerless: z.array(z.strictObject({ ...placed, namespace: z.string().regex(/^[a-z0-9-]{3,64}$/, { error: 'expected 3 to 64 lowercase letters, digits or hyphens' }), adminUsername: name.optional(), dbName: name.optional(), logExports: z.array(z.enum(['useractivitylog', 'userlog', 'connectionlog'])).optional(), workgroup: z.strictObject({ name: z.string().regex(/^[a-z0-9-]{3,64}$/, { error: 'expected 3 to 64 lowercase letters, digits or hyphens' }), publiclyAccessible: z.boolean().optional(), enhancedVpcRouting: z.boolean().optional(), requireSsl: z.boolean().optional() }).optional(), tags })).optional(),
  efsFileSystems: z.array(z.strictObject({ ...placed, name, encrypted: z.boolean().optional(), backup: z.boolean().optional(), zone: name.optional(), mountTargets: z.array(z.strictObject({ subnet: name.optional() })).optional(), accessPoints: z.array(z.strictObject({ name, posixUser: z.strictObject({ uid: z.number().int().min(0), gid: z.number().int().min(0) }).optional(), rootDirectory: z.string().regex(/^\//, { error: 'expected an absolute path' }).optional() })).optional(), tags })).optional(),
  fsxFileSystems: z.array(z.strictObject({ ...placed, name, type: z.enum(['LUSTRE', 'WINDOWS', 'ONTAP', 'OPENZFS']), deploymentType: name, copyTagsToBackups: z.boolean().optional(), copyTagsToVolumes: z.boolean().optional(), tags })).optional(),
  acmCertificates: z.array(z.strictObject({ ...placed, domainName: name, type: z.enum(['AMAZON_ISSUED', 'IMPORTED', 'PRIVATE']).optional(), keyAlgorithm: z.enum(['RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1']).optional(), expiresInDays: z.number().int().optional(), inUseBy: z.array(name).optional(), tags })).optional(),
  privateCas: z.array(z.strictObject({ ...placed, commonName: name, type: z.enum(['ROOT', 'SUBORDINATE']), status: z.enum(['ACTIVE', 'DISABLED', 'PENDING_CERTIFICATE']).optional(), tags })).optional(),
  dmsEndpoints: z.array(z.strictObject({ ...placed, identifier: name, type: z.enum(['source', 'target']), engine: z.enum(['mysql', 'postgres', 'oracle', 'sqlserver', 'aurora', 'aurora-postgresql', 'mongodb', 'docdb', 'neptune', 'redis', 's3', 'dynamodb', 'kinesis', 'kafka', 'opensearch', 'redshift']), sslMode: z.enum(['none', 'require', 'verify-ca', 'verify-full']).optional(), mongoAuthType: z.enum(['no', 'password']).optional(), neptuneIamAuth: z.boolean().optional(), redisSslProtocol: z.enum(['plaintext', 'ssl-encryption']).optional(), tags })).optional(),
  dmsReplicationInstances: z.array(z.strictObject({ ...placed, identifier: name, instanceClass: z.string().regex(/^dms\./, { error: 'expected a dms.* instance class' }).optional(), publiclyAccessible: z.boolean().optional(), multiAz: z.boolean().optional(), autoMinorVersionUpgrade: z.boolean().optional(), tags })).optional(),
  dmsReplicationTasks: z.array(z.strictObject({ ...placed, identifier: name, source: name, target: name, instance: name, migrationType: z.enum(['full-load', 'cdc', 'full-load-and-cdc']).optional(), logging: z.boolean().optional(), severities: z.record(z.string(), z.enum(['LOGGER_SEVERITY_ERROR', 'LOGGER_SEVERITY_WARNING', 'LOGGER_SEVERITY_INFO', 'LOGGER_SEVERITY_DEFAULT', 'LOGGER_SEVERITY_DEBUG', 'LOGGER_SEVERITY_DETAILED_DEBUG'])).optional(), tags })).optional(),
  sagemakerNotebooks: z.array(z.strictObject({ ...placed, name, instanceType: z.string().regex(/^ml\./, { error: 'expected an ml.* instance type' }).optional(), inVpc: z.boolean().optional(), directInternetAccess: z.boolean().optional(), rootAccess: z.boolean().optional(), platform: z.string().regex(/^notebook-al/, { error: 'expected a notebook-al* platform identifier' }).optional(), kmsKey: z.boolean().optional(), tags })).optional(),
  sagemakerModels: z.array(z.strictObject({ ...placed, name, networkIsolation: z.boolean().optional(), inVpc: z.boolean().optional(), tags })).optional(),
  sagemakerEndpointConfigs: z.array(z.strictObject({ ...placed, name, variants: z.array(z.strictObject({ name: name.optional(), instanceType: z.string().optional(), instanceCount: z.number().int().min(1).optional(), serverless: z.boolean().optional() })).min(1).max(10), tags })).optional(),
  backupVaults: z.array(z.strictObject({ ...placed, name, recoveryPoints: z.array(z.strictObject({ resourceType: z.enum(['EBS', 'EFS', 'DynamoDB', 'RDS', 'S3']), resource: name, encrypted: z.boolean().optional() })).optional(), tags })).optional(),
  datasyncTasks: z.array(z.strictObject({ ...placed, name, logGroup: name.optional(), logLevel: z.enum(['OFF', 'BASIC', 'TRANSFER']).optional(), tags })).optional(),
  s3AccessPoints: z.array(z.strictObject({ account: accountId, name: z.string().regex(/^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$/, { error: 'expected an access point name (3-50 lowercase letters, digits, hyphens)' }), bucket: name, vpcId: z.string().startsWith('vpc-').optional(), publicAccessBlock: pab.optional() })).optional(),
  s3MultiRegionAccessPoints: z.array(z.strictObject({ account: accountId, name: z.string().regex(/^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$/, { error: 'expected a Multi-Region Access Point name (3-50 lowercase letters, digits, hyphens)' }), buckets: z.array(name).min(1).max(17), publicAccessBlock: pab.optional() })).optional(),
  s3DirectoryBuckets: z.array(z.strictObject({ ...placed, name: z.string().regex(/^[a-z0-9][a-z0-9-]{1,46}--[a-z0-9]+-az\d+--x-s3$/, { error: 'expected a directory bucket name (<base>--<zone id>--x-s3)' }), lifecycle: z.array(lifecycleRule).min(1).optional() })).optional(),
  daxClusters: z.array(z.strictObject({ ...placed, name: z.string().regex(/^[a-zA-Z](?:[a-zA-Z0-9]|-(?=[a-zA-Z0-9])){0,19}$/, { error: 'expected a DAX cluster name (a letter, then up to 19 letters, digits or single hyphens)' }), nodes: z.number().int().min(1).max(11).optional(), tls: z.boolean().optional(), sse: z.boolean().optional(), tags })).optional(),
  mskConnectors: z.array(z.strictObject({ ...placed, name: z.string().regex(/^[a-zA-Z0-9-]{1,128}$/, { error: 'expected a connector name (letters, digits, hyphens)' }), encryption: z.enum(['TLS', 'PLAINTEXT']).optional(), logs: z.array(z.enum(['cloudwatch', 'firehose', 's3'])).optional(), tags })).optional(),
  vpcs: vpcsSchema,
  dbInstances: dbInstancesSchema,
  dbParameterGroups: dbParameterGroupsSchema,
  dbProxies: dbProxiesSchema,
  rdsEventSubscriptions: rdsEventSubscriptionsSchema,
  vpcBlockPublicAccess: vpcBlockPublicAccessSchema,
  kmsKeys: z.array(z.strictObject({ ...placed, alias: z.string().regex(/^[a-zA-Z0-9/_-]{1,250}$/, { error: 'expected an alias name without the alias/ prefix' }), manager: z.enum(['AWS', 'CUSTOMER']).optional(), spec: z.enum(['SYMMETRIC_DEFAULT', 'RSA_2048', 'ECC_NIST_P256', 'HMAC_256']).optional(), state: z.enum(['Enabled', 'Disabled', 'PendingDeletion']).optional(), rotation: z.boolean().optional(), policy: policyDocument.optional(), tags })).optional(),
  snsTopics: z.array(z.strictObject({ ...placed, name: z.string().regex(/^[A-Za-z0-9_-]{1,256}(\.fifo)?$/, { error: 'expected a topic name of letters, digits, _ and -' }), policy: policyDocument.optional(), kmsKey: name.optional(), feedback: z.record(z.string().regex(/^(HTTP|Lambda|SQS|Application|Firehose)(Success|Failure)Feedback(RoleArn|SampleRate)$/, { error: 'expected a feedback attribute such as LambdaFailureFeedbackRoleArn' }), z.string()).optional(), subscriptions: z.array(z.strictObject({ protocol: z.enum(['http', 'https', 'lambda', 'sqs', 'application', 'firehose', 'email', 'sms']), endpoint: name })).optional(), tags })).optional(),
  sqsQueues: z.array(z.strictObject({ ...placed, name: z.string().regex(/^[A-Za-z0-9_-]{1,80}$|^[A-Za-z0-9_-]{1,75}\.fifo$/, { error: 'expected a queue name of 1 to 80 letters, digits, _ and - (.fifo for FIFO queues)' }), policy: policyDocument.optional(), encryption: name.optional(), tags })).optional(),
  secrets: z.array(z.strictObject({ ...placed, name: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, { error: 'expected a secret name' }), kmsKey: name.optional(), createdDaysAgo: days.optional(), lastAccessedDaysAgo: days.optional(), lastRotatedDaysAgo: days.optional(), rotationDays: z.number().int().min(1).max(1000).optional(), tags })).optional(),
  iamPolicies: z.array(z.strictObject({ account: accountId, kind: z.enum(['user', 'group', 'role', 'managed']), owner: z.string().regex(/^[\w+=,.@-]{1,128}$/).optional(), name: z.string().regex(/^[\w+=,.@-]{1,128}$/, { error: 'expected an IAM name' }), document: policyDocument })).optional(),
});

/** One problem in an estate document, with the path of the offending value. */
export interface EstateIssue {
  path: PathSegment[];
  message: string;
  /** An unknown key is located at the key itself; its message names it, so the path shown is its mapping. */
  at?: 'key';
}

function shown(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return JSON.stringify(v);
}

/** The estate as a typed document, or its first problem (shape first, then references between entries). */
export function checkEstate(data: unknown): { doc: EstateDoc } | { issue: EstateIssue } {
  const parsed = estateSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const iss = parsed.error.issues[0]!;
    const input = (iss as { input?: unknown }).input;
    const path = iss.path as PathSegment[];
    if (iss.code === 'unrecognized_keys') return { issue: { path: [...path, String(iss.keys[0])], message: `unknown key "${String(iss.keys[0])}"`, at: 'key' } };
    const message =
      input === undefined && path.length > 0 && 'input' in iss
        ? `missing required key "${String(path[path.length - 1])}"`
        : iss.code === 'invalid_type'
          ? `expected ${iss.expected === 'object' || iss.expected === 'record' ? 'a mapping' : iss.expected === 'array' ? 'a list' : iss.expected}, got ${shown(input)}`
          : iss.message;
    return { issue: { path, message } };
  }
  const doc = parsed.data as EstateDoc;
  const accounts = new Set(doc.accounts.map((a) => a.id));
  const regions = new Set(doc.regions);
  for (const list of ['securityGroups', 'instances', 'buckets', 'dbSnapshots', 'clusterSnapshots', 'loadBalancers', 'classicLoadBalancers', 'eksClusters', 'ecrRepositories', 'lambdaFunctions', 'ecsTaskDefinitions', 'ecsClusters', 'ebsSnapshots', 'volumes', 'launchConfigurations', 'autoScalingGroups', 'stateMachines', 'eventBuses', 'launchTemplates', 'transitGateways', 'vpnConnections', 'clientVpnEndpoints', 'spotFleetRequests', 'restApis', 'v2Apis', 'graphqlApis'] as const) {
    const entries = (doc[list] ?? []) as { account: string; region: string }[];
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (!accounts.has(e.account)) return { issue: { path: [list, i, 'account'], message: `account ${e.account} is not one of the estate's accounts` } };
      if (!regions.has(e.region)) return { issue: { path: [list, i, 'region'], message: `region ${e.region} is not one of the estate's regions (${doc.regions.join(', ')})` } };
    }
  }
  for (const [i, d] of (doc.cloudfrontDistributions ?? []).entries()) {
    if (!accounts.has(d.account)) return { issue: { path: ['cloudfrontDistributions', i, 'account'], message: `account ${d.account} is not one of the estate's accounts` } };
  }
  for (const list of ['opensearchDomains', 'emrClusters', 'emrSecurityConfigurations', 'emrBlockPublicAccess'] as const) {
    for (const [i, e] of (doc[list] ?? []).entries()) {
      if (!accounts.has(e.account)) return { issue: { path: [list, i, 'account'], message: `account ${e.account} is not one of the estate's accounts` } };
      if (!regions.has(e.region)) return { issue: { path: [list, i, 'region'], message: `region ${e.region} is not one of the estate's regions (${doc.regions.join(', ')})` } };
    }
  }
  for (const list of ['firewallRuleGroups', 'firewallPolicies', 'networkFirewalls', 'beanstalkEnvironments', 'transferServers', 'transferConnectors', 'webAcls', 'workspaces', 'kinesisStreams', 'dynamodbTables', 'deliveryStreams', 'athenaWorkgroups', 'glueJobs', 'glueMlTransforms', 'dmsEndpoints', 'dmsReplicationInstances', 'dmsReplicationTasks', 'sagemakerNotebooks', 'sagemakerModels', 'sagemakerEndpointConfigs', 'backupVaults', 'datasyncTasks', 's3DirectoryBuckets'] as const) {
    const entries = (doc[list] ?? []) as { account: string; region: string }[];
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (!accounts.has(e.account)) return { issue: { path: [list, i, 'account'], message: `account ${e.account} is not one of the estate's accounts` } };
      if (!regions.has(e.region)) return { issue: { path: [list, i, 'region'], message: `region ${e.region} is not one of the estate's regions (${doc.regions.join(', ')})` } };
    }
  }
  for (const [i, c] of (doc.redshiftClusters ?? []).entries()) {
    if (!accounts.has(c.account)) return { issue: { path: ['redshiftClusters', i, 'account'], message: `account ${c.account} is not one of the estate's accounts` } };
    if (!regions.has(c.region)) return { issue: { path: ['redshiftClusters', i, 'region'], message: `region ${c.region} is not one of the estate's regions (${doc.regions.join(', ')})` } };
    if (c.multiAz && c.nodeType && !c.nodeType.startsWith('ra3.')) return { issue: { path: ['redshiftClusters', i, 'multiAz'], message: `Multi-AZ is offered only for RA3 node types, not ${c.nodeType}` } };
  }
  for (const [i, c] of (doc.dbClusters ?? []).entries()) {
    if (!accounts.has(c.account)) return { issue: { path: ['dbClusters', i, 'account'], message: `account ${c.account} is not one of the estate's accounts` } };
    if (!regions.has(c.region)) return { issue: { path: ['dbClusters', i, 'region'], message: `region ${c.region} is not one of the estate's regions (${doc.regions.join(', ')})` } };
    if (c.backtrackWindow && c.engine !== 'aurora-mysql') return { issue: { path: ['dbClusters', i, 'backtrackWindow'], message: `backtracking is offered only for aurora-mysql, not ${c.engine}` } };
    if (c.parameterGroupPending && !c.parameters) return { issue: { path: ['dbClusters', i, 'parameterGroupPending'], message: 'a pending parameter group needs parameters (the custom group)' } };
  }
  for (const list of ['redshiftServerless', 'efsFileSystems', 'fsxFileSystems', 'acmCertificates', 'privateCas'] as const) {
    for (const [i, e] of (doc[list] ?? []).entries()) {
      if (!accounts.has(e.account)) return { issue: { path: [list, i, 'account'], message: `account ${e.account} is not one of the estate's accounts` } };
      if (!regions.has(e.region)) return { issue: { path: [list, i, 'region'], message: `region ${e.region} is not one of the estate's regions (${doc.regions.join(', ')})` } };
    }
  }
  for (const list of ['mqBrokers', 'mskClusters', 'cacheClusters', 'replicationGroups'] as const) {
    for (const [i, e] of (doc[list] ?? []).entries()) {
      if (!accounts.has(e.account)) return { issue: { path: [list, i, 'account'], message: `account ${e.account} is not one of the estate's accounts` } };
      if (!regions.has(e.region)) return { issue: { path: [list, i, 'region'], message: `region ${e.region} is not one of the estate's regions (${doc.regions.join(', ')})` } };
    }
  }
  for (const list of ['daxClusters', 'mskConnectors'] as const) {
    for (const [i, e] of (doc[list] ?? []).entries()) {
      if (!accounts.has(e.account)) return { issue: { path: [list, i, 'account'], message: `account ${e.account} is not one of the estate's accounts` } };
      if (!regions.has(e.region)) return { issue: { path: [list, i, 'region'], message: `region ${e.region} is not one of the estate's regions (${doc.regions.join(', ')})` } };
    }
  }
  for (const [i, t] of (doc.dynamodbTables ?? []).entries()) {
    if (t.autoscaling?.length && t.billingMode === 'PAY_PER_REQUEST') return { issue: { path: ['dynamodbTables', i, 'autoscaling'], message: 'an on-demand (PAY_PER_REQUEST) table has no capacity to auto scale' } };
  }
  for (const list of ['kmsKeys', 'snsTopics', 'sqsQueues', 'secrets'] as const) {
    for (const [i, e] of (doc[list] ?? []).entries()) {
      if (!accounts.has(e.account)) return { issue: { path: [list, i, 'account'], message: `account ${e.account} is not one of the estate's accounts` } };
      if (!regions.has(e.region)) return { issue: { path: [list, i, 'region'], message: `region ${e.region} is not one of the estate's regions (${doc.regions.join(', ')})` } };
    }
  }
  for (const [i, p] of (doc.iamPolicies ?? []).entries()) {
    if (!accounts.has(p.account)) return { issue: { path: ['iamPolicies', i, 'account'], message: `account ${p.account} is not one of the estate's accounts` } };
    if ((p.kind === 'managed') !== (p.owner === undefined)) return { issue: { path: ['iamPolicies', i, 'owner'], message: p.kind === 'managed' ? 'a managed policy has no owner' : `an inline policy needs the ${p.kind} that owns it` } };
  }
  const vpcIssue = checkVpcs(doc);
  if (vpcIssue) return { issue: vpcIssue };
  const rdsIssue = checkRdsInstances(doc);
  if (rdsIssue) return { issue: rdsIssue };
  for (const list of ['hostedZones', 'wafRules', 'wafRuleGroups', 'wafWebAcls'] as const) {
    for (const [i, e] of (doc[list] ?? []).entries()) {
      if (!accounts.has(e.account)) return { issue: { path: [list, i, 'account'], message: `account ${e.account} is not one of the estate's accounts` } };
    }
  }
  return { doc };
}
