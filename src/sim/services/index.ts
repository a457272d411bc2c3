import type { ServiceHandler } from '../types.ts';
import { autoscaling } from './autoscaling/handler.ts';
import { ec2 } from './ec2/index.ts';
import { elasticLoadBalancing } from './elb/handler.ts';
import { ecs } from './ecs/handler.ts';
import { eventbridge } from './eventbridge/handler.ts';
import { iam } from './iam.ts';
import { organizations } from './organizations.ts';
import { rds } from './rds/handler.ts';
import { s3 } from './s3/handler.ts';
import { s3control } from './s3control.ts';
import { sqs } from './sqs.ts';
import { stepfunctions } from './stepfunctions/handler.ts';
import { sts } from './sts.ts';
import { tagging } from './tagging.ts';
import { eks } from './eks/handler.ts';
import { ecr } from './ecr/handler.ts';
import { lambda } from './lambda/handler.ts';
import { cloudfront } from './cloudfront/handler.ts';
import { route53 } from './route53/handler.ts';
import { waf } from './waf/handler.ts';
import { apiGateway } from './apigateway/handler.ts';
import { appsync } from './appsync/handler.ts';
import { networkfirewall } from './networkfirewall/handler.ts';
import { transfer } from './transfer/handler.ts';
import { workspaces } from './workspaces/handler.ts';
import { mq } from './mq/handler.ts';
import { kafka } from './kafka/handler.ts';
import { elasticache } from './elasticache/handler.ts';
import { wafv2 } from './wafv2/handler.ts';
import { elasticbeanstalk } from './elasticbeanstalk/handler.ts';
import { redshift } from './redshift/handler.ts';
import { kinesis } from './kinesis/handler.ts';
import { dynamodb } from './dynamodb/handler.ts';
import { firehose } from './firehose/handler.ts';
import { athena } from './athena/handler.ts';
import { glue } from './glue/handler.ts';
import { opensearch } from './opensearch/handler.ts';
import { emr } from './emr/handler.ts';
import { redshiftServerless } from './redshiftserverless/handler.ts';
import { efs } from './efs/handler.ts';
import { fsx } from './fsx/handler.ts';
import { acm } from './acm/handler.ts';
import { acmPca } from './acmpca/handler.ts';
import { dms } from './dms/handler.ts';
import { sagemaker } from './sagemaker/handler.ts';
import { backup } from './backup/handler.ts';
import { datasync } from './datasync/handler.ts';
import { dax } from './dax/handler.ts';
import { kafkaconnect } from './kafkaconnect/handler.ts';
import { applicationAutoScaling } from './applicationautoscaling/handler.ts';
import { kms } from './kms/handler.ts';
import { sns } from './sns/handler.ts';
import { secretsmanager } from './secretsmanager/handler.ts';

/** Every service the local endpoint serves, by signing name (`s3control` is routed by path); one per line. */
export const HANDLERS: ServiceHandler[] = [
  sts,
  iam,
  organizations,
  rds,
  s3,
  s3control,
  ec2,
  sqs,
  tagging,
  elasticLoadBalancing,
  eks,
  ecr,
  lambda,
  ecs,
  autoscaling,
  stepfunctions,
  eventbridge,
  cloudfront,
  route53,
  waf,
  apiGateway,
  appsync,
  networkfirewall,
  transfer,
  workspaces,
  mq,
  kafka,
  elasticache,
  wafv2,
  elasticbeanstalk,
  redshift,
  kinesis,
  dynamodb,
  firehose,
  athena,
  glue,
  opensearch,
  emr,
  redshiftServerless,
  efs,
  fsx,
  acm,
  acmPca,
  dms,
  sagemaker,
  backup,
  datasync,
  dax,
  kafkaconnect,
  applicationAutoScaling,
  kms,
  sns,
  secretsmanager,
];
