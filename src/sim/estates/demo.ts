import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EstateDoc } from './types.ts';

/**
 * The demo estate: Kumo Retail, a small fictional company with five AWS accounts in one organization.
 * It holds the seed walkthrough and a handful of typical mistakes next to correct configurations;
 * docs/demo.md explains each one. Account ids are fictional.
 */
export const MANAGEMENT = '111111111111';
export const PRODUCTION = '222222222222';
export const DEVELOPMENT = '333333333333';
export const TEST = '444444444444';
export const SECURITY = '555555555555';

const ROLES = ['OrganizationAccountAccessRole', 'MamoriAudit'];
const WORLD = ['0.0.0.0/0', '::/0'];
const SECURE_PAB = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };

export const demoEstate: EstateDoc = {
  seed: 'kumo-retail',
  regions: ['us-east-1', 'eu-west-1', 'ap-northeast-1'],
  accounts: [
    { id: MANAGEMENT, name: 'Management', alias: 'kumo-management', roles: ROLES },
    { id: PRODUCTION, name: 'Production', alias: 'kumo-prod', roles: ROLES },
    { id: DEVELOPMENT, name: 'Development', alias: 'kumo-dev', roles: ROLES },
    { id: TEST, name: 'Test', alias: 'kumo-test', roles: ROLES },
    { id: SECURITY, name: 'Security', alias: 'kumo-security', roles: ROLES, accountPublicAccessBlock: SECURE_PAB, ebsEncryptionByDefault: true },
  ],
  securityGroups: [
    // The seed walkthrough: SMB open to the world (IPv4 and IPv6) next to legitimate rules.
    {
      account: PRODUCTION,
      region: 'us-east-1',
      name: 'file-share',
      description: 'Windows file server',
      tags: { Team: 'it-ops' },
      ingress: [
        { proto: 'tcp', ports: '445', from: WORLD, description: 'SMB (temporary, for the migration)' },
        { proto: 'tcp', ports: '445', from: ['10.0.0.0/8'], description: 'SMB from the corporate network' },
        { proto: 'tcp', ports: '443', from: ['0.0.0.0/0'], description: 'HTTPS' },
        { proto: 'tcp', ports: '22', from: ['10.20.0.0/16'], description: 'SSH from the bastion subnet' },
        { proto: 'tcp', ports: '3389', from: ['sg:bastion'], description: 'RDP from the bastion' },
      ],
    },
    { account: PRODUCTION, region: 'us-east-1', name: 'bastion', description: 'Bastion hosts', ingress: [{ proto: 'tcp', ports: '22', from: ['198.51.100.0/24'], description: 'Office' }] },
    { account: PRODUCTION, region: 'us-east-1', name: 'web', description: 'Public web tier', ingress: [{ proto: 'tcp', ports: '443', from: WORLD }, { proto: 'tcp', ports: '80', from: WORLD }] },
    {
      account: PRODUCTION,
      region: 'eu-west-1',
      name: 'legacy-admin',
      description: 'Old admin access, should have been removed',
      ingress: [
        { proto: 'tcp', ports: '3389', from: ['0.0.0.0/0'], description: 'RDP' },
        { proto: 'tcp', ports: '22', from: ['::/0'], description: 'SSH' },
      ],
    },
    { account: PRODUCTION, region: 'eu-west-1', name: 'orders-db', description: 'Orders PostgreSQL', ingress: [{ proto: 'tcp', ports: '5432', from: ['sg:legacy-admin', '10.1.0.0/16'] }] },
    // The related-resource exclusion: a lab group used by an instance tagged CASB-Audit=No.
    { account: DEVELOPMENT, region: 'us-east-1', name: 'smb-lab', description: 'SMB interoperability lab', ingress: [{ proto: 'tcp', ports: '445', from: ['0.0.0.0/0'] }] },
    {
      account: DEVELOPMENT,
      region: 'us-east-1',
      name: 'db-debug',
      description: 'Temporary database debugging',
      ingress: [
        { proto: 'tcp', ports: '3306', from: ['0.0.0.0/0'] },
        { proto: 'tcp', ports: '5432', from: WORLD },
        { proto: 'tcp', ports: '27017-27018', from: ['0.0.0.0/0'] },
      ],
    },
    { account: DEVELOPMENT, region: 'ap-northeast-1', name: 'mail-relay', description: 'Test mail relay', ingress: [{ proto: 'tcp', ports: '25', from: ['0.0.0.0/0'] }, { proto: 'udp', ports: '53', from: ['0.0.0.0/0'] }] },
    // The account exclusion: SMB open in the Test account is intended.
    { account: TEST, region: 'us-east-1', name: 'smb-test', description: 'SMB conformance tests', ingress: [{ proto: 'tcp', ports: '445', from: WORLD }] },
    { account: TEST, region: 'us-east-1', name: 'ftp-legacy', description: 'Legacy FTP drop', ingress: [{ proto: 'tcp', ports: '20-21', from: ['0.0.0.0/0'] }, { proto: 'tcp', ports: '5900', from: ['0.0.0.0/0'] }] },
    { account: SECURITY, region: 'us-east-1', name: 'siem-collectors', description: 'Log collectors', ingress: [{ proto: 'udp', ports: '514', from: ['10.0.0.0/8'] }, { proto: 'tcp', ports: '6514', from: ['pl-02cd2c6b'] }] },
    // Redshift: the warehouse admits its port from the VPC; marketing's BI access opened it to everyone.
    { account: PRODUCTION, region: 'us-east-1', name: 'warehouse', description: 'Redshift warehouse', ingress: [{ proto: 'tcp', ports: '5439', from: ['10.10.0.0/16'] }] },
    { account: PRODUCTION, region: 'us-east-1', name: 'marketing-bi', description: 'BI tool access to Redshift', ingress: [{ proto: 'tcp', ports: '5439', from: ['0.0.0.0/0'] }] },
  ],
  instances: [
    { account: PRODUCTION, region: 'us-east-1', name: 'fs-01', groups: ['file-share'], tags: { Team: 'it-ops' } },
    { account: DEVELOPMENT, region: 'us-east-1', name: 'smb-lab-01', groups: ['smb-lab'], tags: { 'CASB-Audit': 'No', Owner: 'network-lab' } },
    { account: DEVELOPMENT, region: 'us-east-1', name: 'db-debug-01', groups: ['db-debug'] },
    // The web tier, launched from an old template: IMDSv1 still accepted, a role attached.
    { account: PRODUCTION, region: 'us-east-1', name: 'web-01', groups: ['web'], instanceProfile: `arn:aws:iam::${PRODUCTION}:instance-profile/kumo-web`, tags: { Team: 'web' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'web-02', groups: ['web'], instanceProfile: `arn:aws:iam::${PRODUCTION}:instance-profile/kumo-web`, tags: { Team: 'web' } },
    // Done right: IMDSv2 only, with a role.
    { account: PRODUCTION, region: 'us-east-1', name: 'orders-worker-01', groups: ['web'], imdsv2: true, instanceProfile: `arn:aws:iam::${PRODUCTION}:instance-profile/kumo-orders`, tags: { Team: 'orders' } },
    // A build agent stopped in September 2025 and forgotten.
    { account: DEVELOPMENT, region: 'us-east-1', name: 'build-agent-old', groups: ['db-debug'], imdsv2: true, stoppedAt: '2025-09-14T17:02:11Z' },
  ],
  // A disk image shared publicly "for a partner" and forgotten; the nightly backup is encrypted and private.
  ebsSnapshots: [
    { account: PRODUCTION, region: 'us-east-1', name: 'web-golden-2026-03', description: 'web tier golden disk, shared for the agency', public: true },
    { account: PRODUCTION, region: 'us-east-1', name: 'orders-nightly', encrypted: true },
  ],
  // The web tier's data volume predates encryption by default; the orders worker's is encrypted.
  volumes: [
    { account: PRODUCTION, region: 'us-east-1', name: 'web-01-data', instance: 'web-01', size: 100 },
    { account: PRODUCTION, region: 'us-east-1', name: 'orders-worker-01-data', instance: 'orders-worker-01', encrypted: true, size: 50 },
  ],
  buckets: [
    { account: PRODUCTION, name: 'kumo-prod-assets', region: 'us-east-1', legacy: true, cannedAcl: 'public-read', encryption: { sseAlgorithm: 'AES256' }, tags: { Team: 'web' } },
    { account: PRODUCTION, name: 'kumo-prod-invoices', region: 'us-east-1', encryption: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:us-east-1:222222222222:key/4f1c9a7e-0000-4000-8000-000000000001' }, tags: { DataClass: 'confidential' } },
    { account: PRODUCTION, name: 'kumo-prod-logs', region: 'eu-west-1', legacy: true, cannedAcl: 'private', encryption: null },
    { account: DEVELOPMENT, name: 'kumo-dev-uploads', region: 'us-east-1', legacy: true, cannedAcl: 'public-read-write', encryption: null },
    {
      account: DEVELOPMENT,
      name: 'kumo-dev-website',
      region: 'ap-northeast-1',
      legacy: true,
      encryption: { sseAlgorithm: 'AES256' },
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::kumo-dev-website/*' },
          { Sid: 'CiDeploy', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${DEVELOPMENT}:role/ci-deploy` }, Action: ['s3:PutObject', 's3:DeleteObject'], Resource: 'arn:aws:s3:::kumo-dev-website/*' },
        ],
      },
    },
    {
      account: DEVELOPMENT,
      name: 'kumo-dev-partner-share',
      region: 'us-east-1',
      legacy: true,
      encryption: { sseAlgorithm: 'AES256' },
      policy: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'PartnerOffice', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::kumo-dev-partner-share/*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }],
      },
    },
    {
      account: TEST,
      name: 'kumo-test-scratch',
      region: 'us-east-1',
      legacy: true,
      encryption: null,
      policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:*', Resource: ['arn:aws:s3:::kumo-test-scratch', 'arn:aws:s3:::kumo-test-scratch/*'] }] },
    },
    // A legacy public ACL neutralized by bucket-level Block Public Access: not public.
    { account: TEST, name: 'kumo-test-fixtures', region: 'eu-west-1', legacy: true, cannedAcl: 'public-read', publicAccessBlock: SECURE_PAB, encryption: { sseAlgorithm: 'AES256' } },
    { account: SECURITY, name: 'kumo-security-cloudtrail', region: 'us-east-1', encryption: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/cloudtrail' } },
    // The finance ledger done right: logged, evented, expiring old versions, versioned with MFA Delete, HTTPS only.
    {
      account: PRODUCTION,
      name: 'kumo-prod-ledger',
      region: 'us-east-1',
      encryption: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/ledger' },
      logging: { targetBucket: 'kumo-prod-invoices', targetPrefix: 'access/ledger/' },
      notifications: ['EventBridge'],
      lifecycle: [{ id: 'old-versions', noncurrentDays: 90, abortDays: 7 }],
      versioning: 'Enabled',
      mfaDelete: true,
      publicAccessBlock: SECURE_PAB,
      policy: { Version: '2012-10-17', Statement: [{ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::kumo-prod-ledger', 'arn:aws:s3:::kumo-prod-ledger/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
    },
    // The partner exchange: the partner's account may rewrite object ACLs and the bucket policy itself; versioned, never expired.
    {
      account: PRODUCTION,
      name: 'kumo-prod-partner-exchange',
      region: 'us-east-1',
      versioning: 'Enabled',
      policy: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'PartnerAdmin', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: ['s3:GetObject', 's3:PutObject', 's3:PutObjectAcl', 's3:PutBucketPolicy'], Resource: ['arn:aws:s3:::kumo-prod-partner-exchange', 'arn:aws:s3:::kumo-prod-partner-exchange/*'] }],
      },
    },
  ],
  // The partner exchange's access point was created with Block Public Access off "for the partner's website".
  s3AccessPoints: [
    { account: PRODUCTION, name: 'partner-exchange', bucket: 'kumo-prod-partner-exchange', publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false } },
    { account: PRODUCTION, name: 'ledger-reports', bucket: 'kumo-prod-ledger', vpcId: 'vpc-0a1b2c3d4e5f60718' },
  ],
  s3MultiRegionAccessPoints: [{ account: PRODUCTION, name: 'kumo-assets-global', buckets: ['kumo-prod-assets', 'kumo-prod-logs'] }],
  // S3 Express scratch space for the recommender's training jobs: nothing ever expires.
  s3DirectoryBuckets: [
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-ml-scratch--use1-az4--x-s3' },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-ml-cache--use1-az4--x-s3', lifecycle: [{ id: 'expire-1d', expirationDays: 1 }] },
  ],
  dbSnapshots: [
    { account: PRODUCTION, region: 'us-east-1', id: 'orders-db-2026-11-01', source: 'orders-db', engine: 'postgres', restore: ['all'], tags: { Team: 'orders' } },
    { account: PRODUCTION, region: 'us-east-1', id: 'orders-db-2026-10-01', source: 'orders-db', engine: 'postgres', restore: [SECURITY] },
    { account: DEVELOPMENT, region: 'eu-west-1', id: 'dev-mysql-seed', source: 'dev-mysql', engine: 'mysql', restore: ['all', PRODUCTION] },
  ],
  clusterSnapshots: [
    { account: PRODUCTION, region: 'us-east-1', id: 'analytics-aurora-final', source: 'analytics-aurora', engine: 'aurora-postgresql', restore: ['all', SECURITY] },
    { account: PRODUCTION, region: 'us-east-1', id: 'analytics-aurora-weekly', source: 'analytics-aurora', engine: 'aurora-postgresql', restore: [] },
    // The dev DocumentDB seed data, shared with everyone "for a minute" to hand it to a contractor.
    { account: DEVELOPMENT, region: 'eu-west-1', id: 'kumo-dev-docdb-seed', source: 'kumo-dev-docdb', restore: ['all'] },
    { account: PRODUCTION, region: 'us-east-1', id: 'kumo-fraud-graph-2026-11', source: 'kumo-fraud-graph', restore: [] },
  ],
  loadBalancers: [
    // The shop's public ALB, created with the defaults and a plain-HTTP listener that forwards: three findings.
    {
      account: PRODUCTION,
      region: 'us-east-1',
      name: 'kumo-shop-web',
      // Lowered to monitor when an old mobile client's malformed requests were rejected, never raised again.
      attributes: { 'routing.http.desync_mitigation_mode': 'monitor' },
      tags: { Team: 'shop' },
      listeners: [
        { port: 80, protocol: 'HTTP', forwardTo: 'shop-web' },
        { port: 443, protocol: 'HTTPS', forwardTo: 'shop-web' },
      ],
    },
    // The internal API's ALB done right: protected, strict about headers, HTTP redirected.
    {
      account: PRODUCTION,
      region: 'us-east-1',
      name: 'kumo-api-internal',
      scheme: 'internal',
      attributes: { 'deletion_protection.enabled': 'true', 'routing.http.drop_invalid_header_fields.enabled': 'true', 'access_logs.s3.enabled': 'true', 'access_logs.s3.bucket': 'kumo-prod-logs' },
      tags: { Team: 'orders' },
      listeners: [
        { port: 80, protocol: 'HTTP', redirectToHttps: true },
        { port: 443, protocol: 'HTTPS', forwardTo: 'orders-api', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' },
      ],
    },
    // The stores' IoT gateway: an NLB taking MQTT in clear text, left in a single zone to save a subnet.
    {
      account: PRODUCTION,
      region: 'us-east-1',
      name: 'kumo-store-mqtt',
      type: 'network',
      availabilityZones: ['us-east-1a'],
      attributes: { 'deletion_protection.enabled': 'true' },
      tags: { Team: 'stores' },
      listeners: [{ port: 1883, protocol: 'TCP', forwardTo: 'store-mqtt' }],
    },
  ],
  classicLoadBalancers: [
    // The 2016 checkout, never migrated: HTTP beside HTTPS with a hand-uploaded IAM certificate, one zone,
    // created through the API (no logs, no draining, no cross-zone) and desync mitigation lowered to monitor.
    {
      account: PRODUCTION,
      region: 'us-east-1',
      name: 'kumo-legacy-checkout',
      availabilityZones: ['us-east-1a'],
      listeners: [
        { protocol: 'HTTP', port: 80 },
        { protocol: 'HTTPS', port: 443, certificate: 'iam' },
      ],
      desyncMitigationMode: 'monitor',
      tags: { Team: 'checkout' },
    },
    // The point-of-sale sync endpoint, a Classic Load Balancer kept in good order: TLS only with an ACM
    // certificate, two zones, logged, draining, balanced across zones.
    {
      account: DEVELOPMENT,
      region: 'eu-west-1',
      name: 'kumo-pos-sync',
      scheme: 'internal',
      listeners: [{ protocol: 'SSL', port: 8443, instancePort: 8443 }],
      crossZone: true,
      accessLogBucket: 'kumo-dev-logs',
      connectionDraining: 300,
      tags: { Team: 'stores' },
    },
  ],
  eksClusters: [
    // The shop's cluster, created with the console's defaults in 2024 and never upgraded: API open to the internet, no audit log.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-shop-eks', version: '1.29', tags: { Team: 'shop' } },
    // The platform team's cluster done right: private endpoint, every control plane log, the newest version.
    {
      account: PRODUCTION,
      region: 'eu-west-1',
      name: 'kumo-platform-eks',
      version: '1.35',
      endpointPublicAccess: false,
      endpointPrivateAccess: true,
      enabledLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
      tags: { Team: 'platform' },
    },
  ],
  ecrRepositories: [
    // The shop's image repository, created with the defaults: tags overwritable, never scanned, images kept forever.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo/shop-web', tags: { Team: 'shop' } },
    // The platform's base image done right.
    {
      account: PRODUCTION,
      region: 'us-east-1',
      name: 'kumo/base-images',
      imageTagMutability: 'IMMUTABLE',
      scanOnPush: true,
      lifecyclePolicy: { rules: [{ rulePriority: 1, description: 'expire untagged after 14 days', selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 }, action: { type: 'expire' } }] },
      tags: { Team: 'platform' },
    },
  ],
  lambdaFunctions: [
    // Marketing's promo webhook: a function URL with no auth (public through the statement Lambda adds) on python3.8, deprecated in 2024.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-promo-webhook', runtime: 'python3.8', url: 'NONE', tags: { Team: 'marketing' } },
    // The shop's thumbnailer, invoked by S3 only from the shop's account: not public, on a supported runtime.
    {
      account: PRODUCTION,
      region: 'us-east-1',
      name: 'kumo-thumbnails',
      runtime: 'nodejs24.x',
      permissions: [{ statementId: 's3-uploads', action: 'lambda:InvokeFunction', principal: 's3.amazonaws.com', sourceAccount: PRODUCTION, sourceArn: 'arn:aws:s3:::kumo-prod-uploads' }],
      tags: { Team: 'shop' },
    },
    // The orders sync reaches the database through the default VPC, but only through us-east-1a's subnet.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-orders-sync', runtime: 'python3.13', vpcZones: ['us-east-1a'], tags: { Team: 'orders' } },
    // The stock updater does the same across two zones.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-stock-updater', runtime: 'python3.13', vpcZones: ['us-east-1a', 'us-east-1b'], tags: { Team: 'shop' } },
  ],
  ecsTaskDefinitions: [
    // The shop's Fargate task done right: read-only root, non-root user, logs to CloudWatch.
    {
      account: PRODUCTION,
      region: 'us-east-1',
      family: 'kumo-shop-web',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      containers: [{ name: 'web', image: '222222222222.dkr.ecr.us-east-1.amazonaws.com/shop-web:2026.11.3', readonlyRootFilesystem: true, user: '1000', logDriver: 'awslogs' }],
      tags: { Team: 'shop' },
    },
    // A node agent copied from a vendor's quick start: host network and PID namespace, root, a privileged exporter.
    {
      account: PRODUCTION,
      region: 'us-east-1',
      family: 'kumo-node-agent',
      networkMode: 'host',
      pidMode: 'host',
      requiresCompatibilities: ['EC2'],
      containers: [
        { name: 'metrics-agent', image: 'public.ecr.aws/kumo/metrics-agent:7.2', readonlyRootFilesystem: true, logDriver: 'awslogs' },
        { name: 'gpu-exporter', image: 'public.ecr.aws/kumo/gpu-exporter:1.1', privileged: true, user: 'nobody', readonlyRootFilesystem: true, logDriver: 'awslogs' },
      ],
      tags: { Team: 'platform' },
    },
    // An old batch job in Development: an access key pair in its environment, no logs, a writable root.
    {
      account: DEVELOPMENT,
      region: 'eu-west-1',
      family: 'kumo-dev-batch',
      networkMode: 'bridge',
      requiresCompatibilities: ['EC2'],
      containers: [{ name: 'nightly-export', image: '333333333333.dkr.ecr.eu-west-1.amazonaws.com/export:0.9', user: 'app', environment: { AWS_ACCESS_KEY_ID: 'AKIAKUMODEMO00000000', AWS_SECRET_ACCESS_KEY: 'kumo-demo-not-a-real-secret', EXPORT_BUCKET: 'kumo-dev-exports' } }],
    },
  ],
  ecsClusters: [
    // The shop cluster: Container Insights never turned on; the web service in a public subnet with a
    // public IP per task, and a worker pinned to an old Fargate platform version.
    {
      account: PRODUCTION,
      region: 'us-east-1',
      name: 'kumo-shop',
      tags: { Team: 'shop' },
      services: [
        { name: 'shop-web', taskDefinition: 'kumo-shop-web', launchType: 'FARGATE', assignPublicIp: 'ENABLED', tags: { Team: 'shop' } },
        { name: 'shop-worker', taskDefinition: 'kumo-shop-web', launchType: 'FARGATE', platformVersion: '1.3.0' },
      ],
    },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-platform', containerInsights: 'enabled', tags: { Team: 'platform' }, services: [{ name: 'node-agent', taskDefinition: 'kumo-node-agent', launchType: 'EC2' }] },
  ],
  launchConfigurations: [
    // Created in 2019 and never migrated: no metadata options (IMDSv1) and public IPs for every worker.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-shop-workers-2019', instanceType: 'm5.large', associatePublicIpAddress: true },
    // Container hosts: IMDSv2, but tokens forwarded to the containers (hop limit 2).
    { account: DEVELOPMENT, region: 'eu-west-1', name: 'kumo-dev-ecs-hosts', instanceType: 't3.large', metadata: { httpTokens: 'required', hopLimit: 2 } },
  ],
  autoScalingGroups: [
    // The shop workers: launch configuration, one zone, one type, EC2 health checks behind a Classic Load Balancer.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-shop-workers', launchConfiguration: 'kumo-shop-workers-2019', zones: ['us-east-1a'], classicLoadBalancers: ['kumo-shop-workers'], tags: { Team: 'shop' } },
    // The orders API done right: launch template with two types over three zones, ELB health checks.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-orders-api', launchTemplate: 'kumo-orders-api', instanceTypes: ['m6i.large', 'm5.large'], zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], targetGroups: ['orders-api'], healthCheckType: 'EC2,ELB', tags: { Team: 'orders' } },
  ],
  stateMachines: [
    // Order fulfilment, created with the defaults: logging OFF. Payments logs errors.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-order-fulfilment', tags: { Team: 'orders' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-payments', type: 'EXPRESS', logLevel: 'ERROR', tags: { Team: 'payments' } },
  ],
  eventBuses: [
    // The orders bus takes events from the shop account but nobody wrote down who may publish: no policy.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-orders', tags: { Team: 'orders' } },
    // The security bus collects findings from the organization's accounts, and says so in its policy.
    {
      account: SECURITY,
      region: 'us-east-1',
      name: 'kumo-security-findings',
      policy: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'OrgAccounts', Effect: 'Allow', Principal: '*', Action: 'events:PutEvents', Resource: `arn:aws:events:us-east-1:${SECURITY}:event-bus/kumo-security-findings`, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-kumoretail1' } } }],
      },
    },
  ],
  launchTemplates: [
    // The orders API's template, which its Auto Scaling group follows: tokens required, encrypted root volume, private.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-orders-api', versions: [{ httpTokens: 'required', volumes: [{ device: '/dev/xvda', encrypted: true }], publicIp: false }], tags: { Team: 'orders' } },
    // The dev bastion: version 1 (still the default) copied from an old blog post, IMDSv1 and a root volume that does not
    // ask for encryption; version 2 fixed the metadata options but added a public IP for "easier SSH".
    {
      account: DEVELOPMENT,
      region: 'us-east-1',
      name: 'kumo-dev-bastion',
      versions: [
        { httpTokens: 'optional', volumes: [{ device: '/dev/xvda' }] },
        { httpTokens: 'required', volumes: [{ device: '/dev/xvda', encrypted: true }], publicIp: true },
      ],
      tags: { Team: 'platform' },
    },
  ],
  transitGateways: [
    // The network hub shared with every account through RAM, set to accept their VPC attachments without review.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-network-hub', autoAcceptSharedAttachments: true, tags: { Team: 'platform' } },
  ],
  vpnConnections: [
    // The warehouse VPN: tunnel logging never switched on, and the second tunnel down since the router swap.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-warehouse-vpn', tunnelsUp: [true, false], tags: { Team: 'logistics' } },
    // The head office VPN done right: both tunnels up and logging.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-office-vpn', tunnelLogs: [true, true], tags: { Team: 'platform' } },
  ],
  clientVpnEndpoints: [
    // Remote access for contractors in Development, without connection logs; Security's endpoint logs them.
    { account: DEVELOPMENT, region: 'us-east-1', name: 'kumo-dev-contractors', tags: { Team: 'platform' } },
    { account: SECURITY, region: 'us-east-1', name: 'kumo-security-responders', connectionLogs: true },
  ],
  spotFleetRequests: [
    // CI runners on a Spot Fleet with a 100 GiB build cache volume that does not ask for encryption.
    { account: DEVELOPMENT, region: 'us-east-1', name: 'kumo-ci-runners', volumes: [{ device: '/dev/xvda', encrypted: true }, { device: '/dev/sdf' }], tags: { Team: 'platform' } },
  ],
  cloudfrontDistributions: [
    // The shop's CDN: the public assets bucket behind it with no origin access control (why the bucket is
    // public), a custom certificate still allowing TLS 1.0, no WAF, no failover origin. Logged, root object set.
    {
      account: PRODUCTION,
      comment: 'kumo-shop-cdn',
      aliases: ['shop.kumo-retail.example'],
      origins: [
        { id: 'assets', domainName: 'kumo-prod-assets.s3.us-east-1.amazonaws.com' },
        { id: 'shop-api', domainName: 'api.kumo-retail.example' },
      ],
      defaultBehavior: { targetOriginId: 'assets' },
      behaviors: [{ pathPattern: '/api/*', targetOriginId: 'shop-api', viewerProtocolPolicy: 'https-only' }],
      defaultRootObject: 'index.html',
      loggingBucket: 'kumo-prod-logs.s3.amazonaws.com',
      certificate: { acmCertificateArn: `arn:aws:acm:us-east-1:${PRODUCTION}:certificate/5a3c1f0e-0000-4000-8000-000000000001`, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1' },
      tags: { Team: 'web' },
    },
    // Marketing's 2023 spring campaign site: its bucket was deleted after the campaign, the distribution was
    // not (anyone could claim the bucket name). Default certificate, plain HTTP allowed, never logged.
    {
      account: PRODUCTION,
      comment: 'kumo-spring-campaign-2023',
      origins: [{ id: 'campaign', domainName: 'kumo-spring-campaign-2023.s3.us-east-1.amazonaws.com' }],
      defaultBehavior: { targetOriginId: 'campaign', viewerProtocolPolicy: 'allow-all' },
      tags: { Team: 'marketing' },
    },
    // The point-of-sale API's CDN in development: WAF, logging, a failover pair and a TLS 1.2 policy, but the
    // old on-premises origin is reached over plain HTTP, the backup one still offers TLS 1.0, and someone
    // picked dedicated-IP SSL.
    {
      account: DEVELOPMENT,
      comment: 'kumo-pos-api-cdn',
      aliases: ['pos-api.dev.kumo-retail.example'],
      origins: [
        { id: 'pos-onprem', domainName: 'pos.onprem.kumo-retail.example', protocolPolicy: 'http-only' },
        { id: 'pos-cloud', domainName: 'pos.cloud.kumo-retail.example', sslProtocols: ['TLSv1', 'TLSv1.2'] },
      ],
      originGroups: [{ id: 'pos-failover', members: ['pos-onprem', 'pos-cloud'] }],
      defaultBehavior: { targetOriginId: 'pos-failover', viewerProtocolPolicy: 'https-only' },
      defaultRootObject: 'health',
      loggingBucket: 'kumo-dev-logs.s3.amazonaws.com',
      webAclId: 'a1d0c2e4-0000-4000-8000-0000000000aa',
      certificate: { acmCertificateArn: `arn:aws:acm:us-east-1:${DEVELOPMENT}:certificate/5a3c1f0e-0000-4000-8000-000000000002`, sslSupportMethod: 'vip', minimumProtocolVersion: 'TLSv1.2_2021' },
      tags: { Team: 'stores' },
    },
  ],
  restApis: [
    // The shop's REST API: a prod stage created from the console and never hardened, plus a cache whose data is not encrypted.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-shop-api', endpointType: 'REGIONAL', tags: { Team: 'shop' }, stages: [{ name: 'prod', cache: 'unencrypted', tags: { Team: 'shop' } }] },
    // The orders REST API done right: errors logged, encrypted cache, X-Ray, WAF and a client certificate for the backend.
    {
      account: PRODUCTION,
      region: 'us-east-1',
      name: 'kumo-orders-api',
      tags: { Team: 'orders' },
      stages: [{ name: 'prod', logLevel: 'ERROR', cache: 'encrypted', tracing: true, webAcl: `arn:aws:wafv2:us-east-1:${PRODUCTION}:regional/webacl/kumo-api/1a2b3c4d`, clientCertificate: 'k7q2m9x4p1' }],
    },
  ],
  v2Apis: [
    // The checkout HTTP API: quick-created ($default stage, no access logs); the cart route was left open.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-checkout-http', tags: { Team: 'shop' }, stages: [{ name: '$default' }], routes: [{ key: 'GET /cart' }, { key: 'POST /checkout', auth: 'JWT' }] },
    // Support chat over WebSocket: access and execution logs, IAM at $connect (message routes need none of their own).
    {
      account: PRODUCTION,
      region: 'eu-west-1',
      name: 'kumo-support-chat',
      protocol: 'WEBSOCKET',
      tags: { Team: 'support' },
      stages: [{ name: 'live', accessLogs: 'kumo-support-chat-access', logLevel: 'ERROR' }],
      routes: [{ key: '$connect', auth: 'AWS_IAM' }, { key: 'sendMessage' }, { key: '$disconnect' }],
    },
  ],
  graphqlApis: [
    // The catalog GraphQL API kept the console's defaults: API key, no field logging, a cache encrypted neither way.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-catalog-graphql', cache: { atRest: false, transit: false }, tags: { Team: 'catalog' } },
    // Inventory: Cognito with IAM for services, errors logged, cache encrypted at rest and in transit.
    { account: DEVELOPMENT, region: 'eu-west-1', name: 'kumo-inventory-graphql', auth: 'AMAZON_COGNITO_USER_POOLS', additionalAuth: ['AWS_IAM'], fieldLogLevel: 'ERROR', cache: { atRest: true, transit: true }, tags: { Team: 'inventory' } },
  ],  hostedZones: [
    // The shop's domain logs every DNS query to CloudWatch Logs; the campaign subdomain's zone, delegated to
    // marketing's agency, never did. The internal zone is private (query logging does not apply).
    { account: PRODUCTION, name: 'kumo-retail.example', queryLogGroup: '/aws/route53/kumo-retail.example', tags: { Team: 'platform' } },
    { account: PRODUCTION, name: 'campaign.kumo-retail.example', comment: 'agency-managed campaign sites', tags: { Team: 'marketing' } },
    { account: PRODUCTION, name: 'internal.kumo', privateZone: true, tags: { Team: 'platform' } },
  ],
  wafRules: [
    // The point-of-sale CDN's WAF Classic setup: a rule blocking known scanners, and a geo rule someone
    // created during an incident and never gave a condition.
    { account: DEVELOPMENT, name: 'kumo-block-scanners', predicates: [{ type: 'IPMatch', dataId: 'b7e1c0d2-0000-4000-8000-0000000000b1' }] },
    { account: DEVELOPMENT, name: 'kumo-geo-block-todo' },
  ],
  wafRuleGroups: [
    { account: DEVELOPMENT, name: 'kumo-pos-baseline', rules: ['kumo-block-scanners'] },
    // A bot-control group drafted and left empty.
    { account: DEVELOPMENT, name: 'kumo-bot-control-draft' },
  ],
  wafWebAcls: [
    // The web ACL in front of pos-api.dev (the distribution's webAclId): rules, but nobody turned logging on.
    { account: DEVELOPMENT, name: 'kumo-pos-api', id: 'a1d0c2e4-0000-4000-8000-0000000000aa', rules: ['kumo-geo-block-todo'], ruleGroups: ['kumo-pos-baseline'] },
    // A WAF Classic leftover from the shop's first CDN: no rules at all, logging to its stream.
    { account: PRODUCTION, name: 'kumo-shop-legacy', logStream: 'aws-waf-logs-kumo-shop-legacy' },
  ],
  firewallRuleGroups: [
    // The egress inspection's groups: AWS-style threat signatures, and an NTP allow-list nobody ever filled in.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-threat-signatures', type: 'STATEFUL', tags: { Team: 'network' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-allow-ntp', type: 'STATELESS', tags: { Team: 'network' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-allow-dns', type: 'STATELESS', statelessRules: 2, tags: { Team: 'network' } },
  ],
  firewallPolicies: [
    // Production egress: full packets go to the stateful engine, but fragments are passed straight through.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-egress', fragmentDefault: 'pass', statelessRuleGroups: ['kumo-allow-dns', 'kumo-allow-ntp'], statefulRuleGroups: ['kumo-threat-signatures'], tags: { Team: 'network' } },
    // A developer's lab policy: passes everything and references no rule group.
    { account: DEVELOPMENT, region: 'eu-west-1', name: 'kumo-dev-open', statelessDefault: 'pass', fragmentDefault: 'pass' },
  ],
  networkFirewalls: [
    // Deletion-protected and logging alerts, but its subnets can be changed without a second step.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-egress-inspection', policy: 'kumo-egress', deleteProtection: true, logging: ['ALERT', 'FLOW'], tags: { Team: 'network' } },
    // The lab firewall, created with the API's defaults: no protections, no logs.
    { account: DEVELOPMENT, region: 'eu-west-1', name: 'kumo-dev-egress', policy: 'kumo-dev-open' },
  ],
  beanstalkEnvironments: [
    // The back-office admin app: production streams its logs; the dev copy was made with basic health and no log streaming.
    { account: PRODUCTION, region: 'us-east-1', application: 'kumo-admin', name: 'kumo-admin-prod', streamLogs: true, tags: { Team: 'backoffice' } },
    { account: DEVELOPMENT, region: 'eu-west-1', application: 'kumo-admin', name: 'kumo-admin-dev', healthReporting: 'basic', tags: { Team: 'backoffice' } },
  ],
  transferServers: [
    // Supplier uploads over SFTP, logged; and the stores' old POS export server, which still speaks plain FTP inside the VPC.
    { account: PRODUCTION, region: 'us-east-1', logging: true, tags: { Name: 'kumo-supplier-sftp' } },
    { account: PRODUCTION, region: 'us-east-1', protocols: ['SFTP', 'FTP'], endpointType: 'VPC', tags: { Name: 'kumo-pos-export' } },
  ],
  transferConnectors: [
    // Settlement files to the bank go out through a connector with no logging role; the supplier feed's connector logs.
    { account: PRODUCTION, region: 'us-east-1', url: 'sftp://sftp.kumo-bank.example', tags: { Name: 'kumo-bank-settlement' } },
    { account: PRODUCTION, region: 'us-east-1', url: 'sftp://feeds.supplier.example', logging: true, tags: { Name: 'kumo-supplier-feed' } },
  ],
  webAcls: [
    // The shop's web ACL: AWS's common rules and a per-IP rate limit whose metrics were switched off to save cost.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-shop-web', managedRules: ['AWSManagedRulesCommonRuleSet'], rateRules: ['kumo-per-ip-limit'], rulesWithoutMetrics: ['kumo-per-ip-limit'], tags: { Team: 'shop' } },
    // The CDN's web ACL (CloudFront scope, global) done right.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-cdn', scope: 'CLOUDFRONT', managedRules: ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'], tags: { Team: 'shop' } },
    // A dev web ACL created for a test and never given a rule.
    { account: DEVELOPMENT, region: 'eu-west-1', name: 'kumo-dev-api' },
  ],
  workspaces: [
    // Customer support desktops: one from the encrypted bundle, one from before the team switched to it.
    { account: PRODUCTION, region: 'us-east-1', userName: 'support-akiko', rootVolumeEncrypted: true, userVolumeEncrypted: true, tags: { Team: 'support' } },
    { account: PRODUCTION, region: 'us-east-1', userName: 'support-kenji', tags: { Team: 'support' } },
    // A contractor's desktop: the user volume was encrypted, the root volume was not.
    { account: DEVELOPMENT, region: 'eu-west-1', userName: 'contractor-lee', userVolumeEncrypted: true },
  ],
  redshiftClusters: [
    // The data team's warehouse, done right: its own admin and database names, encrypted, Multi-AZ, two weeks of
    // snapshots, SSL required, audit logs to CloudWatch, loads and unloads through the VPC.
    { account: PRODUCTION, region: 'us-east-1', identifier: 'kumo-warehouse', masterUsername: 'kumo_admin', dbName: 'kumo', encrypted: true, multiAz: true, retentionDays: 14, requireSsl: true, auditLogging: 'cloudwatch', enhancedVpcRouting: true, securityGroups: ['warehouse'], tags: { Team: 'data' } },
    // Marketing's own cluster, clicked together in the console and made public for a BI tool, its port open to
    // the internet: every default kept.
    { account: PRODUCTION, region: 'us-east-1', identifier: 'kumo-marketing-dw', publiclyAccessible: true, securityGroups: ['marketing-bi'], tags: { Team: 'marketing' } },
    // A DC2 sandbox (no Multi-AZ to offer) pinned to its engine version for an old JDBC driver.
    { account: DEVELOPMENT, region: 'eu-west-1', identifier: 'kumo-dev-dw', nodeType: 'dc2.large', masterUsername: 'dev_admin', dbName: 'sandbox', encrypted: true, retentionDays: 7, requireSsl: true, auditLogging: 's3', enhancedVpcRouting: true, allowVersionUpgrade: false },
  ],
  replicationGroups: [
    // The shop's session store, done right: failover across AZs, encrypted, a week of backups, its own subnets.
    { account: PRODUCTION, region: 'us-east-1', id: 'kumo-sessions', engineVersion: '7.1', automaticFailover: true, multiAz: true, transitEncryption: true, atRestEncryption: true, snapshotRetentionLimit: 7, subnetGroup: 'kumo-cache-private', tags: { Team: 'shop' } },
    // The loyalty points cache from 2019: Redis 5 with the API's defaults (no failover, no encryption, no AUTH, no backups, the default subnet group).
    { account: PRODUCTION, region: 'us-east-1', id: 'kumo-loyalty-cache', engineVersion: '5.0.6', tags: { Team: 'loyalty' } },
  ],
  cacheClusters: [
    // The catalog's Memcached tier: no backups to take, but pinned to its minor version during a load test and never unpinned.
    { account: PRODUCTION, region: 'us-east-1', id: 'kumo-catalog-memcached', engine: 'memcached', subnetGroup: 'kumo-cache-private', autoMinorVersionUpgrade: false, tags: { Team: 'catalog' } },
  ],
  mqBrokers: [
    // Store order events on ActiveMQ: taking minor upgrades, but audit logs were never turned on.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-store-events', engineType: 'ACTIVEMQ', deploymentMode: 'ACTIVE_STANDBY_MULTI_AZ', autoMinorVersionUpgrade: true, generalLogs: true, tags: { Team: 'stores' } },
    // The dev RabbitMQ broker: pinned to its minor version (RabbitMQ has no audit log to miss).
    { account: DEVELOPMENT, region: 'eu-west-1', name: 'kumo-dev-rabbit', engineType: 'RABBITMQ' },
  ],
  mskClusters: [
    // The clickstream cluster: TLS and IAM; and the analytics team's old cluster, which still lets clients in without TLS or credentials.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-clickstream', tags: { Team: 'data' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-analytics-legacy', clientBroker: 'TLS_PLAINTEXT', unauthenticated: true, tags: { Team: 'data' } },
    // A partner feed cluster opened to the internet (TLS and IAM, so AWS allowed it).
    { account: DEVELOPMENT, region: 'eu-west-1', name: 'kumo-partner-feed', publicAccess: true },
  ],
  // Data & storage (issue 12). The clickstream pipeline: a stream created with the defaults (24 hours, no
  // encryption) feeding an archive delivery stream; the orders stream done right.
  kinesisStreams: [
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-clickstream', mode: 'ON_DEMAND', tags: { Team: 'web' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-orders', retentionHours: 168, kmsKey: 'alias/aws/kinesis', tags: { Team: 'shop' } },
  ],
  deliveryStreams: [
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-clickstream-archive', sourceStream: 'kumo-clickstream', tags: { Team: 'web' } },
    // Application logs to S3, put directly and never encrypted.
    { account: DEVELOPMENT, region: 'eu-west-1', name: 'kumo-dev-app-logs' },
  ],
  // The orders table is protected and recoverable; the carts table was created from a tutorial.
  dynamodbTables: [
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-orders', billingMode: 'PAY_PER_REQUEST', deletionProtection: true, pointInTimeRecovery: true, tags: { Team: 'shop' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-carts', billingMode: 'PAY_PER_REQUEST', tags: { Team: 'shop' } },
    // The inventory table is provisioned: its reads scale, but nobody registered its writes.
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-inventory', billingMode: 'PROVISIONED', deletionProtection: true, pointInTimeRecovery: true, autoscaling: ['read'], tags: { Team: 'stores' } },
  ],
  // The carts table's DAX cache was created with the defaults (no TLS, no encryption at rest); the orders cache was not.
  daxClusters: [
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-carts-cache', tags: { Team: 'shop' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-orders-cache', tls: true, sse: true, tags: { Team: 'shop' } },
  ],
  // MSK Connect: the clickstream's S3 sink talks to the legacy cluster in plaintext; the orders CDC source logs nothing.
  mskConnectors: [
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-clickstream-s3-sink', logs: ['s3'], tags: { Team: 'data' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-orders-cdc', encryption: 'TLS', tags: { Team: 'data' } },
  ],
  // The analysts' workgroup writes unencrypted results and publishes no metrics; finance's is set up right.
  athenaWorkgroups: [
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-analysts', outputLocation: 's3://kumo-prod-logs/athena/', publishMetrics: false, enforceConfiguration: false, tags: { Team: 'data' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-finance', outputLocation: 's3://kumo-prod-logs/athena-finance/', encryption: 'SSE_KMS', tags: { Team: 'finance' } },
  ],
  // The nightly sales ETL has run untouched on Glue 2.0 since 2021; the new orders job is on 4.0.
  glueJobs: [
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-nightly-sales-etl', glueVersion: '2.0', tags: { Team: 'data' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-orders-etl', glueVersion: '4.0', tags: { Team: 'data' } },
  ],
  // Redshift Serverless: the reporting namespace is set up right; the ad-hoc one was clicked together with the
  // console's proposals (admin, dev, no logs) and made public, without SSL, for a BI trial.
  redshiftServerless: [
    { account: PRODUCTION, region: 'us-east-1', namespace: 'kumo-reporting', adminUsername: 'kumo_reports', dbName: 'reports', logExports: ['connectionlog', 'userlog', 'useractivitylog'], workgroup: { name: 'kumo-reporting', enhancedVpcRouting: true, requireSsl: true }, tags: { Team: 'data' } },
    { account: PRODUCTION, region: 'us-east-1', namespace: 'kumo-adhoc', workgroup: { name: 'kumo-adhoc', publiclyAccessible: true, requireSsl: false }, tags: { Team: 'marketing' } },
  ],
  // EFS: production's media share is encrypted, backed up and mounted from private subnets through a confined
  // access point; the dev team's shared drive kept the API's defaults, sits in the default VPC's public subnet and
  // hands out the whole file system to any user.
  efsFileSystems: [
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-media', encrypted: true, backup: true, mountTargets: [{ subnet: 'prod-private-a' }, { subnet: 'prod-private-b' }], accessPoints: [{ name: 'media-app', posixUser: { uid: 1001, gid: 1001 }, rootDirectory: '/media' }], tags: { Team: 'web' } },
    { account: DEVELOPMENT, region: 'eu-west-1', name: 'kumo-dev-shared', mountTargets: [{}], accessPoints: [{ name: 'dev-root' }] },
  ],
  // FSx: the render farm's Lustre scratch space and the home directories on a single-AZ OpenZFS system copy no
  // tags; the office shares run multi-AZ and copy them.
  fsxFileSystems: [
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-render', type: 'LUSTRE', deploymentType: 'PERSISTENT_2', tags: { Team: 'studio' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-home', type: 'OPENZFS', deploymentType: 'SINGLE_AZ_2', copyTagsToBackups: true, tags: { Team: 'it' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-office', type: 'WINDOWS', deploymentType: 'MULTI_AZ_1', copyTagsToBackups: true, tags: { Team: 'it' } },
  ],
  // ACM: the shop's certificate renews itself; the partner portal still serves an imported RSA 1024 certificate
  // that lapses in eleven days.
  acmCertificates: [
    { account: PRODUCTION, region: 'us-east-1', domainName: 'shop.kumo.example', keyAlgorithm: 'EC_prime256v1', expiresInDays: 300, inUseBy: [`arn:aws:elasticloadbalancing:us-east-1:${PRODUCTION}:loadbalancer/app/kumo-shop/50dc6c495c0c9188`], tags: { Team: 'shop' } },
    { account: PRODUCTION, region: 'us-east-1', domainName: 'partners.kumo.example', type: 'IMPORTED', keyAlgorithm: 'RSA_1024', expiresInDays: 11, inUseBy: [`arn:aws:elasticloadbalancing:us-east-1:${PRODUCTION}:loadbalancer/kumo-partners-legacy`], tags: { Team: 'partners' } },
  ],
  // The security team's private PKI: the root CA was never disabled after signing the issuing CA.
  privateCas: [
    { account: SECURITY, region: 'us-east-1', commonName: 'Kumo Root CA', type: 'ROOT', tags: { Team: 'security' } },
    { account: SECURITY, region: 'us-east-1', commonName: 'Kumo Issuing CA', type: 'SUBORDINATE', tags: { Team: 'security' } },
  ],
  // The orders migration to the warehouse was set up in a hurry with CreateReplicationInstance's defaults (public,
  // single-AZ) and minor upgrades turned off "until the cut-over"; its MySQL source has no SSL and the task logs
  // nothing. The catalog's MongoDB was never given users, and the recommendations graph takes writes without IAM.
  dmsReplicationInstances: [
    { account: PRODUCTION, region: 'us-east-1', identifier: 'kumo-orders-migration', autoMinorVersionUpgrade: false, tags: { Team: 'data' } },
    { account: PRODUCTION, region: 'us-east-1', identifier: 'kumo-catalog-sync', instanceClass: 'dms.r5.large', publiclyAccessible: false, multiAz: true, tags: { Team: 'data' } },
  ],
  dmsEndpoints: [
    { account: PRODUCTION, region: 'us-east-1', identifier: 'kumo-orders-mysql', type: 'source', engine: 'mysql', tags: { Team: 'shop' } },
    { account: PRODUCTION, region: 'us-east-1', identifier: 'kumo-warehouse', type: 'target', engine: 'redshift', sslMode: 'require', tags: { Team: 'data' } },
    { account: PRODUCTION, region: 'us-east-1', identifier: 'kumo-catalog-mongo', type: 'source', engine: 'mongodb', sslMode: 'require', mongoAuthType: 'no', tags: { Team: 'catalog' } },
    { account: PRODUCTION, region: 'us-east-1', identifier: 'kumo-recs-graph', type: 'target', engine: 'neptune', tags: { Team: 'data' } },
  ],
  dmsReplicationTasks: [
    { account: PRODUCTION, region: 'us-east-1', identifier: 'kumo-orders-to-warehouse', source: 'kumo-orders-mysql', target: 'kumo-warehouse', instance: 'kumo-orders-migration', tags: { Team: 'data' } },
    { account: PRODUCTION, region: 'us-east-1', identifier: 'kumo-catalog-to-graph', source: 'kumo-catalog-mongo', target: 'kumo-recs-graph', instance: 'kumo-catalog-sync', migrationType: 'cdc', logging: true, tags: { Team: 'data' } },
  ],
  // The data scientists' notebook was created from the console's defaults years ago (outside any VPC, internet and
  // root access on) and still runs JupyterLab 3; the fraud team's is in the VPC, locked down and current. The churn
  // model is hosted without network isolation on an A/B endpoint configuration whose challenger has one instance.
  sagemakerNotebooks: [
    { account: DEVELOPMENT, region: 'us-east-1', name: 'kumo-ds-scratch', platform: 'notebook-al2-v2', tags: { Team: 'data-science' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-fraud-research', inVpc: true, directInternetAccess: false, rootAccess: false, platform: 'notebook-al2023-v1', kmsKey: true, tags: { Team: 'fraud' } },
  ],
  sagemakerModels: [
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-churn-predictor', tags: { Team: 'growth' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-fraud-scorer', networkIsolation: true, inVpc: true, tags: { Team: 'fraud' } },
  ],
  sagemakerEndpointConfigs: [
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-churn-ab', variants: [{ name: 'champion', instanceCount: 2 }, { name: 'challenger', instanceCount: 1 }], tags: { Team: 'growth' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-fraud', variants: [{ name: 'primary', instanceType: 'ml.c5.xlarge', instanceCount: 3 }], tags: { Team: 'fraud' } },
  ],
  // The nightly backup plan copies the old bastion's unencrypted volume as it is; the orders database and the
  // shared file system are backed up encrypted.
  backupVaults: [
    {
      account: PRODUCTION,
      region: 'us-east-1',
      name: 'kumo-nightly',
      recoveryPoints: [
        { resourceType: 'EBS', resource: 'vol-0b45710ba5710ba57', encrypted: false },
        { resourceType: 'RDS', resource: 'kumo-orders-db' },
        { resourceType: 'EFS', resource: 'fs-0c0ffee0' },
      ],
      tags: { Team: 'platform' },
    },
  ],
  // The NAS migration task was created from the CLI without a log group; the EFS replica task logs its transfers.
  datasyncTasks: [
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-nas-to-s3', tags: { Team: 'platform' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-efs-replica', logGroup: '/aws/datasync', logLevel: 'TRANSFER', tags: { Team: 'platform' } },
  ],
  // The orders database predates the encryption standard and had its backups turned off "temporarily" during a
  // migration; it keeps PostgreSQL's port. Payments is the hardened counterpart. Development's MySQL copy was
  // created from the defaults and opened to the internet for a contractor.
  dbParameterGroups: [{ account: PRODUCTION, region: 'us-east-1', name: 'kumo-postgres16-tls', family: 'postgres16', values: { 'rds.force_ssl': '1' } }],
  dbInstances: [
    {
      account: PRODUCTION,
      region: 'us-east-1',
      id: 'orders-db',
      engine: 'postgres',
      masterUsername: 'orders_owner',
      storageEncrypted: false,
      backupRetentionDays: 0,
      multiAz: true,
      copyTagsToSnapshot: true,
      deletionProtection: true,
      iamAuth: true,
      monitoringInterval: 60,
      monitoringRoleArn: `arn:aws:iam::${PRODUCTION}:role/rds-monitoring-role`,
      logExports: ['postgresql', 'upgrade'],
      parameterGroup: 'kumo-postgres16-tls',
      tags: { Team: 'orders' },
    },
    {
      account: PRODUCTION,
      region: 'us-east-1',
      id: 'payments-db',
      engine: 'postgres',
      port: 6432,
      masterUsername: 'payments_owner',
      storageEncrypted: true,
      backupRetentionDays: 14,
      multiAz: true,
      copyTagsToSnapshot: true,
      deletionProtection: true,
      iamAuth: true,
      monitoringInterval: 60,
      monitoringRoleArn: `arn:aws:iam::${PRODUCTION}:role/rds-monitoring-role`,
      logExports: ['postgresql', 'upgrade'],
      parameterGroup: 'kumo-postgres16-tls',
      tags: { Team: 'payments' },
    },
    { account: DEVELOPMENT, region: 'eu-west-1', id: 'dev-mysql', engine: 'mysql', publiclyAccessible: true, tags: { Team: 'orders' } },
  ],
  dbProxies: [
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-payments-proxy', requireTls: true, tags: { Team: 'payments' } },
    { account: DEVELOPMENT, region: 'eu-west-1', name: 'kumo-dev-mysql-proxy', engineFamily: 'MYSQL' },
  ],
  // Production's on-call topic hears every RDS event in us-east-1; nobody subscribed in Development.
  rdsEventSubscriptions: [{ account: PRODUCTION, region: 'us-east-1', name: 'kumo-db-events', snsTopicArn: `arn:aws:sns:us-east-1:${PRODUCTION}:kumo-oncall` }],
  // Order events reach the fulfilment queue from anyone — a tutorial's "Principal": "*" nobody narrowed; its
  // dead-letter queue is right. Development's job queue had SSE-SQS turned off when it was migrated.
  sqsQueues: [
    {
      account: PRODUCTION,
      region: 'us-east-1',
      name: 'kumo-order-events',
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'OwnerFullAccess', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PRODUCTION}:root` }, Action: 'sqs:*', Resource: `arn:aws:sqs:us-east-1:${PRODUCTION}:kumo-order-events` },
          { Sid: 'AnyoneCanSend', Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:${PRODUCTION}:kumo-order-events` },
        ],
      },
      tags: { Team: 'shop' },
    },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-order-events-dlq', tags: { Team: 'shop' } },
    { account: DEVELOPMENT, region: 'eu-west-1', name: 'kumo-dev-jobs', encryption: 'none' },
  ],
  // Production's order notifications are encrypted and log Lambda deliveries. Development's alert topic was
  // opened so that a monitoring SaaS could publish — to anyone — and its SQS deliveries leave no logs.
  snsTopics: [
    {
      account: PRODUCTION,
      region: 'us-east-1',
      name: 'kumo-order-notifications',
      kmsKey: 'alias/aws/sns',
      subscriptions: [{ protocol: 'lambda', endpoint: `arn:aws:lambda:us-east-1:${PRODUCTION}:function:kumo-ship-order` }],
      feedback: { LambdaSuccessFeedbackRoleArn: `arn:aws:iam::${PRODUCTION}:role/SNSFeedback`, LambdaFailureFeedbackRoleArn: `arn:aws:iam::${PRODUCTION}:role/SNSFeedback` },
      tags: { Team: 'shop' },
    },
    {
      account: DEVELOPMENT,
      region: 'eu-west-1',
      name: 'kumo-dev-alerts',
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Sid: '__default_statement_ID', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['SNS:Publish', 'SNS:Subscribe'], Resource: `arn:aws:sns:eu-west-1:${DEVELOPMENT}:kumo-dev-alerts`, Condition: { StringEquals: { 'AWS:SourceOwner': DEVELOPMENT } } },
          { Sid: 'MonitoringSaasPublish', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'SNS:Publish', Resource: `arn:aws:sns:eu-west-1:${DEVELOPMENT}:kumo-dev-alerts` },
        ],
      },
      subscriptions: [{ protocol: 'sqs', endpoint: `arn:aws:sqs:eu-west-1:${DEVELOPMENT}:kumo-dev-jobs` }, { protocol: 'email', endpoint: 'dev-oncall@kumo.example' }],
    },
  ],
  // The orders database password rotates every 30 days. The payment provider's API key was stored by hand and
  // never rotated; the reporting database's rotation function lost its network access 45 days ago; the old FTP
  // credentials nobody has read since they were migrated.
  secrets: [
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo/prod/orders-db', createdDaysAgo: 400, lastAccessedDaysAgo: 0, rotationDays: 30, lastRotatedDaysAgo: 12, tags: { Team: 'shop' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo/prod/payment-api-key', createdDaysAgo: 380, lastAccessedDaysAgo: 0, tags: { Team: 'shop' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo/prod/reporting-db', createdDaysAgo: 300, lastAccessedDaysAgo: 1, rotationDays: 30, lastRotatedDaysAgo: 75, tags: { Team: 'data' } },
    { account: PRODUCTION, region: 'eu-west-1', name: 'kumo/legacy/ftp', createdDaysAgo: 540 },
  ],
  // Production's orders key rotates and lets the payment partner's account (999988887777) do everything with it —
  // kms:* to a named account: not public, but worth a look. A developer opened Development's shared key to
  // anyone; the old reports key is scheduled for deletion while the reporting database still uses it.
  kmsKeys: [
    {
      account: PRODUCTION,
      region: 'us-east-1',
      alias: 'kumo-orders',
      rotation: true,
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PRODUCTION}:root` }, Action: 'kms:*', Resource: '*' },
          { Sid: 'PaymentPartner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'kms:*', Resource: '*' },
        ],
      },
      tags: { Team: 'shop' },
    },
    { account: PRODUCTION, region: 'us-east-1', alias: 'aws/s3', manager: 'AWS' },
    { account: PRODUCTION, region: 'us-east-1', alias: 'kumo-legacy-reports', rotation: true, state: 'PendingDeletion', tags: { Team: 'data' } },
    {
      account: DEVELOPMENT,
      region: 'eu-west-1',
      alias: 'kumo-dev-shared',
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${DEVELOPMENT}:root` }, Action: 'kms:*', Resource: '*' },
          { Sid: 'AnyoneMayDecrypt', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' },
        ],
      },
    },
  ],
  // The batch role decrypts with any key ("it was quicker"); the data readers' managed policy names its key.
  iamPolicies: [
    { account: PRODUCTION, kind: 'role', owner: 'kumo-batch', name: 'decrypt-everything', document: { Version: '2012-10-17', Statement: [{ Sid: 'DecryptAnything', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*' }] } },
    { account: PRODUCTION, kind: 'managed', name: 'KumoDataReaders', document: { Version: '2012-10-17', Statement: [{ Sid: 'OrdersKey', Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:us-east-1:${PRODUCTION}:key/*`, Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/kumo-orders' } } }] } },
  ],
  vpcs: [
    // Production's VPC: flow logs, endpoints for the services its hosts call (no Incident Manager ones: nobody set
    // it up), private subnets behind an ACL that denies SSH and RDP from the internet first. Mistakes: the public
    // subnet hands out public IPs, a NAT instance forwards traffic (check off), an old DMZ ACL was never deleted,
    // and the peering to the security tools VPC routes the whole VPC block.
    {
      account: PRODUCTION,
      region: 'us-east-1',
      name: 'kumo-prod',
      cidr: '10.10.0.0/16',
      flowLogs: true,
      interfaceEndpoints: ['ec2', 'ecr.api', 'ecr.dkr', 'ssm'],
      gatewayEndpoints: ['s3'],
      subnets: [
        { name: 'prod-private-a', cidr: '10.10.1.0/24', zone: 'us-east-1a' },
        { name: 'prod-private-b', cidr: '10.10.2.0/24', zone: 'us-east-1b' },
        { name: 'prod-public-a', cidr: '10.10.100.0/24', zone: 'us-east-1a', publicIp: true },
      ],
      networkAcls: [
        {
          name: 'prod-private',
          subnets: ['prod-private-a', 'prod-private-b'],
          entries: [
            { rule: 10, action: 'deny', protocol: 'tcp', ports: '22', from: '0.0.0.0/0' },
            { rule: 20, action: 'deny', protocol: 'tcp', ports: '3389', from: '0.0.0.0/0' },
            { rule: 30, action: 'deny', protocol: 'tcp', ports: '22', from: '::/0' },
            { rule: 40, action: 'deny', protocol: 'tcp', ports: '3389', from: '::/0' },
            { rule: 100, action: 'allow', protocol: 'all', from: '0.0.0.0/0' },
            { rule: 100, action: 'allow', protocol: 'all', from: '0.0.0.0/0', egress: true },
          ],
        },
        { name: 'legacy-dmz', subnets: [], entries: [{ rule: 100, action: 'allow', protocol: 'tcp', ports: '80-443', from: '10.0.0.0/8' }] },
      ],
      networkInterfaces: [{ name: 'nat-instance-eth0', subnet: 'prod-public-a', sourceDestCheck: false, description: 'NAT instance from 2019' }],
      peerings: [{ to: { account: SECURITY, region: 'us-east-1', vpc: 'kumo-sec-tools' }, routes: ['10.50.0.0/16'], subnets: ['prod-private-a', 'prod-private-b'], peerRoutes: ['10.10.1.0/24', '10.10.2.0/24'] }],
      tags: { Team: 'platform' },
    },
    // The security tools VPC, done right: flow logs, every endpoint, no public subnet, peering routes to Production's
    // private subnets only.
    {
      account: SECURITY,
      region: 'us-east-1',
      name: 'kumo-sec-tools',
      cidr: '10.50.0.0/16',
      flowLogs: true,
      interfaceEndpoints: ['ec2', 'ecr.api', 'ecr.dkr', 'ssm', 'ssm-contacts', 'ssm-incidents'],
      subnets: [
        { name: 'sec-private-a', cidr: '10.50.1.0/24', zone: 'us-east-1a' },
        { name: 'sec-private-b', cidr: '10.50.2.0/24', zone: 'us-east-1b' },
      ],
      networkAcls: [
        {
          name: 'sec-private',
          subnets: ['sec-private-a', 'sec-private-b'],
          entries: [
            // Return traffic needs the ephemeral ports, which include RDP's 3389: deny it first.
            { rule: 50, action: 'deny', protocol: 'tcp', ports: '3389', from: '0.0.0.0/0' },
            { rule: 100, action: 'allow', protocol: 'tcp', ports: '443', from: '0.0.0.0/0' },
            { rule: 110, action: 'allow', protocol: 'tcp', ports: '1024-65535', from: '0.0.0.0/0' },
            { rule: 100, action: 'allow', protocol: 'all', from: '0.0.0.0/0', egress: true },
          ],
        },
      ],
      tags: { Team: 'security' },
    },
    // A developer's sandbox VPC: no flow logs, no endpoints, a public subnet.
    { account: DEVELOPMENT, region: 'eu-west-1', name: 'kumo-dev-sandbox', cidr: '10.30.0.0/16', subnets: [{ name: 'sandbox-public', cidr: '10.30.0.0/24', publicIp: true }], tags: { Team: 'dev' } },
  ],
  dbClusters: [
    // The orders database on Aurora MySQL, done right: a writer and a reader in two zones, encrypted, protected,
    // IAM authentication, a day of backtracking, Advanced Auditing on and its audit log in CloudWatch.
    {
      account: PRODUCTION,
      region: 'us-east-1',
      id: 'kumo-orders-aurora',
      engine: 'aurora-mysql',
      instances: 2,
      encrypted: true,
      masterUsername: 'kumo_admin',
      deletionProtection: true,
      iamAuth: true,
      copyTagsToSnapshot: true,
      backtrackWindow: 86400,
      backupRetentionDays: 7,
      logExports: ['audit', 'error'],
      parameters: { server_audit_logging: '1', server_audit_events: 'CONNECT,QUERY_DCL,QUERY_DDL' },
      tags: { Team: 'orders' },
    },
    // A developer's Aurora MySQL cluster on one instance, created with every default: nine cluster policies fail it.
    { account: DEVELOPMENT, region: 'eu-west-1', id: 'kumo-dev-aurora', engine: 'aurora-mysql', instances: 1 },
    // The fraud team's Neptune graph: encrypted and protected, but a day of backups, no audit log export, no IAM authentication.
    { account: PRODUCTION, region: 'us-east-1', id: 'kumo-fraud-graph', engine: 'neptune', instances: 2, encrypted: true, deletionProtection: true, copyTagsToSnapshot: true, tags: { Team: 'fraud' } },
    // The product catalog on DocumentDB, done right.
    { account: PRODUCTION, region: 'us-east-1', id: 'kumo-catalog-docdb', engine: 'docdb', instances: 2, encrypted: true, deletionProtection: true, backupRetentionDays: 7, logExports: ['audit', 'profiler'], tags: { Team: 'catalog' } },
    // A dev DocumentDB cluster with TLS turned off for a local tool without the CA bundle, and the defaults.
    { account: DEVELOPMENT, region: 'eu-west-1', id: 'kumo-dev-docdb', engine: 'docdb', instances: 1, parameters: { tls: 'disabled' } },
  ],
  // Only the Security account has turned on VPC Block Public Access (ingress), in every Region.
  vpcBlockPublicAccess: [
    { account: SECURITY, region: 'us-east-1', mode: 'block-ingress' },
    { account: SECURITY, region: 'eu-west-1', mode: 'block-ingress' },
    { account: SECURITY, region: 'ap-northeast-1', mode: 'block-ingress' },
  ],
  // OpenSearch: the product search domain is set up properly; the log analytics domain kept CreateDomain's defaults —
  // a public endpoint, no fine-grained access control, no encryption, TLS 1.0, a single node — and never took the
  // pending service software update.
  opensearchDomains: [
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-product-search', instanceCount: 4, zoneAwareness: true, dedicatedMasters: 3, vpcId: 'vpc-0c4e1f2a3b5d6e7f8', encryptionAtRest: true, nodeToNode: true, enforceHttps: true, tlsPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10', fineGrained: true, auditLogs: true, errorLogs: true, tags: { Team: 'search' } },
    { account: PRODUCTION, region: 'eu-west-1', name: 'kumo-log-analytics', softwareUpdateAvailable: true, tags: { Team: 'platform' } },
  ],
  // EMR: the data team's ad-hoc cluster runs in a public subnet, and its security configuration encrypts at rest only.
  emrClusters: [
    { account: DEVELOPMENT, region: 'us-east-1', name: 'kumo-adhoc-analysis', primaryPublic: true, tags: { Team: 'data' } },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-nightly-etl', state: 'RUNNING', tags: { Team: 'data' } },
  ],
  emrSecurityConfigurations: [
    { account: DEVELOPMENT, region: 'us-east-1', name: 'kumo-adhoc-at-rest-only', atRest: true },
    { account: PRODUCTION, region: 'us-east-1', name: 'kumo-etl-encrypted', atRest: true, inTransit: true },
  ],
  // The Development account let EMR open a notebook port to the internet besides SSH.
  emrBlockPublicAccess: [{ account: DEVELOPMENT, region: 'us-east-1', block: true, permittedPorts: ['22', '8888'] }],
};

/**
 * The mamori.yaml the demo runs with (the seed walkthrough's exclusions for the CIFS policy), shipped as a real file
 * in the package's `examples/demo/`. Found by walking up from this module, so that it does not matter whether this
 * runs from the sources or from a build output.
 */
export const DEMO_CONFIG_FILE = findUp(dirname(fileURLToPath(import.meta.url)), join('examples', 'demo', 'mamori.yaml'));
export const DEMO_CONFIG = readFileSync(DEMO_CONFIG_FILE, 'utf8');

function findUp(from: string, relative: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`${relative} not found above ${from}: the package is incomplete`);
  }
}
