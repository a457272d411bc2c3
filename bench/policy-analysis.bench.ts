/**
 * Resource-policy analysis benchmark: how many policy documents per CPU second the shared analysis
 * (src/engine/resource-policy.ts) reads, from JSON text to "who outside can do what", on one core.
 *
 *   node bench/policy-analysis.bench.ts [documents] [--rounds=N]
 *
 * The mix is what the catalog's services carry: S3 bucket policies (public read, CloudTrail and log
 * delivery with aws:SourceArn / aws:SourceAccount, deny insecure transport, VPC-endpoint only), SQS and
 * SNS policies for services, KMS key policies (account root, key admins, a cross-account grant), Secrets
 * Manager and ECR policies limited to the organization. Every document is its own text (account ids,
 * names and Sids vary), so no cache of the last document helps. Each is analysed once and asked both
 * questions the matchers ask: public, and external.
 */
import { analyzeResourcePolicy, outsideGrants } from '../src/engine/resource-policy.ts';

const args = process.argv.slice(2);
const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 200_000);
const rounds = Number(args.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 3);

const acct = (i: number) => String(100000000000 + ((i * 7919) % 899999999999)).padStart(12, '0');

const TEMPLATES: Array<(i: number, own: string, other: string) => unknown> = [
  (i) => ({ Version: '2012-10-17', Statement: [{ Sid: `PublicRead${i}`, Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::site-${i}/*` }] }),
  (i, own) => ({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::trail-${i}`, Condition: { StringEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${own}:trail/main` } } },
      { Sid: 'AWSCloudTrailWrite', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::trail-${i}/AWSLogs/${own}/*`, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${own}:trail/main` } } },
      { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::trail-${i}`, `arn:aws:s3:::trail-${i}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ],
  }),
  (i) => ({
    Version: '2012-10-17',
    Statement: [
      { Sid: `Vpce${i}`, Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `arn:aws:s3:::data-${i}/*`, Condition: { StringNotEquals: { 'aws:SourceVpce': `vpce-${i.toString(16)}` } } },
      { Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::data-${i}/*`, Condition: { StringEquals: { 'aws:SourceVpce': `vpce-${i.toString(16)}` } } },
    ],
  }),
  (i, own) => ({
    Version: '2012-10-17',
    Id: `sqs-${i}`,
    Statement: [
      { Sid: 'FromTopic', Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:${own}:q-${i}`, Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${own}:t-${i}` } } },
      { Sid: 'Owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${own}:root` }, Action: 'sqs:*', Resource: `arn:aws:sqs:us-east-1:${own}:q-${i}` },
    ],
  }),
  (i, own, other) => ({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${own}:root` }, Action: 'kms:*', Resource: '*' },
      { Sid: 'Allow access for Key Administrators', Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${own}:role/KeyAdmin`, `arn:aws:iam::${own}:role/Ops${i}`] }, Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'], Resource: '*' },
      { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${other}:root` }, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' },
      { Sid: 'Logs', Effect: 'Allow', Principal: { Service: 'logs.us-east-1.amazonaws.com' }, Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*'], Resource: '*', Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:us-east-1:${own}:*` } } },
    ],
  }),
  (i, own) => ({
    Version: '2012-10-17',
    Statement: [{ Sid: `Org${i}`, Effect: 'Allow', Principal: '*', Action: ['secretsmanager:GetSecretValue'], Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/app-${i}` } } }, { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${own}:role/Audit` }, Action: 'secretsmanager:*', Resource: '*' }],
  }),
  (i, _own, other) => ({
    Version: '2012-10-17',
    Statement: [{ Sid: 'Pull', Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${other}:root`, `arn:aws:iam::${acct(i + 3)}:root`] }, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'] }],
  }),
  (i) => ({
    Version: '2012-10-17',
    Statement: [{ Sid: `Anyone${i}`, Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sns:Publish', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['0.0.0.0/0'] } } }, { Effect: 'Allow', Principal: '*', NotAction: ['sns:DeleteTopic', 'sns:SetTopicAttributes'], Resource: '*' }],
  }),
];

const docs: string[] = [];
const owners: string[] = [];
for (let i = 0; i < count; i++) {
  const own = acct(i);
  owners.push(own);
  docs.push(JSON.stringify((TEMPLATES[i % TEMPLATES.length] as (typeof TEMPLATES)[number])(i, own, acct(i + 1))));
}
const bytes = docs.reduce((n, d) => n + d.length, 0);

const trustedOrgIds = ['o-a1b2c3d4e5'];
let publicDocs = 0;
let externalDocs = 0;
const results: Array<{ seconds: number; cpuSeconds: number }> = [];
for (let r = 0; r < rounds; r++) {
  publicDocs = 0;
  externalDocs = 0;
  const cpu = process.cpuUsage();
  const t = process.hrtime.bigint();
  for (let i = 0; i < docs.length; i++) {
    const a = analyzeResourcePolicy(docs[i], { account: owners[i] as string, trustedOrgIds });
    if (outsideGrants(a, undefined, 'public').length) publicDocs++;
    if (outsideGrants(a, undefined, 'external').length) externalDocs++;
  }
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const used = process.cpuUsage(cpu);
  results.push({ seconds, cpuSeconds: (used.user + used.system) / 1e6 });
}
const best = results.reduce((a, b) => (b.cpuSeconds < a.cpuSeconds ? b : a));
const perCpu = Math.round(count / best.cpuSeconds);
const report = {
  documents: count,
  averageBytes: Math.round(bytes / count),
  templates: TEMPLATES.length,
  publicDocuments: publicDocs,
  externalDocuments: externalDocs,
  rounds: results,
  documentsPerSecond: Math.round(count / best.seconds),
  documentsPerCpuSecond: perCpu,
  target: 100_000,
  meetsTarget: perCpu >= 100_000,
};
console.log(JSON.stringify(report, null, 2));
