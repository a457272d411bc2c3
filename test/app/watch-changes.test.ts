/**
 * The writes resource types declare (`changes`): each names a real operation of the type's own service (one the local
 * endpoint serves, or one listed below with why it is not served), and a dotted id path in the CloudTrail record.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { changeIndex, parseChangeEvent, valueAt } from '../../src/app/watch-events.ts';
import { RESOURCES } from '../../src/resources/index.ts';
import { CLOUDTRAIL_EVENT_NAMES } from '../../src/sim/cloudtrail.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { RULE_OPERATIONS } from '../../src/sim/services/eventbridge/rules.ts';

/** CloudTrail's event names that differ from the API operation (S3 names its bucket-level writes after the bucket; Lambda adds the API version). */
const OPERATION_OF: Record<string, string> = {
  's3.amazonaws.com:PutBucketPublicAccessBlock': 'PutPublicAccessBlock',
  's3.amazonaws.com:DeleteBucketPublicAccessBlock': 'DeletePublicAccessBlock',
  ...Object.fromEntries(Object.entries(CLOUDTRAIL_EVENT_NAMES).map(([op, name]) => [`${op.split(':')[0]}.amazonaws.com:${name}`, op.split(':')[1]!])),
};
/** Real operations the local endpoint does not serve yet (AWS API reference), each as `<event source prefix>:<operation>`. */
const NOT_SERVED = new Set([
  'ec2:ModifySecurityGroupRules',
  ...['CreateClientVpnEndpoint', 'AssociateIamInstanceProfile', 'AttachNetworkInterface', 'AssociateAddress', 'CreateLaunchTemplate', 'CreateNetworkAcl', 'CreateNetworkAclEntry', 'ReplaceNetworkAclEntry', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclAssociation', 'CreateNetworkInterface', 'ModifyNetworkInterfaceAttribute', 'ModifyVpcBlockPublicAccessOptions', 'CreateRoute', 'ReplaceRoute', 'RequestSpotFleet', 'CreateSubnet', 'CreateTransitGateway', 'CreateVolume', 'CreateVpc', 'CreateVpcEndpoint', 'CreateVpnConnection'].map((op) => `ec2:${op}`),
  ...['CreateLoadBalancer', 'CreateLoadBalancerListeners', 'SetLoadBalancerListenerSSLCertificate', 'EnableAvailabilityZonesForLoadBalancer', 'DisableAvailabilityZonesForLoadBalancer', 'AttachLoadBalancerToSubnets', 'DetachLoadBalancerFromSubnets', 'SetSubnets', 'CreateListener'].map((op) => `elasticloadbalancing:${op}`),
  'lambda:CreateFunction', 'lambda:UpdateFunctionConfiguration',
  'iam:PutUserPolicy', 'iam:PutGroupPolicy', 'iam:PutRolePolicy', 'iam:CreatePolicy', 'iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion',
  'cloudfront:CreateDistribution', 'cloudfront:CreateDistributionWithTags',
  'apigateway:CreateStage', 'apigateway:CreateRoute', 'apigateway:UpdateRoute',
  'appsync:CreateGraphqlApi', 'appsync:CreateApiCache', 'appsync:UpdateApiCache',
  'ecs:CreateCluster', 'ecs:UpdateCluster', 'ecs:CreateService', 'ecs:UpdateService',
  'eks:CreateCluster', 'eks:UpdateClusterVersion',
  'ecr:CreateRepository', 'ecr:PutImageTagMutability', 'ecr:PutLifecyclePolicy', 'ecr:DeleteLifecyclePolicy',
  'autoscaling:CreateAutoScalingGroup', 'autoscaling:AttachLoadBalancers', 'autoscaling:DetachLoadBalancers', 'autoscaling:AttachLoadBalancerTargetGroups', 'autoscaling:DetachLoadBalancerTargetGroups', 'autoscaling:CreateLaunchConfiguration',
  'acm:RequestCertificate', 'acm:ImportCertificate',
  'acm-pca:CreateCertificateAuthority', 'acm-pca:UpdateCertificateAuthority', 'acm-pca:ImportCertificateAuthorityCertificate',
  'waf:CreateWebACL', 'waf:UpdateWebACL', 'waf:PutLoggingConfiguration', 'waf:DeleteLoggingConfiguration', 'waf:CreateRule', 'waf:UpdateRule', 'waf:CreateRuleGroup', 'waf:UpdateRuleGroup',
  'wafv2:CreateWebACL',
  'network-firewall:CreateFirewall', 'network-firewall:CreateFirewallPolicy', 'network-firewall:UpdateFirewallPolicy', 'network-firewall:CreateRuleGroup', 'network-firewall:UpdateRuleGroup',
  'events:CreateEventBus',
  'states:CreateStateMachine',
  'elasticbeanstalk:CreateEnvironment',
  // Tag removals (an exclusion may match the tag).
  'lambda:UntagResource', 'eks:UntagResource', 'ecr:UntagResource', 'states:UntagResource', 'acm:RemoveTagsFromCertificate', 'appsync:UntagResource',
  'wafv2:UntagResource', 'elasticbeanstalk:UpdateTagsForResource', 'cloudfront:UntagResource', 'autoscaling:DeleteTags', 'iam:UntagPolicy',
]);

/** The endpoint's models by signing name, the event source's prefix (API Gateway's v1 and v2 share `apigateway`). */
const modelsBySource = new Map<string, ReturnType<typeof loadModel>[]>();
for (const file of readdirSync(new URL('../../src/sim/models/', import.meta.url)).filter((f) => f.endsWith('.json'))) {
  const m = loadModel(file.slice(0, -'.json'.length));
  modelsBySource.set(m.metadata.signingName, [...(modelsBySource.get(m.metadata.signingName) ?? []), m]);
}
// EventBridge serves its rule and permission writes outside the committed model.
const served = (source: string, operation: string) => (modelsBySource.get(source) ?? []).some((m) => Object.hasOwn(m.operations, operation)) || (source === 'events' && Object.hasOwn(RULE_OPERATIONS, operation));

const declared = [...RESOURCES.values()].flatMap((d) => (d.changes ?? []).map((c) => ({ type: d.type, ...c })));

describe('resource types: the writes that change them', () => {
  it('are declared by the seed family: security groups, S3 buckets, RDS DB and cluster snapshots', () => {
    for (const type of ['aws.ec2.security-group', 'aws.s3.bucket', 'aws.rds.db-snapshot', 'aws.rds.db-cluster-snapshot']) {
      expect(declared.filter((c) => c.type === type).length, type).toBeGreaterThan(0);
    }
  });

  it("each names an operation of the type's own service, served by the local endpoint or known not served", () => {
    const wrong: string[] = [];
    for (const c of declared) {
      const m = /^([a-z0-9-]+)\.amazonaws\.com:([A-Z][A-Za-z0-9]+)$/.exec(c.event);
      if (!m) {
        wrong.push(`${c.type}: ${c.event} is not <eventSource>:<eventName>`);
        continue;
      }
      const service = m[1]!;
      const operation = OPERATION_OF[c.event] ?? m[2]!;
      // The type's own service: the prefix of the IAM actions its collector needs (elbv2's is elasticloadbalancing).
      const own = new Set(RESOURCES.get(c.type)!.permissions.map((p) => p.split(':')[0]));
      if (!own.has(service)) wrong.push(`${c.type}: ${c.event} is another service's`);
      else if (!served(service, operation) && !NOT_SERVED.has(`${service}:${operation}`)) wrong.push(`${c.type}: ${c.event} (${operation}) is not an operation the endpoint serves`);
      // A dotted path (a numeric part indexes a list), or a template of such paths in braces.
      const paths = c.id.includes('{') ? [...c.id.matchAll(/\{([^{}]+)\}/g)].map((x) => x[1]!) : [c.id];
      if (!paths.length || paths.some((p) => !/^[a-z][A-Za-z]*(\.[A-Za-z0-9]+)*$/.test(p))) wrong.push(`${c.type}: ${c.event} id path ${c.id}`);
    }
    expect(wrong).toEqual([]);
    // The list of exceptions holds only what is declared and really not served.
    const declaredOps = new Set(declared.map((c) => `${c.event.split('.')[0]}:${OPERATION_OF[c.event] ?? c.event.split(':')[1]}`));
    for (const op of NOT_SERVED) {
      expect(served(op.split(':')[0]!, op.split(':')[1]!), op).toBe(false);
      expect(declaredOps.has(op), op).toBe(true);
    }
  });

  it('lists each write once per type', () => {
    const keys = declared.map((c) => `${c.type}|${c.event}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('index the writes of the selected types only', () => {
    const index = changeIndex(RESOURCES.values(), new Set(['aws.s3.bucket']));
    expect(index.get('s3.amazonaws.com:PutBucketPolicy')?.map((t) => t.type)).toEqual(['aws.s3.bucket']);
    expect(index.has('ec2.amazonaws.com:AuthorizeSecurityGroupIngress')).toBe(false);
  });
});

describe('an EventBridge event of a CloudTrail record', () => {
  const detail = { eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', eventID: 'e-1', eventTime: '2026-12-06T09:00:00Z', awsRegion: 'eu-west-1', recipientAccountId: '222222222222', requestParameters: { bucketName: 'b1', policy: {} } };

  it('gives the write, its account, region, time and the changed resource id', () => {
    const ev = parseChangeEvent(JSON.stringify({ version: '0', id: 'x', 'detail-type': 'AWS API Call via CloudTrail', account: '222222222222', region: 'eu-west-1', time: '2026-12-06T09:00:01Z', detail }));
    expect(ev).toMatchObject({ eventId: 'e-1', event: 's3.amazonaws.com:PutBucketPolicy', account: '222222222222', region: 'eu-west-1', time: Date.parse('2026-12-06T09:00:00Z') });
    expect(valueAt(ev.detail, 'requestParameters.bucketName')).toBe('b1');
    expect(valueAt(ev.detail, 'requestParameters.nothing.here')).toBeUndefined();
  });

  it('is refused, naming what is missing, when it is not one', () => {
    expect(() => parseChangeEvent('nope')).toThrow(/not JSON/);
    expect(() => parseChangeEvent('{"detail": {}}')).toThrow(/eventSource\/eventName/);
    expect(() => parseChangeEvent(JSON.stringify({ detail: { ...detail, recipientAccountId: undefined } }))).toThrow(/12-digit account/);
    expect(() => parseChangeEvent(JSON.stringify({ detail: { ...detail, eventTime: 'yesterday' } }))).toThrow(/eventTime/);
  });
});
