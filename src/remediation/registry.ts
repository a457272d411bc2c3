/** Every remediation action, keyed by its id (policies name it in `response.action`). */
import { MamoriError } from '../core/errors.ts';
import { autoscalingEnableElbHealthCheck } from './actions/autoscaling/autoscaling-enable-elb-health-check.ts';
import { revokeOpenIngress } from './actions/ec2/revoke-open-ingress.ts';
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
import { s3BlockPublicAccess } from './actions/s3/s3-block-public-access.ts';
import { s3EnableDefaultEncryption } from './actions/s3/s3-enable-default-encryption.ts';
import { s3RemovePublicAccess } from './actions/s3/s3-remove-public-access.ts';
import { s3RemovePublicAclGrants } from './actions/s3/s3-remove-public-acl-grants.ts';
import { s3RemovePublicPolicyStatements } from './actions/s3/s3-remove-public-policy-statements.ts';
import { elasticbeanstalkEnableEnhancedHealth } from './actions/elasticbeanstalk/elasticbeanstalk-enable-enhanced-health.ts';
import { elasticbeanstalkEnableLogStreaming } from './actions/elasticbeanstalk/elasticbeanstalk-enable-log-streaming.ts';
import { networkfirewallEnableDeletionProtection } from './actions/network-firewall/networkfirewall-enable-deletion-protection.ts';
import { networkfirewallEnableLogging } from './actions/network-firewall/networkfirewall-enable-logging.ts';
import { networkfirewallEnableSubnetChangeProtection } from './actions/network-firewall/networkfirewall-enable-subnet-change-protection.ts';
import { wafv2EnableRuleMetrics } from './actions/wafv2/wafv2-enable-rule-metrics.ts';
import type { AnyAction } from './types.ts';

export const ACTIONS: ReadonlyMap<string, AnyAction> = new Map(
  [
    revokeOpenIngress,
    s3RemovePublicAccess,
    s3RemovePublicAclGrants,
    s3RemovePublicPolicyStatements,
    s3EnableDefaultEncryption,
    s3BlockPublicAccess,
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
    networkfirewallEnableDeletionProtection,
    networkfirewallEnableSubnetChangeProtection,
    networkfirewallEnableLogging,
    wafv2EnableRuleMetrics,
    elasticbeanstalkEnableLogStreaming,
    elasticbeanstalkEnableEnhancedHealth,
  ].map((a) => [a.id, a]),
);

export function getAction(id: string): AnyAction {
  const a = ACTIONS.get(id);
  if (!a) throw new MamoriError('USAGE', `unknown remediation action "${id}" (known: ${[...ACTIONS.keys()].join(', ')})`);
  return a;
}
