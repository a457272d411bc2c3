import type { EstateVpc, EstateVpcBlockPublicAccess } from './ec2-network.ts';
import type { EstateDbInstance, EstateDbParameterGroup, EstateDbProxy, EstateRdsEventSubscription } from './rds-instances.ts';

/**
 * A declarative estate: what accounts, regions and resources the local endpoint starts with.
 * The demo is one; users and tests can write their own (JSON or YAML) for `mamori sim --estate FILE`.
 */
export interface EstateDoc {
  /** Seed for deterministic ids. */
  seed?: string;
  regions: string[];
  accounts: EstateAccount[];
  securityGroups?: EstateSecurityGroup[];
  instances?: EstateInstance[];
  buckets?: EstateBucket[];
  dbSnapshots?: EstateSnapshot[];
  clusterSnapshots?: EstateSnapshot[];
  loadBalancers?: EstateLoadBalancer[];
  classicLoadBalancers?: EstateClassicLoadBalancer[];
  eksClusters?: EstateEksCluster[];
  ecrRepositories?: EstateEcrRepository[];
  lambdaFunctions?: EstateLambdaFunction[];
  ecsTaskDefinitions?: EstateTaskDefinition[];
  ecsClusters?: EstateEcsCluster[];
  ebsSnapshots?: EstateEbsSnapshot[];
  volumes?: EstateVolume[];
  launchConfigurations?: EstateLaunchConfiguration[];
  autoScalingGroups?: EstateAutoScalingGroup[];
  stateMachines?: EstateStateMachine[];
  eventBuses?: EstateEventBus[];
  launchTemplates?: EstateLaunchTemplate[];
  transitGateways?: EstateTransitGateway[];
  vpnConnections?: EstateVpnConnection[];
  clientVpnEndpoints?: EstateClientVpnEndpoint[];
  spotFleetRequests?: EstateSpotFleetRequest[];
  /** Global: one account, no region (served through us-east-1). */
  cloudfrontDistributions?: EstateCloudFrontDistribution[];
  restApis?: EstateRestApi[];
  v2Apis?: EstateV2Api[];
  graphqlApis?: EstateGraphqlApi[];
  firewallRuleGroups?: EstateFirewallRuleGroup[];
  firewallPolicies?: EstateFirewallPolicy[];
  networkFirewalls?: EstateNetworkFirewall[];
  beanstalkEnvironments?: EstateBeanstalkEnvironment[];
  transferServers?: EstateTransferServer[];
  transferConnectors?: EstateTransferConnector[];
  webAcls?: EstateWebAcl[];
  workspaces?: EstateWorkspace[];
  redshiftClusters?: EstateRedshiftCluster[];
  mqBrokers?: EstateMqBroker[];
  mskClusters?: EstateMskCluster[];
  cacheClusters?: EstateCacheCluster[];
  replicationGroups?: EstateReplicationGroup[];
  vpcs?: EstateVpc[];
  vpcBlockPublicAccess?: EstateVpcBlockPublicAccess[];
  /** Global: one account, no region (served through us-east-1). */
  hostedZones?: EstateHostedZone[];
  /** WAF Classic, global: one account, no region. */
  wafRules?: EstateWafRule[];
  wafRuleGroups?: EstateWafRuleGroup[];
  wafWebAcls?: EstateWafWebAcl[];
  kinesisStreams?: EstateKinesisStream[];
  dynamodbTables?: EstateDynamoTable[];
  deliveryStreams?: EstateDeliveryStream[];
  athenaWorkgroups?: EstateAthenaWorkgroup[];
  glueJobs?: EstateGlueJob[];
  glueMlTransforms?: EstateGlueMlTransform[];
  /** Aurora, Multi-AZ DB, Neptune and DocumentDB clusters (one RDS backend, told apart by engine). */
  dbClusters?: EstateDbCluster[];
  opensearchDomains?: EstateOpenSearchDomain[];
  emrClusters?: EstateEmrCluster[];
  emrSecurityConfigurations?: EstateEmrSecurityConfiguration[];
  emrBlockPublicAccess?: EstateEmrBlockPublicAccess[];
  redshiftServerless?: EstateRedshiftServerless[];
  efsFileSystems?: EstateEfsFileSystem[];
  fsxFileSystems?: EstateFsxFileSystem[];
  acmCertificates?: EstateAcmCertificate[];
  privateCas?: EstatePrivateCa[];
  dmsEndpoints?: EstateDmsEndpoint[];
  dmsReplicationInstances?: EstateDmsReplicationInstance[];
  dmsReplicationTasks?: EstateDmsReplicationTask[];
  sagemakerNotebooks?: EstateSagemakerNotebook[];
  sagemakerModels?: EstateSagemakerModel[];
  sagemakerEndpointConfigs?: EstateSagemakerEndpointConfig[];
  backupVaults?: EstateBackupVault[];
  datasyncTasks?: EstateDatasyncTask[];
  dbInstances?: EstateDbInstance[];
  dbParameterGroups?: EstateDbParameterGroup[];
  dbProxies?: EstateDbProxy[];
  rdsEventSubscriptions?: EstateRdsEventSubscription[];
  /** S3 access points, on buckets of the estate (in the bucket's Region). */
  s3AccessPoints?: EstateS3AccessPoint[];
  /** S3 Multi-Region Access Points (global, managed from us-west-2). */
  s3MultiRegionAccessPoints?: EstateS3MultiRegionAccessPoint[];
  s3DirectoryBuckets?: EstateS3DirectoryBucket[];
  daxClusters?: EstateDaxCluster[];
  mskConnectors?: EstateMskConnector[];
  kmsKeys?: EstateKmsKey[];
  snsTopics?: EstateSnsTopic[];
  sqsQueues?: EstateSqsQueue[];
  secrets?: EstateSecret[];
  /** IAM is global: one account, no region. */
  iamPolicies?: EstateIamPolicy[];
}

/** A lifecycle rule: expire current objects after `expirationDays`, noncurrent versions after `noncurrentDays`, abort uploads after `abortDays`. */
export interface EstateLifecycleRule {
  id: string;
  status?: 'Enabled' | 'Disabled';
  expirationDays?: number;
  noncurrentDays?: number;
  abortDays?: number;
}

export interface EstateS3AccessPoint {
  account: string;
  name: string;
  bucket: string;
  vpcId?: string;
  /** Default: all four on (AWS's default for new access points). */
  publicAccessBlock?: PublicAccessBlockSpec;
}

export interface EstateS3MultiRegionAccessPoint {
  account: string;
  name: string;
  buckets: string[];
  publicAccessBlock?: PublicAccessBlockSpec;
}

export interface EstateS3DirectoryBucket {
  account: string;
  region: string;
  /** `<base>--<zone id>--x-s3` */
  name: string;
  lifecycle?: EstateLifecycleRule[];
}

/** A KMS key: customer managed, symmetric, enabled, without rotation and with CreateKey's default policy unless asked. */
export interface EstateKmsKey {
  account: string;
  region: string;
  /** Its alias (`alias/<name>`); for an AWS managed key, the service (`aws/<service>`). */
  alias: string;
  manager?: 'AWS' | 'CUSTOMER';
  spec?: 'SYMMETRIC_DEFAULT' | 'RSA_2048' | 'ECC_NIST_P256' | 'HMAC_256';
  state?: 'Enabled' | 'Disabled' | 'PendingDeletion';
  rotation?: boolean;
  /** The key policy document; absent: CreateKey's default (the account only). */
  policy?: Record<string, unknown>;
  tags?: Record<string, string>;
}

/** An SNS topic with CreateTopic's default policy (owner account only) and no encryption unless asked. */
export interface EstateSnsTopic {
  account: string;
  region: string;
  name: string;
  policy?: Record<string, unknown>;
  kmsKey?: string;
  /** Delivery-status logging roles, by attribute (e.g. `LambdaFailureFeedbackRoleArn`). */
  feedback?: Record<string, string>;
  subscriptions?: { protocol: 'http' | 'https' | 'lambda' | 'sqs' | 'application' | 'firehose' | 'email' | 'sms'; endpoint: string }[];
  tags?: Record<string, string>;
}

/** An SQS queue: SSE-SQS and no policy unless asked (`encryption: none` turns SSE-SQS off). */
export interface EstateSqsQueue {
  account: string;
  region: string;
  name: string;
  policy?: Record<string, unknown>;
  encryption?: 'sse-sqs' | 'none' | string;
  tags?: Record<string, string>;
}

/** A Secrets Manager secret; days counted back from when the estate is built. */
export interface EstateSecret {
  account: string;
  region: string;
  name: string;
  kmsKey?: string;
  createdDaysAgo?: number;
  lastAccessedDaysAgo?: number;
  lastRotatedDaysAgo?: number;
  /** Automatic rotation every `days`. */
  rotationDays?: number;
  tags?: Record<string, string>;
}

/** An IAM policy: inline in a user, group or role (`owner`, created on first use), or customer managed (`managed`). */
export interface EstateIamPolicy {
  account: string;
  kind: 'user' | 'group' | 'role' | 'managed';
  owner?: string;
  name: string;
  document: Record<string, unknown>;
}

export interface EstateAccount {
  id: string;
  name: string;
  alias?: string;
  /** The first account is the organization's management account. */
  roles?: string[];
  externalId?: string;
  deny?: string[];
  accountPublicAccessBlock?: PublicAccessBlockSpec;
  /** EBS encryption by default on in every Region of the estate; default off, as AWS ships accounts. */
  ebsEncryptionByDefault?: boolean;
}

export interface PublicAccessBlockSpec {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

/**
 * One permission line: `proto` tcp|udp|icmp|-1, `ports` "445" or "20-21" (omit for -1), and sources:
 * CIDRs, IPv6 ranges, `pl-…` prefix lists or `sg:<group name>` for a group of the same account and region.
 */
export interface PermissionSpec {
  proto: string;
  ports?: string;
  from: string[];
  description?: string;
}

export interface EstateSecurityGroup {
  account: string;
  region: string;
  name: string;
  description?: string;
  tags?: Record<string, string>;
  ingress: PermissionSpec[];
  /** Default: AWS's default egress (all traffic to 0.0.0.0/0). */
  egress?: PermissionSpec[];
}

export interface EstateInstance {
  account: string;
  region: string;
  name: string;
  /** Security group names in the same account and region. */
  groups: string[];
  tags?: Record<string, string>;
  /** IMDSv2 only (`HttpTokens=required`); default: IMDSv1 accepted, as for older AMIs. */
  imdsv2?: boolean;
  /** The ARN of the IAM instance profile; default none. */
  instanceProfile?: string;
  /** Stopped by its user at this time (ISO 8601); default running. */
  stoppedAt?: string;
}

export interface EstateBucket {
  account: string;
  name: string;
  region: string;
  /** Create as before 2023: no default encryption, ObjectWriter ownership, no Block Public Access. */
  legacy?: boolean;
  cannedAcl?: 'private' | 'public-read' | 'public-read-write' | 'authenticated-read';
  policy?: Record<string, unknown>;
  publicAccessBlock?: PublicAccessBlockSpec | null;
  /** `null` removes default encryption (legacy buckets have none). */
  encryption?: { sseAlgorithm: 'AES256' | 'aws:kms'; kmsMasterKeyId?: string } | null;
  tags?: Record<string, string>;
  /** Server access logging to a bucket of the same account and Region (set after every bucket exists). */
  logging?: { targetBucket: string; targetPrefix?: string };
  /** Event notification destinations: `EventBridge`, or SNS topic / SQS queue / Lambda function ARNs. */
  notifications?: string[];
  lifecycle?: EstateLifecycleRule[];
  versioning?: 'Enabled' | 'Suspended';
  mfaDelete?: boolean;
}

/**
 * A DB cluster with CreateDBCluster's defaults unless asked: unencrypted, one day of backups, nothing exported, no
 * protection, the engine's default cluster parameter group. `instances` members are created in distinct Availability
 * Zones (two or more: Multi-AZ). `parameters` puts the cluster on a custom group `<id>-params` with those values;
 * `parameterGroupPending` leaves that group not yet applied (pending reboot).
 */
export interface EstateDbCluster {
  account: string;
  region: string;
  id: string;
  engine: 'aurora-mysql' | 'aurora-postgresql' | 'mysql' | 'postgres' | 'neptune' | 'docdb';
  instances?: number;
  encrypted?: boolean;
  masterUsername?: string;
  deletionProtection?: boolean;
  iamAuth?: boolean;
  copyTagsToSnapshot?: boolean;
  autoMinorVersionUpgrade?: boolean;
  backtrackWindow?: number;
  backupRetentionDays?: number;
  logExports?: string[];
  parameters?: Record<string, string>;
  parameterGroupPending?: boolean;
  tags?: Record<string, string>;
}

export interface EstateSnapshot {
  account: string;
  region: string;
  id: string;
  /** DB instance or cluster identifier. */
  source: string;
  engine?: string;
  restore?: string[];
  encrypted?: boolean;
  tags?: Record<string, string>;
}

/** An ELBv2 listener: it redirects HTTP to HTTPS, or forwards to a target group (named, default: the load balancer's). */
export interface EstateListener {
  port: number;
  protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'TLS' | 'UDP' | 'TCP_UDP';
  redirectToHttps?: boolean;
  forwardTo?: string;
  /** HTTPS/TLS: the security policy (default ELBSecurityPolicy-2016-08, as the API's). */
  sslPolicy?: string;
  tags?: Record<string, string>;
}

export interface EstateLoadBalancer {
  account: string;
  region: string;
  name: string;
  type?: 'application' | 'network';
  scheme?: 'internet-facing' | 'internal';
  /** Default: the region's zones a and b. */
  availabilityZones?: string[];
  /** Attributes changed from AWS's defaults, by key (`deletion_protection.enabled: "true"`). */
  attributes?: Record<string, string>;
  tags?: Record<string, string>;
  listeners?: EstateListener[];
}

/** A Classic Load Balancer; attributes left out keep the API's defaults (cross-zone, logs, draining off; desync defensive). */
export interface EstateClassicLoadBalancer {
  account: string;
  region: string;
  name: string;
  scheme?: 'internet-facing' | 'internal';
  /** Default: the region's zones a and b. */
  availabilityZones?: string[];
  instances?: string[];
  /** HTTPS/SSL listeners get an ACM certificate unless `certificate: iam` (an uploaded IAM server certificate). */
  listeners: { protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'SSL'; port: number; instanceProtocol?: 'HTTP' | 'HTTPS' | 'TCP' | 'SSL'; instancePort?: number; certificate?: 'acm' | 'iam' }[];
  crossZone?: boolean;
  accessLogBucket?: string;
  /** Connection draining timeout in seconds (enables draining). */
  connectionDraining?: number;
  desyncMitigationMode?: 'monitor' | 'defensive' | 'strictest';
  tags?: Record<string, string>;
}

/** An EKS cluster; unset settings are AWS's defaults (public endpoint from 0.0.0.0/0, private off, no logs). */
export interface EstateEksCluster {
  account: string;
  region: string;
  name: string;
  version?: string;
  endpointPublicAccess?: boolean;
  endpointPrivateAccess?: boolean;
  publicAccessCidrs?: string[];
  enabledLogTypes?: ('api' | 'audit' | 'authenticator' | 'controllerManager' | 'scheduler')[];
  tags?: Record<string, string>;
}

/** An ECR repository; unset settings are AWS's defaults (mutable tags, scan on push off, no lifecycle policy). */
export interface EstateEcrRepository {
  account: string;
  region: string;
  name: string;
  imageTagMutability?: 'MUTABLE' | 'IMMUTABLE';
  scanOnPush?: boolean;
  lifecyclePolicy?: Record<string, unknown>;
  tags?: Record<string, string>;
}

/** A Lambda function: a .zip runtime or a container image, an optional function URL and resource-policy permissions. */
export interface EstateLambdaFunction {
  account: string;
  region: string;
  name: string;
  runtime?: string;
  packageType?: 'Zip' | 'Image';
  /** A function URL; with auth NONE Lambda adds the public InvokeFunctionUrl statement. */
  url?: 'NONE' | 'AWS_IAM';
  permissions?: { statementId: string; action: string; principal: string; sourceAccount?: string; sourceArn?: string; principalOrgId?: string }[];
  tags?: Record<string, string>;
  /** Attached to the default VPC's subnets in these Availability Zones (one subnet per entry). */
  vpcZones?: string[];
}

/** An ECS task definition family's revision (registered in order: the last one of a family is its latest). */
export interface EstateTaskDefinition {
  account: string;
  region: string;
  family: string;
  networkMode?: 'bridge' | 'host' | 'awsvpc' | 'none';
  pidMode?: 'host' | 'task';
  requiresCompatibilities?: ('EC2' | 'FARGATE')[];
  containers: EstateContainer[];
  tags?: Record<string, string>;
}

export interface EstateContainer {
  name: string;
  image: string;
  privileged?: boolean;
  readonlyRootFilesystem?: boolean;
  user?: string;
  /** `logConfiguration.logDriver` (awslogs with a log group named after the family). */
  logDriver?: string;
  environment?: Record<string, string>;
}

export interface EstateEcsCluster {
  account: string;
  region: string;
  name: string;
  containerInsights?: 'enabled' | 'enhanced' | 'disabled';
  tags?: Record<string, string>;
  services?: EstateEcsService[];
}

export interface EstateEcsService {
  name: string;
  /** A family of the same account and region: the service runs its latest revision. */
  taskDefinition: string;
  launchType: 'FARGATE' | 'EC2';
  platformVersion?: string;
  assignPublicIp?: 'ENABLED' | 'DISABLED';
  tags?: Record<string, string>;
}

/** An EBS snapshot the account owns; `public`: createVolumePermission Group=all. */
export interface EstateEbsSnapshot {
  account: string;
  region: string;
  name: string;
  description?: string;
  public?: boolean;
  encrypted?: boolean;
}

/** An EBS volume, attached to the named instance of the same account and region when `instance` is set. */
export interface EstateVolume {
  account: string;
  region: string;
  name: string;
  instance?: string;
  encrypted?: boolean;
  size?: number;
}
export interface EstateLaunchConfiguration {
  account: string;
  region: string;
  name: string;
  instanceType?: string;
  /** Left out: not set (the subnet's setting applies). */
  associatePublicIpAddress?: boolean;
  /** Left out: created without metadata options (AWS's defaults: IMDSv1 allowed, hop limit 1). */
  metadata?: { httpTokens?: 'optional' | 'required'; httpEndpoint?: 'enabled' | 'disabled'; hopLimit?: number };
}

export interface EstateAutoScalingGroup {
  account: string;
  region: string;
  name: string;
  /** The launch configuration's name (same account and region), or else `launchTemplate`. */
  launchConfiguration?: string;
  launchTemplate?: string;
  /** With `launchTemplate`: the instance types of a mixed instances policy. */
  instanceTypes?: string[];
  /** Default: the region's zones a and b. */
  zones?: string[];
  /** Target group names in the group's account and region. */
  targetGroups?: string[];
  /** Classic Load Balancer names. */
  classicLoadBalancers?: string[];
  /** Comma-separated: EC2 (default), ELB, EBS, VPC_LATTICE. */
  healthCheckType?: string;
  tags?: Record<string, string>;
}

export interface EstateStateMachine {
  account: string;
  region: string;
  name: string;
  type?: 'STANDARD' | 'EXPRESS';
  /** Default OFF (AWS's default). */
  logLevel?: 'ALL' | 'ERROR' | 'FATAL' | 'OFF';
  tags?: Record<string, string>;
}

/** A custom event bus (every account and region has its default bus already). */
export interface EstateEventBus {
  account: string;
  region: string;
  name: string;
  /** The resource-based policy document; left out: none. */
  policy?: Record<string, unknown>;
  tags?: Record<string, string>;
}

/** An EBS block device mapping of a launch template version or Spot Fleet launch specification; `encrypted` left out: not set. */
export interface EstateBlockDevice {
  device: string;
  encrypted?: boolean;
}

/** A launch template; its versions are numbered in order, the first is the default unless `defaultVersion` says otherwise. */
export interface EstateLaunchTemplate {
  account: string;
  region: string;
  name: string;
  versions: { httpTokens?: 'required' | 'optional'; httpEndpoint?: 'enabled' | 'disabled'; volumes?: EstateBlockDevice[]; publicIp?: boolean }[];
  defaultVersion?: number;
  tags?: Record<string, string>;
}

export interface EstateTransitGateway {
  account: string;
  region: string;
  name: string;
  /** Default false (AWS's default). */
  autoAcceptSharedAttachments?: boolean;
  tags?: Record<string, string>;
}

/** A Site-to-Site VPN connection with two tunnels; logs go to the log group `/vpn/<name>`. */
export interface EstateVpnConnection {
  account: string;
  region: string;
  name: string;
  /** Per tunnel; default both false (AWS's default). */
  tunnelLogs?: [boolean, boolean];
  /** Per tunnel; default both true. */
  tunnelsUp?: [boolean, boolean];
  tags?: Record<string, string>;
}

export interface EstateClientVpnEndpoint {
  account: string;
  region: string;
  name: string;
  /** Logs to the log group `/client-vpn/<name>`; default false. */
  connectionLogs?: boolean;
  tags?: Record<string, string>;
}

/** A Spot Fleet request with one launch specification (or a launch template of the estate, by name). */
export interface EstateSpotFleetRequest {
  account: string;
  region: string;
  name: string;
  volumes?: EstateBlockDevice[];
  launchTemplate?: string;
  tags?: Record<string, string>;
}

/**
 * A CloudFront distribution (global: no region). An origin whose domain is an S3 REST endpoint
 * (`bucket.s3.region.amazonaws.com`) is an S3 origin; any other is a custom origin (default https-only,
 * TLSv1.2). Unset: no origin groups, redirect-to-https, no default root object, no logging, no WAF, the
 * default *.cloudfront.net certificate.
 */
export interface EstateCloudFrontDistribution {
  account: string;
  origins: { id: string; domainName: string; protocolPolicy?: 'http-only' | 'match-viewer' | 'https-only'; sslProtocols?: string[]; originAccessControlId?: string; originAccessIdentity?: string }[];
  originGroups?: { id: string; members: string[] }[];
  defaultBehavior: { targetOriginId: string; viewerProtocolPolicy?: 'allow-all' | 'https-only' | 'redirect-to-https' };
  behaviors?: { pathPattern: string; targetOriginId: string; viewerProtocolPolicy?: 'allow-all' | 'https-only' | 'redirect-to-https' }[];
  aliases?: string[];
  comment?: string;
  defaultRootObject?: string;
  loggingBucket?: string;
  webAclId?: string;
  certificate?: { acmCertificateArn: string; sslSupportMethod: 'sni-only' | 'vip'; minimumProtocolVersion: string };
  tags?: Record<string, string>;
}

/** An API Gateway REST API and its stages; a stage left with nothing set is AWS's default (no logging, cache, tracing, WAF or client certificate). */
export interface EstateRestApi {
  account: string;
  region: string;
  name: string;
  endpointType?: 'EDGE' | 'REGIONAL' | 'PRIVATE';
  tags?: Record<string, string>;
  stages: {
    name: string;
    /** The stage-wide execution log level (`*\/*`); left out: no method settings, logging off. */
    logLevel?: 'OFF' | 'ERROR' | 'INFO';
    /** A cache cluster caching every method, its data encrypted or not. */
    cache?: 'encrypted' | 'unencrypted';
    tracing?: boolean;
    webAcl?: string;
    clientCertificate?: string;
    tags?: Record<string, string>;
  }[];
}

/** An API Gateway v2 (HTTP or WebSocket) API with its stages and routes. */
export interface EstateV2Api {
  account: string;
  region: string;
  name: string;
  protocol?: 'HTTP' | 'WEBSOCKET';
  tags?: Record<string, string>;
  /** `accessLogs`: the CloudWatch Logs log group name access logs go to; left out: none. */
  stages: { name: string; accessLogs?: string; logLevel?: 'OFF' | 'ERROR' | 'INFO' }[];
  /** `auth` default NONE (AWS's default); CUSTOM and JWT get an authorizer. */
  routes: { key: string; auth?: 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'JWT' }[];
}

/** An AppSync GraphQL API; defaults as the console's: API key, no logging, no cache. */
export interface EstateGraphqlApi {
  account: string;
  region: string;
  name: string;
  auth?: 'API_KEY' | 'AWS_IAM' | 'AMAZON_COGNITO_USER_POOLS' | 'OPENID_CONNECT' | 'AWS_LAMBDA';
  additionalAuth?: ('API_KEY' | 'AWS_IAM' | 'AMAZON_COGNITO_USER_POOLS' | 'OPENID_CONNECT' | 'AWS_LAMBDA')[];
  fieldLogLevel?: 'NONE' | 'ERROR' | 'INFO' | 'DEBUG' | 'ALL';
  cache?: { atRest: boolean; transit: boolean };
  tags?: Record<string, string>;
}

/** A Network Firewall rule group of the account. */
export interface EstateFirewallRuleGroup {
  account: string;
  region: string;
  name: string;
  type: 'STATELESS' | 'STATEFUL';
  /** STATELESS: how many pass-UDP-to-DNS-style rules it holds (default 0: empty). */
  statelessRules?: number;
  tags?: Record<string, string>;
}

/** A Network Firewall policy; rule groups by name. */
export interface EstateFirewallPolicy {
  account: string;
  region: string;
  name: string;
  /** The stateless default action for full packets (default `forward`: aws:forward_to_sfe). */
  statelessDefault?: 'pass' | 'drop' | 'forward';
  /** The same for fragmented packets (default `forward`). */
  fragmentDefault?: 'pass' | 'drop' | 'forward';
  statelessRuleGroups?: string[];
  statefulRuleGroups?: string[];
  tags?: Record<string, string>;
}

/** A Network Firewall firewall using a policy by name; protections default off and logging to none, as CreateFirewall leaves them. */
export interface EstateNetworkFirewall {
  account: string;
  region: string;
  name: string;
  policy: string;
  deleteProtection?: boolean;
  subnetChangeProtection?: boolean;
  /** Log types sent to CloudWatch Logs. */
  logging?: ('FLOW' | 'ALERT' | 'TLS')[];
  tags?: Record<string, string>;
}

/** An Elastic Beanstalk environment (load-balanced web tier); defaults are enhanced health and no log streaming. */
export interface EstateBeanstalkEnvironment {
  account: string;
  region: string;
  application: string;
  name: string;
  streamLogs?: boolean;
  healthReporting?: 'enhanced' | 'basic';
  tags?: Record<string, string>;
}

/** A Transfer Family server (default SFTP on a public endpoint, no logging). */
export interface EstateTransferServer {
  account: string;
  region: string;
  protocols?: ('SFTP' | 'FTP' | 'FTPS' | 'AS2')[];
  endpointType?: 'PUBLIC' | 'VPC';
  /** A CloudWatch logging role. */
  logging?: boolean;
  tags?: Record<string, string>;
}

/** A Transfer Family SFTP connector (default without a logging role). */
export interface EstateTransferConnector {
  account: string;
  region: string;
  url: string;
  logging?: boolean;
  tags?: Record<string, string>;
}

/** An AWS WAF web ACL: managed rule groups and rate-based rules by name, metrics on unless listed. */
export interface EstateWebAcl {
  account: string;
  region: string;
  name: string;
  /** CLOUDFRONT web ACLs live in us-east-1 (default REGIONAL). */
  scope?: 'REGIONAL' | 'CLOUDFRONT';
  defaultAction?: 'Allow' | 'Block';
  /** AWS managed rule groups (e.g. AWSManagedRulesCommonRuleSet). */
  managedRules?: string[];
  /** Rate-based blocking rules, by name (2000 requests per 5 minutes per IP). */
  rateRules?: string[];
  /** Rules whose CloudWatch metrics are off. */
  rulesWithoutMetrics?: string[];
  /** The web ACL's own CloudWatch metrics (default on). */
  metrics?: boolean;
  tags?: Record<string, string>;
}

/**
 * A Redshift provisioned cluster, with CreateCluster's defaults unless asked: ra3.xlplus, admin `awsuser`
 * and database `dev` (the console's proposals), private, unencrypted, 1 day of automated snapshots, version
 * upgrades allowed, no enhanced VPC routing, single-AZ, the default parameter group (require_ssl false),
 * no audit logging. `requireSsl`: the cluster uses the region's `require-ssl` parameter group instead.
 */
export interface EstateRedshiftCluster {
  account: string;
  region: string;
  identifier: string;
  nodeType?: string;
  masterUsername?: string;
  dbName?: string;
  publiclyAccessible?: boolean;
  encrypted?: boolean;
  retentionDays?: number;
  allowVersionUpgrade?: boolean;
  enhancedVpcRouting?: boolean;
  multiAz?: boolean;
  requireSsl?: boolean;
  auditLogging?: 's3' | 'cloudwatch';
  /** Names of the estate's security groups in the same account and region (the cluster is then in the default VPC). */
  securityGroups?: string[];
  tags?: Record<string, string>;
}

/** A WorkSpace; volumes unencrypted unless asked, as CreateWorkspaces leaves them. */
export interface EstateWorkspace {
  account: string;
  region: string;
  userName: string;
  rootVolumeEncrypted?: boolean;
  userVolumeEncrypted?: boolean;
  tags?: Record<string, string>;
}

/** A Kinesis data stream; unencrypted and kept 24 hours unless asked, as CreateStream leaves it. */
export interface EstateKinesisStream {
  account: string;
  region: string;
  name: string;
  mode?: 'PROVISIONED' | 'ON_DEMAND';
  retentionHours?: number;
  /** A KMS key id, ARN or alias (`alias/aws/kinesis`: the AWS managed key); absent: not encrypted. */
  kmsKey?: string;
  tags?: Record<string, string>;
}

/** A DynamoDB table; deletion protection and point-in-time recovery off unless asked, as CreateTable leaves them. */
export interface EstateDynamoTable {
  account: string;
  region: string;
  name: string;
  billingMode?: 'PROVISIONED' | 'PAY_PER_REQUEST';
  deletionProtection?: boolean;
  pointInTimeRecovery?: boolean;
  /** A KMS key ARN (SSEType KMS); absent: the AWS owned key. */
  kmsKeyArn?: string;
  /** Capacity dimensions registered with Application Auto Scaling (provisioned tables); none unless asked. */
  autoscaling?: ('read' | 'write')[];
  tags?: Record<string, string>;
}

/** A DAX cluster; endpoint encryption and encryption at rest off unless asked, as CreateCluster leaves them. */
export interface EstateDaxCluster {
  account: string;
  region: string;
  name: string;
  nodes?: number;
  tls?: boolean;
  sse?: boolean;
  tags?: Record<string, string>;
}

/** An MSK Connect connector; no encryption block (PLAINTEXT) and no worker logs unless asked. */
export interface EstateMskConnector {
  account: string;
  region: string;
  name: string;
  encryption?: 'TLS' | 'PLAINTEXT';
  logs?: ('cloudwatch' | 'firehose' | 's3')[];
  tags?: Record<string, string>;
}

/** A Firehose delivery stream: DirectPut, or reading the estate's Kinesis stream `sourceStream`; unencrypted unless asked. */
export interface EstateDeliveryStream {
  account: string;
  region: string;
  name: string;
  sourceStream?: string;
  /** Server-side encryption (DirectPut only). */
  encryption?: 'AWS_OWNED_CMK' | 'CUSTOMER_MANAGED_CMK';
  tags?: Record<string, string>;
}

/** An Athena workgroup; CloudWatch metrics and enforced settings on unless turned off, query results unencrypted unless asked. */
export interface EstateAthenaWorkgroup {
  account: string;
  region: string;
  name: string;
  outputLocation?: string;
  encryption?: 'SSE_S3' | 'SSE_KMS' | 'CSE_KMS';
  publishMetrics?: boolean;
  enforceConfiguration?: boolean;
  tags?: Record<string, string>;
}

/** A Glue job: a Spark job (glueetl) unless another command is named; no Glue version: AWS's 0.9. */
export interface EstateGlueJob {
  account: string;
  region: string;
  name: string;
  command?: 'glueetl' | 'gluestreaming' | 'pythonshell' | 'glueray';
  glueVersion?: string;
  tags?: Record<string, string>;
}

/** A Glue FindMatches ML transform; its user data unencrypted unless `encrypted`, as CreateMLTransform leaves it. */
export interface EstateGlueMlTransform {
  account: string;
  region: string;
  name: string;
  encrypted?: boolean;
  tags?: Record<string, string>;
}

/** A Route 53 hosted zone; `queryLogGroup`: the us-east-1 CloudWatch Logs group receiving its DNS queries (public zones only). */
export interface EstateHostedZone {
  account: string;
  name: string;
  privateZone?: boolean;
  comment?: string;
  queryLogGroup?: string;
  tags?: Record<string, string>;
}

/** A WAF Classic regular rule; `predicates` left out: a rule with no conditions. */
export interface EstateWafRule {
  account: string;
  name: string;
  predicates?: { type: 'IPMatch' | 'ByteMatch' | 'SqlInjectionMatch' | 'GeoMatch' | 'SizeConstraint' | 'XssMatch' | 'RegexMatch'; dataId: string; negated?: boolean }[];
}

/** A WAF Classic rule group; `rules`: names of `wafRules` of the same account, each blocking. */
export interface EstateWafRuleGroup {
  account: string;
  name: string;
  rules?: string[];
}

/**
 * A WAF Classic web ACL; `rules` and `ruleGroups` name `wafRules` (blocking) and `wafRuleGroups` of the
 * same account; `logStream`: the Kinesis Data Firehose stream (`aws-waf-logs-*`, us-east-1) it logs to.
 * `id` fixes its id (a UUID) so that a CloudFront distribution's `webAclId` can name it.
 */
export interface EstateWafWebAcl {
  account: string;
  name: string;
  id?: string;
  defaultAction?: 'ALLOW' | 'BLOCK';
  rules?: string[];
  ruleGroups?: string[];
  logStream?: string;
}

/** An Amazon MQ broker; minor upgrades, public access and both logs off unless asked, as CreateBroker leaves them. */
export interface EstateMqBroker {
  account: string;
  region: string;
  name: string;
  engineType?: 'ACTIVEMQ' | 'RABBITMQ';
  deploymentMode?: 'SINGLE_INSTANCE' | 'ACTIVE_STANDBY_MULTI_AZ' | 'CLUSTER_MULTI_AZ';
  autoMinorVersionUpgrade?: boolean;
  publiclyAccessible?: boolean;
  generalLogs?: boolean;
  /** ActiveMQ only. */
  auditLogs?: boolean;
  tags?: Record<string, string>;
}

/**
 * An MSK cluster. Provisioned (default): TLS between clients and brokers and inside the cluster, IAM
 * client authentication, no public access unless asked (the console's defaults); serverless: always
 * TLS and IAM, never public.
 */
export interface EstateMskCluster {
  account: string;
  region: string;
  name: string;
  serverless?: boolean;
  clientBroker?: 'TLS' | 'TLS_PLAINTEXT' | 'PLAINTEXT';
  inCluster?: boolean;
  publicAccess?: boolean;
  unauthenticated?: boolean;
  iam?: boolean;
  tags?: Record<string, string>;
}

/** A standalone ElastiCache cluster; subnet group `default`, minor upgrades on and no backups unless asked, as CreateCacheCluster leaves them. */
export interface EstateCacheCluster {
  account: string;
  region: string;
  id: string;
  engine?: 'redis' | 'valkey' | 'memcached';
  engineVersion?: string;
  subnetGroup?: string;
  autoMinorVersionUpgrade?: boolean;
  snapshotRetentionLimit?: number;
  tags?: Record<string, string>;
}

/** An ElastiCache replication group and its member clusters; failover, Multi-AZ, encryption, AUTH and backups off unless asked. */
export interface EstateReplicationGroup {
  account: string;
  region: string;
  id: string;
  engine?: 'redis' | 'valkey';
  engineVersion?: string;
  nodes?: number;
  automaticFailover?: boolean;
  multiAz?: boolean;
  snapshotRetentionLimit?: number;
  authToken?: boolean;
  transitEncryption?: boolean;
  atRestEncryption?: boolean;
  subnetGroup?: string;
  autoMinorVersionUpgrade?: boolean;
  tags?: Record<string, string>;
}

/**
 * An OpenSearch Service domain with CreateDomain's defaults unless asked: one data node, no zone awareness, no
 * dedicated masters, a public endpoint, no encryption, HTTPS not enforced with TLS 1.0 accepted, no fine-grained
 * access control, no logs published. `vpcId`: placed in that VPC (two subnets of it).
 */
export interface EstateOpenSearchDomain {
  account: string;
  region: string;
  name: string;
  engineVersion?: string;
  instanceCount?: number;
  zoneAwareness?: boolean;
  dedicatedMasters?: number;
  vpcId?: string;
  encryptionAtRest?: boolean;
  nodeToNode?: boolean;
  enforceHttps?: boolean;
  tlsPolicy?: string;
  fineGrained?: boolean;
  /** Audit and error logs published to CloudWatch Logs (log groups /aws/opensearch/<name>/audit and /errors). */
  auditLogs?: boolean;
  errorLogs?: boolean;
  softwareUpdateAvailable?: boolean;
  tags?: Record<string, string>;
}

/** An active EMR cluster (WAITING unless another state is given); its primary node public only when asked. */
export interface EstateEmrCluster {
  account: string;
  region: string;
  name: string;
  state?: 'STARTING' | 'BOOTSTRAPPING' | 'RUNNING' | 'WAITING' | 'TERMINATED';
  primaryPublic?: boolean;
  fleets?: boolean;
  tags?: Record<string, string>;
}

/** An EMR security configuration; at-rest and in-transit encryption off unless asked. */
export interface EstateEmrSecurityConfiguration {
  account: string;
  region: string;
  name: string;
  atRest?: boolean;
  inTransit?: boolean;
}

/** An account's EMR block public access in one region (AWS's default without an entry: on, port 22 permitted). */
export interface EstateEmrBlockPublicAccess {
  account: string;
  region: string;
  block: boolean;
  /** Ports open to anywhere that EMR still permits: `22`, `8443`, `8080-8090`. */
  permittedPorts: string[];
}

/** A Redshift Serverless namespace and, optionally, its workgroup; CreateNamespace's and CreateWorkgroup's defaults unless asked. */
export interface EstateRedshiftServerless {
  account: string;
  region: string;
  namespace: string;
  /** Default `admin`, as the console proposes. */
  adminUsername?: string;
  /** Default `dev`. */
  dbName?: string;
  /** Default none. */
  logExports?: ('useractivitylog' | 'userlog' | 'connectionlog')[];
  workgroup?: { name: string; publiclyAccessible?: boolean; enhancedVpcRouting?: boolean; requireSsl?: boolean };
  tags?: Record<string, string>;
}

/** An EFS file system with its mount targets and access points; unencrypted and without automatic backups unless asked. */
export interface EstateEfsFileSystem {
  account: string;
  region: string;
  name: string;
  encrypted?: boolean;
  backup?: boolean;
  /** One Zone in this zone (default: Regional). */
  zone?: string;
  /** Each in the estate subnet of this name (a `vpcs` subnet of the same account and region), or without one in the default VPC's first subnet, which assigns public IPs. */
  mountTargets?: { subnet?: string }[];
  accessPoints?: { name: string; posixUser?: { uid: number; gid: number }; rootDirectory?: string }[];
  tags?: Record<string, string>;
}

/** An FSx file system of one of the four types; tags not copied unless asked. */
export interface EstateFsxFileSystem {
  account: string;
  region: string;
  name: string;
  type: 'LUSTRE' | 'WINDOWS' | 'ONTAP' | 'OPENZFS';
  deploymentType: string;
  copyTagsToBackups?: boolean;
  copyTagsToVolumes?: boolean;
  tags?: Record<string, string>;
}

/** An ACM certificate: issued by Amazon, RSA 2048, 395 days to run and unused unless asked. */
export interface EstateAcmCertificate {
  account: string;
  region: string;
  domainName: string;
  type?: 'AMAZON_ISSUED' | 'IMPORTED' | 'PRIVATE';
  keyAlgorithm?: 'RSA_1024' | 'RSA_2048' | 'RSA_3072' | 'RSA_4096' | 'EC_prime256v1' | 'EC_secp384r1' | 'EC_secp521r1';
  /** Days from the build to NotAfter (negative: expired). */
  expiresInDays?: number;
  /** ARNs of the resources using it. */
  inUseBy?: string[];
  tags?: Record<string, string>;
}

/** An AWS Private CA certificate authority; ACTIVE unless asked. */
export interface EstatePrivateCa {
  account: string;
  region: string;
  commonName: string;
  type: 'ROOT' | 'SUBORDINATE';
  status?: 'ACTIVE' | 'DISABLED' | 'PENDING_CERTIFICATE';
  tags?: Record<string, string>;
}

/** A DMS endpoint; SslMode none unless set, MongoDB AuthType password, Neptune IAM authorization off, Redis over TLS (the API's defaults). */
export interface EstateDmsEndpoint {
  account: string;
  region: string;
  identifier: string;
  type: 'source' | 'target';
  engine: 'mysql' | 'postgres' | 'oracle' | 'sqlserver' | 'aurora' | 'aurora-postgresql' | 'mongodb' | 'docdb' | 'neptune' | 'redis' | 's3' | 'dynamodb' | 'kinesis' | 'kafka' | 'opensearch' | 'redshift';
  sslMode?: 'none' | 'require' | 'verify-ca' | 'verify-full';
  mongoAuthType?: 'no' | 'password';
  neptuneIamAuth?: boolean;
  redisSslProtocol?: 'plaintext' | 'ssl-encryption';
  tags?: Record<string, string>;
}

/** A DMS replication instance; public, single-AZ and with automatic minor upgrades unless set (CreateReplicationInstance's defaults). */
export interface EstateDmsReplicationInstance {
  account: string;
  region: string;
  identifier: string;
  instanceClass?: string;
  publiclyAccessible?: boolean;
  multiAz?: boolean;
  autoMinorVersionUpgrade?: boolean;
  tags?: Record<string, string>;
}

/** A DMS replication task between two of the estate's endpoints on one of its instances (by identifier, same account and region); logging off unless set. */
export interface EstateDmsReplicationTask {
  account: string;
  region: string;
  identifier: string;
  source: string;
  target: string;
  instance: string;
  migrationType?: 'full-load' | 'cdc' | 'full-load-and-cdc';
  logging?: boolean;
  /** Severities of some log components (SOURCE_CAPTURE, TARGET_APPLY, …); the rest keep LOGGER_SEVERITY_DEFAULT. */
  severities?: Record<string, string>;
  tags?: Record<string, string>;
}

/** A SageMaker notebook instance; CreateNotebookInstance's defaults: outside a VPC, direct internet access and root access enabled. */
export interface EstateSagemakerNotebook {
  account: string;
  region: string;
  name: string;
  instanceType?: string;
  /** Launched in a subnet of the account's default VPC. */
  inVpc?: boolean;
  /** Only false with `inVpc` (AWS requires a subnet to turn it off). */
  directInternetAccess?: boolean;
  rootAccess?: boolean;
  /** Default notebook-al2-v3. */
  platform?: string;
  kmsKey?: boolean;
  tags?: Record<string, string>;
}

/** A SageMaker model; network isolation off unless set. */
export interface EstateSagemakerModel {
  account: string;
  region: string;
  name: string;
  networkIsolation?: boolean;
  inVpc?: boolean;
  tags?: Record<string, string>;
}

/** A SageMaker endpoint configuration: its production variants (instance-backed with a count, or serverless). */
export interface EstateSagemakerEndpointConfig {
  account: string;
  region: string;
  name: string;
  variants: { name?: string; instanceType?: string; instanceCount?: number; serverless?: boolean }[];
  tags?: Record<string, string>;
}

/** An AWS Backup vault and the recovery points in it (encrypted unless set: only a backup of an unencrypted EBS volume or RDS instance is not). */
export interface EstateBackupVault {
  account: string;
  region: string;
  name: string;
  recoveryPoints?: { resourceType: 'EBS' | 'EFS' | 'DynamoDB' | 'RDS' | 'S3'; resource: string; encrypted?: boolean }[];
  tags?: Record<string, string>;
}

/** A DataSync task between two locations it creates; no CloudWatch log group and LogLevel OFF unless set. */
export interface EstateDatasyncTask {
  account: string;
  region: string;
  name: string;
  /** A CloudWatch Logs group name in the same account and region. */
  logGroup?: string;
  logLevel?: 'OFF' | 'BASIC' | 'TRANSFER';
  tags?: Record<string, string>;
}
