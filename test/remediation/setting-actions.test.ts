/**
 * Property-based, over every registered action built with the settings factory: for random settings of its resource
 * type, the plan changes only settings the action declares and only when something violates, the expected state has
 * nothing left to fix and equals the before-state elsewhere, and undo∘fix is the identity on the touched state.
 * The end-to-end tests (elbv2, elb, autoscaling) check the same against the local endpoint.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResourceRef } from '../../src/core/resource.ts';
import { declaredSettings, type SettingState, type Settings } from '../../src/remediation/kit/setting.ts';
import { ACTIONS } from '../../src/remediation/registry.ts';
import { stageSettings } from '../../src/remediation/actions/apigateway/common.ts';
import type { AnyAction } from '../../src/remediation/types.ts';
import { distributionSettings } from '../../src/remediation/actions/cloudfront/common.ts';

const bool = fc.constantFrom('true', 'false');
const forward = { Type: 'forward', TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/t/1' };
const https = { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } };
const fixed = { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } };

/** Random settings (everything the read returns) per resource type, from the values AWS reports. */
const SETTINGS: Record<string, fc.Arbitrary<Settings>> = {
  'aws.datasync.task': fc.record({ CloudWatchLogGroupArn: fc.constantFrom(null, 'arn:aws:logs:us-east-1:111111111111:log-group:/aws/datasync:*'), LogLevel: fc.constantFrom('OFF', 'BASIC', 'TRANSFER'), VerifyMode: fc.constantFrom('NONE', 'POINT_IN_TIME_CONSISTENT') }) as fc.Arbitrary<Settings>,
  'aws.dms.replication-instance': fc.record({ AutoMinorVersionUpgrade: fc.boolean(), MultiAZ: fc.boolean(), PubliclyAccessible: fc.boolean() }) as fc.Arbitrary<Settings>,
  'aws.s3.account': fc.oneof(
    fc.constant({ BlockPublicAcls: null, IgnorePublicAcls: null, BlockPublicPolicy: null, RestrictPublicBuckets: null }),
    fc.record({ BlockPublicAcls: fc.boolean(), IgnorePublicAcls: fc.boolean(), BlockPublicPolicy: fc.boolean(), RestrictPublicBuckets: fc.boolean() }),
  ) as fc.Arbitrary<Settings>,
  'aws.s3.bucket': fc
    .record({ target: fc.constantFrom(null, 'logs-a', 'data'), prefix: fc.constantFrom('', 'data/') })
    .map(({ target, prefix }) => ({ TargetBucket: target, TargetPrefix: target === null ? null : prefix, Bucket: 'data' }) as Settings),
  'aws.ec2.region-settings': fc.record({ EbsEncryptionByDefault: fc.boolean() }) as fc.Arbitrary<Settings>,
  'aws.ec2.instance': fc.record({
    HttpTokens: fc.constantFrom('optional', 'required'),
    HttpEndpoint: fc.constantFrom('enabled', 'disabled'),
    HttpPutResponseHopLimit: fc.constantFrom(1, 2),
    InstanceMetadataTags: fc.constantFrom('enabled', 'disabled'),
  }) as fc.Arbitrary<Settings>,
  'aws.ec2.subnet': fc.record({ MapPublicIpOnLaunch: fc.boolean(), DefaultForAz: fc.boolean(), CidrBlock: fc.constantFrom('10.0.1.0/24', '172.31.0.0/20') }) as fc.Arbitrary<Settings>,
  'aws.ec2.transit-gateway': fc.record({ AutoAcceptSharedAttachments: fc.constantFrom('enable', 'disable'), DefaultRouteTableAssociation: fc.constantFrom('enable', 'disable') }) as fc.Arbitrary<Settings>,
  'aws.ec2.client-vpn-endpoint': fc
    .record({ enabled: fc.boolean(), group: fc.constantFrom('/client-vpn/a', '/client-vpn/b'), SplitTunnel: fc.boolean(), VpnPort: fc.constantFrom(443, 1194) })
    .map(({ enabled, group, ...rest }) => ({ 'ConnectionLogOptions.Enabled': enabled, 'ConnectionLogOptions.CloudwatchLogGroup': enabled ? group : null, ...rest }) as Settings),
  'aws.elbv2.load-balancer': fc.record({
    'access_logs.s3.enabled': bool,
    'access_logs.s3.bucket': fc.constantFrom('', 'logs-a', 'logs-b'),
    'access_logs.s3.prefix': fc.constantFrom('', 'web'),
    'deletion_protection.enabled': bool,
    'routing.http.desync_mitigation_mode': fc.constantFrom('monitor', 'defensive', 'strictest'),
    'routing.http.drop_invalid_header_fields.enabled': bool,
    'idle_timeout.timeout_seconds': fc.constantFrom('60', '120'),
    'routing.http2.enabled': bool,
  }),
  'aws.elbv2.listener': fc.record({
    Protocol: fc.constantFrom('HTTP', 'HTTPS', 'TLS', 'TCP'),
    Port: fc.constantFrom(80, 443, 8443),
    SslPolicy: fc.constantFrom(null, 'ELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-TLS13-1-0-2021-06'),
    DefaultActions: fc.constantFrom([forward], [https], [fixed], [{ Type: 'authenticate-oidc' }, forward]),
    Certificates: fc.constantFrom([], [{ CertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/1' }]),
  }) as fc.Arbitrary<Settings>,
  'aws.elb.load-balancer': fc
    .record({
      'CrossZoneLoadBalancing.Enabled': fc.boolean(),
      'AccessLog.Enabled': fc.boolean(),
      'AccessLog.S3BucketName': fc.constantFrom(null, 'logs-a'),
      'AccessLog.EmitInterval': fc.constantFrom(null, 5, 60),
      'AccessLog.S3BucketPrefix': fc.constantFrom(null, '', 'p'),
      'ConnectionDraining.Enabled': fc.boolean(),
      'ConnectionDraining.Timeout': fc.constantFrom(120, 300),
      'ConnectionSettings.IdleTimeout': fc.constantFrom(60, 350),
      'elb.http.desyncmitigationmode': fc.constantFrom('monitor', 'defensive', 'strictest'),
    })
    .map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== null)) as Settings),
  'aws.autoscaling.group': fc.record({
    HealthCheckType: fc.constantFrom('EC2', 'ELB', 'EC2,EBS', 'ELB,EBS', 'VPC_LATTICE'),
    HealthCheckGracePeriod: fc.constantFrom(0, 120, 300),
    LoadBalancerNames: fc.constantFrom([], ['legacy']),
    TargetGroupARNs: fc.constantFrom([], ['arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/t/1']),
    MinSize: fc.constant(1),
    MaxSize: fc.constant(4),
    DesiredCapacity: fc.constant(2),
  }) as fc.Arbitrary<Settings>,
  'aws.apigateway.stage': fc
    .record({
      methodSettings: fc.dictionary(
        fc.constantFrom('*/*', '~1orders/GET', '~1orders~1{id}/PUT', '~1health/GET'),
        fc.record({ loggingLevel: fc.constantFrom('OFF', 'ERROR', 'INFO'), cachingEnabled: fc.boolean(), cacheDataEncrypted: fc.boolean(), metricsEnabled: fc.boolean() }, { requiredKeys: [] }),
      ),
      tracingEnabled: fc.boolean(),
      cacheClusterEnabled: fc.boolean(),
    })
    .map((s) => stageSettings(s, null)),
  'aws.apigatewayv2.stage': fc.record({
    AccessLogSettings: fc.constantFrom(null, { DestinationArn: 'arn:aws:logs:us-east-1:111111111111:log-group:old', Format: '$context.requestId' }),
    AutoDeploy: fc.boolean(),
    DefaultRouteSettings: fc.constantFrom({ DetailedMetricsEnabled: false }, { DetailedMetricsEnabled: true, LoggingLevel: 'ERROR' }),
  }) as fc.Arbitrary<Settings>,
  'aws.appsync.graphql-api': fc.record({
    logConfig: fc.constantFrom(null, { fieldLogLevel: 'NONE', cloudWatchLogsRoleArn: 'arn:aws:iam::111111111111:role/old', excludeVerboseContent: true }, { fieldLogLevel: 'ALL', cloudWatchLogsRoleArn: 'arn:aws:iam::111111111111:role/old', excludeVerboseContent: false }),
    name: fc.constantFrom('orders', 'catalog'),
    authenticationType: fc.constantFrom('API_KEY', 'AWS_IAM'),
    xrayEnabled: fc.boolean(),
  }) as fc.Arbitrary<Settings>,
  // A random DistributionConfig, read into settings the way the CloudFront actions' capture does.
  'aws.cloudfront.distribution': fc
    .record({
      cert: fc.constantFrom(null, 'vip', 'sni-only'),
      tls: fc.constantFrom('TLSv1', 'TLSv1.2_2019', 'TLSv1.2_2021', 'TLSv1.3_2025'),
      logging: fc.constantFrom([false, ''], [false, 'logs.s3.amazonaws.com'], [true, 'logs.s3.amazonaws.com']),
      root: fc.constantFrom('', 'index.html'),
      s3: fc.boolean(),
      api: fc.constantFrom('https-only', 'http-only', 'match-viewer'),
      apiSsl: fc.constantFrom(['TLSv1.2'], ['TLSv1', 'TLSv1.2'], ['SSLv3', 'TLSv1'], ['TLSv1.1']),
      drSsl: fc.constantFrom(['TLSv1.2'], ['TLSv1', 'TLSv1.1', 'TLSv1.2']),
      viewers: fc.tuple(fc.constantFrom('allow-all', 'https-only', 'redirect-to-https'), fc.constantFrom('allow-all', 'https-only', 'redirect-to-https')),
    })
    .map((c) => {
      const custom = (id: string, policy: string, ssl: readonly string[]) => ({ Id: id, DomainName: `${id}.example.com`, CustomOriginConfig: { OriginProtocolPolicy: policy, OriginSslProtocols: { Quantity: ssl.length, Items: ssl } } });
      const origins = [...(c.s3 ? [{ Id: 'assets', DomainName: 'assets.s3.us-east-1.amazonaws.com', S3OriginConfig: { OriginAccessIdentity: '' } }] : []), custom('api', c.api, c.apiSsl), custom('api-dr', 'https-only', c.drSsl)];
      const config = {
        CallerReference: 'r',
        DefaultRootObject: c.root,
        Origins: { Quantity: origins.length, Items: origins },
        DefaultCacheBehavior: { TargetOriginId: c.s3 ? 'assets' : 'api', ViewerProtocolPolicy: c.viewers[0] },
        CacheBehaviors: { Quantity: 1, Items: [{ PathPattern: '/api/*', TargetOriginId: 'api', ViewerProtocolPolicy: c.viewers[1] }] },
        Logging: { Enabled: c.logging[0], IncludeCookies: false, Bucket: c.logging[1], Prefix: '' },
        ViewerCertificate: c.cert ? { CloudFrontDefaultCertificate: false, ACMCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/1', SSLSupportMethod: c.cert, MinimumProtocolVersion: c.tls } : { CloudFrontDefaultCertificate: true, MinimumProtocolVersion: 'TLSv1' },
      };
      return distributionSettings(config, 'E2QWRUHEXAMPLE');
    }),
  // The capture lists the zone's configuration; the delete of an undo names the id a re-read returns.
  'aws.route53.hosted-zone': fc.record({
    CloudWatchLogsLogGroupArn: fc.constantFrom(null, 'arn:aws:logs:us-east-1:111111111111:log-group:/aws/route53/old'),
    QueryLoggingConfigId: fc.constant('0a1b2c3d-0000-4000-8000-000000000001'),
  }) as fc.Arbitrary<Settings>,
  'aws.ecr.repository': fc.record({ scanOnPush: fc.boolean(), imageTagMutability: fc.constantFrom('MUTABLE', 'IMMUTABLE'), encryptionType: fc.constantFrom('AES256', 'KMS') }),
  'aws.ecs.cluster': fc.record({ containerInsights: fc.constantFrom('enabled', 'enhanced', 'disabled') }),
  'aws.eks.cluster': fc.record({ api: fc.boolean(), audit: fc.boolean(), authenticator: fc.boolean(), controllerManager: fc.boolean(), scheduler: fc.boolean() }),
  'aws.states.state-machine': fc.record({
    loggingConfiguration: fc.record({
      level: fc.constantFrom('OFF', 'ERROR', 'ALL', 'FATAL'),
      includeExecutionData: fc.boolean(),
      destinations: fc.constantFrom<string[]>([], ['arn:aws:logs:us-east-1:111111111111:log-group:/old:*']),
    }),
    tracingEnabled: fc.boolean(),
    roleArn: fc.constant('arn:aws:iam::111111111111:role/sfn'),
    type: fc.constantFrom('STANDARD', 'EXPRESS'),
  }) as fc.Arbitrary<Settings>,
  'aws.network-firewall.firewall': fc.record({
    DeleteProtection: fc.boolean(),
    SubnetChangeProtection: fc.boolean(),
    FirewallPolicyChangeProtection: fc.boolean(),
    FirewallPolicyArn: fc.constant('arn:aws:network-firewall:us-east-1:111111111111:firewall-policy/p'),
    UpdateToken: fc.constantFrom('11111111-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000002'),
  }),
  'aws.elasticbeanstalk.environment': fc
    .record({
      'aws:elasticbeanstalk:healthreporting:system:SystemType': fc.constantFrom('basic', 'enhanced'),
      'aws:elasticbeanstalk:environment:ServiceRole': fc.constantFrom(null, 'arn:aws:iam::111111111111:role/aws-elasticbeanstalk-service-role'),
      'aws:elasticbeanstalk:cloudwatch:logs:StreamLogs': fc.constantFrom('true', 'false'),
      'aws:elasticbeanstalk:cloudwatch:logs:RetentionInDays': fc.constantFrom('7', '30'),
      'aws:elasticbeanstalk:environment:EnvironmentType': fc.constantFrom('LoadBalanced', 'SingleInstance'),
    })
    .map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== null)) as Settings),
  // The DB cluster actions' read (DescribeDBClusters): Aurora engines report AutoMinorVersionUpgrade, Neptune and DocumentDB do not.
  'aws.rds.db-cluster': fc.record({
    Engine: fc.constantFrom('aurora-mysql', 'aurora-postgresql', 'postgres'),
    Status: fc.constant('available'),
    DeletionProtection: fc.boolean(),
    CopyTagsToSnapshot: fc.boolean(),
    IAMDatabaseAuthenticationEnabled: fc.boolean(),
    AutoMinorVersionUpgrade: fc.boolean(),
    BackupRetentionPeriod: fc.constantFrom(1, 7, 35),
    EnabledCloudwatchLogsExports: fc.constantFrom([], ['error'], ['audit', 'error'], ['postgresql']),
  }) as fc.Arbitrary<Settings>,
  'aws.neptune.cluster': fc.record({
    Engine: fc.constant('neptune'),
    Status: fc.constant('available'),
    DeletionProtection: fc.boolean(),
    CopyTagsToSnapshot: fc.boolean(),
    IAMDatabaseAuthenticationEnabled: fc.boolean(),
    BackupRetentionPeriod: fc.constantFrom(1, 6, 7, 14),
    EnabledCloudwatchLogsExports: fc.constantFrom([], ['slowquery'], ['audit'], ['audit', 'slowquery']),
  }) as fc.Arbitrary<Settings>,
  'aws.docdb.cluster': fc.record({
    Engine: fc.constant('docdb'),
    Status: fc.constant('available'),
    DeletionProtection: fc.boolean(),
    CopyTagsToSnapshot: fc.boolean(),
    IAMDatabaseAuthenticationEnabled: fc.constant(false),
    BackupRetentionPeriod: fc.constantFrom(1, 3, 7, 35),
    EnabledCloudwatchLogsExports: fc.constantFrom([], ['profiler'], ['audit'], ['audit', 'profiler']),
  }) as fc.Arbitrary<Settings>,
  'aws.opensearch.domain': fc.record({
    EncryptionAtRest: fc.boolean(),
    KmsKeyId: fc.constantFrom(null, 'arn:aws:kms:us-east-1:111111111111:key/1a2b3c4d-0000-4000-8000-123456789abc'),
    NodeToNodeEncryption: fc.boolean(),
    TLSSecurityPolicy: fc.constantFrom('Policy-Min-TLS-1-0-2019-07', 'Policy-Min-TLS-1-2-2019-07', 'Policy-Min-TLS-1-2-PFS-2023-10'),
    EnforceHTTPS: fc.boolean(),
    ES_APPLICATION_LOGS: fc.constantFrom(null, 'arn:aws:logs:us-east-1:111111111111:log-group:/aws/opensearch/old'),
    ServiceSoftwareUpdatePending: fc.boolean(),
  }) as fc.Arbitrary<Settings>,
  'aws.emr.account': fc.record({
    BlockPublicSecurityGroupRules: fc.boolean(),
    PermittedPublicSecurityGroupRuleRanges: fc.subarray([
      { MinRange: 22, MaxRange: 22 },
      { MinRange: 8443, MaxRange: 8443 },
      { MinRange: 0, MaxRange: 1024 },
      { MinRange: 8080, MaxRange: 8090 },
    ]),
    CreatedByArn: fc.constantFrom('arn:aws:iam::111111111111:root'),
  }) as fc.Arbitrary<Settings>,
  'aws.redshift-serverless.namespace': fc.record({ logExports: fc.subarray(['useractivitylog', 'userlog', 'connectionlog']), adminUsername: fc.constantFrom('admin', 'kumo'), dbName: fc.constantFrom('dev', 'db') }) as fc.Arbitrary<Settings>,
  'aws.redshift-serverless.workgroup': fc.record({ publiclyAccessible: fc.boolean(), enhancedVpcRouting: fc.boolean(), port: fc.constantFrom(5439, 5440), securityGroupIds: fc.constant(['sg-1']), subnetIds: fc.constant(['subnet-1']) }) as fc.Arbitrary<Settings>,
  'aws.efs.file-system': fc.record({ 'BackupPolicy.Status': fc.constantFrom('ENABLED', 'DISABLED') }) as fc.Arbitrary<Settings>,
  'aws.fsx.file-system': fc.oneof(
    fc.record({ FileSystemType: fc.constant('OPENZFS'), DeploymentType: fc.constantFrom('SINGLE_AZ_2', 'MULTI_AZ_1'), CopyTagsToBackups: fc.boolean(), CopyTagsToVolumes: fc.boolean() }),
    fc.record({ FileSystemType: fc.constantFrom('LUSTRE', 'WINDOWS', 'ONTAP'), DeploymentType: fc.constant(null), CopyTagsToBackups: fc.constant(null), CopyTagsToVolumes: fc.constant(null) }),
  ) as fc.Arbitrary<Settings>,
  'aws.rds.db-instance': fc
    .record({
      Engine: fc.constantFrom('postgres', 'mysql', 'oracle-ee', 'aurora-postgresql'),
      DBClusterIdentifier: fc.constantFrom(null, 'reports'),
      MultiAZ: fc.boolean(),
      BackupRetentionPeriod: fc.constantFrom(0, 1, 6, 7, 14),
      CopyTagsToSnapshot: fc.boolean(),
      DeletionProtection: fc.boolean(),
      IAMDatabaseAuthenticationEnabled: fc.boolean(),
      AutoMinorVersionUpgrade: fc.boolean(),
      PubliclyAccessible: fc.boolean(),
      monitoring: fc.constantFrom<[number, string | null]>([0, null], [0, 'arn:aws:iam::111111111111:role/old'], [30, 'arn:aws:iam::111111111111:role/old']),
      EnabledCloudwatchLogsExports: fc.constantFrom<string[]>([], ['postgresql'], ['error', 'general'], ['alert', 'audit', 'listener', 'trace'], ['postgresql', 'upgrade']),
    })
    .map(({ monitoring, ...rest }) => ({ ...rest, MonitoringInterval: monitoring[0], MonitoringRoleArn: monitoring[1] }) as Settings),
  'aws.rds.db-proxy': fc.record({ RequireTLS: fc.boolean(), EngineFamily: fc.constantFrom('POSTGRESQL', 'MYSQL'), IdleClientTimeout: fc.constant(1800), DebugLogging: fc.boolean() }) as fc.Arbitrary<Settings>,
  // Every subscription of the account, by name (the actions' own `mamori-rds-*-events` among them, or not).
  'aws.rds.event-subscription': fc
    .subarray([
      ['ops-all', { sourceType: null, categories: [], snsTopicArn: 'arn:aws:sns:us-east-1:111111111111:ops', enabled: false, sourceIds: [] }],
      ['instance-failures', { sourceType: 'db-instance', categories: ['failure'], snsTopicArn: 'arn:aws:sns:us-east-1:111111111111:ops', enabled: true, sourceIds: [] }],
      ['cluster-one', { sourceType: 'db-cluster', categories: [], snsTopicArn: 'arn:aws:sns:us-east-1:111111111111:ops', enabled: true, sourceIds: ['reports'] }],
      ['pg-changes', { sourceType: 'db-parameter-group', categories: ['configuration change'], snsTopicArn: 'arn:aws:sns:us-east-1:111111111111:ops', enabled: true, sourceIds: [] }],
      ['mamori-rds-security-group-events', { sourceType: 'db-security-group', categories: ['configuration change', 'failure'], snsTopicArn: 'arn:aws:sns:us-east-1:111111111111:old', enabled: true, sourceIds: [] }],
    ] as const)
    .map((subs) => Object.fromEntries(subs.map(([k, v]) => [k, JSON.parse(JSON.stringify(v)) as Settings[string]])) as Settings),
  'aws.kinesis.stream': fc
    .record({ RetentionPeriodHours: fc.constantFrom(24, 48, 168, 720), encrypted: fc.boolean(), key: fc.constantFrom('alias/aws/kinesis', 'arn:aws:kms:us-east-1:111111111111:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f'), StreamMode: fc.constantFrom('PROVISIONED', 'ON_DEMAND') })
    .map(({ encrypted, key, ...rest }) => ({ ...rest, EncryptionType: encrypted ? 'KMS' : 'NONE', KeyId: encrypted ? key : null, StreamStatus: 'ACTIVE' }) as Settings),
  'aws.firehose.delivery-stream': fc
    .record({ status: fc.constantFrom('ENABLED', 'DISABLED', 'ENABLING_FAILED'), type: fc.constantFrom('AWS_OWNED_CMK', 'CUSTOMER_MANAGED_CMK'), DeliveryStreamType: fc.constantFrom('DirectPut', 'KinesisStreamAsSource') })
    .map(({ status, type, DeliveryStreamType }) => ({ EncryptionStatus: status, KeyType: status === 'ENABLED' ? type : null, KeyARN: status === 'ENABLED' && type === 'CUSTOMER_MANAGED_CMK' ? 'arn:aws:kms:us-east-1:111111111111:key/k' : null, DeliveryStreamType, DeliveryStreamStatus: 'ACTIVE' }) as Settings),
  'aws.athena.workgroup': fc
    .record({ PublishCloudWatchMetricsEnabled: fc.boolean(), option: fc.constantFrom(null, 'SSE_S3', 'SSE_KMS', 'CSE_KMS'), EnforceWorkGroupConfiguration: fc.boolean(), OutputLocation: fc.constantFrom(null, 's3://results/athena/') })
    .map(({ option, ...rest }) => ({ ...rest, EncryptionOption: option, KmsKey: option === 'SSE_KMS' || option === 'CSE_KMS' ? 'arn:aws:kms:us-east-1:111111111111:key/k' : null, State: 'ENABLED' }) as Settings),
  'aws.redshift.cluster': fc
    .record({
      AutomatedSnapshotRetentionPeriod: fc.constantFrom(0, 1, 7, 35),
      PubliclyAccessible: fc.boolean(),
      AllowVersionUpgrade: fc.boolean(),
      logging: fc.constantFrom(null, { LogDestinationType: 'cloudwatch', BucketName: null, S3KeyPrefix: null, LogExports: ['connectionlog', 'userlog'] }, { LogDestinationType: 's3', BucketName: 'audit', S3KeyPrefix: 'rs/', LogExports: [] }),
    })
    .map(({ logging, ...rest }) => ({ ...rest, ClusterStatus: 'available', LoggingEnabled: logging !== null, ...(logging ?? { LogDestinationType: null, BucketName: null, S3KeyPrefix: null, LogExports: null }) }) as Settings),
  'aws.mq.broker': fc
    .record({ AutoMinorVersionUpgrade: fc.boolean(), engine: fc.constantFrom('ACTIVEMQ', 'RABBITMQ'), audit: fc.boolean(), 'Logs.General': fc.boolean() })
    .map(({ engine, audit, ...rest }) => ({ ...rest, EngineType: engine, 'Logs.Audit': engine === 'RABBITMQ' ? null : audit, EngineVersion: '5.18' }) as Settings),
  'aws.elasticache.cluster': fc
    .record({ engine: fc.constantFrom('redis', 'valkey', 'memcached'), days: fc.constantFrom(0, 1, 7), AutoMinorVersionUpgrade: fc.boolean(), ReplicationGroupId: fc.constantFrom(null, 'sessions') })
    .map(({ engine, days, ReplicationGroupId, ...rest }) => ({ ...rest, Engine: engine, SnapshotRetentionLimit: engine === 'memcached' ? null : days, ReplicationGroupId: engine === 'memcached' ? null : ReplicationGroupId, EngineVersion: '7.1' }) as Settings),
  'aws.msk.cluster': fc.record({ PublicAccessType: fc.constantFrom('DISABLED', 'SERVICE_PROVIDED_EIPS'), CurrentVersion: fc.constantFrom('K3AEGXETSR30VB', 'K1X2Y3Z4'), ClusterType: fc.constant('PROVISIONED') }),
  'aws.dynamodb.table': fc.record({ DeletionProtectionEnabled: fc.boolean(), PointInTimeRecoveryEnabled: fc.boolean(), BillingMode: fc.constantFrom('PROVISIONED', 'PAY_PER_REQUEST'), TableStatus: fc.constant('ACTIVE'), ContinuousBackupsStatus: fc.constant('ENABLED') }),
  'aws.sqs.queue': fc.record({
    SqsManagedSseEnabled: fc.boolean(),
    KmsMasterKeyId: fc.constantFrom(null, 'alias/aws/sqs'),
    QueueUrl: fc.constant('https://sqs.us-east-1.amazonaws.com/111111111111/q'),
  }) as fc.Arbitrary<Settings>,
  'aws.kms.key': fc.record({
    KeyRotationEnabled: fc.constantFrom(true, false, null),
    KeyState: fc.constantFrom('Enabled', 'Disabled', 'PendingDeletion'),
    DeletionDate: fc.constantFrom(null, '2026-12-30T10:00:00.000Z'),
    KeyManager: fc.constant('CUSTOMER'),
    KeySpec: fc.constant('SYMMETRIC_DEFAULT'),
  }) as fc.Arbitrary<Settings>,
  'aws.sns.topic': fc.record({ KmsMasterKeyId: fc.constantFrom(null, 'alias/aws/sns', 'arn:aws:kms:us-east-1:111111111111:key/k') }) as fc.Arbitrary<Settings>,
};

/** Parameters that make every action plannable (the access-log actions need a bucket). */
const PARAMS: Record<string, Record<string, unknown>[]> = {
  'datasync-task-enable-logging': [{ logGroupArn: 'arn:aws:logs:us-east-1:111111111111:log-group:/aws/datasync' }, { logGroupArn: 'arn:aws:logs:us-east-1:111111111111:log-group:/ds:*', level: 'TRANSFER' }],
  's3-enable-access-logging': [{ logBucket: 'logs-a' }, { logBucket: 'logs-b', prefix: 'access/' }],
  'sns-enable-encryption': [{}, { kmsKeyId: 'alias/kumo-topics' }],
  'elbv2-enable-access-logs': [{ bucket: 'logs-a' }, { bucket: 'logs-b', prefix: 'x' }],
  'elb-enable-access-logs': [{ bucket: 'logs-a' }, { bucket: 'logs-a', emitInterval: 5 }],
  'elbv2-set-desync-mitigation': [{}, { mode: 'strictest' }],
  'elb-set-desync-mitigation': [{}, { mode: 'strictest' }],
  'elb-enable-connection-draining': [{}, { timeout: 60 }],
  'autoscaling-enable-elb-health-check': [{}, { healthCheckGracePeriod: 600 }],
  'apigateway-enable-execution-logging': [{}, { level: 'INFO' }],
  'apigatewayv2-enable-access-logs': [{ logGroupArn: 'arn:aws:logs:us-east-1:111111111111:log-group:api' }, { logGroupArn: 'arn:aws:logs:us-east-1:111111111111:log-group:api:*', format: '$context.requestId $context.status' }],
  'ec2-client-vpn-enable-connection-logs': [{ logGroup: '/client-vpn/a' }, { logGroup: '/client-vpn/c' }],
  'appsync-enable-field-logging': [{ cloudWatchLogsRoleArn: 'arn:aws:iam::111111111111:role/logs' }, { cloudWatchLogsRoleArn: 'arn:aws:iam::111111111111:role/logs', fieldLogLevel: 'ALL' }],
  'cloudfront-enable-logging': [{ bucket: 'logs.s3.amazonaws.com' }, { bucket: 'other-logs.s3.amazonaws.com', prefix: 'cdn/' }],
  'cloudfront-set-default-root-object': [{ object: 'index.html' }, { object: 'home.html' }],
  'cloudfront-set-viewer-tls-policy': [{}, { minimumProtocolVersion: 'TLSv1.2_2025' }],
  'route53-enable-query-logging': [{ logGroupArn: 'arn:aws:logs:us-east-1:111111111111:log-group:/aws/route53/zone' }],
  'rds-instance-enable-enhanced-monitoring': [{ monitoringRoleArn: 'arn:aws:iam::111111111111:role/rds-monitoring' }, { monitoringRoleArn: 'arn:aws:iam::111111111111:role/rds-monitoring', interval: 15 }],
  'rds-instance-enable-backups': [{}, { retentionDays: 14 }],
  'rds-event-subscription-create-instance': [{ snsTopicArn: 'arn:aws:sns:us-east-1:111111111111:db-alerts' }],
  'rds-event-subscription-create-cluster': [{ snsTopicArn: 'arn:aws:sns:us-east-1:111111111111:db-alerts' }],
  'rds-event-subscription-create-parameter-group': [{ snsTopicArn: 'arn:aws:sns:us-east-1:111111111111:db-alerts' }],
  'rds-event-subscription-create-security-group': [{ snsTopicArn: 'arn:aws:sns:us-east-1:111111111111:db-alerts' }],
  'states-enable-logging': [{ logGroupArn: 'arn:aws:logs:us-east-1:111111111111:log-group:/aws/vendedlogs/states/x:*' }, { logGroupArn: 'arn:aws:logs:us-east-1:111111111111:log-group:/l:*', level: 'ALL' }],
  'elasticbeanstalk-enable-log-streaming': [{}, { retentionInDays: 90 }],
  'kinesis-increase-retention': [{}, { hours: 720 }],
  'kinesis-enable-encryption': [{}, { keyId: 'alias/streams' }],
  'firehose-enable-encryption': [{}, { keyArn: 'arn:aws:kms:us-east-1:111111111111:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' }],
  'athena-encrypt-results': [{}, { kmsKey: 'arn:aws:kms:us-east-1:111111111111:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' }],
  'redshift-enable-audit-logging': [{}, { bucket: 'audit-logs', prefix: 'redshift/' }],
  'elasticache-enable-backups': [{}, { days: 14 }],
  'elasticbeanstalk-enable-enhanced-health': [{ serviceRole: 'arn:aws:iam::111111111111:role/eb-service' }],
  'neptune-cluster-set-backup-retention': [{}, { days: 14 }],
  'docdb-cluster-set-backup-retention': [{}, { days: 35 }],
  'opensearch-enable-error-logs': [{ logGroupArn: 'arn:aws:logs:us-east-1:111111111111:log-group:/aws/opensearch/errors' }],
  'opensearch-enable-encryption-at-rest': [{ kmsKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/2b3c4d5e-0000-4000-8000-123456789abc' }],
  'opensearch-set-tls-policy': [{}, { policy: 'Policy-Min-TLS-1-2-2019-07' }],
};

/** The actions built with the factory, with the settings each declares. */
function settingActions(): { action: AnyAction; keys: readonly string[] }[] {
  return [...ACTIONS.values()].flatMap((action) => {
    const keys = declaredSettings(action);
    return keys ? [{ action, keys }] : [];
  });
}

/** The state a capture makes from everything it read: the declared settings, and the rest as `others`. */
function split(keys: readonly string[], all: Settings): SettingState {
  const settings: Settings = {};
  const others: Settings = {};
  for (const k of keys) settings[k] = all[k] ?? null;
  for (const [k, v] of Object.entries(all)) if (!keys.includes(k)) others[k] = v;
  return { settings, others };
}

/** Resource ids where the type's id has parts (API Gateway stages are `apiId/stageName`). */
const IDS: Record<string, string> = { 'aws.apigateway.stage': 'a1b2c3d4e5/prod', 'aws.apigatewayv2.stage': 'a1b2c3d4e5/$default' };
const target = (a: AnyAction): ResourceRef => ({ type: a.resourceTypes[0]!, id: IDS[a.resourceTypes[0]!] ?? 'r', arn: 'arn:aws:r', account: '111111111111', region: 'us-east-1', tags: {} });

describe('settings actions (every one in the registry)', () => {
  const actions = settingActions();

  it('has random settings for the resource type of every factory-built action', () => {
    expect(actions.length).toBeGreaterThan(0);
    for (const { action } of actions) expect(SETTINGS[action.resourceTypes[0]!], `${action.id}: add its type to SETTINGS`).toBeDefined();
  });

  for (const { action: a, keys } of actions) {
    describe(a.id, () => {
      const arb = fc.tuple(SETTINGS[a.resourceTypes[0]!] ?? fc.constant({}), fc.constantFrom(...(PARAMS[a.id] ?? [{}])));

      it('plans at most one call that changes only declared settings, and only when something violates', () => {
        fc.assert(
          fc.property(arb, ([all, rawParams]) => {
            const params = a.params.parse(rawParams);
            const state = split(keys, all);
            const plan = a.plan(state, [], params, target(a));
            const after = a.expected(state, [], params) as SettingState;
            expect(plan.calls.length).toBeLessThanOrEqual(1);
            const changed = Object.keys(state.settings).filter((k) => JSON.stringify(state.settings[k]) !== JSON.stringify(after.settings[k]));
            if (plan.calls.length === 0) expect(changed).toEqual([]);
            else expect(changed.length).toBeGreaterThan(0);
            // One "removes" line per changed setting; nothing is planned where nothing violates (drift says so).
            expect(plan.removes).toHaveLength(changed.length);
            if (a.drift(state, [], undefined) !== undefined) expect(plan.calls).toEqual([]);
            // Nothing outside the touched state changes, and the others are carried as they were.
            expect(after.others).toEqual(state.others);
            expect(Object.keys(after.settings).sort()).toEqual(Object.keys(state.settings).sort());
            // Fixed: nothing left to plan.
            expect(a.plan(after, [], params, target(a)).calls).toEqual([]);
          }),
          { numRuns: 150 },
        );
      });

      it('undo after the fix gives back exactly the touched state it started from', () => {
        fc.assert(
          fc.property(arb, ([all, rawParams]) => {
            const params = a.params.parse(rawParams);
            const before = split(keys, all);
            const after = a.expected(before, [], params) as SettingState;
            if (!a.undo || !a.expectedUndo) return;
            const undo = a.undo(before, after, after, target(a));
            const back = a.expectedUndo(before, after, after);
            expect(a.diff(back, before)).toEqual([]);
            expect(undo.calls.length).toBe(a.diff(after, before).length ? 1 : 0);
          }),
          { numRuns: 150 },
        );
      });
    });
  }
});

