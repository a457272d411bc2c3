import { apigateway } from './apigateway.ts';
import { apigatewayv2 } from './apigatewayv2.ts';
import { appsync } from './appsync.ts';
import { autoscaling } from './autoscaling.ts';
import { ebsSnapshots } from './ebs-snapshots.ts';
import { ec2Instances } from './ec2-instances.ts';
import { ec2LaunchTemplates } from './ec2-launch-templates.ts';
import { ec2Network } from './ec2-network.ts';
import { ec2RegionSettings } from './ec2-region-settings.ts';
import { ec2Vpn } from './ec2-vpn.ts';
import { ecr } from './ecr.ts';
import { ecs } from './ecs.ts';
import { eks } from './eks.ts';
import { elbClassic } from './elb.ts';
import { elasticBeanstalk } from './elasticbeanstalk.ts';
import { elbv2 } from './elbv2.ts';
import { eventBridge } from './eventbridge.ts';
import { lambda } from './lambda.ts';
import { networkFirewall } from './network-firewall.ts';
import { rdsSnapshots } from './rds.ts';
import { s3Buckets } from './s3.ts';
import { s3Control } from './s3-control.ts';
import { securityGroups } from './security-groups.ts';
import { stepFunctions } from './stepfunctions.ts';
import { cloudfront } from './cloudfront.ts';
import { route53 } from './route53.ts';
import { waf } from './waf.ts';
import { transfer } from './transfer.ts';
import type { GeneratorPiece } from './types.ts';
import { wafv2 } from './wafv2.ts';
import { workspaces } from './workspaces.ts';
import { redshift } from './redshift.ts';
import { mq } from './mq.ts';
import { msk } from './msk.ts';
import { elasticache } from './elasticache.ts';
import { kinesis } from './kinesis.ts';
import { dynamodb } from './dynamodb.ts';
import { firehose } from './firehose.ts';
import { athena } from './athena.ts';
import { glue } from './glue.ts';
import { rdsClusters } from './rds-cluster.ts';
import { neptune } from './neptune.ts';
import { docdb } from './docdb.ts';
import { opensearch } from './opensearch.ts';
import { emr } from './emr.ts';
import { redshiftServerless } from './redshift-serverless.ts';
import { efs } from './efs.ts';
import { fsx } from './fsx.ts';
import { acm } from './acm.ts';
import { dms } from './dms.ts';
import { sagemaker } from './sagemaker.ts';
import { backup } from './backup.ts';
import { datasync } from './datasync.ts';
import { rdsInstances } from './rds-instance.ts';
import { dax } from './dax.ts';
import { mskConnect } from './msk-connect.ts';
import { sqs } from './sqs.ts';
import { sns } from './sns.ts';
import { secretsmanager } from './secretsmanager.ts';
import { kms } from './kms.ts';
import { iam } from './iam.ts';

export type { GeneratorPiece, GeneratorSpec, PiecePlan, PlanContext, TruthEntry } from './types.ts';

/**
 * The estate generator's pieces, in generation order: one line per piece. To add one, write
 * `generators/<service>.ts` exporting a `GeneratorPiece` (see `security-groups.ts` or `eks.ts`): its
 * resource types, the policies it gives truth for, the resources a scan sees, and `plan()`, which adds
 * correct and violating entries to the estate document and returns their expected findings. The
 * ground-truth test fails until every built-in policy belongs to a piece and the scan equals the truth.
 */
export const GENERATOR_PIECES: readonly GeneratorPiece[] = [
  securityGroups,
  s3Buckets,
  s3Control,
  rdsSnapshots,
  ec2RegionSettings,
  ec2Instances,
  ebsSnapshots,
  elbv2,
  elbClassic,
  eks,
  ecr,
  lambda,
  ecs,
  autoscaling,
  stepFunctions,
  eventBridge,
  ec2LaunchTemplates,
  ec2Vpn,
  ec2Network,
  apigateway,
  apigatewayv2,
  appsync,
  cloudfront,
  route53,
  waf,
  networkFirewall,
  elasticBeanstalk,
  transfer,
  wafv2,
  workspaces,
  redshift,
  mq,
  msk,
  elasticache,
  kinesis,
  dynamodb,
  firehose,
  athena,
  glue,
  rdsClusters,
  neptune,
  docdb,
  opensearch,
  emr,
  redshiftServerless,
  efs,
  fsx,
  acm,
  dms,
  sagemaker,
  backup,
  datasync,
  rdsInstances,
  dax,
  mskConnect,
  sqs,
  sns,
  secretsmanager,
  kms,
  iam,
];
