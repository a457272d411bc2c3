import { groupCollector } from './autoscaling/group.ts';
import { launchConfigurationCollector } from './autoscaling/launch-configuration.ts';
import { instanceCollector } from './ec2/instance.ts';
import { securityGroupCollector } from './ec2/security-group.ts';
import { classicLoadBalancerCollector } from './elb/load-balancer.ts';
import { clusterCollector } from './ecs/cluster.ts';
import { serviceCollector } from './ecs/service.ts';
import { taskDefinitionCollector } from './ecs/task-definition.ts';
import { snapshotCollector } from './ec2/snapshot.ts';
import { volumeCollector } from './ec2/volume.ts';
import { regionSettingsCollector } from './ec2/region-settings.ts';
import { vpcCollector } from './ec2/vpc.ts';
import { subnetCollector } from './ec2/subnet.ts';
import { networkAclCollector } from './ec2/network-acl.ts';
import { networkInterfaceCollector } from './ec2/network-interface.ts';
import { routeTableCollector } from './ec2/route-table.ts';
import { listenerCollector } from './elbv2/listener.ts';
import { loadBalancerCollector } from './elbv2/load-balancer.ts';
import { eventBusCollector } from './events/event-bus.ts';
import { dbClusterSnapshotCollector, dbSnapshotCollector } from './rds/snapshot.ts';
import { dbInstanceCollector } from './rds/instance.ts';
import { dbProxyCollector } from './rds/proxy.ts';
import { eventSubscriptionsCollector } from './rds/event-subscription.ts';
import { bucketCollector } from './s3/bucket.ts';
import { accountCollector as s3AccountCollector } from './s3/account.ts';
import { accessPointCollector as s3AccessPointCollector } from './s3/access-point.ts';
import { multiRegionAccessPointCollector as s3MultiRegionAccessPointCollector } from './s3/multi-region-access-point.ts';
import { directoryBucketCollector as s3DirectoryBucketCollector } from './s3/directory-bucket.ts';
import { stateMachineCollector } from './states/state-machine.ts';
import type { Collector } from './types.ts';
import { clusterCollector as eksClusterCollector } from './eks/cluster.ts';
import { repositoryCollector as ecrRepositoryCollector } from './ecr/repository.ts';
import { functionCollector as lambdaFunctionCollector } from './lambda/function.ts';
import { launchTemplateCollector } from './ec2/launch-template.ts';
import { transitGatewayCollector } from './ec2/transit-gateway.ts';
import { vpnConnectionCollector } from './ec2/vpn-connection.ts';
import { clientVpnEndpointCollector } from './ec2/client-vpn-endpoint.ts';
import { spotFleetRequestCollector } from './ec2/spot-fleet-request.ts';
import { distributionCollector } from './cloudfront/distribution.ts';
import { restStageCollector as apigatewayStageCollector } from './apigateway/stage.ts';
import { v2StageCollector as apigatewayV2StageCollector } from './apigatewayv2/stage.ts';
import { routeCollector as apigatewayV2RouteCollector } from './apigatewayv2/route.ts';
import { graphqlApiCollector as appsyncGraphqlApiCollector } from './appsync/graphql-api.ts';
import { firewallCollector as networkFirewallCollector } from './network-firewall/firewall.ts';
import { firewallPolicyCollector } from './network-firewall/firewall-policy.ts';
import { ruleGroupCollector as networkFirewallRuleGroupCollector } from './network-firewall/rule-group.ts';
import { environmentCollector as beanstalkEnvironmentCollector } from './elasticbeanstalk/environment.ts';
import { serverCollector as transferServerCollector } from './transfer/server.ts';
import { connectorCollector as transferConnectorCollector } from './transfer/connector.ts';
import { webAclCollector } from './wafv2/web-acl.ts';
import { workspaceCollector } from './workspaces/workspace.ts';
import { brokerCollector as mqBrokerCollector } from './mq/broker.ts';
import { mskClusterCollector } from './msk/cluster.ts';
import { cacheClusterCollector } from './elasticache/cluster.ts';
import { replicationGroupCollector as elasticacheReplicationGroupCollector } from './elasticache/replication-group.ts';
import { hostedZoneCollector } from './route53/hosted-zone.ts';
import { wafWebAclCollector } from './waf/web-acl.ts';
import { wafRuleGroupCollector } from './waf/rule-group.ts';
import { wafRuleCollector } from './waf/rule.ts';
import { redshiftClusterCollector } from './redshift/cluster.ts';
import { dbClusterCollector } from './rds/cluster.ts';
import { neptuneClusterCollector } from './neptune/cluster.ts';
import { neptuneClusterSnapshotCollector } from './neptune/cluster-snapshot.ts';
import { docdbClusterCollector } from './docdb/cluster.ts';
import { docdbClusterSnapshotCollector } from './docdb/cluster-snapshot.ts';
import { streamCollector as kinesisStreamCollector } from './kinesis/stream.ts';
import { tableCollector as dynamodbTableCollector } from './dynamodb/table.ts';
import { deliveryStreamCollector as firehoseDeliveryStreamCollector } from './firehose/delivery-stream.ts';
import { workgroupCollector as athenaWorkgroupCollector } from './athena/workgroup.ts';
import { jobCollector as glueJobCollector } from './glue/job.ts';
import { mlTransformCollector as glueMlTransformCollector } from './glue/ml-transform.ts';
import { domainCollector as opensearchDomainCollector } from './opensearch/domain.ts';
import { emrAccountCollector } from './emr/account.ts';
import { emrClusterCollector } from './emr/cluster.ts';
import { securityConfigurationCollector as emrSecurityConfigurationCollector } from './emr/security-configuration.ts';
import { namespaceCollector as redshiftServerlessNamespaceCollector } from './redshift-serverless/namespace.ts';
import { workgroupCollector as redshiftServerlessWorkgroupCollector } from './redshift-serverless/workgroup.ts';
import { fileSystemCollector as efsFileSystemCollector } from './efs/file-system.ts';
import { accessPointCollector as efsAccessPointCollector } from './efs/access-point.ts';
import { mountTargetCollector as efsMountTargetCollector } from './efs/mount-target.ts';
import { fileSystemCollector as fsxFileSystemCollector } from './fsx/file-system.ts';
import { certificateCollector as acmCertificateCollector } from './acm/certificate.ts';
import { certificateAuthorityCollector as acmPcaCertificateAuthorityCollector } from './acm-pca/certificate-authority.ts';
import { dmsEndpointCollector } from './dms/endpoint.ts';
import { dmsReplicationInstanceCollector } from './dms/replication-instance.ts';
import { dmsReplicationTaskCollector } from './dms/replication-task.ts';
import { notebookInstanceCollector as sagemakerNotebookInstanceCollector } from './sagemaker/notebook-instance.ts';
import { sagemakerModelCollector } from './sagemaker/model.ts';
import { endpointConfigCollector as sagemakerEndpointConfigCollector } from './sagemaker/endpoint-config.ts';
import { recoveryPointCollector as backupRecoveryPointCollector } from './backup/recovery-point.ts';
import { datasyncTaskCollector } from './datasync/task.ts';
import { daxClusterCollector } from './dax/cluster.ts';
import { mskConnectorCollector } from './msk/connector.ts';
import { sqsQueueCollector } from './sqs/queue.ts';
import { snsTopicCollector } from './sns/topic.ts';
import { secretCollector as secretsmanagerSecretCollector } from './secretsmanager/secret.ts';
import { kmsKeyCollector } from './kms/key.ts';
import { inlinePolicyCollector as iamInlinePolicyCollector } from './iam/inline-policy.ts';
import { iamPolicyCollector } from './iam/policy.ts';

export type { Collector, CollectContext } from './types.ts';

/** Every collector, one line per resource type (its descriptor is listed in src/resources/index.ts). */
export const COLLECTORS: ReadonlyMap<string, Collector> = new Map(
  [
    securityGroupCollector,
    instanceCollector,
    bucketCollector,
    s3AccountCollector,
    s3AccessPointCollector,
    s3MultiRegionAccessPointCollector,
    s3DirectoryBucketCollector,
    dbSnapshotCollector,
    dbClusterSnapshotCollector,
    loadBalancerCollector,
    listenerCollector,
    classicLoadBalancerCollector,
    eksClusterCollector,
    ecrRepositoryCollector,
    lambdaFunctionCollector,
    taskDefinitionCollector,
    serviceCollector,
    clusterCollector,
    snapshotCollector,
    volumeCollector,
    regionSettingsCollector,
    vpcCollector,
    subnetCollector,
    networkAclCollector,
    networkInterfaceCollector,
    routeTableCollector,
    groupCollector,
    launchConfigurationCollector,
    stateMachineCollector,
    eventBusCollector,
    launchTemplateCollector,
    transitGatewayCollector,
    vpnConnectionCollector,
    clientVpnEndpointCollector,
    spotFleetRequestCollector,
    distributionCollector,
    apigatewayStageCollector,
    apigatewayV2StageCollector,
    apigatewayV2RouteCollector,
    appsyncGraphqlApiCollector,
    networkFirewallCollector,
    firewallPolicyCollector,
    networkFirewallRuleGroupCollector,
    beanstalkEnvironmentCollector,
    transferServerCollector,
    transferConnectorCollector,
    webAclCollector,
    workspaceCollector,
    hostedZoneCollector,
    wafWebAclCollector,
    wafRuleGroupCollector,
    wafRuleCollector,
    redshiftClusterCollector,
    mqBrokerCollector,
    mskClusterCollector,
    cacheClusterCollector,
    elasticacheReplicationGroupCollector,
    kinesisStreamCollector,
    dynamodbTableCollector,
    firehoseDeliveryStreamCollector,
    athenaWorkgroupCollector,
    glueJobCollector,
    glueMlTransformCollector,
    dbClusterCollector,
    neptuneClusterCollector,
    neptuneClusterSnapshotCollector,
    docdbClusterCollector,
    docdbClusterSnapshotCollector,
    opensearchDomainCollector,
    emrAccountCollector,
    emrClusterCollector,
    emrSecurityConfigurationCollector,
    redshiftServerlessNamespaceCollector,
    redshiftServerlessWorkgroupCollector,
    efsFileSystemCollector,
    efsAccessPointCollector,
    efsMountTargetCollector,
    fsxFileSystemCollector,
    acmCertificateCollector,
    acmPcaCertificateAuthorityCollector,
    dmsEndpointCollector,
    dmsReplicationInstanceCollector,
    dmsReplicationTaskCollector,
    sagemakerNotebookInstanceCollector,
    sagemakerModelCollector,
    sagemakerEndpointConfigCollector,
    backupRecoveryPointCollector,
    datasyncTaskCollector,
    dbInstanceCollector,
    dbProxyCollector,
    eventSubscriptionsCollector,
    daxClusterCollector,
    mskConnectorCollector,
    sqsQueueCollector,
    snsTopicCollector,
    secretsmanagerSecretCollector,
    kmsKeyCollector,
    iamInlinePolicyCollector,
    iamPolicyCollector,
  ].map((c) => [c.type, c]),
);

export function collectorFor(type: string): Collector | undefined {
  return COLLECTORS.get(type);
}
