/** Every remediation action, keyed by its id (policies name it in `response.action`). */
import { MamoriError } from '../core/errors.ts';
import { apigatewayEnableExecutionLogging } from './actions/apigateway/apigateway-enable-execution-logging.ts';
import { apigatewayEnableTracing } from './actions/apigateway/apigateway-enable-tracing.ts';
import { apigatewayEncryptCache } from './actions/apigateway/apigateway-encrypt-cache.ts';
import { apigatewayv2EnableAccessLogs } from './actions/apigatewayv2/apigatewayv2-enable-access-logs.ts';
import { appsyncEnableFieldLogging } from './actions/appsync/appsync-enable-field-logging.ts';
import { autoscalingEnableElbHealthCheck } from './actions/autoscaling/autoscaling-enable-elb-health-check.ts';
import { revokeOpenIngress } from './actions/ec2/revoke-open-ingress.ts';
import { ec2ClientVpnEnableConnectionLogs } from './actions/ec2/ec2-client-vpn-enable-connection-logs.ts';
import { ec2SubnetDisablePublicIp } from './actions/ec2/ec2-subnet-disable-public-ip.ts';
import { ec2DefaultSgRevokeAll } from './actions/ec2/ec2-default-sg-revoke-all.ts';
import { ec2VpcCreateFlowLogs } from './actions/ec2/ec2-vpc-create-flow-logs.ts';
import { ec2EnableEbsDefaultEncryption } from './actions/ec2/ec2-enable-ebs-default-encryption.ts';
import { ec2LaunchTemplateRequireImdsv2 } from './actions/ec2/ec2-launch-template-require-imdsv2.ts';
import { ec2RequireImdsv2 } from './actions/ec2/ec2-require-imdsv2.ts';
import { ec2SnapshotRemovePublic } from './actions/ec2/ec2-snapshot-remove-public.ts';
import { ec2TgwDisableAutoAccept } from './actions/ec2/ec2-tgw-disable-auto-accept.ts';
import { ec2VpnEnableTunnelLogs } from './actions/ec2/ec2-vpn-enable-tunnel-logs.ts';
import { elbEnableAccessLogs } from './actions/elb/elb-enable-access-logs.ts';
import { elbEnableConnectionDraining } from './actions/elb/elb-enable-connection-draining.ts';
import { elbEnableCrossZone } from './actions/elb/elb-enable-cross-zone.ts';
import { elbSetDesyncMitigation } from './actions/elb/elb-set-desync-mitigation.ts';
import { elbv2DropInvalidHeaders } from './actions/elbv2/elbv2-drop-invalid-headers.ts';
import { elbv2EnableAccessLogs } from './actions/elbv2/elbv2-enable-access-logs.ts';
import { elbv2EnableDeletionProtection } from './actions/elbv2/elbv2-enable-deletion-protection.ts';
import { elbv2RedirectHttpToHttps } from './actions/elbv2/elbv2-redirect-http-to-https.ts';
import { elbv2SetDesyncMitigation } from './actions/elbv2/elbv2-set-desync-mitigation.ts';
import { elbv2SetTlsPolicy } from './actions/elbv2/elbv2-set-tls-policy.ts';
import { rdsClusterSnapshotRemovePublic } from './actions/rds/rds-cluster-snapshot-remove-public.ts';
import { rdsSnapshotRemovePublic } from './actions/rds/rds-snapshot-remove-public.ts';
import { rdsInstanceEnableBackups } from './actions/rds/rds-instance-enable-backups.ts';
import { rdsInstanceCopyTagsToSnapshots } from './actions/rds/rds-instance-copy-tags-to-snapshots.ts';
import { rdsInstanceEnableDeletionProtection } from './actions/rds/rds-instance-enable-deletion-protection.ts';
import { rdsInstanceEnableIamAuth } from './actions/rds/rds-instance-enable-iam-auth.ts';
import { rdsInstanceExportLogs } from './actions/rds/rds-instance-export-logs.ts';
import { rdsInstanceEnableMinorUpgrades } from './actions/rds/rds-instance-enable-minor-upgrades.ts';
import { rdsInstanceRemovePublicAccess } from './actions/rds/rds-instance-remove-public-access.ts';
import { rdsInstanceEnableEnhancedMonitoring } from './actions/rds/rds-instance-enable-enhanced-monitoring.ts';
import { rdsProxyRequireTls } from './actions/rds/rds-proxy-require-tls.ts';
import { rdsEventSubscriptionCreateInstance } from './actions/rds/rds-event-subscription-create-instance.ts';
import { rdsEventSubscriptionCreateCluster } from './actions/rds/rds-event-subscription-create-cluster.ts';
import { rdsEventSubscriptionCreateParameterGroup } from './actions/rds/rds-event-subscription-create-parameter-group.ts';
import { rdsEventSubscriptionCreateSecurityGroup } from './actions/rds/rds-event-subscription-create-security-group.ts';
import { s3BlockPublicAccess } from './actions/s3/s3-block-public-access.ts';
import { s3AccountBlockPublicAccess } from './actions/s3/s3-account-block-public-access.ts';
import { s3EnableAccessLogging } from './actions/s3/s3-enable-access-logging.ts';
import { s3DenyInsecureTransport } from './actions/s3/s3-deny-insecure-transport.ts';
import { s3RemoveCrossAccountAdminActions } from './actions/s3/s3-remove-cross-account-admin-actions.ts';
import { s3EnableDefaultEncryption } from './actions/s3/s3-enable-default-encryption.ts';
import { s3RemovePublicAccess } from './actions/s3/s3-remove-public-access.ts';
import { s3RemovePublicAclGrants } from './actions/s3/s3-remove-public-acl-grants.ts';
import { s3RemovePublicPolicyStatements } from './actions/s3/s3-remove-public-policy-statements.ts';
import { cloudfrontEnableLogging } from './actions/cloudfront/cloudfront-enable-logging.ts';
import { cloudfrontOriginTls12 } from './actions/cloudfront/cloudfront-origin-tls12.ts';
import { cloudfrontRedirectHttpToHttps } from './actions/cloudfront/cloudfront-redirect-http-to-https.ts';
import { cloudfrontSetDefaultRootObject } from './actions/cloudfront/cloudfront-set-default-root-object.ts';
import { cloudfrontSetViewerTlsPolicy } from './actions/cloudfront/cloudfront-set-viewer-tls-policy.ts';
import { cloudfrontUseSni } from './actions/cloudfront/cloudfront-use-sni.ts';
import { route53EnableQueryLogging } from './actions/route53/route53-enable-query-logging.ts';
import { ecrEnableScanOnPush } from './actions/ecr/ecr-enable-scan-on-push.ts';
import { ecsEnableContainerInsights } from './actions/ecs/ecs-enable-container-insights.ts';
import { ecsTaskdefReadonlyRootFs } from './actions/ecs/ecs-taskdef-readonly-root-fs.ts';
import { eksEnableAuditLogging } from './actions/eks/eks-enable-audit-logging.ts';
import { lambdaRemovePublicPermissions } from './actions/lambda/lambda-remove-public-permissions.ts';
import { statesEnableLogging } from './actions/states/states-enable-logging.ts';
import { elasticbeanstalkEnableEnhancedHealth } from './actions/elasticbeanstalk/elasticbeanstalk-enable-enhanced-health.ts';
import { elasticbeanstalkEnableLogStreaming } from './actions/elasticbeanstalk/elasticbeanstalk-enable-log-streaming.ts';
import { networkfirewallEnableDeletionProtection } from './actions/network-firewall/networkfirewall-enable-deletion-protection.ts';
import { networkfirewallEnableLogging } from './actions/network-firewall/networkfirewall-enable-logging.ts';
import { networkfirewallEnableSubnetChangeProtection } from './actions/network-firewall/networkfirewall-enable-subnet-change-protection.ts';
import { opensearchEnableEncryptionAtRest } from './actions/opensearch/opensearch-enable-encryption-at-rest.ts';
import { opensearchEnableNodeToNodeEncryption } from './actions/opensearch/opensearch-enable-node-to-node-encryption.ts';
import { opensearchEnableErrorLogs } from './actions/opensearch/opensearch-enable-error-logs.ts';
import { opensearchSetTlsPolicy } from './actions/opensearch/opensearch-set-tls-policy.ts';
import { opensearchUpdateServiceSoftware } from './actions/opensearch/opensearch-update-service-software.ts';
import { emrBlockPublicAccess } from './actions/emr/emr-block-public-access.ts';
import { redshiftServerlessExportLogs } from './actions/redshift-serverless/redshift-serverless-export-logs.ts';
import { redshiftServerlessMakePrivate } from './actions/redshift-serverless/redshift-serverless-make-private.ts';
import { efsEnableBackups } from './actions/efs/efs-enable-backups.ts';
import { fsxOpenzfsCopyTags } from './actions/fsx/fsx-openzfs-copy-tags.ts';
import { wafv2EnableRuleMetrics } from './actions/wafv2/wafv2-enable-rule-metrics.ts';
import { rdsClusterEnableDeletionProtection } from './actions/rds/rds-cluster-enable-deletion-protection.ts';
import { rdsClusterEnableCopyTags } from './actions/rds/rds-cluster-enable-copy-tags.ts';
import { rdsClusterEnableIamAuth } from './actions/rds/rds-cluster-enable-iam-auth.ts';
import { rdsClusterEnableMinorUpgrade } from './actions/rds/rds-cluster-enable-minor-upgrade.ts';
import { rdsClusterExportLogs } from './actions/rds/rds-cluster-export-logs.ts';
import { neptuneClusterEnableDeletionProtection } from './actions/neptune/neptune-cluster-enable-deletion-protection.ts';
import { neptuneClusterEnableCopyTags } from './actions/neptune/neptune-cluster-enable-copy-tags.ts';
import { neptuneClusterEnableIamAuth } from './actions/neptune/neptune-cluster-enable-iam-auth.ts';
import { neptuneClusterExportAuditLogs } from './actions/neptune/neptune-cluster-export-audit-logs.ts';
import { neptuneClusterSetBackupRetention } from './actions/neptune/neptune-cluster-set-backup-retention.ts';
import { neptuneClusterSnapshotRemovePublic } from './actions/neptune/neptune-cluster-snapshot-remove-public.ts';
import { docdbClusterEnableDeletionProtection } from './actions/docdb/docdb-cluster-enable-deletion-protection.ts';
import { docdbClusterExportAuditLogs } from './actions/docdb/docdb-cluster-export-audit-logs.ts';
import { docdbClusterSetBackupRetention } from './actions/docdb/docdb-cluster-set-backup-retention.ts';
import { docdbClusterSnapshotRemovePublic } from './actions/docdb/docdb-cluster-snapshot-remove-public.ts';
import { dmsInstanceEnableMinorUpgrade } from './actions/dms/dms-instance-enable-minor-upgrade.ts';
import { datasyncTaskEnableLogging } from './actions/datasync/datasync-task-enable-logging.ts';
import { dynamodbEnableDeletionProtection } from './actions/dynamodb/dynamodb-enable-deletion-protection.ts';
import { dynamodbEnablePitr } from './actions/dynamodb/dynamodb-enable-pitr.ts';
import { kinesisIncreaseRetention } from './actions/kinesis/kinesis-increase-retention.ts';
import { kinesisEnableEncryption } from './actions/kinesis/kinesis-enable-encryption.ts';
import { firehoseEnableEncryption } from './actions/firehose/firehose-enable-encryption.ts';
import { athenaEnableMetrics } from './actions/athena/athena-enable-metrics.ts';
import { athenaEncryptResults } from './actions/athena/athena-encrypt-results.ts';
import { redshiftSetSnapshotRetention } from './actions/redshift/redshift-set-snapshot-retention.ts';
import { redshiftDisablePublicAccess } from './actions/redshift/redshift-disable-public-access.ts';
import { redshiftEnableVersionUpgrade } from './actions/redshift/redshift-enable-version-upgrade.ts';
import { redshiftEnableAuditLogging } from './actions/redshift/redshift-enable-audit-logging.ts';
import { redshiftRevokeOpenPort } from './actions/redshift/redshift-revoke-open-port.ts';
import { mqEnableMinorUpgrade } from './actions/mq/mq-enable-minor-upgrade.ts';
import { mqEnableAuditLogs } from './actions/mq/mq-enable-audit-logs.ts';
import { elasticacheEnableBackups } from './actions/elasticache/elasticache-enable-backups.ts';
import { elasticacheEnableMinorUpgrade } from './actions/elasticache/elasticache-enable-minor-upgrade.ts';
import { mskDisablePublicAccess } from './actions/msk/msk-disable-public-access.ts';
import type { AnyAction } from './types.ts';
import { sqsEnableSse } from './actions/sqs/sqs-enable-sse.ts';
import { kmsEnableKeyRotation } from './actions/kms/kms-enable-key-rotation.ts';
import { kmsCancelKeyDeletion } from './actions/kms/kms-cancel-key-deletion.ts';
import { snsEnableEncryption } from './actions/sns/sns-enable-encryption.ts';
import { sqsRemovePublicPolicyStatements } from './actions/sqs/sqs-remove-public-policy-statements.ts';
import { snsRemovePublicPolicyStatements } from './actions/sns/sns-remove-public-policy-statements.ts';
import { kmsRemovePublicPolicyStatements } from './actions/kms/kms-remove-public-policy-statements.ts';
import { snsEnableDeliveryStatusLogging } from './actions/sns/sns-enable-delivery-status-logging.ts';

export const ACTIONS: ReadonlyMap<string, AnyAction> = new Map(
  [
    revokeOpenIngress,
    s3RemovePublicAccess,
    s3RemovePublicAclGrants,
    s3RemovePublicPolicyStatements,
    s3EnableDefaultEncryption,
    s3BlockPublicAccess,
    s3AccountBlockPublicAccess,
    s3EnableAccessLogging,
    s3DenyInsecureTransport,
    s3RemoveCrossAccountAdminActions,
    rdsSnapshotRemovePublic,
    rdsClusterSnapshotRemovePublic,
    elbv2EnableAccessLogs,
    elbv2EnableDeletionProtection,
    elbv2SetDesyncMitigation,
    elbv2DropInvalidHeaders,
    elbv2RedirectHttpToHttps,
    elbv2SetTlsPolicy,
    elbEnableAccessLogs,
    elbEnableConnectionDraining,
    elbEnableCrossZone,
    elbSetDesyncMitigation,
    autoscalingEnableElbHealthCheck,
    ec2EnableEbsDefaultEncryption,
    ec2SnapshotRemovePublic,
    ec2RequireImdsv2,
    ec2LaunchTemplateRequireImdsv2,
    ec2TgwDisableAutoAccept,
    ec2VpnEnableTunnelLogs,
    ec2ClientVpnEnableConnectionLogs,
    ec2SubnetDisablePublicIp,
    ec2DefaultSgRevokeAll,
    ec2VpcCreateFlowLogs,
    apigatewayEncryptCache,
    apigatewayEnableExecutionLogging,
    apigatewayEnableTracing,
    apigatewayv2EnableAccessLogs,
    appsyncEnableFieldLogging,
    cloudfrontUseSni,
    cloudfrontEnableLogging,
    cloudfrontSetDefaultRootObject,
    cloudfrontOriginTls12,
    cloudfrontRedirectHttpToHttps,
    cloudfrontSetViewerTlsPolicy,
    route53EnableQueryLogging,
    ecrEnableScanOnPush,
    ecsEnableContainerInsights,
    ecsTaskdefReadonlyRootFs,
    eksEnableAuditLogging,
    lambdaRemovePublicPermissions,
    statesEnableLogging,
    networkfirewallEnableDeletionProtection,
    networkfirewallEnableSubnetChangeProtection,
    networkfirewallEnableLogging,
    opensearchEnableEncryptionAtRest,
    opensearchEnableNodeToNodeEncryption,
    opensearchEnableErrorLogs,
    opensearchSetTlsPolicy,
    opensearchUpdateServiceSoftware,
    emrBlockPublicAccess,
    wafv2EnableRuleMetrics,
    dynamodbEnableDeletionProtection,
    dynamodbEnablePitr,
    kinesisIncreaseRetention,
    kinesisEnableEncryption,
    firehoseEnableEncryption,
    athenaEnableMetrics,
    athenaEncryptResults,
    redshiftSetSnapshotRetention,
    redshiftDisablePublicAccess,
    redshiftEnableVersionUpgrade,
    redshiftEnableAuditLogging,
    redshiftRevokeOpenPort,
    mqEnableMinorUpgrade,
    mqEnableAuditLogs,
    elasticacheEnableBackups,
    elasticacheEnableMinorUpgrade,
    mskDisablePublicAccess,
    elasticbeanstalkEnableLogStreaming,
    elasticbeanstalkEnableEnhancedHealth,
    rdsClusterEnableDeletionProtection,
    rdsClusterEnableCopyTags,
    rdsClusterEnableIamAuth,
    rdsClusterEnableMinorUpgrade,
    rdsClusterExportLogs,
    neptuneClusterEnableDeletionProtection,
    neptuneClusterEnableCopyTags,
    neptuneClusterEnableIamAuth,
    neptuneClusterExportAuditLogs,
    neptuneClusterSetBackupRetention,
    neptuneClusterSnapshotRemovePublic,
    docdbClusterEnableDeletionProtection,
    docdbClusterExportAuditLogs,
    docdbClusterSetBackupRetention,
    docdbClusterSnapshotRemovePublic,
    redshiftServerlessExportLogs,
    redshiftServerlessMakePrivate,
    efsEnableBackups,
    fsxOpenzfsCopyTags,
    dmsInstanceEnableMinorUpgrade,
    datasyncTaskEnableLogging,
    rdsInstanceEnableBackups,
    rdsInstanceCopyTagsToSnapshots,
    rdsInstanceEnableDeletionProtection,
    rdsInstanceEnableIamAuth,
    rdsInstanceExportLogs,
    rdsInstanceEnableMinorUpgrades,
    rdsInstanceRemovePublicAccess,
    rdsInstanceEnableEnhancedMonitoring,
    rdsProxyRequireTls,
    rdsEventSubscriptionCreateInstance,
    rdsEventSubscriptionCreateCluster,
    rdsEventSubscriptionCreateParameterGroup,
    rdsEventSubscriptionCreateSecurityGroup,
    sqsEnableSse,
    kmsEnableKeyRotation,
    kmsCancelKeyDeletion,
    snsEnableEncryption,
    sqsRemovePublicPolicyStatements,
    snsRemovePublicPolicyStatements,
    kmsRemovePublicPolicyStatements,
    snsEnableDeliveryStatusLogging,
  ].map((a) => [a.id, a]),
);

export function getAction(id: string): AnyAction {
  const a = ACTIONS.get(id);
  if (!a) throw new MamoriError('USAGE', `unknown remediation action "${id}" (known: ${[...ACTIONS.keys()].join(', ')})`);
  return a;
}
