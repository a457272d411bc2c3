/**
 * Generate the local endpoint's compact service models (src/sim/models/<service>.json) from AWS's
 * published models: the `apis/<name>-<version>.min.json` and `.paginators.json` files of the npm
 * package `aws-sdk` (v2), the same models botocore uses.
 *
 *   npx node scripts/sim-models.ts [--from DIR] [service…]
 *
 * `aws-sdk` unpacks to about 100 MB, too much for a devDependency, so the script fetches it on demand
 * with `npm pack` into a temporary directory (removed afterwards). `--from DIR` reads an unpacked
 * `apis/` directory instead. Without service names it regenerates every service in SERVICES.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPACT_SHAPE_KEYS, type CompactModel, type CompactOperation, type Shape } from '../src/sim/models/types.ts';

interface ServiceSpec {
  /** The model's file prefix in `aws-sdk/apis/`. */
  model: string;
  /**
   * Operations kept besides the reads (Describe*, List*, Get*, BatchGet*, Head*): the writes the
   * endpoint serves or remediation calls. Everything else is left out to keep the committed form small.
   */
  writes?: string[];
  /**
   * Output members AWS added after the last `aws-sdk` v2 release (the v2 models are frozen), each
   * checked against the current SDK v3 client's schema: `Operation:Member[].Member` → its shape.
   */
  additions?: Record<string, Shape>;
  /**
   * Whole operations AWS added after the last `aws-sdk` v2 release, with their input and output shapes
   * written out (no shared shape references), each taken from the current SDK v3 client's schema
   * (`@aws-sdk/client-<service>` dist-cjs: the operation's `…Request$`/`…Result$` members, with their
   * `xmlName`s as `locationName`) and the AWS API reference. The script refuses one the model already has.
   */
  operationAdditions?: Record<string, CompactOperation>;
  /** The XML namespace where the model does not name one (Route 53's responses carry it, its model does not). */
  xmlNamespace?: string;
}

const EC2_REVOKED_RULES: Shape = {
  locationName: 'revokedSecurityGroupRuleSet',
  type: 'list',
  member: {
    locationName: 'item',
    type: 'structure',
    members: {
      SecurityGroupRuleId: { locationName: 'securityGroupRuleId' },
      GroupId: { locationName: 'groupId' },
      IsEgress: { locationName: 'isEgress', type: 'boolean' },
      IpProtocol: { locationName: 'ipProtocol' },
      FromPort: { locationName: 'fromPort', type: 'integer' },
      ToPort: { locationName: 'toPort', type: 'integer' },
      CidrIpv4: { locationName: 'cidrIpv4' },
      CidrIpv6: { locationName: 'cidrIpv6' },
      PrefixListId: { locationName: 'prefixListId' },
      ReferencedGroupId: { locationName: 'referencedGroupId' },
      Description: { locationName: 'description' },
    },
  },
};

/** ec2:DescribeVpcBlockPublicAccessOptions (VPC Block Public Access, November 2024). */
const EC2_DESCRIBE_VPC_BPA_OPTIONS: CompactOperation = {
  input: { type: 'structure', members: { DryRun: { type: 'boolean' } } },
  output: {
    type: 'structure',
    members: {
      VpcBlockPublicAccessOptions: {
        locationName: 'vpcBlockPublicAccessOptions',
        type: 'structure',
        members: {
          AwsAccountId: { locationName: 'awsAccountId' },
          AwsRegion: { locationName: 'awsRegion' },
          State: { locationName: 'state' },
          InternetGatewayBlockMode: { locationName: 'internetGatewayBlockMode' },
          Reason: { locationName: 'reason' },
          LastUpdateTimestamp: { locationName: 'lastUpdateTimestamp', type: 'timestamp' },
          ManagedBy: { locationName: 'managedBy' },
          ExclusionsAllowed: { locationName: 'exclusionsAllowed' },
        },
      },
    },
  },
};

/** The committed name → its AWS model, and the writes kept. */
export const SERVICES: Record<string, ServiceSpec> = {
  // Served today.
  ec2: {
    model: 'ec2',
    additions: {
      'DescribeSecurityGroups:SecurityGroups[].SecurityGroupArn': { locationName: 'securityGroupArn' },
      'CreateSecurityGroup:SecurityGroupArn': { locationName: 'securityGroupArn' },
      'DescribeSecurityGroupRules:SecurityGroupRules[].SecurityGroupRuleArn': { locationName: 'securityGroupRuleArn' },
      'RevokeSecurityGroupIngress:RevokedSecurityGroupRules': EC2_REVOKED_RULES,
      'RevokeSecurityGroupEgress:RevokedSecurityGroupRules': EC2_REVOKED_RULES,
      'DescribeVpcs:Vpcs[].BlockPublicAccessStates': {
        locationName: 'blockPublicAccessStates',
        type: 'structure',
        members: { InternetGatewayBlockMode: { locationName: 'internetGatewayBlockMode' } },
      },
    },
    operationAdditions: { DescribeVpcBlockPublicAccessOptions: EC2_DESCRIBE_VPC_BPA_OPTIONS },
    writes: [
      'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress',
      'CreateSecurityGroup', 'CreateTags', 'RunInstances', 'ModifyInstanceMetadataOptions', 'ModifyImageAttribute',
      'ModifySnapshotAttribute', 'EnableEbsEncryptionByDefault', 'DisableEbsEncryptionByDefault',
      'CreateLaunchTemplateVersion', 'ModifyLaunchTemplate', 'DeleteLaunchTemplateVersions', 'ModifyTransitGateway', 'ModifyVpnTunnelOptions', 'ModifyClientVpnEndpoint',
      'ModifySubnetAttribute', 'CreateFlowLogs', 'DeleteFlowLogs',
    ],
  },
  s3: {
    model: 's3',
    writes: [
      'CreateBucket', 'DeleteBucket', 'PutBucketPolicy', 'DeleteBucketPolicy', 'PutBucketAcl', 'PutBucketEncryption',
      'DeleteBucketEncryption', 'PutPublicAccessBlock', 'DeletePublicAccessBlock', 'PutBucketOwnershipControls',
      'DeleteBucketOwnershipControls', 'PutBucketTagging', 'DeleteBucketTagging', 'PutBucketLogging', 'CreateSession',
    ],
  },
  s3control: { model: 's3control', writes: ['PutPublicAccessBlock', 'DeletePublicAccessBlock'] },
  rds: { model: 'rds', writes: ['ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute', 'ModifyDBCluster', 'ModifyDBInstance', 'ModifyDBProxy', 'CreateEventSubscription', 'DeleteEventSubscription'] },
  redshift: { model: 'redshift', writes: ['ModifyCluster', 'EnableLogging', 'DisableLogging'] },
  iam: { model: 'iam' },
  sts: { model: 'sts', writes: ['AssumeRole'] },
  organizations: { model: 'organizations' },
  sqs: { model: 'sqs', writes: ['CreateQueue', 'SendMessage', 'ReceiveMessage', 'DeleteMessage', 'SetQueueAttributes'] },
  // Network & compute family (issue 11).
  cloudfront: { model: 'cloudfront', writes: ['UpdateDistribution'] },
  ecs: { model: 'ecs', writes: ['UpdateClusterSettings', 'RegisterTaskDefinition', 'DeregisterTaskDefinition'] },
  elbv2: { model: 'elasticloadbalancingv2', writes: ['ModifyLoadBalancerAttributes', 'ModifyListener'] },
  apigateway: { model: 'apigateway', writes: ['UpdateStage'] },
  apigatewayv2: { model: 'apigatewayv2', writes: ['UpdateStage', 'DeleteAccessLogSettings'] },
  autoscaling: { model: 'autoscaling', writes: ['UpdateAutoScalingGroup'] },
  elb: { model: 'elasticloadbalancing', writes: ['ModifyLoadBalancerAttributes'] },
  networkfirewall: { model: 'network-firewall', writes: ['UpdateFirewallDeleteProtection', 'UpdateSubnetChangeProtection', 'UpdateLoggingConfiguration'] },
  appsync: { model: 'appsync', writes: ['UpdateGraphqlApi'] },
  waf: { model: 'waf' },
  wafv2: { model: 'wafv2', writes: ['UpdateWebACL'] },
  ecr: { model: 'ecr', writes: ['PutImageScanningConfiguration'] },
  eks: { model: 'eks', writes: ['UpdateClusterConfig'] },
  lambda: { model: 'lambda', writes: ['UpdateFunctionUrlConfig', 'AddPermission', 'RemovePermission'] },
  elasticbeanstalk: { model: 'elasticbeanstalk', writes: ['UpdateEnvironment'] },
  transfer: { model: 'transfer' },
  workspaces: { model: 'workspaces' },
  eventbridge: { model: 'events' },
  route53: { model: 'route53', xmlNamespace: 'https://route53.amazonaws.com/doc/2013-04-01/', writes: ['CreateQueryLoggingConfig', 'DeleteQueryLoggingConfig'] },
  stepfunctions: { model: 'states', writes: ['UpdateStateMachine'] },
  resourcegroupstaggingapi: { model: 'resourcegroupstaggingapi' },
  mq: { model: 'mq', writes: ['UpdateBroker'] },
  kafka: { model: 'kafka', writes: ['UpdateConnectivity'] },
  elasticache: { model: 'elasticache', writes: ['ModifyCacheCluster', 'ModifyReplicationGroup'] },
  // Data & storage family (issue 12).
  kinesis: { model: 'kinesis', writes: ['IncreaseStreamRetentionPeriod', 'DecreaseStreamRetentionPeriod', 'StartStreamEncryption', 'StopStreamEncryption'] },
  dynamodb: { model: 'dynamodb', writes: ['UpdateTable', 'UpdateContinuousBackups'] },
  firehose: { model: 'firehose', writes: ['StartDeliveryStreamEncryption', 'StopDeliveryStreamEncryption'] },
  athena: { model: 'athena', writes: ['UpdateWorkGroup'] },
  glue: { model: 'glue' },
  redshiftserverless: { model: 'redshift-serverless', writes: ['UpdateNamespace', 'UpdateWorkgroup'] },
  kafkaconnect: { model: 'kafkaconnect' },
  dax: { model: 'dax' },
  applicationautoscaling: { model: 'application-autoscaling' },
  opensearch: { model: 'opensearch', writes: ['UpdateDomainConfig', 'StartServiceSoftwareUpdate'] },
  dms: { model: 'dms', writes: ['ModifyReplicationInstance'] },
  sagemaker: { model: 'sagemaker' },
  efs: { model: 'elasticfilesystem', writes: ['PutBackupPolicy'] },
  secretsmanager: { model: 'secretsmanager' },
  acm: { model: 'acm' },
  acmpca: { model: 'acm-pca' },
  fsx: { model: 'fsx', writes: ['UpdateFileSystem'] },
  backup: { model: 'backup' },
  datasync: { model: 'datasync', writes: ['UpdateTask'] },
  emr: { model: 'elasticmapreduce', writes: ['PutBlockPublicAccessConfiguration'] },
  kms: { model: 'kms', writes: ['CancelKeyDeletion', 'EnableKey', 'PutKeyPolicy', 'EnableKeyRotation', 'DisableKeyRotation'] },
  sns: { model: 'sns', writes: ['SetTopicAttributes'] },
  docdb: { model: 'docdb' },
  neptune: { model: 'neptune' },
};

const READ = /^(Describe|List|Get|BatchGet|Head)[A-Z]/;

type Raw = Record<string, unknown>;

/** The newest version of a model: the last `<name>-YYYY-MM-DD.min.json` in date order. */
function newestModel(apis: string, name: string): string {
  const re = new RegExp(`^${name.replace(/[-]/g, '\\-')}-(\\d{4}-\\d{2}-\\d{2})\\.min\\.json$`);
  const versions = readdirSync(apis).filter((f) => re.test(f)).sort();
  const last = versions.at(-1);
  if (!last) throw new Error(`no model ${name}-<version>.min.json in ${apis}`);
  return last.slice(0, -'.min.json'.length);
}

/** Keep only what serializing, parsing and checking need; shape references stay references. */
function compactShape(raw: Raw): Shape {
  const out: Raw = {};
  for (const key of COMPACT_SHAPE_KEYS) {
    const v = raw[key];
    if (v === undefined) continue;
    if (key === 'members') {
      const members: Raw = {};
      for (const [name, m] of Object.entries(v as Record<string, Raw>)) members[name] = compactShape(m);
      out[key] = members;
    } else if (key === 'member' || key === 'key' || key === 'value') {
      out[key] = compactShape(v as Raw);
    } else out[key] = v;
  }
  return out as Shape;
}

function collectRefs(shape: Shape | undefined, shapes: Record<string, Raw>, seen: Set<string>): void {
  if (!shape) return;
  if (shape.shape && !seen.has(shape.shape)) {
    seen.add(shape.shape);
    collectRefs(compactShape(shapes[shape.shape]!), shapes, seen);
  }
  for (const m of Object.values(shape.members ?? {})) collectRefs(m, shapes, seen);
  collectRefs(shape.member, shapes, seen);
  collectRefs(shape.key, shapes, seen);
  collectRefs(shape.value, shapes, seen);
}

function xmlNamespaceOf(meta: Raw, operations: Record<string, Raw>): string | undefined {
  if (typeof meta['xmlNamespace'] === 'string') return meta['xmlNamespace'];
  // REST-XML models other than S3's name their namespace only on the request payloads.
  for (const op of Object.values(operations)) {
    const members = ((op['input'] as Raw | undefined)?.['members'] ?? {}) as Record<string, Raw>;
    for (const m of Object.values(members)) {
      const ns = m['xmlNamespace'] as { uri?: string } | undefined;
      if (ns?.uri) return ns.uri;
    }
  }
  return undefined;
}

export function buildModel(apis: string, name: string, spec: ServiceSpec): CompactModel {
  const source = newestModel(apis, spec.model);
  const raw = JSON.parse(readFileSync(join(apis, `${source}.min.json`), 'utf8')) as Raw;
  let pagination: Record<string, Raw> = {};
  try {
    pagination = (JSON.parse(readFileSync(join(apis, `${source}.paginators.json`), 'utf8')) as { pagination?: Record<string, Raw> }).pagination ?? {};
  } catch {
    // Some models have no paginators file: no operation pages.
  }
  const meta = raw['metadata'] as Raw;
  const allOps = raw['operations'] as Record<string, Raw>;
  const shapes = raw['shapes'] as Record<string, Raw>;
  const keep = new Set(spec.writes ?? []);
  for (const w of keep) if (!allOps[w]) throw new Error(`${name}: the model ${source} has no operation ${w}`);
  const operations: Record<string, CompactOperation> = {};
  const used = new Set<string>();
  for (const opName of Object.keys(allOps).sort()) {
    if (!READ.test(opName) && !keep.has(opName)) continue;
    const op = allOps[opName]!;
    const http = op['http'] as Raw | undefined;
    const out: CompactOperation = {};
    if (http && meta['protocol'] !== 'query' && meta['protocol'] !== 'ec2' && meta['protocol'] !== 'json') {
      out.http = { method: String(http['method'] ?? 'POST'), requestUri: String(http['requestUri'] ?? '/') };
      if (typeof http['responseCode'] === 'number' && http['responseCode'] !== 200) out.http.responseCode = http['responseCode'];
    }
    if (op['input']) out.input = compactShape(op['input'] as Raw);
    if (op['output']) {
      const output = op['output'] as Raw;
      out.output = compactShape(output);
      if (typeof output['resultWrapper'] === 'string') out.resultWrapper = output['resultWrapper'];
    }
    const p = pagination[opName];
    if (p) {
      const pg: NonNullable<CompactOperation['paginator']> = {};
      if (p['input_token']) pg.inputToken = p['input_token'] as string | string[];
      if (p['output_token']) pg.outputToken = p['output_token'] as string | string[];
      if (p['limit_key']) pg.limitKey = p['limit_key'] as string;
      if (p['result_key']) pg.resultKey = p['result_key'] as string | string[];
      if (typeof p['more_results'] === 'string') pg.moreResults = p['more_results'];
      out.paginator = pg;
    }
    collectRefs(out.input, shapes, used);
    collectRefs(out.output, shapes, used);
    operations[opName] = out;
  }
  const kept: Record<string, Shape> = {};
  for (const s of [...used].sort()) kept[s] = compactShape(shapes[s]!);
  for (const [path, shape] of Object.entries(spec.additions ?? {})) addMember(name, operations, kept, path, shape);
  for (const [opName, op] of Object.entries(spec.operationAdditions ?? {})) addOperation(name, operations, opName, op);
  const metadata: CompactModel['metadata'] = {
    protocol: meta['protocol'] as CompactModel['metadata']['protocol'],
    apiVersion: String(meta['apiVersion']),
    endpointPrefix: String(meta['endpointPrefix']),
    signingName: String(meta['signingName'] ?? meta['endpointPrefix']),
  };
  const ns = xmlNamespaceOf(meta, allOps) ?? spec.xmlNamespace;
  if (ns) metadata.xmlNamespace = ns;
  if (typeof meta['targetPrefix'] === 'string') metadata.targetPrefix = meta['targetPrefix'];
  if (typeof meta['jsonVersion'] === 'string') metadata.jsonVersion = meta['jsonVersion'];
  if (meta['awsQueryCompatible']) metadata.awsQueryCompatible = true;
  if (typeof meta['globalEndpoint'] === 'string') metadata.global = true;
  return { service: name, source, metadata, operations, shapes: kept };
}

/** Add a member at `Operation:Member[].Member` of an operation's output (into the named shape when the path goes through one, as AWS's shape is shared). */
function addMember(service: string, operations: Record<string, CompactOperation>, kept: Record<string, Shape>, path: string, shape: Shape): void {
  const [opName, rest] = path.split(':', 2) as [string, string | undefined];
  const output = operations[opName]?.output;
  const fail = (why: string) => new Error(`${service}: addition ${path}: ${why}`);
  if (!output || !rest) throw fail('no such operation output');
  const deref = (s: Shape): Shape => (s.shape ? kept[s.shape]! : s);
  let node: Shape = output;
  const steps = rest.split('.');
  for (const step of steps.slice(0, -1)) {
    const m = /^(\w+)(\[\])?$/.exec(step);
    const member: Shape | undefined = m ? deref(node).members?.[m[1]!] : undefined;
    if (!member) throw fail(`no member ${step}`);
    const next: Shape | undefined = m![2] ? deref(member).member : member;
    if (!next) throw fail(`${step} is not a list`);
    node = next;
  }
  const target = deref(node);
  const last = steps.at(-1)!;
  if (!target.members) throw fail('not a structure');
  if (target.members[last]) throw fail(`the model already has ${last}: remove the addition`);
  target.members[last] = shape;
}

/** Add a whole operation the v2 model lacks, keeping the operations in name order (as the generator writes them). */
export function addOperation(service: string, operations: Record<string, CompactOperation>, opName: string, op: CompactOperation): void {
  if (operations[opName]) throw new Error(`${service}: operation addition ${opName}: the model already has it: remove the addition`);
  operations[opName] = structuredClone(op);
  const sorted = Object.keys(operations).sort();
  const copy = { ...operations };
  for (const k of sorted) delete operations[k];
  for (const k of sorted) operations[k] = copy[k]!;
}

/** One operation or shape per line: small diffs when a model is regenerated. */
export function renderModel(m: CompactModel): string {
  const block = (rec: Record<string, unknown>) =>
    Object.entries(rec)
      .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(',\n');
  return [
    '{',
    `  "service": ${JSON.stringify(m.service)},`,
    `  "source": ${JSON.stringify(m.source)},`,
    `  "metadata": ${JSON.stringify(m.metadata)},`,
    `  "operations": {\n${block(m.operations)}\n  },`,
    `  "shapes": {\n${block(m.shapes)}\n  }`,
    '}',
    '',
  ].join('\n');
}

function fetchApis(): { apis: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-aws-sdk-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const out = execFileSync('npm', ['pack', 'aws-sdk', '--silent', '--pack-destination', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const tgz = out.trim().split('\n').at(-1)!;
    execFileSync('tar', ['xzf', join(dir, tgz), '-C', dir, 'package/apis']);
    console.log(`models from ${tgz}`);
    return { apis: join(dir, 'package', 'apis'), cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}

function main(argv: string[]): number {
  let from: string | undefined;
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--from') from = argv[++i];
    else names.push(argv[i]!);
  }
  if (argv.includes('--from') && !from) {
    console.error('--from needs a directory');
    return 2;
  }
  for (const n of names) {
    if (!SERVICES[n]) {
      console.error(`unknown service ${n}; known: ${Object.keys(SERVICES).join(', ')}`);
      return 2;
    }
  }
  const { apis, cleanup } = from ? { apis: from, cleanup: () => undefined } : fetchApis();
  try {
    const outDir = join(import.meta.dirname, '..', 'src', 'sim', 'models');
    let total = 0;
    for (const name of names.length ? names : Object.keys(SERVICES)) {
      const model = buildModel(apis, name, SERVICES[name]!);
      const file = join(outDir, `${name}.json`);
      writeFileSync(file, renderModel(model));
      const size = statSync(file).size;
      total += size;
      console.log(`${name.padEnd(26)} ${model.source.padEnd(36)} ${String(Object.keys(model.operations).length).padStart(4)} operations ${(size / 1024).toFixed(0).padStart(5)} KiB`);
    }
    console.log(`total ${(total / 1024).toFixed(0)} KiB`);
    return 0;
  } finally {
    cleanup();
  }
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2));
