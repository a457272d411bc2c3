/**
 * Every resource type mamori knows, one line each: adding a type is its descriptor file
 * (`aws/<service>/<resource>.ts`), its collector (`src/collectors/<service>/<resource>.ts`) and one
 * line here and one in `src/collectors/index.ts`. Nothing else learns about it: the policy language's
 * types and fields, the ASFF output, the console and `iam-policy` read these descriptors.
 */
import type { ResourceDescriptor } from './define.ts';
import { group } from './aws/autoscaling/group.ts';
import { launchConfiguration } from './aws/autoscaling/launch-configuration.ts';
import { instance } from './aws/ec2/instance.ts';
import { securityGroup } from './aws/ec2/security-group.ts';
import { classicLoadBalancer } from './aws/elb/load-balancer.ts';
import { cluster } from './aws/ecs/cluster.ts';
import { service } from './aws/ecs/service.ts';
import { taskDefinition } from './aws/ecs/task-definition.ts';
import { ebsSnapshot } from './aws/ec2/snapshot.ts';
import { ebsVolume } from './aws/ec2/volume.ts';
import { regionSettings } from './aws/ec2/region-settings.ts';
import { vpc } from './aws/ec2/vpc.ts';
import { subnet } from './aws/ec2/subnet.ts';
import { networkAcl } from './aws/ec2/network-acl.ts';
import { networkInterface } from './aws/ec2/network-interface.ts';
import { routeTable } from './aws/ec2/route-table.ts';
import { listener } from './aws/elbv2/listener.ts';
import { eventBus } from './aws/events/event-bus.ts';
import { loadBalancer } from './aws/elbv2/load-balancer.ts';
import { dbClusterSnapshot } from './aws/rds/db-cluster-snapshot.ts';
import { dbSnapshot } from './aws/rds/db-snapshot.ts';
import { dbInstance } from './aws/rds/db-instance.ts';
import { dbProxy } from './aws/rds/db-proxy.ts';
import { eventSubscriptions } from './aws/rds/event-subscription.ts';
import { bucket } from './aws/s3/bucket.ts';
import { account as s3Account } from './aws/s3/account.ts';
import { accessPoint as s3AccessPoint } from './aws/s3/access-point.ts';
import { multiRegionAccessPoint as s3MultiRegionAccessPoint } from './aws/s3/multi-region-access-point.ts';
import { directoryBucket as s3DirectoryBucket } from './aws/s3/directory-bucket.ts';
import { cluster as eksCluster } from './aws/eks/cluster.ts';
import { repository as ecrRepository } from './aws/ecr/repository.ts';
import { lambdaFunction } from './aws/lambda/function.ts';
import { stateMachine } from './aws/states/state-machine.ts';
import { launchTemplate } from './aws/ec2/launch-template.ts';
import { transitGateway } from './aws/ec2/transit-gateway.ts';
import { vpnConnection } from './aws/ec2/vpn-connection.ts';
import { clientVpnEndpoint } from './aws/ec2/client-vpn-endpoint.ts';
import { spotFleetRequest } from './aws/ec2/spot-fleet-request.ts';
import { distribution } from './aws/cloudfront/distribution.ts';
import { restStage as apigatewayStage } from './aws/apigateway/stage.ts';
import { v2Stage as apigatewayV2Stage } from './aws/apigatewayv2/stage.ts';
import { route as apigatewayV2Route } from './aws/apigatewayv2/route.ts';
import { graphqlApi as appsyncGraphqlApi } from './aws/appsync/graphql-api.ts';
import { firewall as networkFirewall } from './aws/network-firewall/firewall.ts';
import { firewallPolicy } from './aws/network-firewall/firewall-policy.ts';
import { ruleGroup as networkFirewallRuleGroup } from './aws/network-firewall/rule-group.ts';
import { environment as beanstalkEnvironment } from './aws/elasticbeanstalk/environment.ts';
import { server as transferServer } from './aws/transfer/server.ts';
import { connector as transferConnector } from './aws/transfer/connector.ts';
import { webAcl } from './aws/wafv2/web-acl.ts';
import { workspace } from './aws/workspaces/workspace.ts';
import { hostedZone } from './aws/route53/hosted-zone.ts';
import { wafWebAcl } from './aws/waf/web-acl.ts';
import { wafRuleGroup } from './aws/waf/rule-group.ts';
import { wafRule } from './aws/waf/rule.ts';
import { redshiftCluster } from './aws/redshift/cluster.ts';
import { dbCluster } from './aws/rds/db-cluster.ts';
import { neptuneCluster } from './aws/neptune/cluster.ts';
import { neptuneClusterSnapshot } from './aws/neptune/cluster-snapshot.ts';
import { docdbCluster } from './aws/docdb/cluster.ts';
import { docdbClusterSnapshot } from './aws/docdb/cluster-snapshot.ts';
import { broker as mqBroker } from './aws/mq/broker.ts';
import { cluster as mskCluster } from './aws/msk/cluster.ts';
import { cacheCluster as elasticacheCluster } from './aws/elasticache/cluster.ts';
import { replicationGroup as elasticacheReplicationGroup } from './aws/elasticache/replication-group.ts';
import { stream as kinesisStream } from './aws/kinesis/stream.ts';
import { table as dynamodbTable } from './aws/dynamodb/table.ts';
import { deliveryStream as firehoseDeliveryStream } from './aws/firehose/delivery-stream.ts';
import { workgroup as athenaWorkgroup } from './aws/athena/workgroup.ts';
import { job as glueJob } from './aws/glue/job.ts';
import { mlTransform as glueMlTransform } from './aws/glue/ml-transform.ts';
import { domain as opensearchDomain } from './aws/opensearch/domain.ts';
import { emrAccount } from './aws/emr/account.ts';
import { emrCluster } from './aws/emr/cluster.ts';
import { securityConfiguration as emrSecurityConfiguration } from './aws/emr/security-configuration.ts';
import { namespace as redshiftServerlessNamespace } from './aws/redshift-serverless/namespace.ts';
import { workgroup as redshiftServerlessWorkgroup } from './aws/redshift-serverless/workgroup.ts';
import { fileSystem as efsFileSystem } from './aws/efs/file-system.ts';
import { accessPoint as efsAccessPoint } from './aws/efs/access-point.ts';
import { mountTarget as efsMountTarget } from './aws/efs/mount-target.ts';
import { fileSystem as fsxFileSystem } from './aws/fsx/file-system.ts';
import { certificate as acmCertificate } from './aws/acm/certificate.ts';
import { certificateAuthority as acmPcaCertificateAuthority } from './aws/acm-pca/certificate-authority.ts';
import { dmsEndpoint } from './aws/dms/endpoint.ts';
import { dmsReplicationInstance } from './aws/dms/replication-instance.ts';
import { dmsReplicationTask } from './aws/dms/replication-task.ts';
import { notebookInstance as sagemakerNotebookInstance } from './aws/sagemaker/notebook-instance.ts';
import { sagemakerModel } from './aws/sagemaker/model.ts';
import { endpointConfig as sagemakerEndpointConfig } from './aws/sagemaker/endpoint-config.ts';
import { recoveryPoint as backupRecoveryPoint } from './aws/backup/recovery-point.ts';
import { datasyncTask } from './aws/datasync/task.ts';
import { daxCluster } from './aws/dax/cluster.ts';
import { connector as mskConnector } from './aws/msk/connector.ts';
import { sqsQueue } from './aws/sqs/queue.ts';
import { snsTopic } from './aws/sns/topic.ts';
import { secret as secretsmanagerSecret } from './aws/secretsmanager/secret.ts';
import { kmsKey } from './aws/kms/key.ts';
import { inlinePolicy as iamInlinePolicy } from './aws/iam/inline-policy.ts';
import { iamPolicy } from './aws/iam/policy.ts';

export type { ResourceDescriptor, Section, SectionLine, SectionContext } from './define.ts';
export { configFields, serviceOfType } from './define.ts';

const ALL: readonly ResourceDescriptor[] = [
  securityGroup,
  instance,
  bucket,
  s3Account,
  s3AccessPoint,
  s3MultiRegionAccessPoint,
  s3DirectoryBucket,
  dbSnapshot,
  dbClusterSnapshot,
  loadBalancer,
  listener,
  classicLoadBalancer,
  eksCluster,
  ecrRepository,
  lambdaFunction,
  taskDefinition,
  service,
  cluster,
  ebsSnapshot,
  ebsVolume,
  regionSettings,
  vpc,
  subnet,
  networkAcl,
  networkInterface,
  routeTable,
  group,
  launchConfiguration,
  stateMachine,
  eventBus,
  launchTemplate,
  transitGateway,
  vpnConnection,
  clientVpnEndpoint,
  spotFleetRequest,
  distribution,
  apigatewayStage,
  apigatewayV2Stage,
  apigatewayV2Route,
  appsyncGraphqlApi,
  networkFirewall,
  firewallPolicy,
  networkFirewallRuleGroup,
  beanstalkEnvironment,
  transferServer,
  transferConnector,
  webAcl,
  workspace,
  hostedZone,
  wafWebAcl,
  wafRuleGroup,
  wafRule,
  redshiftCluster,
  mqBroker,
  mskCluster,
  elasticacheCluster,
  elasticacheReplicationGroup,
  kinesisStream,
  dynamodbTable,
  firehoseDeliveryStream,
  athenaWorkgroup,
  glueJob,
  glueMlTransform,
  dbCluster,
  neptuneCluster,
  neptuneClusterSnapshot,
  docdbCluster,
  docdbClusterSnapshot,
  opensearchDomain,
  emrAccount,
  emrCluster,
  emrSecurityConfiguration,
  redshiftServerlessNamespace,
  redshiftServerlessWorkgroup,
  efsFileSystem,
  efsAccessPoint,
  efsMountTarget,
  fsxFileSystem,
  acmCertificate,
  acmPcaCertificateAuthority,
  dmsEndpoint,
  dmsReplicationInstance,
  dmsReplicationTask,
  sagemakerNotebookInstance,
  sagemakerModel,
  sagemakerEndpointConfig,
  backupRecoveryPoint,
  datasyncTask,
  dbInstance,
  dbProxy,
  eventSubscriptions,
  daxCluster,
  mskConnector,
  sqsQueue,
  snsTopic,
  secretsmanagerSecret,
  kmsKey,
  iamInlinePolicy,
  iamPolicy,
] as unknown as ResourceDescriptor[];

/** Every resource type's descriptor, keyed by its type name. */
export const RESOURCES: ReadonlyMap<string, ResourceDescriptor> = new Map(ALL.map((d) => [d.type, d]));

export function resourceDescriptor(type: string): ResourceDescriptor | undefined {
  return RESOURCES.get(type);
}
